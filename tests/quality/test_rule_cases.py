"""Rules of the project's suites, one row per case, run through GX on small hand-made warehouses: the units a
change may have (a share or rate changes in 百分点, a count or amount keeps its own unit, nothing changes in %)
and the bounds of mart_conflicts' relative difference (up to 2 for values of opposite signs, up to 1 otherwise).
Both rules were found too strict by the benchmark corpus (bench/make_corpus.py), where they blocked publishing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mfgstats.config import PROJECT_ROOT
from mfgstats.quality import check_warehouse
from mfgstats.quality.suites import load_suite

EXPECTATIONS = PROJECT_ROOT / "expectations"
UNITS_CSV = PROJECT_ROOT / "dbt_project" / "seeds" / "units.csv"

RATE_IN_PP = "changes of a share or rate are in percentage points (百分点), never merged with %"
NEVER_PCT = "no change is in % (a rate changes in 百分点; a count or amount changes in its own unit)"
UNIT_KIND = "a level, or an absolute change of it, is stated in a unit of its indicator's kind"

# Catalogued indicators of the hand-made dim_indicator: a share (in %), a count and an amount (levels).
INDICATORS = [("hitech_share", "%", "share"), ("enterprise_count", "家", "level"), ("value_added", "元", "level")]

CHANGE_CASES = [
    # case, indicator_key, measure, unit as stated, unit_normalised, expectations that fail for the row
    ("share up 0.6 个百分点", "hitech_share", "change", "个百分点", "百分点", set()),
    ("count up 15 家 (比上年末增加15家)", "enterprise_count", "change", "家", "家", set()),
    ("value added's growth slowed 1.8 个百分点 (增速回落)", "value_added", "change", "个百分点", "百分点", set()),
    ("uncatalogued subject up 15 家", None, "change", "家", "家", set()),
    ("uncatalogued subject up 2 百分点", None, "change", "百分点", "百分点", set()),
    ("share 'up 0.6 %'", "hitech_share", "change", "%", "%", {RATE_IN_PP, NEVER_PCT}),
    ("count 'up 5 %' (a growth rate read as a change)", "enterprise_count", "change", "%", "%", {NEVER_PCT, UNIT_KIND}),
    ("uncatalogued subject 'up 5 %'", None, "change", "%", "%", {NEVER_PCT}),
    ("share changed by 2 家 (linked to the wrong indicator)", "hitech_share", "change", "家", "家", {RATE_IN_PP}),
    ("count changed by 3 亿元", "enterprise_count", "change", "亿元", "元", {UNIT_KIND}),
    ("count level in 家", "enterprise_count", "level", "家", "家", set()),
    ("count level in 亿元", "enterprise_count", "level", "亿元", "元", {UNIT_KIND}),
]  # fmt: skip

FACT_COLUMNS = """
    observation_id VARCHAR, indicator_key VARCHAR, subject VARCHAR, measure VARCHAR, comparator VARCHAR,
    value DOUBLE, value_high DOUBLE, value_normalised DOUBLE, value_signed DOUBLE, unit VARCHAR,
    unit_normalised VARCHAR, basis VARCHAR, direction VARCHAR, origin VARCHAR, period_start DATE, period_end DATE,
    char_start INTEGER, char_end INTEGER, confidence DOUBLE, evidence_text VARCHAR, file_path VARCHAR"""


def fact_warehouse(path: Path, cases: list[tuple]) -> Path:
    """main.fct_observation with one row per case (otherwise valid), the unit catalog and dim_indicator."""
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE main.fct_observation ({FACT_COLUMNS})")
        for i, (_, indicator, measure, unit, normalised, _) in enumerate(cases):
            con.execute(
                """INSERT INTO main.fct_observation VALUES (?, ?, '规模以上工业企业', ?, '=', 15, NULL, 15, 15, ?, ?,
                   NULL, 'up', 'text', DATE '2024-01-01', DATE '2024-12-31', 10, 14, 0.9, '增加15家', 'a.txt')""",
                [f"obs{i}", indicator, measure, unit, normalised],
            )
        con.execute("CREATE SCHEMA catalog")
        con.execute(f"CREATE TABLE catalog.units AS FROM read_csv('{UNITS_CSV}', all_varchar = true)")
        con.execute(
            "CREATE TABLE main.dim_indicator "
            "(indicator_key VARCHAR, unit VARCHAR, measure VARCHAR, is_catalogued BOOLEAN)"
        )
        con.executemany("INSERT INTO main.dim_indicator VALUES (?, ?, ?, true)", INDICATORS)
    return path


def expectation(outcome, description: str):
    """The suite's expectation whose description starts with `description`."""
    (found,) = [e for e in outcome.expectations if e.description.startswith(description)]
    assert found.error is None, found.error
    return found


