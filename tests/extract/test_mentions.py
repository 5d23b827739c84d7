"""Mentions answers every span of a sentence from one scan, whatever order the spans are asked in."""

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract.mentions import Mentions
from mfgstats.extract.segment import Layout

TEXT = "洛阳市工业增长5%。郑州市增长6%，开封市增长7%。"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


def _names(found) -> list[str]:
    return [TEXT[m.start : m.end] for m in found]


@pytest.mark.parametrize(
    ("spans", "expected_last"),
    [
        ([(0, len(TEXT))], ["洛阳市", "郑州市", "开封市"]),  # one span past its sentence
        ([(0, 5), (0, len(TEXT))], ["洛阳市", "郑州市", "开封市"]),  # a narrow span first, then a wider one
        ([(0, len(TEXT)), (0, 5)], ["洛阳市"]),  # the wider scan answers the narrow span too
        ([(10, 16), (10, len(TEXT))], ["郑州市", "开封市"]),  # the same from a later sentence
    ],
)
def test_a_span_past_an_earlier_scan_finds_its_names(catalog, spans, expected_last):
    mentions = Mentions(TEXT, Layout(TEXT), catalog)
    found = [mentions.between(lo, hi, "region") for lo, hi in spans]
    assert _names(found[-1]) == expected_last
