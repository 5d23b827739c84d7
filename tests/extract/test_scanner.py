"""The quantity scanner: its first-character guard must never change what the regexes find."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mfgstats.extract import periods, scanner

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))


def _matches(pattern, text):
    return [(m.span(), m.lastgroup, m.groupdict()) for m in pattern.finditer(text)]


def test_guard_is_exact_on_the_seeds():
    assert _matches(scanner.MASTER_RE, SEED_TEXT) == _matches(scanner.UNGUARDED_RE, SEED_TEXT)
    assert _matches(periods.MARKER_RE, SEED_TEXT) == _matches(periods.UNGUARDED_RE, SEED_TEXT)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=60))
def test_guard_is_exact_on_any_text(text):
    assert _matches(scanner.MASTER_RE, text) == _matches(scanner.UNGUARDED_RE, text)
    assert _matches(periods.MARKER_RE, text) == _matches(periods.UNGUARDED_RE, text)
