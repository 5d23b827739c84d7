"""Region and enterprise names in a document, found by the catalog's scanner one sentence at a time.

Linking asks, per fact, which places and enterprises its clause and its sentence name; a document holds several
facts per sentence, and each scanner call costs a fold of its text and a few microseconds more. Scanning each
sentence once and answering every question about it from that list keeps linking linear in the text.
"""

from __future__ import annotations

import bisect
from typing import Any

from mfgstats.catalog import Mention
from mfgstats.extract.segment import Layout

# words that a short alias can straddle: 上汽 inside 规模以上汽车, 中钢 inside 其中钢铁
_STRADDLED_WORDS = frozenset({"以上", "之上", "以下", "之下", "其中", "之中", "以中", "向上", "加上", "线上", "网上"})
_KINDS = ("region", "enterprise")


def plausible_mention(text: str, start: int, end: int) -> bool:
    """A catalogued name of two characters is not a mention when its first character ends a common word."""
    return end - start > 2 or text[start - 1 : start + 1] not in _STRADDLED_WORDS


class Mentions:
    """Catalog names (regions and enterprises) of one document, as Mention(start, end, kind, code) with offsets into
    the document's text."""

    def __init__(self, text: str, layout: Layout, catalog: Any):
        self.text = text
        self.layout = layout
        self.catalog = catalog
        self._by_sentence: dict[int, tuple[list, list[int], int]] = {}

    def between(self, lo: int, hi: int, kind: str | None = None) -> list:
        """Names lying wholly in text[lo:hi] (a span inside one sentence), left to right."""
        s_start, s_end, _ = self.layout.sentence_at(lo)
        cached = self._by_sentence.get(s_start)
        if cached is None or cached[2] < hi:  # a span reaching past what an earlier call scanned scans again
            scanned = max(s_end, hi)
            names = self._scan(s_start, scanned)
            cached = self._by_sentence[s_start] = (names, [m.start for m in names], scanned)
        found, starts, _ = cached
        # a sentence without punctuation may hold thousands of names: bisect to the span, do not filter them all
        i = bisect.bisect_left(starts, lo)
        out = []
        for m in found[i:]:
            if m.start >= hi:
                break
            if m.start >= lo and m.end <= hi and (kind is None or m.kind == kind):
                out.append(m)
        return out

    def _scan(self, lo: int, hi: int) -> list:
        # Mention(...) rather than m._replace(...): _replace rebuilds the tuple through a keyword map, 3x slower
        return [
            Mention(start + lo, end + lo, kind, code)
            for start, end, kind, code in self.catalog.scan(self.text[lo:hi], _KINDS)
            if plausible_mention(self.text, start + lo, end + lo)
        ]
