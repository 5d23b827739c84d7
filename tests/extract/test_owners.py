"""Whose figure it is (issue 14, form 10): a firm's or a subset's figure is not the region's total (table-driven).

A generic measure (产值, 营业收入, 利润 …) is the region's series only when what owns it in the subject is an
industry, a sector, the statistical scope (规上) or the region itself; a firm's name — catalogued (then the fact is
the enterprise's) or not — or a class of enterprises keeps its own subject and links to no region-wide indicator.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


CASES = [
    # a catalogued firm: the enterprise's series
    ("洛轴产值增长36%。", [("36%", "洛轴产值", "output_value", "洛阳轴承集团股份有限公司")]),
    # a firm the catalog does not know, or one referred back to: no region-wide indicator
    ("瑞昌环境产值增长18%。", [("18%", "瑞昌环境产值", None, None)]),
    ("该公司营业收入增长12%。", [("12%", "公司营业收入", None, None)]),
    # a class of enterprises is a subset
    ("全市专精特新企业营收增长20%。", [("20%", "专精特新企业营收", None, None)]),
    (
        "全市规上工业增加值增长7.3%，专精特新企业营收增长20%。",
        [
            ("7.3%", "规上工业增加值", "above_scale_industrial_value_added", None),
            ("20%", "专精特新企业营收", None, None),
        ],
    ),
    # a count after a clause with a money measure does not take that measure (it is a number of enterprises)
    (
        "规上工业增加值同比增长18.6%，国家级专精特新企业4762家。",
        [
            ("18.6%", "规上工业增加值", "above_scale_industrial_value_added", None),
            ("4762家", "国家级专精特新企业", "specialized_sme_count", None),
        ],
    ),
    # an industry, the statistical scope or the region owns the region's series
    ("全市工业产值增长8%。", [("8%", "工业产值", "output_value", None)]),
    ("规上工业企业营业收入增长5%。", [("5%", "规上工业企业营业收入", "above_scale_industrial_revenue", None)]),
    ("全市营业收入增长5%。", [("5%", "营业收入", "operating_revenue", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_owner_of_a_figure(catalog, text, expected):
    facts = extract(make_document(text, P), catalog)
    assert [(f.text, f.subject, f.indicator_code, f.enterprise) for f in facts] == expected
