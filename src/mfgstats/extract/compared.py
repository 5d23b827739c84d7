"""Figures of other places written in parentheses beside a comparison: 高于全国(10.9%)、全省(7.3%) — the 10.9 % is
全国's value of the quantity compared, not a share of the document's region; and so of an earlier period (较1-4月(4.1%)
回落: 1-4月's value of the rate compared)."""

from __future__ import annotations

import re

from mfgstats.records import Fact

# the place right before the opening parenthesis, and nothing but a closing one after the figure
# a named place holds no verb of comparison (增速低于全市 is not a place)
_PLACE = r"(全国|全省|全市|全县|全区|我省|我市|全球|世界|[^\s，。；、,;于低高比较的（()）]{2,6}?(?:省|市|县|区|自治区))"
# 高于全国(10.9%), 低于全市平均水平(3.5%) or, inside the parenthesis, （全省5.8%）
_PLACE_OPEN_RE = re.compile(
    rf"{_PLACE}(?:的)?(?:平均水平|平均|水平|增速|增幅)?\s*[（(]\s*$|[（(]\s*{_PLACE}\s*[:：为]?\s*$"
)
# a comparison with an earlier period, the figure of that period in parentheses: 较1-4月(4.1%), 比上月（5.2%）
_EARLIER_OPEN_RE = re.compile(
    r"(?:较|比)(?:上年|去年|上月|上季度|上半年|同期|[0-9一二三四上前][^，。；、,;()（）较比]{0,8}?(?:月份?|季度|半年))"
    r"\s*[（(]\s*$"
)
_VERB_BEFORE_RE = re.compile(r"(高于|高出|快于|低于|低出|慢于)[^，。；,;]{0,12}$")
_PP_AFTER_CLOSE_RE = re.compile(r"\s*[)）]\s*$")
_GAP_RE = re.compile(r"(?:分别)?(?:高于|低于|高出|低出|快于|慢于|比|较).*$")
_RATE_RE = re.compile(r"增速|增长|增幅|涨幅|降幅")
_CLOSE_RE = re.compile(r"\s*[)）]")
_INSIDE_OPEN_RE = re.compile(r"[（(]\s*$")
_SENTENCE_END_RE = re.compile(r"[。！？；;!?\n]")


def other_places(text: str, facts: list[Fact]) -> None:
    """Give each parenthesised figure of another place that place and the measure of what it is compared with,
    in place. facts: one paragraph's prose facts in order."""
    compared: Fact | None = None
    sibling: Fact | None = None  # the place figure before, in 高于全国（5.1%）、全省（6.0%）
    seen: list[Fact] = []  # the paragraph's own figures so far
    for fact in facts:
        if sibling is not None and fact.unit == "百分点" and _PP_AFTER_CLOSE_RE.match(text[sibling.end : fact.start]):
            # 低于全市平均水平(3.5%)2.9个百分点: the gap after the parenthesis takes the comparison's direction
            verb = _VERB_BEFORE_RE.search(text, max(0, sibling.start - 24), sibling.start)
            if verb is not None:
                fact.direction = "down" if verb.group(1) in ("低于", "低出", "慢于") else "up"
        lo = max(0, fact.start - 16)
        has_paren = text.find("(", lo, fact.start) >= 0 or text.find("（", lo, fact.start) >= 0
        if (
            has_paren
            and compared is not None
            and compared.unit == fact.unit
            and _EARLIER_OPEN_RE.search(text, lo, fact.start)
            and _CLOSE_RE.match(text, fact.end)
        ):
            # 同比增长2.4%，较1-4月(4.1%)回落: the earlier period's value of the figure compared, its measure too
            fact.measure, fact.basis, fact.subject = compared.measure, compared.basis, compared.subject
            fact.direction = ("down" if fact.value < 0 else "up") if compared.direction else None
            continue
        place = _PLACE_OPEN_RE.search(text, lo, fact.start) if has_paren else None
        if place is None or not _CLOSE_RE.match(text, fact.end):
            if not has_paren or not _INSIDE_OPEN_RE.search(text, max(0, fact.start - 2), fact.start):
                compared, sibling = fact, None
                seen.append(fact)
            continue
        fact.region = place.group(1) or place.group(2)
        if compared is None and sibling is not None and sibling.unit == fact.unit:
            fact.measure, fact.basis, fact.subject = sibling.measure, sibling.basis, sibling.subject
            fact.direction = ("down" if fact.value < 0 else "up") if sibling.direction else None
        elif (same := _same_quantity(text, compared, seen, fact)) is not None:
            # the place's value of the same quantity: its measure and subject, the direction of its own sign
            fact.measure, fact.basis, fact.subject = same.measure, same.basis, same.subject
            fact.direction = ("down" if fact.value < 0 else "up") if same.direction else None
        else:
            # 增速分别高于全国（5.1%）…: the quantity is named before the comparison
            fact.subject = _GAP_RE.sub("", fact.subject or "") or None
            if fact.unit == "%" and fact.subject and _RATE_RE.search(fact.subject):
                fact.measure, fact.basis = "growth", None
                fact.direction = "down" if fact.value < 0 else "up"
        fact.chain = None
        sibling = fact


def _same_quantity(text: str, last: Fact | None, seen: list[Fact], fact: Fact) -> Fact | None:
    """The figure a place's figure is compared with: the last one before it, or, when a rank or a gap in 百分点
    came between (增长8.1%，居全省第六位，较去年同期提高9.2个百分点，高出全国(5.9%)), the last of its unit in its
    sentence."""
    if last is not None and last.unit == fact.unit:
        return last
    for earlier in reversed(seen):
        if _SENTENCE_END_RE.search(text, earlier.end, fact.start):
            return None
        if earlier.unit == fact.unit:
            return earlier
    return None
