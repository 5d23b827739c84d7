"""The text the rules read: ingestion's matching view (simplified characters, folded widths, same length), computed
only where it can differ from the text.

`mfgstats.ingest.matching_view` runs OpenCC over the whole text and translates every character; on a simplified
document without full-width digits or letters both return the text unchanged, at a fifth of the extractor's time.
Two character-class searches (tens of millions of characters a second) tell when they can change something:

- a character OpenCC's hk2s conversion changes on its own (any traditional document has many);
- a character the width fold changes (full-width digits, letters and number symbols, ideographic spaces).

Only then does the text go through the conversion, so the result is always what `matching_view` would return
(tests/extract/test_view.py checks both gates character by character).

`quiet` then blanks the noise of mirror sites and pasted pages in the view — markup tags (<b>, [/font]), pinyin in
parentheses after a character (增長(zhǎng)), a title written inside a number (7《某某网站》.9%) — and closes numbers
broken by spaces or a line break (11 . 8%, 546.\n5亿元), keeping the length and every position outside a quantity
(a number's digits close up over the noise, a number's unit character stands after its pinyin: 1 萬(wàn)億元): the
facts still quote the original characters.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

from mfgstats.ingest.matching import fold_width, matching_view

# what fold_width changes: full-width digits, letters and the symbols numbers use, and odd spaces
FOLDED = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％．＋－／＜＝＞～＄＃＆＊＠\u3000\u00a0]")
_FULL_WIDTH_DIGIT = re.compile("[\uff10-\uff19]")
# the CJK blocks of the Basic Multilingual Plane: a traditional text always has characters here (the rare
# characters beyond it are converted with the rest once one of these is found)
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@cache
def traditional() -> re.Pattern:
    """Every character hk2s turns into another one, as a character class (built once per process)."""
    converter = opencc.OpenCC("hk2s")
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    out = converter.convert("\n".join(chars)).split("\n")
    changed = sorted(a for a, b in zip(chars, out, strict=True) if a != b)
    return re.compile("[" + "".join(changed) + "]")


def reading_view(text: str) -> str:
    """matching_view(text), without converting a text that has nothing to convert."""
    if traditional().search(text):
        return matching_view(text)
    if not FOLDED.search(text):
        return text
    if _FULL_WIDTH_DIGIT.search(text):
        return fold_width(text)  # digits may be grouped by full-width commas: fold the text as a whole
    return FOLDED.sub(lambda m: fold_width(m.group()), text)  # a few ideographic spaces: fold just those


# what stands in the view where noise was: whitespace to every \s rule, and allowed between a number and its unit
FILLER = "\x1f"
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# each kind of noise with the one character it starts with: a pass runs only over a text holding that character
_NOISE = (
    ("<", re.compile(r"<[A-Za-z/!][^<>\n]{0,80}>")),  # an HTML tag
    ("[", re.compile(r"\[/?(?:size|font|color|align|b|i|u|url|img|p|span|div|br)(?:=[^\]\n]{0,40})?\]")),  # BBCode
    ("&", re.compile(r"&(?:nbsp|amp|lt|gt|quot|ensp|emsp);")),
)
# pinyin after a character: 增長(zhǎng), 億(yi) — lower-case letters, tone marks allowed
_PINYIN_AFTER_RE = re.compile(rf"\((?<=[\u3400-\u9fff]\()[{_PINYIN}]{{1,7}}\)")
_DIGIT_BEFORE_RE = re.compile(r"[0-9][ \t\x1f]*$")
# spam a mirror wrote inside a number (7《某某网站》.9%): a title between digits is none of the text's; the number is
# closed and the title blanked after it
_TITLE_IN_NUMBER_RE = re.compile(r"《(?<=[0-9]《)[^《》\n]{1,16}》([.．]?[0-9]+)")
# 1·8%: a decimal point typed as a middle dot (the dot first, the digit before it looked behind: a pattern opening
# with a look-behind is tried at every character, 30x slower)
_MIDDLE_DOT_POINT_RE = re.compile(r"·(?<=[0-9]·)(?=[0-9])")
# a decimal point with spaces or a line break around it, between digits (and fillers left by markup)
_BROKEN_NUMBER_RE = re.compile(r"([0-9])([ \t\n\x1f]{0,3})([.．])([ \t\n\x1f]{0,3})([0-9]+)")
_GAPS_AT_POINT = (" .", ". ", ".\n", "\n.", "\x1f.", ".\x1f", "\t.", ".\t")


def quiet(text: str) -> str:
    """text with markup and pinyin blanked and broken numbers closed, same length, same positions elsewhere."""
    for first, pattern in _NOISE:
        if first in text:
            text = pattern.sub(lambda m: FILLER * len(m.group()), text)
    if "(" in text and (found := list(_PINYIN_AFTER_RE.finditer(text))):
        parts, pos = [], 0
        for m in found:
            char = m.start() - 1
            if _DIGIT_BEFORE_RE.search(text, max(0, char - 4), char):
                # 1 萬(wàn)億元: after a number, blanked in front of its character, so that the unit stands whole
                parts += [text[pos:char], FILLER * len(m.group()), text[char]]
            else:
                parts += [text[pos : m.start()], FILLER * len(m.group())]
            pos = m.end()
        text = "".join([*parts, text[pos:]])
    if "《" in text:
        text = _TITLE_IN_NUMBER_RE.sub(lambda m: m.group(1) + FILLER * (len(m.group()) - len(m.group(1))), text)
    if "·" in text:
        text = _MIDDLE_DOT_POINT_RE.sub(".", text)
    if any(gap in text for gap in _GAPS_AT_POINT):
        text = _BROKEN_NUMBER_RE.sub(_close, text)
    return text


def _close(m: re.Match) -> str:
    """11 . 8 → 11.8 and then the gap as fillers: the number reads whole, its unit stays where it was."""
    gap = len(m.group(2)) + len(m.group(4))
    if gap == 0:
        return m.group()
    return m.group(1) + m.group(3) + m.group(5) + FILLER * gap
