"""kill -9 of a whole run — the process and everything it started (warm dbt, the checks' fork server, the UI's
webserver, daemon, code server and run worker) — at ten points of the pipeline, and of the run's own process
alone at one more (its children must then end by themselves), then start again. Each time:

- right after the kill, the published warehouse opens read-only with its marts and the rows it had;
- the next `mfgstats run` succeeds, marks the killed runs failed (0 runs left STARTED or queued), removes what the
  killed run left (publish copies, warm dbt's socket folders, half-written state files), and publishes exactly
  the rows of a clean build.

Nine points kill `mfgstats run --force` (from the start to the publish); one kills a run started by
`dagster job execute`, one a run launched through the Dagster UI's GraphQL API (as the Launch button does), both
executed by the code location's executor (pipelines/executor.py) in their own process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from runtools import (
    Deployment,
    alive,
    dagster_instance,
    descendants,
    kill_tree,
    seed_documents,
    step_events,
    synthetic_documents,
    unfinished_runs,
)

from mfgstats.warehouse.runlock import read_holder

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SYNTHETIC = 60  # with the four seeds: ingestion, extraction, dbt and checks each last long enough to be hit
POINT_TIMEOUT_S = 600
ORPHAN_GRACE_S = 30  # warm dbt: interrupted at once, gone within 10 s


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Deployment, dict[str, int], dict[str, float]]:
    """A deployment built once (seeds and synthetic releases), the rows of its published warehouse, and how long
    each step of its build took (so that a point "halfway through a step" is, on a fast machine or a slow one)."""
    deployment = Deployment(tmp_path_factory.mktemp("kill") / "template")
    seed_documents(deployment.raw)
    synthetic_documents(deployment.raw, SYNTHETIC)
    code, output = deployment.run("run")
    assert code == 0, output
    return deployment, deployment.published_counts(), _step_durations(deployment)


def _step_durations(deployment: Deployment) -> dict[str, float]:
    from dagster import DagsterEventType

    kinds = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS}
    durations = {}
    with dagster_instance(deployment) as instance:
        for run in instance.get_runs():
            times = {}
            for record in instance.all_logs(run.run_id, of_type=kinds):
                times.setdefault(record.step_key, []).append(record.timestamp)
            durations.update({step: max(t) - min(t) for step, t in times.items() if len(t) == 2})
    return durations


@dataclass
class Watch:
    """What the test sees of the run it is about to kill."""

    deployment: Deployment
    instance: object
    known_runs: set[str]
    durations: dict[str, float]  # step → seconds it took in the template's build
    first_seen: dict[str, float] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)  # leftovers present at the moment of the kill

    def new_runs(self, job: str | None = None) -> list:
        runs = [r for r in self.instance.get_runs() if r.run_id not in self.known_runs]
        return [r for r in runs if job is None or r.job_name == job]

    def in_step(self, job: str, step: str, after_s: float) -> bool:
        """The step of the newest run of `job` has started, and not ended, at least after_s seconds ago."""
        runs = self.new_runs(job)
        if not runs:
            return False
        steps = step_events(self.instance, runs[0].run_id)
        if "STEP_START" not in steps.get(step, set()):
            return False
        ended = steps[step] - {"STEP_START"}
        assert not ended, f"{step} ended ({ended}) before the kill point was reached: make the workload larger"
        started = self.first_seen.setdefault(step, time.monotonic())
        return time.monotonic() - started >= after_s

    def still_in_step(self, job: str, step: str) -> None:
        """After the kill: the step had started and never ended, so the kill landed inside it."""
        steps = step_events(self.instance, self.new_runs(job)[0].run_id)
        assert steps.get(step) == {"STEP_START"}, f"the kill did not land inside {step}: {steps}"


def _at_startup(w: Watch) -> bool:
    # the run holds the warehouse and its warm dbt process is up (its socket folder exists), no Dagster run yet
    return read_holder(w.deployment.warehouse) is not None and bool(list(w.deployment.tmp.glob("mfgstats-dbt-*")))


def _publishing(w: Watch) -> bool:
    copies = list(w.deployment.warehouse.glob(".mfgstats.duckdb.*.tmp"))
    return bool(copies)


def _step(job: str, step: str, after_s: float) -> Callable[[Watch], bool]:
    return lambda w: w.in_step(job, step, after_s)


def _through(job: str, step: str, fraction: float) -> Callable[[Watch], bool]:
    """A fraction of the way through the step, by how long it took in the template's build."""
    return lambda w: w.in_step(job, step, fraction * w.durations[step])


@dataclass(frozen=True)
class Point:
    name: str
    reached: Callable[[Watch], bool]
    step: tuple[str, str] | None = None  # (job, step) the kill must land in
    launch: str = "cli"  # cli | job-execute | ui
    poll_s: float = 0.05
    whole_tree: bool = True  # False: kill -9 the run's own process only, as the OOM killer would


