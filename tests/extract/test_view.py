"""The reading view skips OpenCC and the width fold only where they could not change the text."""

from __future__ import annotations

import opencc
import pytest

from mfgstats.config import PROJECT_ROOT
from mfgstats.extract.view import FOLDED, reading_view, traditional
from mfgstats.ingest.matching import fold_width, matching_view

BMP = [chr(c) for c in range(0x20, 0xFFFF) if not 0xD800 <= c < 0xE000]


def test_every_character_the_width_fold_changes_opens_the_gate():
    missed = [ch for ch in BMP if fold_width(ch) != ch and not FOLDED.match(ch)]
    assert missed == []


def test_every_character_hk2s_changes_opens_the_gate():
    # the whole plane, not only the CJK blocks the gate is built from: a block it leaves out would show here
    converted = opencc.OpenCC("hk2s").convert("\n".join(BMP)).split("\n")
    missed = [a for a, b in zip(BMP, converted, strict=True) if a != b and not traditional().match(a)]
    assert missed == []


TEXTS = [
    "全市规上工业企业达到 1783 家。",  # simplified, nothing to convert
    "洛陽市規模以上工業企業達到1796家，產業鏈營收增長５．７％。",  # traditional, full-width numbers
    "營業收入１，２３４億元",  # full-width thousands grouping
    "\u3000\u3000如今，“洛阳制造”声名日隆。",  # ideographic spaces only
    "Ｇ２０峰会，ａｂｃ",  # full-width letters
    "显著的著名企业",  # 著 is simplified here: not converted
]


@pytest.mark.parametrize("text", TEXTS)
def test_reading_view_is_the_matching_view(text):
    assert reading_view(text) == matching_view(text)


@pytest.mark.parametrize("name", sorted(p.name for p in (PROJECT_ROOT / "data" / "raw").glob("*.txt")))
def test_reading_view_of_the_seeds(name):
    text = (PROJECT_ROOT / "data" / "raw" / name).read_text(encoding="utf-8")
    assert reading_view(text) == matching_view(text)
