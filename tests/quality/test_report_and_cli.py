"""What a person sees: the run summary of `mfgstats run`, the offline HTML report next to the warehouse, and
`mfgstats check` against any warehouse file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from broken_marts import break_marts

from mfgstats.cli import main
from mfgstats.quality.suites import load_suites

pytestmark = pytest.mark.slow


def test_the_run_summary_counts_the_checks_lists_the_findings_and_links_the_report(seeded_run):
    out = seeded_run.stdout
    (failed,) = re.findall(r"checks\s+: \d+ passed, \d+ warned, (\d+) failed", out)
    assert failed == "0"
    for line in (
        "WARN  mart_conflicts / sources_agree",
        "WARN  fct_observation / share_identities",
        "WARN  fct_observation / growth_identities",
        "WARN  mart_plan_progress / targets_agree",
    ):
        assert line in out
    assert f"quality report           : {seeded_run.report}" in out
    assert f"published warehouse      : {seeded_run.published_db}" in out


def test_the_report_is_one_offline_page_with_every_check_and_the_findings(seeded_run):
    page = seeded_run.report.read_text(encoding="utf-8")
    # Nothing to fetch: no scripts, stylesheets, images or fonts from anywhere.
    assert not re.search(r"(?i)https?://|<script|<link|<img|@import|url\(", page)
    assert '<meta charset="utf-8">' in page
    for suite in load_suites():
        for model in suite.models:
            assert f'id="{model}--{suite.name}"' in page, f"{model} / {suite.name} missing from the report"
    findings = page.split("<h2>Findings · 发现</h2>", 1)[1].split("<h2>", 1)[0]
    for text in (
        "1796 家",
        "1783 家",
        "人民日报",
        "000_1f30f3a4bdbadbcc.txt",
        "83.8",
        "88.31",
        "2800 亿元",
        "2100 亿元",
    ):
        assert text in findings
    assert "Nothing blocks publishing" in page
    assert (seeded_run.report.parent / "results.json").is_file()


def test_check_command_on_the_published_warehouse_writes_the_report(seeded_run, tmp_path, capsys):
    code = main(["check", "--db", str(seeded_run.published_db), "--report", str(tmp_path / "q")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"checked .*: \d+ passed, \d+ warned, 0 failed", out)
    assert "WARN  mart_conflicts / sources_agree" in out
    assert (tmp_path / "q" / "index.html").is_file()


def test_check_command_fails_on_a_broken_warehouse_naming_the_check(seeded_run, tmp_path, capsys):
    db = tmp_path / "mfgstats.duckdb"  # the same file name: dbt-duckdb views name their catalog (the file stem)
    shutil.copy(seeded_run.published_db, db)
    break_marts(db)
    code = main(["check", "--db", str(db), "--report", str(tmp_path / "q")])
    out = capsys.readouterr().out
    assert code == 1
    assert "ERROR fct_indicator_observation / ranges: shares and percentages lie within 0–100 %" in out
    assert "ERROR fct_observation / structure: region_key is set" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/absent.duckdb"], "no warehouse at {tmp}/absent.duckdb: build it with `mfgstats run`"),
        (["--suites", "{tmp}/no-suites"], "the expectations directory does not exist"),
    ],
    ids=["missing warehouse", "missing suites directory"],
)
def test_check_command_explains_what_to_do(seeded_run, tmp_path: Path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    if "--db" not in args:
        args += ["--db", str(seeded_run.published_db)]
    assert main(["check", *args, "--report", str(tmp_path / "q")]) == 1
    assert message.format(tmp=tmp_path) in capsys.readouterr().err