POINTS = [
    Point("startup", _at_startup),
    Point("ingest", _through("ingest_job", "raw_documents", 0.1), ("ingest_job", "raw_documents")),
    Point("ingest-late", _through("ingest_job", "raw_documents", 0.5), ("ingest_job", "raw_documents")),
    Point("extract", _through("warehouse_job", "extracted_facts", 0.3), ("warehouse_job", "extracted_facts")),
    Point("dbt-start", _step("warehouse_job", "warehouse_models", 0.5), ("warehouse_job", "warehouse_models")),
    Point("dbt-late", _through("warehouse_job", "warehouse_models", 0.5), ("warehouse_job", "warehouse_models")),
    Point(
        "dbt-parent-only",
        _through("warehouse_job", "warehouse_models", 0.3),
        ("warehouse_job", "warehouse_models"),
        whole_tree=False,
    ),
    Point("checks", _through("warehouse_job", "quality_suites", 0.3), ("warehouse_job", "quality_suites")),
    Point("publish", _publishing, ("warehouse_job", "published_warehouse"), poll_s=0.0005),
    Point(
        "job-execute-checks",
        _through("warehouse_job", "quality_suites", 0.3),
        ("warehouse_job", "quality_suites"),
        launch="job-execute",
    ),
    Point(
        "ui-dbt",
        _through("warehouse_job", "warehouse_models", 0.3),
        ("warehouse_job", "warehouse_models"),
        launch="ui",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gql(port: int, query: str, **variables) -> dict:
    r = requests.post(f"http://127.0.0.1:{port}/graphql", json={"query": query, "variables": variables}, timeout=120)
    r.raise_for_status()
    payload = r.json()
    assert not payload.get("errors"), payload["errors"]
    return payload["data"]


REPOSITORY = {"repositoryLocationName": "pipelines.definitions", "repositoryName": "__repository__"}


def _launch_through_the_ui(deployment: Deployment):
    """`mfgstats ui`, then, as the UI's Launch button does, a GraphQL launchRun of a complete warehouse build
    (the sensor stopped first, so that only this run runs)."""
    port = _free_port()
    proc = deployment.start("ui", "--port", str(port), log="ui")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, deployment.output("ui")
        try:
            entries = _gql(port, "{ workspaceOrError { ... on Workspace { locationEntries { loadStatus } } } }")
            if entries["workspaceOrError"]["locationEntries"][0]["loadStatus"] == "LOADED":
                break
        except (requests.RequestException, AssertionError, KeyError, IndexError):
            pass
        time.sleep(2)
    else:
        pytest.fail(f"the Dagster UI did not load:\n{deployment.output('ui')[-3000:]}")
    sensor = _gql(
        port,
        "query($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { ... on Sensor { sensorState { id } } } }",
        s={**REPOSITORY, "sensorName": "raw_files_sensor"},
    )["sensorOrError"]["sensorState"]["id"]
    _gql(port, "mutation($id: String) { stopSensor(id: $id) { __typename } }", id=sensor)
    launched = _gql(
        port,
        """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename
             ... on PythonError { message } } }""",
        p={
            "selector": {**REPOSITORY, "jobName": "warehouse_job"},
            "runConfigData": {},
            "executionMetadata": {"tags": [{"key": "mfgstats/force", "value": "true"}]},
        },
    )["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return proc


def _start(point: Point, deployment: Deployment):
    if point.launch == "cli":
        return deployment.start("run", "--force", log="killed")
    if point.launch == "job-execute":
        dagster = str(Path(sys.executable).parent / "dagster")
        tags = json.dumps({"mfgstats/force": "true"})
        cmd = [dagster, "job", "execute", "-m", "pipelines.definitions", "-j", "warehouse_job", "--tags", tags]
        out = (deployment.root / "killed.out").open("wb")
        return subprocess.Popen(
            cmd, env=deployment.env, cwd=deployment.root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return _launch_through_the_ui(deployment)


@pytest.mark.parametrize("point", POINTS, ids=[p.name for p in POINTS])
def test_kill_9_then_start_again(point: Point, template, tmp_path):
    base, expected, durations = template
    deployment = base.copy(tmp_path / "d")
    with dagster_instance(deployment) as instance:
        watch = Watch(deployment, instance, {r.run_id for r in instance.get_runs()}, durations)
        proc = _start(point, deployment)
        deadline = time.monotonic() + POINT_TIMEOUT_S
        while not point.reached(watch):
            assert proc.poll() is None, f"the run ended before {point.name}:\n{deployment.output('killed')[-3000:]}"
            assert time.monotonic() < deadline, f"{point.name} not reached in {POINT_TIMEOUT_S} s"
            time.sleep(point.poll_s)
        if point.whole_tree:
            killed_pids = kill_tree(proc.pid)
        else:  # its children (warm dbt, the dbt client, the checks' fork server) must end by themselves, soon
            killed_pids = descendants(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            deadline = time.monotonic() + ORPHAN_GRACE_S
            while [p for p in killed_pids if alive(p)] and time.monotonic() < deadline:
                time.sleep(0.1)
            orphans = [p for p in killed_pids if alive(p)]
            assert not orphans, f"processes outlived their run by {ORPHAN_GRACE_S} s: {orphans}"
        proc.wait()
        left_by_kill = deployment.leftovers()
        if point.step is not None:
            watch.still_in_step(*point.step)
        if point.name == "publish":
            assert any(".mfgstats.duckdb." in p for p in left_by_kill), left_by_kill
        if point.name == "startup":
            assert any("mfgstats-dbt-" in p for p in left_by_kill), left_by_kill
        killed_runs = [r.run_id for r in watch.new_runs() if not r.is_finished]  # an ingest run may have ended

        # The published warehouse is untouched by the kill: a reader opens it and finds every row.
        assert deployment.published_counts() == expected
        assert read_holder(deployment.warehouse) is None, "the kernel released the dead run's lock"

        code, output = deployment.run("run", log="next")
        assert code == 0, output
        assert "Traceback" not in output, output
        assert unfinished_runs(instance) == [], "runs left unfinished after the next start"
        assert killed_runs or point.name == "startup", "the kill hit no run"
        for run_id in killed_runs:
            run = instance.get_run_by_id(run_id)
            assert run.status.value == "FAILURE", (run_id, run.job_name, run.status)
            assert run.tags.get("mfgstats/pid"), "the killed run recorded no process"
        assert deployment.leftovers() == [], f"left behind: {deployment.leftovers()} (after the kill: {left_by_kill})"
        assert deployment.published_counts() == expected
    assert killed_pids
