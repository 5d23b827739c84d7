"""The extractor against the hand-checked gold facts of seed 003 (tests/extract/gold), scored by the evaluation
set's own scorer."""

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
GOLD_DIR = Path(__file__).resolve().parent / "gold"
DOCUMENT = ROOT / "data" / "raw" / "003_a02ff61b1f3992ea.txt"


@pytest.fixture(scope="module")
def score(tmp_path_factory) -> dict[str, float]:
    scorer = GOLD_DIR / "score.py"
    predictions = tmp_path_factory.mktemp("gold") / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for fact in extract(load(DOCUMENT, None)):
            out.write(json.dumps(fact.json(), ensure_ascii=False) + "\n")
    result = subprocess.run(
        [
            sys.executable,
            str(scorer),
            str(predictions),
            "--docs-dir",
            str(DOCUMENT.parent),
            "--gold",
            str(GOLD_DIR / "gold-003.csv"),
        ],
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


# Seed 003 is held at 100 % (issue 14): every gold fact found and its status right; two periods disagree today
@pytest.mark.parametrize(("metric", "bar"), [("recall", 1.0), ("key_recall", 1.0), ("status", 1.0), ("period", 0.985)])
def test_gold_bar(score, metric, bar):
    assert score[metric] >= bar, f"{metric} = {score[metric]:.3f} is below the bar {bar}"