def failing_ids(outcome, description: str) -> set[str]:
    return {
        row.get("observation_id") or row.get("conflict_id") for row in expectation(outcome, description).failing_rows
    }


@pytest.fixture(scope="module")
def ranges_outcome(tmp_path_factory):
    db = fact_warehouse(tmp_path_factory.mktemp("ranges") / "w.duckdb", CHANGE_CASES)
    suite = load_suite(EXPECTATIONS / "ranges" / "observations.yml")
    (outcome,) = check_warehouse(db, [suite], ["fct_observation"])
    assert outcome.error is None, outcome.error
    return outcome


@pytest.mark.parametrize("case", CHANGE_CASES, ids=[c[0] for c in CHANGE_CASES])
def test_the_unit_of_a_change_depends_on_what_changed(ranges_outcome, case):
    row = f"obs{CHANGE_CASES.index(case)}"
    expected = case[-1]
    failed = {d for d in (RATE_IN_PP, NEVER_PCT, UNIT_KIND) if row in failing_ids(ranges_outcome, d)}
    assert failed == expected


def test_the_change_rules_block_and_the_unit_kind_only_warns(ranges_outcome):
    assert expectation(ranges_outcome, RATE_IN_PP).severity == "critical"
    assert expectation(ranges_outcome, NEVER_PCT).severity == "critical"
    assert expectation(ranges_outcome, UNIT_KIND).severity == "warning"
    # The rows differ only in what the cases are about: no other rule of the suite objects to any of them.
    others = [e.description for e in ranges_outcome.failed]
    assert all(d.startswith((RATE_IN_PP, NEVER_PCT, UNIT_KIND)) for d in others), others


ANY_SIGN = "the relative difference |a − b| / max(|a|, |b|) lies between 0 and 2"
ONE_SIGN = "between values of one sign the relative difference lies between 0 and 1"

CONFLICT_CASES = [
    # case, value_a, value_b, relative_difference as the mart states it, expectations that fail
    ("1796 vs 1783 家", 1796, 1783, 13 / 1796, set()),
    ("growth −3.0 % vs 11.7 % (opposite signs)", -3.0, 11.7, 14.7 / 11.7, set()),
    ("growth −5 % vs 5 %: the largest possible difference", -5.0, 5.0, 2.0, set()),
    ("a share 0 vs 4.5", 0.0, 4.5, 1.0, set()),
    ("one sign but above 1: a broken formula", 2.0, 3.0, 1.5, {ONE_SIGN}),
    ("above 2: a broken formula", -1.0, 3.0, 2.5, {ANY_SIGN}),
    ("negative: a broken formula", 2.0, 3.0, -0.3, {ANY_SIGN, ONE_SIGN}),
]  # fmt: skip


def conflicts_warehouse(path: Path, columns: dict[str, str]) -> Path:
    """main.mart_conflicts with the suite's columns and types, one valid pair per case but for its values."""
    fixed = {"verdict": "real conflict", "status": "actual", "measure": "growth", "absolute_difference": 1.0}
    fixed |= {"source_count_a": 1, "source_count_b": 1}
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE main.mart_conflicts (" + ", ".join(f'"{c}" {t}' for c, t in columns.items()) + ")")
        for i, (_, a, b, relative, _) in enumerate(CONFLICT_CASES):
            row = {c: fixed.get(c, f"{c}-{i}" if t == "VARCHAR" else None) for c, t in columns.items()}
            row.update(conflict_id=f"pair{i}", value_a=a, value_b=b, relative_difference=relative)
            con.execute(
                f"INSERT INTO main.mart_conflicts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
    return path


@pytest.fixture(scope="module")
def conflicts_outcome(tmp_path_factory):
    suite = load_suite(EXPECTATIONS / "structure" / "mart_conflicts.yml")
    db = conflicts_warehouse(tmp_path_factory.mktemp("conflicts") / "w.duckdb", suite.columns)
    (outcome,) = check_warehouse(db, [suite], ["mart_conflicts"])
    assert outcome.error is None, outcome.error
    return outcome


@pytest.mark.parametrize("case", CONFLICT_CASES, ids=[c[0] for c in CONFLICT_CASES])
def test_relative_difference_bounds(conflicts_outcome, case):
    pair = f"pair{CONFLICT_CASES.index(case)}"
    failed = {d for d in (ANY_SIGN, ONE_SIGN) if pair in failing_ids(conflicts_outcome, d)}
    assert failed == case[-1]


def test_the_relative_difference_rules_are_the_only_ones_the_hand_made_pairs_fail(conflicts_outcome):
    assert {e.description for e in conflicts_outcome.failed} == {ANY_SIGN, ONE_SIGN}
