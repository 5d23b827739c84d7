"""The whole pipeline, as `make run` runs it, on copies of the four seed documents in a temporary directory:
real ingestion, extraction, dbt build, Dagster runs, quality checks and an atomic publish (the `built` deployment
of conftest.py)."""

from __future__ import annotations

import re

import pytest
from e2e_helpers import query, run_cli

from mfgstats.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e


def test_summary_names_counts_and_the_published_warehouse(built):
    root, _, done = built
    assert "documents in warehouse   : 4" in done.stdout
    assert "files in quarantine      : 1" in done.stdout
    assert "    empty.txt: " in done.stdout  # the file, the reason and what to do
    assert str(root / "warehouse" / "mfgstats.duckdb") in done.stdout
    # warnings the user can act on (the quarantined file) are shown; dagster-dbt's notices about dbt tests are not
    warnings = [line for line in (done.stdout + done.stderr).splitlines() if " - WARNING - " in line]
    assert warnings and all("quarantined empty.txt" in line for line in warnings), warnings


def test_the_enterprise_count_of_2020_is_two_observations_from_two_sources(built):
    root, _, _ = built
    rows = query(
        root,
        """
        select distinct left(s.file_path, 3), f.value, f.status
        from main.fct_enterprise_observation f join main.dim_source s using (document_id)
        where f.indicator_key = 'above_scale_industrial_enterprises_count' and year(f.period_end) = 2020
        order by f.value
        """,
    )
    # the plan's year-end count and the article's reading within 2020 (which day the extractor dates it to is
    # tests/extract's business)
    assert rows == [("003", 1783.0, "actual"), ("000", 1796.0, "actual")]


def test_published_warehouse_lists_the_models_to_a_read_only_reader(built):
    root, _, _ = built
    tables = {name for (name,) in query(root, "select table_name from information_schema.tables")}
    assert {"dim_time", "dim_region", "dim_source", "fct_indicator_observation", "mart_plan_progress"} <= tables


SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)


def documented_queries() -> list[str]:
    docs = [PROJECT_ROOT / "README.md", PROJECT_ROOT / "docs" / "queries.md"]
    return [q for doc in docs for block in SQL_BLOCK.findall(doc.read_text(encoding="utf-8")) for q in split(block)]


def split(block: str) -> list[str]:
    return [
        q.strip()
        for q in block.split(";")
        if q.strip() and not all(line.startswith("--") for line in q.strip().splitlines())
    ]


def test_every_documented_query_runs_on_the_published_warehouse(built):
    root, _, _ = built
    queries = documented_queries()
    assert len(queries) >= 10
    for sql in queries:
        query(root, sql)  # raises with DuckDB's message if a documented query no longer binds


def test_the_readme_questions_return_the_rows_the_issue_names(built):
    root, _, _ = built
    conflicting = query(
        root,
        """select target_value from mart_plan_progress
           where has_conflicting_statements and indicator_key = 'manufacturing_value_added'
             and target_period_key = '2025' order by 1""",
    )
    assert conflicting == [(2100.0,), (2800.0,)]  # in the target's stated unit, 亿元
    equipment = query(
        root,
        """select target_value, progress_verdict from mart_plan_progress
           where chain_key = 'industry_advanced_equipment_manufacturing' and target_period_key = '2025'""",
    )
    assert equipment == [(5000.0, "no actual yet")]  # the seeds state no later actual of this chain
    margin = query(
        root,
        """select value_normalised, publisher from mart_latest_values
           where indicator_key = 'industrial_profit_margin' and measure = 'share'""",
    )
    assert margin == [(6.34, "洛阳日报（洛报融媒）")]


def test_a_second_run_over_unchanged_files_changes_nothing(built):
    root, env, _ = built
    before = (
        query(root, "select count(*) from raw.documents")[0][0],
        query(root, "select count(*) from raw.facts")[0][0],
    )
    done = run_cli(env, "run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files processed this run : 0" in done.stdout
    after = query(root, "select count(*) from raw.documents")[0][0], query(root, "select count(*) from raw.facts")[0][0]
    assert after == before
