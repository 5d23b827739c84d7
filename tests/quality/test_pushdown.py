"""Rows DuckDB calls passing are not handed to GX (mfgstats.quality.frames.passing_condition): a suite whose every
expectation is a row rule DuckDB judges as GX does sends GX only the rows that may fail. The verdicts, counts and
failing rows must be those GX gives on every row: each case runs once pushed down and once with `mostly: 1.0`
(the same rule for GX, but an argument the push-down does not take, so GX reads every row). Real DuckDB, real GX."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest
import yaml

from mfgstats.quality import check_warehouse
from mfgstats.quality.frames import model_frame
from mfgstats.quality.suites import load_suite

MANY = 5_000  # passing rows before the bad one: the bad row comes last, after every good one


def make_warehouse(path: Path, rows: list[tuple]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE main.combinations (id VARCHAR, tolerance DOUBLE, deviation DOUBLE, agreed BOOLEAN,"
            " agreed_text VARCHAR, status VARCHAR)"
        )
        good = [(f"g{i}", 1.0, 0.5, True, "true", "applied") for i in range(MANY)]
        con.executemany("INSERT INTO main.combinations VALUES (?, ?, ?, ?, ?, ?)", good + rows)
    return path


def suite(tmp_path: Path, expectation: dict, whole: bool) -> object:
    if whole:
        expectation = {**expectation, "mostly": 1.0}
    content = {
        "name": "agree",
        "models": ["combinations"],
        "severity": "warning",
        "findings": True,
        "sample_columns": ["id"],
        "expectations": [{**expectation, "description": "the rule"}],
    }
    path = tmp_path / ("whole.yml" if whole else "pushed.yml")
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return load_suite(path)


TOLERANCE = {"type": "expect_column_pair_values_a_to_be_greater_than_b", "column_A": "tolerance",
             "column_B": "deviation", "or_equal": True}  # fmt: skip
STRICT = {**TOLERANCE, "or_equal": False}
AGREED = {"type": "expect_column_values_to_be_in_set", "column": "agreed", "value_set": [True]}
AGREED_TEXT = {"type": "expect_column_values_to_be_in_set", "column": "agreed_text", "value_set": [True]}
APPLIED = {"type": "expect_column_values_to_be_in_set", "column": "status", "value_set": ["applied"]}


def bad(**values) -> tuple:
    row = {"id": "bad", "tolerance": 1.0, "deviation": 0.5, "agreed": True, "agreed_text": "true", "status": "applied"}
    row.update(values)
    return tuple(row.values())


@pytest.mark.parametrize(
    ("expectation", "rows", "failing"),
    [
        (TOLERANCE, [], set()),
        (TOLERANCE, [bad(deviation=1.5)], {"bad"}),  # beyond the tolerance, in the last row
        (TOLERANCE, [bad(deviation=1.0)], set()),  # equal: or_equal
        (STRICT, [bad(deviation=1.0)], {"bad"}),
        (TOLERANCE, [bad(deviation=math.nan)], {"bad"}),  # NaN: DuckDB orders it above every number, GX fails it
        (TOLERANCE, [bad(tolerance=math.nan)], {"bad"}),
        (TOLERANCE, [bad(deviation=None)], None),  # a missing value: as GX decides
        (TOLERANCE, [bad(tolerance=None, deviation=None)], None),
        (AGREED, [bad(agreed=False)], {"bad"}),
        (AGREED, [bad(agreed=None)], None),
        (AGREED_TEXT, [], None),  # 'true' is not True: DuckDB would cast it, so GX reads every row
        (APPLIED, [bad(status="orphaned"), bad(status="it's")], None),
    ],
)  # fmt: skip
def test_pushed_down_rules_give_gx_verdicts(tmp_path, expectation, rows, failing):
    db = make_warehouse(tmp_path / "w.duckdb", rows)
    pushed = check_warehouse(db, [suite(tmp_path, expectation, whole=False)])[0]
    whole = check_warehouse(db, [suite(tmp_path, expectation, whole=True)])[0]
    assert pushed.error is None and whole.error is None
    assert pushed.rows == whole.rows == MANY + len(rows)
    (p,), (w,) = pushed.expectations, whole.expectations
    assert (p.success, p.element_count, p.unexpected_count) == (w.success, w.element_count, w.unexpected_count)
    assert p.failing_rows == w.failing_rows
    if failing is not None:
        assert {r["id"] for r in p.failing_rows} == failing


def test_gx_reads_only_the_rows_that_may_fail(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb", [bad(deviation=1.5), bad(deviation=None)])
    with duckdb.connect(str(db), read_only=True) as con:
        pushed = model_frame(con, suite(tmp_path, TOLERANCE, whole=False), "combinations")
        whole = model_frame(con, suite(tmp_path, TOLERANCE, whole=True), "combinations")
        text = model_frame(con, suite(tmp_path, AGREED_TEXT, whole=False), "combinations")
    assert (pushed.total, sorted(pushed.frame["id"])) == (MANY + 2, ["bad", "bad"])
    assert (whole.total, len(whole.frame)) == (MANY + 2, MANY + 2)
    assert len(text.frame) == MANY + 2  # a VARCHAR column against a boolean value set: not pushed down
