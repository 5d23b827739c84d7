"""The quality checks as Dagster runs them: on the seeds' warehouse they pass (findings warn) and publishing goes
ahead; on a deliberately broken mart (a share of 130 %, a null key) they fail with ERROR, `published_warehouse`
does not run, and the previously published warehouse stays byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from broken_marts import break_marts, run_checks_then_publish
from dagster import AssetCheckSeverity, AssetKey

pytestmark = pytest.mark.slow


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def evaluations(result) -> dict[tuple[str, str], object]:
    return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}


def published(result) -> bool:
    return any(e.asset_key == AssetKey("published_warehouse") for e in result.get_asset_materialization_events())


def test_on_the_seeds_structure_passes_findings_warn_and_the_warehouse_is_published(seeded_run, warehouse_copy):
    result = run_checks_then_publish(warehouse_copy, seeded_run.raw_dir)
    assert result.success
    assert published(result)
    checks = evaluations(result)
    for (model, name), e in checks.items():
        if name in ("structure", "ranges"):
            assert e.passed, f"{model} / {name}: {e.description}"
    conflicts = checks[("mart_conflicts", "sources_agree")]
    assert not conflicts.passed
    assert conflicts.severity == AssetCheckSeverity.WARN
    findings = conflicts.metadata["findings"].value
    pair = [f for f in findings if f["indicator_key"] == "above_scale_industrial_enterprises_count"]
    sides = [(f["stated_a"], f["publisher_a"], f["file_a"], f["stated_b"], f["publisher_b"], f["file_b"]) for f in pair]
    assert sides == [
        ("1796 家", "人民日报", "000_1f30f3a4bdbadbcc.txt", "1783 家", "洛阳市人民政府", "003_a02ff61b1f3992ea.txt")
    ]
    assert "1796 家" in conflicts.metadata["failing_rows"].value
    assert Path(conflicts.metadata["report"].value) == warehouse_copy / "quality" / "index.html"


def test_a_broken_mart_is_an_error_that_blocks_publishing_and_keeps_the_published_warehouse(seeded_run, warehouse_copy):
    published_db = warehouse_copy / "mfgstats.duckdb"
    before = sha256(published_db)
    broken = break_marts(warehouse_copy / "build" / "mfgstats.duckdb")

    result = run_checks_then_publish(warehouse_copy, seeded_run.raw_dir)

    assert not result.success
    assert not published(result)
    checks = evaluations(result)
    ranges = checks[("fct_indicator_observation", "ranges")]
    assert (ranges.passed, ranges.severity) == (False, AssetCheckSeverity.ERROR)
    assert "shares and percentages lie within 0–100 %" in ranges.description
    assert broken["share_130"] in ranges.metadata["failing_rows"].value
    structure = checks[("fct_observation", "structure")]
    assert (structure.passed, structure.severity) == (False, AssetCheckSeverity.ERROR)
    assert "region_key is set" in structure.description
    assert broken["null_region_key"] in structure.metadata["failing_rows"].value
    # Every other structure suite still passes: the errors point at what broke, nothing else.
    failed = sorted(k for k, e in checks.items() if not e.passed and e.severity == AssetCheckSeverity.ERROR)
    assert failed == [("fct_indicator_observation", "ranges"), ("fct_observation", "structure")]

    assert sha256(published_db) == before
    with duckdb.connect(str(published_db), read_only=True) as con:
        value = con.execute(
            "SELECT value_normalised FROM main.fct_indicator_observation WHERE observation_id = ?",
            [broken["share_130"]],
        ).fetchone()[0]
    assert value != 130

    report = (warehouse_copy / "quality" / "index.html").read_text(encoding="utf-8")
    assert "Publishing blocked" in report
    assert broken["share_130"] in report and broken["null_region_key"] in report
    outcomes = json.loads((warehouse_copy / "quality" / "results.json").read_text(encoding="utf-8"))["outcomes"]
    assert {(o["model"], o["suite"]) for o in outcomes if o["severity"] == "ERROR"} == set(failed)


def test_without_a_build_database_every_check_is_an_error_and_nothing_is_published(tmp_path: Path):
    result = run_checks_then_publish(tmp_path / "warehouse", tmp_path / "raw")
    assert not result.success
    assert not published(result)
    checks = evaluations(result)
    assert checks, "the checks still report"
    for e in checks.values():
        assert (e.passed, e.severity) == (False, AssetCheckSeverity.ERROR)
        assert e.description.startswith("could not run: no warehouse at")
    assert not (tmp_path / "warehouse" / "mfgstats.duckdb").exists()
