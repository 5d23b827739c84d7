"""The quantity scanner and the word lists: their first-character guards must never change what the regexes find."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mfgstats.extract import lexicon, periods, scanner

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))


def _matches(pattern, text):
    return [(m.span(), m.lastgroup, m.groupdict()) for m in pattern.finditer(text)]


_WORD_LISTS = {
    "target": lexicon.TARGET_RE,
    "clause_target": lexicon.CLAUSE_TARGET_RE,
    "actual": lexicon.ACTUAL_MARKERS_RE,
}
_UNGUARDED_WORDS = {name: re.compile(pattern) for name, pattern in lexicon.UNGUARDED.items()}
# every branch of the word lists, with what may stand before it and after it
_WORDS_TEXT = "。".join(lexicon.TARGET_MARKERS) + (
    "。预\x1f计。年度目标。发展目标。科技计划。计划2025年。计划3项。建成后。投产后。达产后。完成后。实施后。可实现。可达。"
    "规划。已经。累计。以来。先后。去年。上年。同比。截至。截止。完成了。为了。实现年度目标"
)


# every form of the mention regex after the characters its guard looks at (the seeds need not hold them all)
_FORMS_TEXT = (
    "全国第1位，全省第2，全市前3名，全球第一，世界第一，国内第一，省内第2位，中部地区第1，中西部第3，中部第2，全区第1，"
    "全县第1，同行业第一，行业内第1，位居第3位，位列第2名，居第5位，排名第4名，排在第2位，排第1位，列第3名，连续5年，"
    "三位数，翻一番，翻了一倍，倍增，百分之五，三分之一，七成，一半，过半，半数，1/3，-5.2%，－3亿元，增长3成，十万吨。"
)

# every form of the period markers after the two characters their guard looks at
_MARKER_FORMS_TEXT = (
    "2021—2024年，“十四五”期间，十三五末，“一五”时期，2023年上半年，二〇二三年，今年1—8月，去年，明年，"
    "1-5月，一至三月，1 - 5月，19月份，上半年，下半年，第一季度，一季度，前三季度，前5个月，前两个月，8月份，"
    "8 月，目前，截至目前，当前，如今，现阶段，过去五年，近三年，最近两年，五年来，10年间，两年来，5年前，"
    "全年，年末，年底，截至6月底，到3月末，10月末。"
)


def _word_matches(text):
    return {name: (_matches(_WORD_LISTS[name], text), _matches(_UNGUARDED_WORDS[name], text)) for name in _WORD_LISTS}


def test_guard_is_exact_on_the_seeds():
    assert _matches(scanner.MASTER_RE, SEED_TEXT) == _matches(scanner.UNGUARDED_RE, SEED_TEXT)
    forms = _matches(scanner.UNGUARDED_RE, _FORMS_TEXT)
    assert _matches(scanner.MASTER_RE, _FORMS_TEXT) == forms
    assert {lastgroup for _, lastgroup, _ in forms} >= {"rank", "rank2", "lianxu", "digits", "fan", "cnpct", "half"}
    assert _matches(periods.MARKER_RE, SEED_TEXT) == _matches(periods.UNGUARDED_RE, SEED_TEXT)
    markers = _matches(periods.UNGUARDED_RE, _MARKER_FORMS_TEXT)
    assert _matches(periods.MARKER_RE, _MARKER_FORMS_TEXT) == markers
    assert {lastgroup for _, lastgroup, _ in markers} >= {
        "yrange", "fyp", "year", "rel", "months", "fused", "half", "firstmonths", "month", "now", "years", "bareyear",
        "monthend",
    }  # fmt: skip
    for name, (guarded, unguarded) in _word_matches(SEED_TEXT + _WORDS_TEXT).items():
        assert guarded == unguarded, name
        assert guarded, name  # the texts hold words of every list: the comparison is not vacuous


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=60))
def test_guard_is_exact_on_any_text(text):
    assert _matches(scanner.MASTER_RE, text) == _matches(scanner.UNGUARDED_RE, text)
    assert _matches(periods.MARKER_RE, text) == _matches(periods.UNGUARDED_RE, text)
    for name, (guarded, unguarded) in _word_matches(text).items():
        assert guarded == unguarded, name


# the characters markers are made of, so that random texts hold the pairs the guard tests
_MARKER_ALPHABET = (
    '0123456789“”"十二今本去上前明当一三四五六七八九下第全年截至目如现阶段过近最两〇零月季个度半末底初份以来'
    "期间日号—-到 "
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MARKER_ALPHABET, max_size=30))
def test_marker_guard_is_exact_on_marker_characters(text):
    assert _matches(periods.MARKER_RE, text) == _matches(periods.UNGUARDED_RE, text)
