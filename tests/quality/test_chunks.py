"""A frame larger than CHUNK_ROWS is validated by GX in slices when every expectation judges each row on its own
(mfgstats.quality.evaluate): the outcome — verdicts, counts, failing rows and which of them are shown — must be
the one GX gives on the whole frame, however the bad rows fall across slices. Real DuckDB, real GX; the slices
are made small here so that a few thousand rows make several."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from mfgstats.quality import check_connection, evaluate
from mfgstats.quality.suites import load_suite

ROWS = 2_500  # three slices of 1,000 rows

RULES = [
    {"type": "expect_column_values_to_be_between", "column": "value", "min_value": 0, "max_value": 100,
     "row_condition": 'measure == "share"', "description": "shares within 0-100"},
    {"type": "expect_column_values_to_be_in_set", "column": "unit", "value_set": ["%", "家"],
     "description": "known units"},
    {"type": "expect_column_pair_values_a_to_be_greater_than_b", "column_A": "char_end", "column_B": "char_start",
     "description": "evidence ends after it starts"},
]  # fmt: skip


def make_warehouse(path: Path, bad: dict[int, dict]) -> Path:
    rows = []
    for i in range(ROWS):
        row = {"id": f"o{i:05d}", "measure": "share" if i % 2 else "level", "value": 50.0, "unit": "%",
               "char_start": i, "char_end": i + 3}  # fmt: skip
        row.update(bad.get(i, {}))
        rows.append(tuple(row.values()))
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE main.facts (id VARCHAR, measure VARCHAR, value DOUBLE, unit VARCHAR, char_start INTEGER,"
            " char_end INTEGER)"
        )
        con.executemany("INSERT INTO main.facts VALUES (?, ?, ?, ?, ?, ?)", rows)
    return path


def suite(tmp_path: Path, expectations: list[dict], unique: bool = False):
    content = {"name": "ranges", "models": ["facts"], "blocking": True, "sample_columns": ["id"],
               "expectations": expectations}  # fmt: skip
    if unique:
        content["unique"] = ["id"]
    path = tmp_path / "suite.yml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return load_suite(path)


def outcomes(db: Path, checked, monkeypatch, chunk_rows: int) -> list[dict]:
    monkeypatch.setattr(evaluate, "CHUNK_ROWS", chunk_rows)
    with duckdb.connect(str(db), read_only=True) as con:
        return [o.json() for o in check_connection(con, [checked])]  # this process: the patched slice size


@pytest.mark.parametrize(
    ("bad", "failing"),
    [
        ({}, {}),
        ({2_499: {"value": 130.0}}, {"shares within 0-100": 1}),  # the very last row, in the last slice
        ({1_999: {"value": 130.0}, 2_001: {"value": -1.0}}, {"shares within 0-100": 2}),  # either side of a seam
        ({1_998: {"value": 130.0}}, {}),  # a level: the row condition leaves it out in a slice too
        ({2_400: {"unit": "万元"}, 5: {"char_end": 0}}, {"known units": 1, "evidence ends after it starts": 1}),
        # more failing rows than a sample shows (200), in every slice: the same 200 are shown
        ({i: {"unit": "亿元"} for i in range(0, ROWS, 7)}, {"known units": len(range(0, ROWS, 7))}),
    ],
)  # fmt: skip
def test_slices_give_the_outcome_of_the_whole_frame(tmp_path, monkeypatch, bad, failing):
    db = make_warehouse(tmp_path / "w.duckdb", bad)
    checked = suite(tmp_path, RULES)
    whole = outcomes(db, checked, monkeypatch, chunk_rows=10**9)
    sliced = outcomes(db, checked, monkeypatch, chunk_rows=1_000)
    assert sliced == whole
    (outcome,) = sliced
    found = {e["description"]: e["unexpected_count"] for e in outcome["expectations"] if not e["success"]}
    assert found == failing
    assert all(e["element_count"] for e in outcome["expectations"])


def test_a_frame_with_a_rule_over_rows_is_not_sliced(tmp_path, monkeypatch):
    """`unique` compares rows with each other: a duplicate whose copies lie in different slices is found."""
    db = make_warehouse(tmp_path / "w.duckdb", {2_400: {"id": "o00003"}})
    checked = suite(tmp_path, RULES, unique=True)
    (outcome,) = outcomes(db, checked, monkeypatch, chunk_rows=1_000)
    (failed,) = [e for e in outcome["expectations"] if not e["success"]]
    assert failed["type"] == "expect_column_values_to_be_unique" and failed["unexpected_count"] == 2
