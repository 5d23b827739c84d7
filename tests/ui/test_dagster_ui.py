"""The Dagster UI end to end: `mfgstats ui` serves the code location; through GraphQL we list the assets, asset
checks, the schedule and the sensor, see the daemon evaluate the sensor, launch the ingest and warehouse jobs and
wait for them to succeed; headless Chromium takes a picture of the asset graph. Every process started is stopped
afterwards (tests/ui/conftest.py).

Set MFGSTATS_UI_SCREENSHOT=docs/asset-graph.png to keep the picture (that is how the README's one is made)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from mfgstats.cli import main
from mfgstats.orchestration.ingest_run import partitions_of_keys
from mfgstats.serve.warehouse import mart_tables

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEEDS = Path(__file__).resolve().parents[2] / "data" / "raw"
RUN_SECONDS = 900
TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}
# SDMX time periods: year, half, quarter, month, day, or a start date with a duration
SDMX_PERIOD = re.compile(r"\d{4}(-S[12]|-Q[1-4]|-\d{2}(-\d{2})?)?|\d{4}-\d{2}-\d{2}/P\d+[YMD]")

SENSOR = """query($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { __typename
  ... on Sensor { sensorState { id status ticks(limit: 5) { status skipReason } } } } }"""


def _sensor(ui) -> dict:
    found = ui.gql(SENSOR, s={**ui.repository, "sensorName": "raw_files_sensor"})["sensorOrError"]
    assert found["__typename"] == "Sensor", found
    return found["sensorState"]


def test_assets_and_asset_checks_are_listed(dagster_ui):
    nodes = dagster_ui.gql(
        """{ assetNodes { assetKey { path } groupName isPartitioned
             assetChecksOrError { ... on AssetChecks { checks { name } } } } }"""
    )["assetNodes"]
    assets = {"/".join(n["assetKey"]["path"]): n for n in nodes}
    for key in ("raw_documents", "extracted_facts", "fct_observation", "mart_plan_progress", "published_warehouse"):
        assert key in assets, sorted(assets)
    assert assets["raw_documents"]["isPartitioned"] and not assets["extracted_facts"]["isPartitioned"]
    assert assets["published_warehouse"]["groupName"] == "serve"
    checks = {key: {c["name"] for c in n["assetChecksOrError"].get("checks", [])} for key, n in assets.items()}
    assert "unique_fct_observation_observation_id" in checks["fct_observation"]
    assert sum(len(c) for c in checks.values()) > 50  # dbt tests and quality checks, as asset checks


def test_schedule_and_sensor_are_listed_and_the_daemon_runs_the_sensor(dagster_ui):
    repos = dagster_ui.gql(
        """{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name }
             schedules { name cronSchedule executionTimezone scheduleState { status } }
             sensors { name sensorState { status } } jobs { name } } } } }"""
    )["repositoriesOrError"]["nodes"]
    assert len(repos) == 1
    repo = repos[0]
    schedules = {s["name"]: s for s in repo["schedules"]}
    assert schedules["nightly_rebuild"]["cronSchedule"] == "0 2 * * *"
    assert schedules["nightly_rebuild"]["executionTimezone"] == "Asia/Shanghai"
    assert schedules["nightly_rebuild"]["scheduleState"]["status"] == "RUNNING"  # on by default: make ui runs it
    assert {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]} == {"raw_files_sensor": "RUNNING"}
    assert {"ingest_job", "warehouse_job"} <= {j["name"] for j in repo["jobs"]}
    # the daemon evaluates the sensor: with an empty raw directory it skips, saying why
    deadline = time.monotonic() + 120
    while not (ticks := _sensor(dagster_ui)["ticks"]) and time.monotonic() < deadline:
        time.sleep(2)
    assert ticks, f"the daemon never evaluated raw_files_sensor:\n{dagster_ui.log_tail()}"
    assert ticks[0]["status"] == "SKIPPED"
    assert "no new files" in ticks[0]["skipReason"]


def _launch(ui, job: str, tags: dict[str, str] | None = None) -> str:
    result = ui.gql(
        """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename
             ... on LaunchRunSuccess { run { runId } } ... on PythonError { message }
             ... on RunConfigValidationInvalid { errors { message } } } }""",
        p={
            "selector": {**ui.repository, "jobName": job},
            "runConfigData": {},
            "executionMetadata": {"tags": [{"key": k, "value": v} for k, v in (tags or {}).items()]},
        },
    )["launchRun"]
    assert result["__typename"] == "LaunchRunSuccess", result
    return result["run"]["runId"]


def _wait(ui, run_id: str) -> str:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        status = ui.gql("query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }", id=run_id)
        if (state := status["runOrError"]["status"]) in TERMINAL:
            return state
        time.sleep(2)
    return "TIMED OUT"


def _failure(ui, run_id: str) -> str:
    """What went wrong in a run: its error events, step errors with their messages, and the UI log's tail."""
    events = ui.gql(
        """query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
             __typename ... on MessageEvent { message level stepKey }
             ... on ExecutionStepFailureEvent { error { message } } } } } }""",
        id=run_id,
    )["logsForRun"]["events"]
    lines = [
        f"{e.get('stepKey') or ''} {e['message']} {(e.get('error') or {}).get('message', '')}".strip()
        for e in events
        if e.get("level") == "ERROR" or "Failure" in e["__typename"]
    ]
    return "\n".join(lines) + "\n--- dagster log ---\n" + ui.log_tail()


