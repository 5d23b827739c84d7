"""Running suites through GX on a small hand-made warehouse: every outcome belongs to its own expectation, the
severities add up as documented, failing rows come back as samples, and nothing a suite gets wrong stops the
other suites."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from mfgstats.quality import WarehouseUnreadable, check_warehouse
from mfgstats.quality.suites import load_suite


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            """CREATE TABLE main.facts AS SELECT * FROM (VALUES
                 ('a', 'share', 30.0::DOUBLE, '%', NULL),
                 ('b', 'share', 130.0, '%', 'x'),
                 ('c', 'level', -5.0, '家', 'y'),
                 (NULL, 'growth', 5.0, '%', 'z')
               ) t(id, measure, value, unit, note)"""
        )
        con.execute("CREATE SCHEMA catalog")
        con.execute("CREATE TABLE catalog.units AS SELECT * FROM (VALUES ('%'), ('家')) t(unit)")
    return path


def suite_file(tmp_path: Path, **content) -> Path:
    path = tmp_path / "suites" / f"{content['name']}.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        yaml.safe_dump({"models": ["facts"], **content}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def expectation(kind: str, description: str, **kwargs) -> dict:
    return {"type": f"expect_column_values_to_{kind}", "description": description, **kwargs}


def test_each_outcome_belongs_to_its_expectation_whatever_order_gx_reports_in(tmp_path, db):
    # Interleaved columns: GX groups its results by column, the outcomes must still follow the suite.
    path = suite_file(
        tmp_path,
        name="mixed",
        expectations=[
            expectation("not_be_null", "note is set", column="note"),
            expectation("not_be_null", "id is set", column="id"),
            expectation("be_between", "value within 0-100", column="value", min_value=0, max_value=100),
            expectation("be_in_set", "unit known", column="unit", value_set=["%", "家"]),
            expectation("be_unique", "id unique", column="id"),
        ],
    )
    (outcome,) = check_warehouse(db, [load_suite(path)])
    assert [(e.description, e.success, e.unexpected_count) for e in outcome.expectations] == [
        ("note is set", False, 1),
        ("id is set", False, 1),
        ("value within 0-100", False, 2),
        ("unit known", True, 0),
        ("id unique", True, 0),
    ]
    by_description = {e.description: e for e in outcome.expectations}
    assert by_description["value within 0-100"].failing_rows == [
        {"id": "b", "measure": "share", "value": 130.0, "unit": "%"},
        {"id": "c", "measure": "level", "value": -5.0, "unit": "家"},
    ]


SEVERITY_CASES = [
    # case, severities of a failing and a passing expectation, expected check severity
    ("a critical failure is an ERROR", "critical", "ERROR"),
    ("a warning failure is a WARN", "warning", "WARN"),
    ("an info failure passes", "info", None),
]


@pytest.mark.parametrize(("case", "severity", "expected"), SEVERITY_CASES, ids=[c[0] for c in SEVERITY_CASES])
def test_severities_add_up_to_the_check_severity(tmp_path, db, case, severity, expected):
    path = suite_file(
        tmp_path,
        name="sev",
        severity="critical",
        expectations=[
            expectation("not_be_null", "id is set", column="id", severity=severity),
            expectation("not_be_null", "measure is set", column="measure"),
        ],
    )
    (outcome,) = check_warehouse(db, [load_suite(path)])
    assert outcome.severity == expected
    assert outcome.passed == (expected is None)


def test_row_conditions_and_parameters_from_the_warehouse(tmp_path, db):
    path = suite_file(
        tmp_path,
        name="ranges",
        parameters={"units": "SELECT unit FROM catalog.units WHERE unit = '%'"},
        expectations=[
            expectation(
                "be_between", "shares within 0-100", column="value", min_value=0, max_value=100,
                row_condition='measure == "share"',
            ),
            expectation("be_in_set", "units from the catalog", column="unit", value_set={"$PARAMETER": "units"}),
        ],
    )  # fmt: skip
    (outcome,) = check_warehouse(db, [load_suite(path)])
    shares, units = outcome.expectations
    assert (shares.unexpected_count, [r["id"] for r in shares.failing_rows]) == (1, ["b"])
    assert (units.unexpected_count, [r["unit"] for r in units.failing_rows]) == (1, ["家"])


def test_the_schema_check_names_missing_and_mistyped_columns(tmp_path, db):
    path = suite_file(
        tmp_path,
        name="structure",
        columns={"id": "VARCHAR", "value": "INTEGER", "gone": "DATE"},
        not_null=["measure"],
    )
    (outcome,) = check_warehouse(db, [load_suite(path)])
    schema = outcome.expectations[0]
    assert schema.failing_rows == [
        {"column_name": "value", "expected_type": "INTEGER", "actual_type": "DOUBLE"},
        {"column_name": "gone", "expected_type": "DATE", "actual_type": None},
    ]
    assert outcome.severity == "ERROR"


def test_a_broken_suite_fails_alone_and_says_why(tmp_path, db):
    suites = [
        load_suite(suite_file(tmp_path, name="missing_model", models=["nope"], not_null=["id"])),
        load_suite(suite_file(tmp_path, name="bad_sql", frame={"sql": "SELECT no_such_column FROM {model}"},
                              not_null=["id"])),
        load_suite(suite_file(tmp_path, name="bad_type", expectations=[
            {"type": "expect_the_moon", "description": "typo in the type"},
            expectation("not_be_null", "measure is set", column="measure"),
        ])),
        load_suite(suite_file(tmp_path, name="fine", not_null=["measure"])),
    ]  # fmt: skip
    outcomes = {o.suite: o for o in check_warehouse(db, suites)}
    assert "the warehouse has no table main.nope" in outcomes["missing_model"].error
    assert "no_such_column" in outcomes["bad_sql"].error
    bad_type = outcomes["bad_type"]
    assert bad_type.severity == "ERROR"
    assert "invalid expectation" in bad_type.expectations[0].error
    assert bad_type.expectations[1].success
    assert outcomes["fine"].passed


def test_an_unreadable_warehouse_is_reported_with_what_to_do(tmp_path):
    with pytest.raises(WarehouseUnreadable, match="mfgstats run"):
        check_warehouse(tmp_path / "absent.duckdb", [])
    not_duckdb = tmp_path / "text.duckdb"
    not_duckdb.write_text("not a database", encoding="utf-8")
    with pytest.raises(WarehouseUnreadable, match=r"text\.duckdb"):
        check_warehouse(not_duckdb, [])


def test_two_different_targets_for_one_series_are_a_warn_with_both_statements(tmp_path):
    """targets_agree on a hand-made mart_plan_progress holding the plan's two 2025 targets for 制造业增加值."""
    from mfgstats.config import PROJECT_ROOT

    db = tmp_path / "plan.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(
            """CREATE TABLE main.mart_plan_progress AS SELECT * FROM (VALUES
                 ('manufacturing_value_added', '洛阳市', '2025', '2800 亿元',
                  '2100 亿元 (table, 洛阳市人民政府 2022-04-26)',
                  '洛阳市人民政府', DATE '2022-04-26', '003.txt', 'text', '2800 亿元', true),
                 ('manufacturing_value_added', '洛阳市', '2025', '2100 亿元',
                  '2800 亿元 (text, 洛阳市人民政府 2022-04-26)',
                  '洛阳市人民政府', DATE '2022-04-26', '003.txt', 'table', '2100.0', true),
                 ('manufacturing_share_of_gdp', '洛阳市', '2025', '38.5 %', NULL,
                  '洛阳市人民政府', DATE '2022-04-26', '003.txt', 'table', '38.5', false)
               ) t(indicator_key, region_name, target_period_key, target_stated, other_statements, publisher,
                   published_on, file_path, origin, evidence_text, has_conflicting_statements)"""
        )
    suite = load_suite(PROJECT_ROOT / "expectations" / "consistency" / "targets_agree.yml")
    (outcome,) = check_warehouse(db, [suite])
    assert outcome.severity == "WARN"
    rows = outcome.failed[0].failing_rows
    assert [(r["target_stated"], r["origin"], r["other_statements"], r["published_on"]) for r in rows] == [
        ("2800 亿元", "text", "2100 亿元 (table, 洛阳市人民政府 2022-04-26)", "2022-04-26"),
        ("2100 亿元", "table", "2800 亿元 (text, 洛阳市人民政府 2022-04-26)", "2022-04-26"),
    ]


