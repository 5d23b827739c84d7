"""The HTML report from hand-made outcomes: what blocks publishing is said first, findings list every row, text
from the documents is escaped, and the page needs nothing from the network."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from mfgstats.quality.report import render, with_unselected, write_report
from mfgstats.quality.results import ExpectationOutcome, SuiteOutcome

WHEN = datetime(2026, 1, 2, 3, 4, 5)


def outcome(suite: str, model: str, *expectations: ExpectationOutcome, blocking=True, findings=False, error=None):
    return SuiteOutcome(
        suite=suite, model=model, label=f"x/{suite}", path=f"expectations/x/{suite}.yml", description=f"{suite} rules",
        blocking=blocking, findings=findings, rows=3, expectations=list(expectations), error=error,
    )  # fmt: skip


def expectation(description: str, severity="critical", success=False, rows=()):
    return ExpectationOutcome(
        type="expect_column_values_to_be_between", description=description, severity=severity, success=success,
        element_count=3, unexpected_count=len(rows), failing_rows=list(rows),
    )  # fmt: skip


CONFLICT = {"stated_a": "1796 家", "publisher_a": "人民日报", "stated_b": "1783 家", "publisher_b": "洛阳市人民政府"}


def test_a_blocking_error_is_announced_before_anything_else():
    page = render(
        [
            outcome("sources_agree", "mart_conflicts", expectation("sources agree", "warning", rows=[CONFLICT]),
                    blocking=False, findings=True),
            outcome("ranges", "fct_observation", expectation("shares within 0–100 %", rows=[{"value": 130.0}])),
        ],
        Path("/w/mfgstats.duckdb"),
        WHEN,
    )  # fmt: skip
    banner = page.index("Publishing blocked")
    assert banner < page.index("Findings")
    assert "fct_observation / ranges" in page[banner : page.index("Findings")]
    assert "1 passed" not in page and "0 passed 通过, 1 warned 警告, 1 failed 错误" in page
    overview = page.split("All checks", 1)[1]
    assert overview.index("ranges") < overview.index("sources_agree"), "errors are listed before warnings"


def test_findings_show_both_values_and_sources_and_nothing_blocks_on_warnings():
    page = render(
        [outcome("sources_agree", "mart_conflicts", expectation("sources agree", "warning", rows=[CONFLICT]),
                 blocking=False, findings=True)],
        Path("/w/mfgstats.duckdb"),
        WHEN,
    )  # fmt: skip
    assert "Nothing blocks publishing" in page
    findings = page.split("Findings · 发现", 1)[1].split("All checks", 1)[0]
    for value in CONFLICT.values():
        assert f"<td>{value}</td>" in findings


def test_text_from_documents_is_escaped_and_the_page_fetches_nothing():
    hostile = {"evidence_text": '<script>alert("x")</script> & <img src=http://x>', "value": 1.1e12}
    page = render(
        [outcome("structure", "fct_observation", expectation("evidence is text", rows=[hostile]))],
        Path("/w/<b>.duckdb"),
        WHEN,
    )
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert "1,100,000,000,000" in page, "large numbers are written out, not in exponent form"
    assert not re.search(r'(?i)<(script|link|img)|(src|href)\s*=\s*"(?!#)', page), "only in-page links"


def test_an_unrunnable_suite_says_why(tmp_path: Path):
    page_path = write_report(
        [outcome("structure", "dim_time", error="the warehouse has no table main.dim_time")],
        tmp_path / "quality",
        Path("/w/mfgstats.duckdb"),
        WHEN,
    )
    page = page_path.read_text(encoding="utf-8")
    assert "Could not run · 无法运行: the warehouse has no table main.dim_time" in page
    results = json.loads((tmp_path / "quality" / "results.json").read_text(encoding="utf-8"))
    assert results["tally"] == {"passed": 0, "warned": 0, "failed": 1}
    assert results["outcomes"][0]["severity"] == "ERROR"
    assert not list((tmp_path / "quality").glob(".*.tmp")), "no temporary file is left behind"


def test_a_subset_of_checks_keeps_the_other_checks_last_outcomes_and_their_findings(tmp_path: Path):
    directory = tmp_path / "quality"
    finding = outcome("sources_agree", "mart_conflicts", expectation("sources agree", "warning", rows=[CONFLICT]),
                      blocking=False, findings=True)  # fmt: skip
    known = [("structure", "fct_observation"), ("sources_agree", "mart_conflicts"), ("structure", "dim_time")]
    write_report([outcome("structure", "fct_observation", expectation("ok", success=True)), finding], directory, "w")
    # a subset run (one check, from the UI) that now fails; a check the suites no longer hold is dropped
    subset = [outcome("structure", "fct_observation", expectation("shares within 0–100 %", rows=[{"value": 130.0}]))]
    shown = with_unselected(subset, directory, known[:2])
    assert [(o.suite, o.model, o.severity) for o in shown] == [
        ("structure", "fct_observation", "ERROR"),
        ("sources_agree", "mart_conflicts", "WARN"),
    ]
    assert shown[1].finding_lines() == finding.finding_lines() and shown[1].failed[0].failing_rows == [CONFLICT]
    page = write_report(shown, directory, "w").read_text(encoding="utf-8")
    assert "0 passed 通过, 1 warned 警告, 1 failed 错误" in page and "1796 家" in page
    # no earlier report (or an unreadable one): the subset alone
    (directory / "results.json").write_text("{", encoding="utf-8")
    assert with_unselected(subset, directory, known) == subset
