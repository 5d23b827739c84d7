"""Quality checks after an incremental build validate the rows it wrote (mfgstats.quality.scope): a broken row of
a changed document or series still fails, so it still blocks publishing; a new row duplicating an old key still
fails; rows the build did not touch are left to the complete build. Real DuckDB, real GX."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from mfgstats.quality import check_warehouse
from mfgstats.quality.scope import scoped_relation
from mfgstats.quality.suites import load_suite

# d1 and s1 changed in the last build (int_changed_documents, int_changed_series); d2 and s2 did not.
GOOD_OBSERVATIONS = [("o1", "d1", 10.0), ("o2", "d1", 20.0), ("o3", "d2", 30.0), ("o4", "d2", 40.0)]
GOOD_CONFLICTS = [("c1", "s1", "s1", "r", 0.1), ("c2", "s2", "s2", "r", 0.2)]


def make_warehouse(path: Path, observations: list[tuple], conflicts: list[tuple]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA intermediate")
        con.execute("CREATE TABLE intermediate.int_changed_documents AS SELECT 'd1' AS document_id, true AS is_changed")
        con.execute(
            "CREATE TABLE intermediate.int_changed_series AS SELECT 's1' AS series_key, 'r' AS region_key,"
            " 'i1' AS indicator_key"
        )
        con.execute("CREATE TABLE main.fct_observation (observation_id VARCHAR, document_id VARCHAR, value DOUBLE)")
        con.executemany("INSERT INTO main.fct_observation VALUES (?, ?, ?)", observations)
        con.execute(
            "CREATE TABLE main.mart_conflicts"
            " (conflict_id VARCHAR, series_key VARCHAR, series_key_b VARCHAR, region_key VARCHAR,"
            " relative_difference DOUBLE)"
        )
        con.executemany("INSERT INTO main.mart_conflicts VALUES (?, ?, ?, ?, ?)", conflicts)
    return path


def suites(tmp_path: Path) -> list:
    paths = []
    for model, key, column, limit in [
        ("fct_observation", "observation_id", "value", 100),
        ("mart_conflicts", "conflict_id", "relative_difference", 2),
    ]:
        path = tmp_path / "suites" / f"{model}.yml"
        path.parent.mkdir(exist_ok=True)
        content = {
            "name": "structure",
            "models": [model],
            "blocking": True,
            "unique": [key],
            "not_null": [key],
            "expectations": [
                {
                    "type": "expect_column_values_to_be_between",
                    "column": column,
                    "min_value": 0,
                    "max_value": limit,
                    "description": f"{column} within 0–{limit}",
                }
            ],
        }
        path.write_text(yaml.safe_dump(content), encoding="utf-8")
        paths.append(load_suite(path))
    return paths


@pytest.mark.parametrize(
    ("observations", "conflicts", "failing_scoped", "failing_whole"),
    [
        (GOOD_OBSERVATIONS, GOOD_CONFLICTS, set(), set()),
        # a broken value in a changed document: found either way
        ([*GOOD_OBSERVATIONS[:1], ("o2", "d1", 250.0), *GOOD_OBSERVATIONS[2:]], GOOD_CONFLICTS,
         {"fct_observation"}, {"fct_observation"}),
        # a broken value in an untouched document: left to the complete build (it was checked when it was written)
        ([*GOOD_OBSERVATIONS[:3], ("o4", "d2", 250.0)], GOOD_CONFLICTS, set(), {"fct_observation"}),
        # a changed document's row reusing an untouched row's key: the duplicate is found
        ([*GOOD_OBSERVATIONS[:1], ("o3", "d1", 20.0), *GOOD_OBSERVATIONS[2:]], GOOD_CONFLICTS,
         {"fct_observation"}, {"fct_observation"}),
        # a missing key in a changed document
        ([(None, "d1", 10.0), *GOOD_OBSERVATIONS[1:]], GOOD_CONFLICTS, {"fct_observation"}, {"fct_observation"}),
        # conflicts: a broken pair of a changed series is found, one of an untouched series is not
        (GOOD_OBSERVATIONS, [("c1", "s1", "s1", "r", 3.0), GOOD_CONFLICTS[1]], {"mart_conflicts"}, {"mart_conflicts"}),
        (GOOD_OBSERVATIONS, [GOOD_CONFLICTS[0], ("c2", "s2", "s2", "r", 3.0)], set(), {"mart_conflicts"}),
        # a pair whose other side is a changed series: the build rewrote it (either side's series), so it is found
        (GOOD_OBSERVATIONS, [GOOD_CONFLICTS[0], ("c2", "s2", "s1", "r", 3.0)], {"mart_conflicts"}, {"mart_conflicts"}),
    ],
)  # fmt: skip
def test_scoped_checks_fail_on_what_the_build_wrote(tmp_path, observations, conflicts, failing_scoped, failing_whole):
    db = make_warehouse(tmp_path / "w.duckdb", observations, conflicts)
    checked = suites(tmp_path)
    scoped = check_warehouse(db, checked, scoped=True)
    whole = check_warehouse(db, checked)
    assert {o.model for o in scoped if not o.passed} == failing_scoped
    assert {o.model for o in whole if not o.passed} == failing_whole
    assert all(o.severity == "ERROR" for o in scoped + whole if not o.passed)  # blocking failures


def test_scoped_checks_read_only_the_changed_rows(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb", GOOD_OBSERVATIONS, GOOD_CONFLICTS)
    rows = {o.model: o.rows for o in check_warehouse(db, suites(tmp_path), scoped=True)}
    assert rows == {"fct_observation": 2, "mart_conflicts": 1}
    rows = {o.model: o.rows for o in check_warehouse(db, suites(tmp_path))}
    assert rows == {"fct_observation": 4, "mart_conflicts": 2}


def test_latest_values_are_scoped_by_series_and_by_uncatalogued_indicator(tmp_path):
    # mart_latest_values' meta.rows_written (dbt YAML): the changed series, and every series of a changed
    # indicator the catalog does not name (i1); a catalogued one (i2) only in its changed series.
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA intermediate")
        con.execute(
            "CREATE TABLE intermediate.int_changed_series AS SELECT * FROM"
            " (VALUES ('s1', 'r', 'i1'), ('s5', 'r', 'i2'))"
            " AS t(series_key, region_key, indicator_key)"
        )
        con.execute(
            "CREATE TABLE main.dim_indicator AS SELECT * FROM (VALUES ('i1', false), ('i2', true))"
            " AS t(indicator_key, is_catalogued)"
        )
        con.execute(
            "CREATE TABLE main.mart_latest_values AS SELECT * FROM"
            " (VALUES ('s1', 'r', 'i1'), ('s3', 'r', 'i1'), ('s5', 'r', 'i2'), ('s6', 'r', 'i2'))"
            " AS t(series_key, region_key, indicator_key)"
        )
        rows = scoped_relation(con, 'main."mart_latest_values"', "mart_latest_values", [])
        assert sorted(con.execute(f"SELECT series_key FROM {rows}").fetchall()) == [("s1",), ("s3",), ("s5",)]
