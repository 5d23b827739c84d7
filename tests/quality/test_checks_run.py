"""What the asset checks hand to Dagster, without Dagster: the run of the chosen suites with its report, and the
Markdown of each outcome (mfgstats.quality.checks, mfgstats.quality.markdown)."""

from __future__ import annotations

import json
import logging

from mfgstats.quality import ERROR, load_suites
from mfgstats.quality.checks import CHANGED_ROWS, EVERY_ROW, forwarded_log, run_checks
from mfgstats.quality.markdown import cell, expectations_table, failing_rows
from mfgstats.quality.report import JSON_NAME
from mfgstats.quality.results import ExpectationOutcome, SuiteOutcome
from mfgstats.warehouse.target import FileTarget


def _outcome(*expectations: ExpectationOutcome, error: str | None = None, findings: bool = False) -> SuiteOutcome:
    return SuiteOutcome(
        suite="ranges", model="fct_observation", label="x/ranges", path="expectations/x/ranges.yml",
        description="ranges", blocking=True, findings=findings, rows=30, expectations=list(expectations), error=error,
    )  # fmt: skip


def _failed(rows: list[dict], count: int | None = None) -> ExpectationOutcome:
    return ExpectationOutcome(
        type="expect_column_values_to_be_between", description="share | within 0–100", severity="critical",
        success=False, element_count=30, unexpected_count=len(rows) if count is None else count, failing_rows=rows,
    )  # fmt: skip


def test_a_markdown_cell_stays_on_one_line_and_keeps_its_pipes():
    assert cell("a|b\n  c") == "a\\|b c"
    assert cell(None) == "∅"
    assert cell(6.5) == "6.5"


def test_the_expectations_table_has_a_row_per_expectation_and_an_error_replaces_it():
    passed = ExpectationOutcome(type="t", description="ok", severity="critical", success=True, unexpected_count=0)
    table = expectations_table(_outcome(passed, _failed([{"value": 130.0}])))
    lines = table.splitlines()
    assert lines[0] == "| result | severity | expectation | failing rows |"
    assert lines[2:] == ["| pass | critical | ok | 0 |", "| error | critical | share \\| within 0–100 | 1 |"]
    assert expectations_table(_outcome(error="no warehouse")) == "**could not run**: no warehouse"


def test_failing_rows_show_a_sample_and_say_how_many_there_were():
    rows = [{"id": f"o{i}", "value": None if i == 0 else 100.0 + i} for i in range(25)]
    text = failing_rows(_outcome(_failed(rows, count=40)), limit=20)
    assert text.startswith("**share \\| within 0–100** — 40 rows, the first 20 shown")
    assert "| id | value |" in text and "| o0 | ∅ |" in text and "| o19 | 119.0 |" in text
    assert "o20" not in text
    assert failing_rows(_outcome(_failed([], count=3))) is None  # nothing kept to show


def test_an_unreadable_warehouse_fails_every_chosen_check_and_the_report_keeps_the_others(tmp_path):
    pairs = [(suite, model) for suite in load_suites() for model in suite.models]
    report_dir = tmp_path / "quality"
    report_dir.mkdir()
    other = pairs[-1]
    earlier = SuiteOutcome.start(*other)
    (report_dir / JSON_NAME).write_text(json.dumps({"outcomes": [earlier.json()]}), encoding="utf-8")
    chosen = pairs[:2]
    run = run_checks(FileTarget(tmp_path / "none"), report_dir, chosen, pairs, scoped=False)
    assert [(o.suite, o.model) for o in run.outcomes] == [(s.name, m) for s, m in chosen]
    assert all(o.severity == ERROR and "no warehouse at" in o.error for o in run.outcomes)
    assert run.blocked == any(s.blocking for s, _ in chosen)
    assert run.snapshot is None and run.report == report_dir / "index.html"
    reported = json.loads((report_dir / JSON_NAME).read_text(encoding="utf-8"))
    assert [(o["suite"], o["model"]) for o in reported["outcomes"]][-1] == (other[0].name, other[1])
    assert reported["database"].endswith(f"({EVERY_ROW})")


def test_scope_after_an_incremental_build_is_the_changed_rows_except_for_findings(tmp_path):
    pairs = [(suite, model) for suite in load_suites() for model in suite.models]
    run = run_checks(FileTarget(tmp_path), tmp_path / "q", pairs[:1], pairs, scoped=True)
    assert run.scope(_outcome()) == CHANGED_ROWS
    assert run.scope(_outcome(findings=True)) == EVERY_ROW


def test_the_quality_log_reaches_the_callers_log_after_the_block():
    seen: list[tuple[str, str]] = []
    with forwarded_log(lambda m: seen.append(("info", m)), lambda m: seen.append(("warning", m))):
        logging.getLogger("mfgstats.quality.worker").warning("a worker died")
        logging.getLogger("mfgstats.quality").info("validated here")
        logging.getLogger("mfgstats.quality").debug("not at info")
        assert seen == []
    assert seen == [("warning", "a worker died"), ("info", "validated here")]
