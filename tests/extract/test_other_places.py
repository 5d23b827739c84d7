"""Figures of other places in parentheses (issue 14, form 9) belong to those places (table-driven).

高于全国(10.9%)、全省(7.3%) states 全国's and 全省's value of the quantity compared: each is a fact of that place
with the measure and subject of the document's own figure, never a share of the document's region.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    (
        "全市规上工业增加值增长12.1%，高于全国(10.9%)、全省(7.3%)。",
        [
            ("12.1%", "洛阳市", "growth", "规上工业增加值"),
            ("10.9%", "全国", "growth", "规上工业增加值"),
            ("7.3%", "全省", "growth", "规上工业增加值"),
        ],
    ),
    (
        "1-8月，全区规上工业增加值同比增长7.5%。累计增速高于全国(3.9%)3.6个百分点。",
        [
            ("7.5%", "洛阳市", "growth", "规上工业增加值"),
            ("3.9%", "全国", "growth", "规上工业增加值"),
            ("3.6个百分点", "洛阳市", "change", "增速高于全国"),
        ],
    ),
    # …平均水平(3.5%): the place's average; the gap after the parenthesis falls with 低于
    (
        "全区地区生产总值同比增长0.6%，增速低于全市平均水平(3.5%)2.9个百分点。",
        [
            ("0.6%", "洛阳市", "growth", "地区生产总值"),
            ("3.5%", "全市", "growth", "地区生产总值"),
            ("2.9个百分点", "洛阳市", "change", "地区生产总值增速低于全市平均水平"),
        ],
    ),
    ("全市GDP增长6.5%（全省5.8%）。", [("6.5%", "洛阳市", "growth", "GDP"), ("5.8%", "全省", "growth", "GDP")]),
    # a rank and a gap in 百分点 between: the place's figure is of the last figure of its unit in the sentence
    (
        "1—4月，全县规上工业增加值同比增长7.3%，居全市第三位，较上年同期提高4.1个百分点，高于全国(6.2%)、全市(5.8%)。",
        [
            ("7.3%", "洛阳市", "growth", "规上工业增加值"),
            ("全市第三位", "洛阳市", "rank", "规上工业增加值"),
            ("4.1个百分点", "洛阳市", "change", "规上工业增加值"),
            ("6.2%", "全国", "growth", "规上工业增加值"),
            ("5.8%", "全市", "growth", "规上工业增加值"),
        ],
    ),
    # with no figure of its own before them, the quantity is named before the comparison
    (
        "增速分别高于全国（5.1%）、全省（6.0%）1.2和0.3个百分点。",
        [("5.1%", "全国", "growth", "增速"), ("6.0%", "全省", "growth", "增速")],
    ),
    # an earlier period's figure in parentheses after the comparison (较1-4月(4.1%)) is that period's value of the
    # rate compared, of the document's region; a share compared keeps its measure
    (
        "1-5月全市规上工业增加值同比增长2.4%，较1-4月(4.1%)回落1.7个百分点。",
        [("2.4%", "洛阳市", "growth", "规上工业增加值"), ("4.1%", "洛阳市", "growth", "规上工业增加值")],
    ),
    (
        "高技术制造业占规上工业的比重为14.6%，比上年（13.2%）提高1.4个百分点。",
        [
            ("14.6%", "洛阳市", "share", "高技术制造业占规上工业的比重"),
            ("13.2%", "洛阳市", "share", "高技术制造业占规上工业的比重"),
        ],
    ),
    # a parenthesis that names no place is no other place's figure
    (
        "全市共有企业1200家（含规上企业300家）。",
        [("1200家", "洛阳市", "level", "企业"), ("300家", "洛阳市", "level", "含规上企业")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_other_places(text, expected):
    facts = extract(make_document(text, P))
    got = [(f.text, f.region, f.measure, f.subject) for f in facts]
    assert got[: len(expected)] == expected


def test_the_gap_after_a_place_figure_takes_the_comparison_direction():
    facts = extract(make_document("全区规上工业增加值同比下降8.7%，低于全市(0.2%)8.9个百分点。", P))
    assert [(f.text, f.direction) for f in facts] == [("8.7%", "down"), ("0.2%", "up"), ("8.9个百分点", "down")]


# With the catalog, the place figure resolves to the place named (全市 in a district's bulletin is its city), whatever
# place the clause opened with; a place written after 在 is the field a figure is taken in, after 对 the whole it
# adds to, not where it is.
LINKED_CASES = [
    (
        "全年全区规模以上工业增加值同比增长4.7%，低于全市(6.2%)1.5个百分点。",
        "孟津区",
        [("4.7%", "孟津区"), ("6.2%", "洛阳市"), ("1.5个百分点", "孟津区")],
    ),
    (
        "全县工业用电量增长9.3%，高于全省（7.1%）。",
        "伊川县",
        [("9.3%", "伊川县"), ("7.1%", "河南省")],
    ),
    (
        "规上工业增加值增长7.2%，高于全国(5.6%)、全省(6.0%)。",
        "郑州市",
        [("7.2%", "郑州市"), ("5.6%", "全国"), ("6.0%", "河南省")],
    ),
    (
        "在全省工业总量中占比为21.4%，比去年同期提高0.6个百分点。",
        "郑州市",
        [("21.4%", "郑州市"), ("0.6个百分点", "郑州市")],
    ),
    # the whole a contribution is to is no place of the figure
    (
        "全市工业增加值增长7.5%，对全省工业增长的贡献率达到12.3%。",
        "洛阳市",
        [("7.5%", "洛阳市"), ("12.3%", "洛阳市")],
    ),
    ("国内生产总值增长5.2%，对全球经济增长的贡献率保持在30%左右。", "全国", [("5.2%", "全国"), ("30%左右", "全国")]),
    # a designation a place grants (全国重点实验室, 河南省工程技术研究中心) is no place of the figure
    (
        "全国重点实验室达到5家，全市拥有河南省工程技术研究中心18家。",
        "洛阳市",
        [("5家", "洛阳市"), ("18家", "洛阳市")],
    ),
    ("全国规上工业增加值增长5.8%。", "洛阳市", [("5.8%", "全国")]),
    # the gap itself stays the document's
    ("全市规上工业增加值增长6.6%，高于全省1.2个百分点。", "洛阳市", [("6.6%", "洛阳市"), ("1.2个百分点", "洛阳市")]),
    # a clause that is only a list of places (新乡、鹤壁等地为5.5%) states each one's figure: the first stands for
    # the list, not the place of the clause before; a count of the places listed (…5个区市) stays the document's
    (
        "焦作预期目标为6%，许昌为6.5%，新乡、鹤壁等地为5.5%，濮阳、漯河为7%。",
        "河南省",
        [("6%", "焦作市"), ("6.5%", "许昌市"), ("5.5%", "新乡市"), ("7%", "濮阳市")],
    ),
    ("偃师、宜阳、嵩县3个县区工业增速超过10%。", "洛阳市", [("3个", "洛阳市"), ("超过10%", "洛阳市")]),
    # a place a sentence refers back to (焦作市…指出，该市…) is what the rest of its paragraph is about; without the
    # reference back, or in the next paragraph, a sentence naming no place is the document's
    (
        "焦作市政府工作报告指出，该市工业增加值增长9%。产业链贡献率达80%。\n\n产业链贡献率达70%。",
        "河南省",
        [("9%", "焦作市"), ("80%", "焦作市"), ("70%", "河南省")],
    ),
    ("焦作市工业增加值增长9%。产业链贡献率达80%。", "河南省", [("9%", "焦作市"), ("80%", "河南省")]),
]


@pytest.fixture(scope="module")
def catalog():
    from mfgstats.catalog import load_catalog

    return load_catalog()


@pytest.mark.parametrize(("text", "region", "expected"), LINKED_CASES, ids=[c[0][:16] for c in LINKED_CASES])
def test_other_places_resolve_to_the_place_named(catalog, text, region, expected):
    facts = extract(make_document(text, P, region), catalog)
    assert [(f.text, f.region) for f in facts] == expected


# 全区 with no district in sight, in a release whose title names its place a zone (示范区, 新区) filed under a city:
# the zone is administered as the city, so 全区 is the document's place; under a title naming no zone it stays
# unresolved (the title says which article it is)
@pytest.mark.parametrize(
    ("title", "expected"),
    [("1至7月示范区经济运行稳中有进", "焦作市"), ("1至7月经济运行稳中有进", "全区（1至7月经济运行稳中有进）")],
)
def test_the_whole_zone_of_a_zones_release(catalog, title, expected):
    from dataclasses import replace

    document = replace(make_document("7月，全区规模以上工业增加值同比增长6.6%。", P, "焦作市"), title=title)
    assert [(f.text, f.region) for f in extract(document, catalog)] == [("6.6%", expected)]
