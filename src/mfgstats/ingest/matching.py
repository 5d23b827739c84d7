"""Matching views of a document's text: the same length as the original, so an offset found in the view is the
offset of the same character in `Document.text`.

- Traditional characters become simplified with OpenCC: `hk2s` (OpenCC-standard and Hong Kong forms; it leaves
  simplified text unchanged), and for a document that is mostly traditional also `tw2s` first (Taiwan forms).
  OpenCC's character and phrase dictionaries map one character to one character (checked for every entry of
  the dictionaries these configurations use); where a conversion would still change a line's length (unexpected
  input such as NUL), that line is converted character by character and characters that do not map 1:1 are kept.
- Full-width ASCII forms become ASCII: digits, letters and the symbols numbers use (１２．５％ → 12.5%,
  ～ ＋ － ／ ＜ ＝ ＞). Chinese punctuation (，。；：？！（）) is kept, because it is how Chinese text is read;
  only a full-width comma between full-width digits groups thousands (１，２３４ → 1,234).
"""

from __future__ import annotations

import re
from functools import cache

import opencc

from mfgstats.records import Document

_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},  # ０-９
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},  # Ａ-Ｚ
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},  # ａ-ｚ
        "％": "%",
        "．": ".",
        "＋": "+",
        "－": "-",
        "／": "/",
        "＜": "<",
        "＝": "=",
        "＞": ">",
        "～": "~",
        "＄": "$",
        "＃": "#",
        "＆": "&",
        "＊": "*",
        "＠": "@",
        "\u3000": " ",  # ideographic space
        "\u00a0": " ",  # no-break space
    }
)
_THOUSANDS_COMMA = re.compile(f"(?<=[{_FULL_WIDTH_DIGITS}])，(?=[{_FULL_WIDTH_DIGITS}]{{3}}(?![{_FULL_WIDTH_DIGITS}]))")


_CJK = re.compile("[\u4e00-\u9fff]")
_SAMPLE = 20_000  # characters read to tell a traditional document from a simplified one
_TRADITIONAL_SHARE = 0.05  # simplified text has next to no characters that OpenCC converts


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length and the position of every character."""
    out = _convert(text, _converter("hk2s"))
    sample = text[:_SAMPLE]
    cjk = len(_CJK.findall(sample))
    if cjk and sum(map(str.__ne__, sample, out)) / cjk > _TRADITIONAL_SHARE:
        # A traditional document: also undo Taiwan forms (著 for 着 …). Not done on simplified text, where
        # 著 is a character of its own (显著, 著名).
        out = _convert(_convert(text, _converter("tw2s")), _converter("hk2s"))
    return out


def _convert(text: str, converter: opencc.OpenCC) -> str:
    try:
        out = converter.convert(text)
    except UnicodeError:  # e.g. lone surrogates; handled line by line below
        out = None
    # OpenCC's dictionaries are 1:1 in length, so an equal length means every character kept its place.
    # The C library may still cut at a NUL or refuse odd code points: then go line by line, then character by
    # character, keeping what does not convert 1:1.
    if out is not None and len(out) == len(text) and "\x00" not in text:
        return out
    return "".join(_convert_line(line, converter) for line in text.splitlines(keepends=True))


def _convert_line(line: str, converter: opencc.OpenCC) -> str:
    try:
        out = converter.convert(line)
    except UnicodeError:
        out = None
    if out is not None and len(out) == len(line) and "\x00" not in line:
        return out
    return "".join(_convert_char(ch, converter) for ch in line)


def _convert_char(ch: str, converter: opencc.OpenCC) -> str:
    try:
        out = converter.convert(ch)
    except UnicodeError:
        return ch
    return out if len(out) == 1 else ch


def fold_width(text: str) -> str:
    """Full-width ASCII forms → ASCII, same length (see the module docstring for what is kept)."""
    if "，" in text:
        text = _THOUSANDS_COMMA.sub(",", text)
    return text.translate(_FOLD)


def matching_view(text: str) -> str:
    """Simplified and width-folded; `len(matching_view(t)) == len(t)` and offsets agree."""
    return fold_width(to_simplified(text))


def matching_text(document: Document) -> str:
    """The matching view of a document's text: search this, slice `document.text` with the offsets found."""
    return matching_view(document.text)
