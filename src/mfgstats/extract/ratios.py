"""Structures written as ratios: 三次产业结构为9.3∶45.3∶45.4 → three shares (9.3 %, 45.3 %, 45.4 %).

A ratio after 结构/比例/构成/比重 whose terms add up to 100 states the share of each part; the parts are named by the
list before the word (轻工业、重工业结构…) or, for the three-sector classification, are 第一/第二/第三产业. A
ratio that does not add up to 100 (1∶2) states no share and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_SIGNS = "∶:："  # the ratio sign, the ASCII colon and the full-width colon the reading view leaves unfolded
# the look-behinds follow the first digit: a pattern opening with a digit is searched for as such, one opening with
# a look-behind is entered at every character
RATIO_RE = re.compile(
    rf"([0-9](?<![0-9.][0-9])[0-9]*(?:\.[0-9]+)?)((?:\s*[{_SIGNS}]\s*{_NUMBER}){{1,5}})(?![0-9.{_SIGNS}])"
)
_TERM_RE = re.compile(_NUMBER)
_STRUCTURE_WORDS = ("结构", "比例", "构成", "比重", "占比")
_STRUCTURE_WORD_RE = re.compile("|".join(_STRUCTURE_WORDS))
_SIGN_RE = re.compile(f"[{_SIGNS}]")
# numbers run together with more than one point, right after a word of structure (比重为1.051.247.8)
_FUSED_RE = re.compile(r"[0-9](?<=[为是由][0-9])[0-9]?\.[0-9]{1,2}(?:[0-9]{1,2}\.[0-9]{1,2}){2,4}(?![0-9.])")
# 三次产业占GDP比重为…, 三次产业的比重为…: what the shares are of (占GDP) and 的 are not part of the whole's name
_STRUCTURE_RE = re.compile(
    r"([^，。；、\s]{0,12}?)(?:的|占[^，。；、\s]{1,8}?)?(?:结构比|结构|比例|构成|之比|比重|占比|(?<=产业)比)"
    r"(?:为|是|调整为|优化为|由(?:[^，。；、\s]{0,10}?的)?)?\s*$"
)
# the same structure restated (由上年的17.3:41.2:41.5调整为17.8:39.3:42.9): the second ratio names the same parts
_RESTATED_RE = re.compile(r"\s*[,，]?\s*(?:调整|优化|转变|变化|改变|变|提升|升级)(?:为|到|至)\s*")
# …or set against the last year's (三次产业比为a:b:c，与上年的x:y:z相比): the second ratio is the year before's
_LAST_YEARS_RE = re.compile(r"\s*[,，]\s*(?:与|同|较|和)(?:上年|去年)的?\s*")
_LIST_RE = re.compile(r"、|和|与|及")
# the parts of a classification everyone names the same way
_SECTORS = ("第一产业", "第二产业", "第三产业")
# 产业结构比 with three terms is the three-sector structure too; a list of other 产业 names keeps its own names
_NAMED_PARTS = {"三次产业": _SECTORS, "三产": _SECTORS, "产业": _SECTORS}


# a ratio to 1 after a word of comparison (城乡收入比, 加工业与农业总产值之比达到2.3:1): a multiple, not shares
_TIMES_BEFORE_RE = re.compile(
    r"([^，,。；;：:]{1,16}?(?:之比|[\u4e00-\u9fff]比(?!上年|去年|重|例|同期|较)))[^。；]{0,30}$"
)
_ONE_RE = re.compile(rf"\s*[{_SIGNS}]\s*1(?:\.0+)?$")


@dataclass
class Part:
    start: int
    end: int
    value: float
    subject: str
    unit: str = "%"
    measure: str = "share"
    ratio_start: int = -1  # where the part's ratio starts: every term of one ratio is of one period
    year_before: bool = False  # the year before the one its ratio's words name (与上年的x:y:z相比)


def ratio_parts(text: str, lo: int, hi: int) -> Iterator[Part]:
    """Every part of every ratio in text[lo:hi] that states shares."""
    # (most paragraphs hold neither a ratio sign nor a word of structure: one C-level search each gates the scans)
    if _SIGN_RE.search(text, lo, hi):
        last_end, last_window = -1, ""
        for m in RATIO_RE.finditer(text, lo, hi):
            # the view blanks pinyin between characters (結(jié)構(gòu)比): read the words before without it
            window = text[max(lo, m.start() - 40) : m.start()].replace("\x1f", "")
            between = text[last_end : m.start()].replace("\x1f", "") if last_end >= 0 else None
            year_before = between is not None and bool(_LAST_YEARS_RE.fullmatch(between))
            if between is not None and (year_before or _RESTATED_RE.fullmatch(between)):
                window = last_window  # 由上年的a:b:c调整为x:y:z: the parts the first ratio named
            last_end, last_window = m.end(), window
            if _ONE_RE.fullmatch(m[2]) and (times := _TIMES_BEFORE_RE.search(window)):
                yield Part(m.start(1), m.end(), float(m[1]), times.group(1), "倍", "multiple")
                continue
            terms = [(t.start() + m.start(2), t.end() + m.start(2), float(t.group())) for t in _TERM_RE.finditer(m[2])]
            terms.insert(0, (m.start(1), m.end(1), float(m[1])))
            for part in _shares(window, terms):
                part.year_before = year_before
                yield part
    if _STRUCTURE_WORD_RE.search(text, lo, hi):
        # a mirror that lost the ratio signs (三次产业比重为1.051.247.8): the terms, one decimal each, still add up
        for m in _FUSED_RE.finditer(text, lo, hi):
            window = text[max(lo, m.start() - 40) : m.start()].replace("\x1f", "")
            if (terms := _fused_terms(m)) is not None:
                yield from _shares(window, terms)


def _shares(window: str, terms: list[tuple[int, int, float]]) -> Iterator[Part]:
    """The parts of a ratio after a word of structure whose terms add up to 100, named by the words before it."""
    before = _STRUCTURE_RE.search(window[-20:])
    if before is None or abs(sum(value for _, _, value in terms) - 100) > 0.6:
        return
    whole = before.group(1)
    # 全市三次产业, 2024年三次产业: the classification ends the phrase, whatever scope or year comes before it
    named = next(
        (parts for name, parts in _NAMED_PARTS.items() if whole.endswith(name) and len(parts) == len(terms)), None
    )
    names = named or [n for n in _LIST_RE.split(whole) if n]
    if len(names) != len(terms):
        names = [f"{whole}第{i}部分" for i in range(1, len(terms) + 1)]
    for (start, end, value), name in zip(terms, names, strict=True):
        yield Part(start, end, value, f"{name}占比", ratio_start=terms[0][0])


def _fused_terms(m: re.Match) -> list[tuple[int, int, float]] | None:
    """1.051.247.8 → 1.0, 51.2, 47.8: each term takes the same number of decimals after its point; None unless
    the whole run splits so."""
    run = m.group()
    for decimals in (1, 2):
        terms, pos = [], 0
        while pos < len(run):
            dot = run.find(".", pos)
            end = dot + 1 + decimals
            if dot <= pos or end > len(run) or not run[dot + 1 : end].isdigit():
                break
            terms.append((m.start() + pos, m.start() + end, float(run[pos:end])))
            pos = end
        if pos == len(run) and len(terms) >= 3:
            return terms
    return None
