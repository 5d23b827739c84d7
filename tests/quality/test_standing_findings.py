"""The findings are the warehouse's standing state: after an incremental run that only added an unrelated
document, the run summary, the report, results.json and `mfgstats check` still show every open finding (2800 vs
2100, 1796 vs 1783 …) stated with its values and sources, and their counts agree. Two real `mfgstats run`s."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

UNRELATED = "2024年，郑州市规模以上工业增加值比上年增长8.1%，工业投资增长12.3%。\n"
SIDECAR = (
    "title: 郑州市2024年工业运行情况\npublisher: 郑州市统计局\npublished: 2025-01-20\nregion: 郑州市\ntype: article\n"
)

# What a reader must see, whatever else the lines hold: both values and who stated them.
FINDINGS = [
    re.compile(r"制造业增加值 洛阳市 2025: 2100 亿元 \(table\) vs 2800 亿元 \(text\), 洛阳市人民政府 2022-04-26"),
    re.compile(r"1796 家 \(text, 人民日报 2020-10-23\) vs .*1783 家 .*洛阳市人民政府 2022-04-26"),
    re.compile(r"制造业增加值 洛阳市 2025 target: 2800 亿元 \(text\) vs 2100 亿元 \(table"),
    re.compile(r"stated = 83\.8 % vs 88\.31 % from 1638\.1 亿元 \(2020\) / 1854\.9 亿元 \(2020\)"),
]
SUITES_LINE = re.compile(r"quality suites\s*: (\d+) passed, (\d+) warned, (\d+) failed")


def mfgstats(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "mfgstats"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def two_runs(seed_deployment):
    deployment = seed_deployment("standing_findings")
    first = mfgstats(deployment.env, "run")
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    (deployment.raw_dir / "900_zhengzhou.txt").write_text(UNRELATED, encoding="utf-8")
    (deployment.raw_dir / "900_zhengzhou.txt.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    second = mfgstats(deployment.env, "run")
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-2000:]
    return deployment, first.stdout, second.stdout


def test_the_second_run_was_incremental_and_still_states_every_finding_with_values(two_runs):
    _, first, second = two_runs
    assert "dbt build                : incremental" in second, second[-3000:]
    for summary in (first, second):
        for finding in FINDINGS:
            assert finding.search(summary), f"{finding.pattern} missing from the run summary:\n{summary[-4000:]}"


def test_the_report_and_check_agree_with_the_summary(two_runs):
    deployment, _, second = two_runs
    results = json.loads((deployment.warehouse_dir / "quality" / "results.json").read_text(encoding="utf-8"))
    tally = results["tally"]
    assert tally["warned"] >= 4 and tally["failed"] == 0
    counts = SUITES_LINE.search(second)
    assert counts, second[-3000:]
    assert [int(n) for n in counts.groups()] == [tally["passed"], tally["warned"], tally["failed"]]

    page = (deployment.warehouse_dir / "quality" / "index.html").read_text(encoding="utf-8")
    assert f"{tally['warned']} warned 警告" in page
    for finding in FINDINGS:
        assert finding.search(page), f"{finding.pattern} missing from the report"

    # findings were read whole (the incremental build wrote none of these rows), the structure suites were scoped
    outcomes = {(o["model"], o["suite"]): o for o in results["outcomes"]}
    assert outcomes[("mart_conflicts", "sources_agree")]["severity"] == "WARN"
    assert outcomes[("dim_source", "structure")]["rows"] == 1  # the new document only

    check = mfgstats(deployment.env, "check", "--report", str(deployment.root / "check_report"))
    assert check.returncode == 0, check.stdout + check.stderr
    line = f"{tally['passed']} passed, {tally['warned']} warned, {tally['failed']} failed"
    assert line in check.stdout, check.stdout
    for finding in FINDINGS:
        assert finding.search(check.stdout), f"{finding.pattern} missing from `mfgstats check`"
