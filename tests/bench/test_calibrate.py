"""bench/calibrate.py: confidence bands, the share right per band and at or above the review threshold."""

from __future__ import annotations

import pytest
from calibrate import above, band_labels, band_of, by_reason, tabulate


@pytest.mark.parametrize(
    ("confidence", "label"),
    [
        (0.05, "<0.5"),
        (0.49, "<0.5"),
        (0.5, "0.5–0.7"),  # an edge belongs to the band above it
        (0.77, "0.7–0.8"),
        (0.89, "0.8–0.9"),
        (0.9, "0.9–0.95"),
        (0.94, "0.9–0.95"),
        (0.95, "≥0.95"),
        (1.0, "≥0.95"),
    ],
)
def test_band_of_a_confidence(confidence, label):
    assert band_labels()[band_of(confidence)] == label


def test_bands_count_judged_and_right_facts_and_what_the_wrong_ones_get_wrong():
    verdicts = [(0.97, ()), (0.97, ("period",)), (0.92, ()), (0.85, ("region", "period")), (0.3, ("value",))]
    bands = {b.label: b for b in tabulate(verdicts)}
    assert (bands["≥0.95"].judged, bands["≥0.95"].right, bands["≥0.95"].share) == (2, 1, 0.5)
    assert (bands["0.9–0.95"].judged, bands["0.9–0.95"].share) == (1, 1.0)
    assert bands["0.8–0.9"].wrong_on == {"region": 1, "period": 1}
    assert bands["0.5–0.7"].judged == 0 and bands["0.5–0.7"].share is None
    top = above(verdicts, 0.9)
    assert (top.judged, top.right) == (3, 2)


def test_facts_group_under_each_of_their_reasons():
    facts = [
        ({"confidence": 0.94, "confidence_reason": "period from an earlier sentence"}, ()),
        ({"confidence": 0.45, "confidence_reason": "rank; another place's figure"}, ("region",)),
        ({"confidence": 0.97, "confidence_reason": None}, ()),
    ]
    groups = by_reason(facts)
    assert set(groups) == {"period from an earlier sentence", "rank", "another place's figure", "none"}
    assert (groups["rank"].judged, groups["rank"].right) == (1, 0)
    assert groups["none"].share == 1.0
