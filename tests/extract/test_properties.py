"""Property tests: on arbitrary and mutated Chinese text the extractor never fails and every fact is grounded."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract
from mfgstats.extract import units as unit_table
from mfgstats.extract.segment import MAX_SENTENCE
from mfgstats.records import COMPARATORS, MEASURES, STATUSES

from .conftest import make_document

SEEDS = sorted((Path(__file__).resolve().parents[2] / "data" / "raw").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
CATALOG = load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")

# the characters the rules react to, plus ordinary text and odd code points
_CHARS = (
    '0123456789０１２３４５６７８９.．,，、。；：%％—-～~/（）()“”"\t\n \u3000'
    "零〇一二两三四五六七八九十百千万亿多余超近约左右以上下内达突破增长降低下降提高百分点个家项件亿元万吨标准煤"
    "年月日季度上半今去十三五四末期间到力争目标预计将累计年均同比较由至翻番倍成分之位数级第全国省市首"
    "规上工业企业产值营业收入比重占率规模洛阳河南#"
)
_WORDS = [
    "个百分点",
    "万亿元",
    "“十三五”末",
    "“十四五”期间",
    "2025年",
    "1—8月",
    "两位数",
    "翻两番",
    "\U0001f600",
    "\x00",
]
PIECES = [*_CHARS, *_WORDS]

noise = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=120).map("".join)

# statement-shaped text, so that most examples do contain quantities for the assertions to check
_numbers = st.one_of(
    st.integers(-100, 10**7).map(str),
    st.floats(0, 1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["十二", "两", "三千", "五十多", "一百零五", "千", "百万", "1/3", "八成", "三分之一"]),
)
_statement = st.tuples(
    st.sampled_from(["", "“十三五”末，", "今年1—8月，", "到2025年，", "去年", "2020年", "“十四五”期间，", "上半年"]),
    st.sampled_from(["", "全市", "全省", "全国", "我市"]),
    st.sampled_from(["", "规上工业企业", "工业增加值", "营业收入", "占GDP比重", "创新平台"]),
    st.sampled_from(["", "达到", "增长", "下降", "突破", "超", "约", "年均增长", "同比提高", "力争", "由"]),
    st.sampled_from(["", " ", "\n", "\n\n"]),
    _numbers,
    st.sampled_from(["", "多", "余", "万", "亿", "—5", "、3"]),
    st.sampled_from(["", "家", "个", "亿元", "%", "个百分点", "万吨", "倍", "级", "大", "年", "月", "GWh", "台(套)"]),
    st.sampled_from(["", "以上", "左右", "以内", "企业", "产业集群"]),
    st.sampled_from(["", "，", "。", "、", "；", "\t"]),
).map("".join)
texts = st.one_of(noise, st.lists(_statement | noise, min_size=1, max_size=8).map("".join))


@st.composite
def mutated_seed(draw):
    """A slice of a seed with random edits: cut, duplicate, insert, delete."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, len(text)))
    piece = text[start : start + draw(st.integers(0, 3000))]
    for _ in range(draw(st.integers(0, 8))):
        if not piece:
            break
        i = draw(st.integers(0, len(piece)))
        action = draw(st.sampled_from(("insert", "delete", "duplicate")))
        if action == "insert":
            piece = piece[:i] + draw(texts) + piece[i:]
        elif action == "delete":
            piece = piece[:i] + piece[i + draw(st.integers(1, 20)) :]
        else:
            piece = piece[:i] + piece[i : i + 40] + piece[i:]
    return piece


def check_grounded(text: str, published: date, catalog=None) -> None:
    facts = extract(make_document(text, published), catalog)
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.text == text[fact.start : fact.end]
        assert 0 <= fact.sentence_start <= fact.start
        assert text[fact.sentence_start : fact.sentence_start + len(fact.sentence)] == fact.sentence
        assert math.isfinite(fact.value)
        assert fact.value_high is None or fact.value_high > fact.value
        assert fact.unit and (unit_table.lookup(fact.unit) or (catalog and catalog.unit(fact.unit)))
        assert fact.comparator in COMPARATORS
        assert fact.measure in MEASURES
        assert fact.status in STATUSES
        assert fact.period_start <= fact.period_end
        assert 0 < fact.confidence <= 1


@settings(max_examples=300, deadline=None)
@given(texts, st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_arbitrary_text(text, published):
    check_grounded(text, published)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_seed(), st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
def test_mutated_seeds(text, published):
    check_grounded(text, published, CATALOG)


def test_text_without_punctuation_keeps_sentences_short():
    """A page with no sentence end (a table flattened into one line) still yields short, grounded sentences."""
    text = "产值增长5%" * 3000
    facts = extract(make_document(text, date(2024, 1, 1)))
    assert len(facts) == 3000
    for fact in facts:
        assert len(fact.sentence) <= MAX_SENTENCE
        assert text[fact.sentence_start : fact.sentence_start + len(fact.sentence)] == fact.sentence
        assert fact.sentence_start <= fact.start and fact.end <= fact.sentence_start + len(fact.sentence)


def test_a_long_sentence_naming_many_places_links_every_fact():
    """A page without punctuation is one sentence naming a place per fact: each fact finds its own."""
    text = "洛阳产值增长5%，" * 4000
    facts = extract(make_document(text.replace("，", " "), date(2024, 1, 1)), CATALOG)
    assert len(facts) == 4000
    assert all(f.region_code == "410300" for f in facts)
