"""The suites on the warehouse the pipeline built from the four seed documents: structure and ranges pass, and
the disagreements the seeds are known to contain come out as WARN findings with their values and sources."""

from __future__ import annotations

import pytest

from mfgstats.quality import check_warehouse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outcomes(seeded_run):
    return {(o.model, o.suite): o for o in check_warehouse(seeded_run.published_db)}


def failing(outcomes, model: str, suite: str) -> list[dict]:
    return [row for e in outcomes[(model, suite)].failed for row in e.failing_rows]


def test_every_structure_suite_passes_and_no_check_is_an_error(outcomes):
    for (model, suite), o in outcomes.items():
        assert o.severity != "ERROR", f"{model} / {suite}: {o.summary()}"
        if suite == "structure":
            assert o.passed, f"{model}: {o.summary()}"


def test_the_enterprise_count_1783_vs_1796_is_a_warn_with_both_values_and_documents(outcomes):
    assert outcomes[("mart_conflicts", "sources_agree")].severity == "WARN"
    rows = [
        r
        for r in failing(outcomes, "mart_conflicts", "sources_agree")
        if r["indicator_key"] == "above_scale_industrial_enterprises_count"
    ]
    # the article's reading (dated within 2020 by the extractor) against the plan's year-end figure: different
    # dates, not a conflict, but both readings are shown
    sides = ("stated", "publisher", "published_on", "file", "evidence")
    assert [([r[f"{k}_a"] for k in sides], [r[f"{k}_b"] for k in sides]) for r in rows] == [
        (
            ["1796 家", "人民日报", "2020-10-23", "000_1f30f3a4bdbadbcc.txt", "1796家"],
            ["1783 家", "洛阳市人民政府", "2022-04-26", "003_a02ff61b1f3992ea.txt", "1783 家"],
        )
    ]
    assert rows[0]["period_key_a"].startswith("2020") and rows[0]["period_key_b"] == "2020"
    assert rows[0]["verdict"] == "different dates"
    assert rows[0]["verdict_reason"], "the report says why the pair is shown"


def test_the_83_8_percent_share_whose_parts_give_88_3_is_a_warn(outcomes):
    (row,) = failing(outcomes, "fct_observation", "share_identities")
    assert (row["stated_share"], row["implied_share"], row["part_stated"], row["whole_stated"]) == (
        "= 83.8 %",
        88.31,
        "1638.1 亿元 (2020)",
        "1854.9 亿元 (2020)",
    )
    assert row["share_source"].startswith("洛阳市人民政府 003_a02ff61b1f3992ea.txt @")
    assert row["deviation"] > row["tolerance"]


def test_the_stated_7_5_percent_a_year_against_its_levels_is_a_warn(outcomes):
    (row,) = failing(outcomes, "fct_observation", "growth_identities")
    assert (row["indicator_key"], row["period_key"], row["stated_growth"], row["implied_growth"]) == (
        "industrial_value_added",
        "2016-2020",
        "= 7.5 %",
        4.46,
    )
    assert (row["start_stated"], row["end_stated"]) == ("1491 亿元 (2015)", "1854.9 亿元 (2020, actual)")


def test_the_2025_value_added_target_2800_vs_2100_is_a_warn_with_both_statements(outcomes):
    assert outcomes[("mart_plan_progress", "targets_agree")].severity == "WARN"
    rows = [
        r
        for r in failing(outcomes, "mart_plan_progress", "targets_agree")
        if r["indicator_key"] == "manufacturing_value_added"
    ]
    assert sorted((r["target_period_key"], r["target_stated"], r["origin"], r["other_statements"]) for r in rows) == [
        ("2025", "2100 亿元", "table", "2800 亿元 (text, 洛阳市人民政府 2022-04-26)"),
        ("2025", "2800 亿元", "text", "2100 亿元 (table, 洛阳市人民政府 2022-04-26)"),
    ]
    assert {(r["publisher"], r["file_path"]) for r in rows} == {("洛阳市人民政府", "003_a02ff61b1f3992ea.txt")}
