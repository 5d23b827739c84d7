"""The extractor against the hand-checked gold facts of seed 003, scored by the shared scorer.

CI runs beside ../shared (relative to the repository root); without it this test fails and says so.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mfgstats.cli.extract import load
from mfgstats.extract import extract

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT.parent / "shared" / "eval"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
DOCUMENT = ROOT / "data" / "raw" / "003_a02ff61b1f3992ea.txt"


@pytest.fixture(scope="module")
def score(tmp_path_factory) -> dict[str, float]:
    scorer = EVAL_DIR / "score.py"
    if not scorer.exists() or not (EVAL_DIR / "gold-003.csv").exists():
        pytest.fail(f"gold set not found: expected {scorer} and gold-003.csv beside the repository (../shared/eval)")
    predictions = tmp_path_factory.mktemp("gold") / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for fact in extract(load(DOCUMENT, None)):
            out.write(json.dumps(fact.json(), ensure_ascii=False) + "\n")
    result = subprocess.run(
        [sys.executable, str(scorer), str(predictions), "--docs-dir", str(SEEDS_DIR)],
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = {}
    for name, pattern in {
        "recall": r"recall all: \d+/\d+ = ([0-9.]+)",
        "key_recall": r"recall key: \d+/\d+ = ([0-9.]+)",
        "status": r"status agreement on matches: \d+/\d+ = ([0-9.]+)",
        "period": r"period agreement on matches: \d+/\d+ = ([0-9.]+)",
        "unusable": r"\(unusable: (\d+)\)",
    }.items():
        m = re.search(pattern, result.stdout)
        assert m, f"scorer output lacks {name}:\n{result.stdout}"
        metrics[name] = float(m.group(1))
    return metrics


def test_every_prediction_is_usable(score):
    assert score["unusable"] == 0


@pytest.mark.parametrize(
    ("metric", "bar"), [("recall", 0.97), ("key_recall", 0.99), ("status", 0.95), ("period", 0.95)]
)
def test_gold_bar(score, metric, bar):
    assert score[metric] >= bar, f"{metric} = {score[metric]:.3f} is below the bar {bar}"