def test_the_failing_rows_sample_does_not_depend_on_the_frames_row_order(tmp_path):
    """A join returns its rows in a different order from run to run; the sample must not follow it."""
    from mfgstats.quality.evaluate import SAMPLE_ROWS

    failing = SAMPLE_ROWS + 50  # more than the sample holds: which ones are shown is a choice
    samples = []
    for order in ("i", "-i"):
        path = tmp_path / f"{order}.duckdb"
        with duckdb.connect(str(path)) as con:
            con.execute(
                f"CREATE TABLE main.facts AS SELECT 'r' || lpad(i::VARCHAR, 4, '0') AS id, 200.0 AS value "
                f"FROM range({failing}) t(i) ORDER BY {order}"
            )
        suite = suite_file(
            tmp_path, name="ranges", sample_columns=["id", "value"],
            expectations=[expectation("be_between", "within 0-100", column="value", min_value=0, max_value=100)],
        )  # fmt: skip
        (outcome,) = check_warehouse(path, [load_suite(suite)])
        (shares,) = outcome.expectations
        assert shares.unexpected_count == failing
        samples.append([r["id"] for r in shares.failing_rows])
    assert sorted(samples[0]) == sorted(samples[1]) == [f"r{i:04d}" for i in range(SAMPLE_ROWS)]