@pytest.fixture(scope="module")
def launched(dagster_ui) -> dict[str, tuple[str, str]]:
    """Copy the seed documents in, register their partitions, launch ingest_job then warehouse_job through the
    GraphQL API and wait for each; job → (run id, final status)."""
    ui = dagster_ui
    # Stop the sensor first so that only the runs launched here run (and to check that the UI can stop it).
    stopped = ui.gql(
        """mutation($id: String) { stopSensor(id: $id) { ... on StopSensorMutationResult {
             instigationState { status } } } }""",
        id=_sensor(ui)["id"],
    )["stopSensor"]
    assert stopped["instigationState"]["status"] == "STOPPED"

    for seed in sorted(SEEDS.iterdir()):
        shutil.copy2(seed, ui.raw_dir / seed.name)
    files = [p.name for p in ui.raw_dir.iterdir() if not p.name.endswith(".meta.yaml")]
    keys = sorted(partitions_of_keys(ui.raw_dir, files))  # their publishers and years
    assert len(keys) == 4
    for key in keys:
        added = ui.gql(
            """mutation($r: RepositorySelector!, $k: String!) { addDynamicPartition(repositorySelector: $r,
                 partitionsDefName: "publisher_year", partitionKey: $k) { __typename } }""",
            r=ui.repository,
            k=key,
        )["addDynamicPartition"]
        assert added["__typename"] == "AddDynamicPartitionSuccess", added

    runs = {}
    ingest = _launch(
        ui,
        "ingest_job",
        {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
    )
    runs["ingest_job"] = (ingest, _wait(ui, ingest))
    if runs["ingest_job"][1] == "SUCCESS":
        build = _launch(ui, "warehouse_job")
        runs["warehouse_job"] = (build, _wait(ui, build))
    return runs


def test_launched_ingest_and_warehouse_runs_succeed(dagster_ui, launched):
    for job in ("ingest_job", "warehouse_job"):
        assert job in launched, launched
        run_id, status = launched[job]
        assert status == "SUCCESS", f"{job}: {status}\n{_failure(dagster_ui, run_id)}"
    materialised = dagster_ui.gql(
        """{ assetOrError(assetKey: {path: ["published_warehouse"]}) { ... on Asset {
             assetMaterializations(limit: 1) { runId } } } }"""
    )["assetOrError"]["assetMaterializations"]
    assert materialised == [{"runId": launched["warehouse_job"][0]}]
    with duckdb.connect(str(dagster_ui.warehouse_dir / "mfgstats.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT file_path) FROM main.fct_observation").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM main.mart_plan_progress").fetchone()[0] > 0


def test_serving_commands_on_the_warehouse_the_ui_built(dagster_ui, launched, monkeypatch, tmp_path, capsys):
    """status, sql and every export format on the real marts dbt built (not a hand-made fixture)."""
    assert launched.get("warehouse_job", ("", ""))[1] == "SUCCESS", launched
    for var, value in (
        ("MFGSTATS_RAW_DIR", dagster_ui.raw_dir),
        ("MFGSTATS_WAREHOUSE_DIR", dagster_ui.warehouse_dir),
        ("DAGSTER_HOME", dagster_ui.home),
    ):
        monkeypatch.setenv(var, str(value))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "documents  4 ingested" in out
    assert "SUCCESS" in out and "warehouse_job" in out  # the runs launched through the UI
    assert "file(s) in" not in out  # nothing in the raw directory is waiting

    assert main(["sql", "--json", "SELECT count(*) AS n FROM mart_plan_progress"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["n"] > 0

    assert main(["export", "--format", "parquet", "--out", str(tmp_path / "parquet")]) == 0
    with duckdb.connect(str(dagster_ui.warehouse_dir / "mfgstats.duckdb"), read_only=True) as con:
        marts = {t: con.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0] for t in mart_tables(con)}
    assert {"fct_observation", "mart_plan_progress", "mart_conflicts", "dim_indicator"} <= set(marts)
    manifest = json.loads((tmp_path / "parquet" / "manifest.json").read_text("utf-8"))
    assert {f["table"]: f["rows"] for f in manifest["files"]} == marts

    assert main(["export", "--format", "sdmx-csv", "--out", str(tmp_path / "sdmx")]) == 0
    with (tmp_path / "sdmx" / "DF_MFG_OBS.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 100
    assert all(SDMX_PERIOD.fullmatch(r["TIME_PERIOD"]) for r in rows), {r["TIME_PERIOD"] for r in rows}
    assert {r["OBS_STATUS"] for r in rows} <= {"A", "E", "F"}
    assert {"A", "F"} <= {r["OBS_STATUS"] for r in rows}  # the plan states both outturns and targets


def test_screenshot_of_the_asset_graph(dagster_ui, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):  # .ci/run installs it: missing there is a failure, not a skip
            pytest.fail("Chromium is missing in CI: .ci/run should have installed it")
        pytest.skip("no headless Chromium: `apt-get install chromium` to take the asset graph screenshot")
    dagster_ui.gql("mutation { setNuxSeen }")  # no "join the community" dialog over the graph
    picture = tmp_path / "asset-graph.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--hide-scrollbars",
            "--window-size=1600,900",
            "--virtual-time-budget=20000",  # let the page fetch and lay out the graph before the picture
            f"--screenshot={picture}",
            f"{dagster_ui.url}/asset-groups",
        ],
        check=True,
        capture_output=True,
        timeout=180,
        start_new_session=True,
    )
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 30_000  # a rendered graph, not a blank page
    if target := os.environ.get("MFGSTATS_UI_SCREENSHOT"):
        shutil.copyfile(picture, target)
