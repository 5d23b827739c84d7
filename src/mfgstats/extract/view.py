"""The text the rules read: ingestion's matching view (simplified characters, folded widths, same length), computed
only where it can differ from the text.

`mfgstats.ingest.matching_view` runs OpenCC over the whole text and translates every character; on a simplified
document without full-width digits or letters both return the text unchanged, at a fifth of the extractor's time.
Two character-class searches (tens of millions of characters a second) tell when they can change something:

- a character OpenCC's hk2s conversion changes on its own (any traditional document has many);
- a character the width fold changes (full-width digits, letters and number symbols, ideographic spaces).

Only then does the text go through the conversion, so the result is always what `matching_view` would return
(tests/extract/test_view.py checks both gates character by character).
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
