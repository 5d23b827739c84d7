"""Runs whose process died are marked failed at the next start (mfgstats.orchestration.run_guard), on a real
Dagster instance with runs executed by real processes; the sensor and the schedule skip, naming the run, while a
run holds the warehouse; both are on by default."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from dagster import (
    DagsterInstance,
    DagsterRunStatus,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
)

from mfgstats.orchestration import run_guard
from mfgstats.warehouse.runlock import RunLock

# A job whose one op says "ready" then sleeps: the test kills its process mid-run, as kill -9 kills a pipeline run.
SLEEPER = textwrap.dedent(
    """
    import sys, time, uuid
    from dagster import DagsterInstance, job, op
    from mfgstats.orchestration.run_guard import owner_tags

    @op
    def sleep_a_while():
        print("ready", flush=True)
        time.sleep(120)

    @job
    def sleeper():
        sleep_a_while()

    run_id = str(uuid.uuid4())
    tags = {"claimed": owner_tags(run_id), "unclaimed": {}, "inherited": owner_tags("its-parent")}[sys.argv[1]]
    with DagsterInstance.get() as instance:
        sleeper.execute_in_process(instance=instance, tags=tags, run_id=run_id)
    """
)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    with DagsterInstance.get() as instance:
        yield instance


def _sleeping_run(mode: str) -> subprocess.Popen:
    """A process whose run is STARTED in the instance (its op sleeps); `claimed`: tagged with its process."""
    proc = subprocess.Popen([sys.executable, "-c", SLEEPER, mode], stdout=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        pytest.fail("the sleeping run did not start")
    return proc


def test_a_run_whose_process_died_is_marked_failed_and_a_live_one_is_not(instance):
    proc = _sleeping_run("claimed")
    try:
        (run,) = instance.get_runs()
        assert run.status == DagsterRunStatus.STARTED
        assert run_guard.fail_dead_runs(instance) == []  # its process is alive: left alone
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    said = []
    assert run_guard.fail_dead_runs(instance, say=said.append) == [run.run_id]
    assert instance.get_run_by_id(run.run_id).status == DagsterRunStatus.FAILURE
    assert said and f"pid {proc.pid}" in said[0] and "sleeper" in said[0]
    assert run_guard.fail_dead_runs(instance) == []  # once


@pytest.mark.parametrize("mode", ["unclaimed", "inherited"])
def test_an_unclaimed_run_is_failed_only_once_it_has_been_idle_for_the_grace_period(mode, instance, monkeypatch):
    """Unclaimed: killed before its process tagged it; inherited: re-executed, with its parent run's claim."""
    proc = _sleeping_run(mode)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    (run,) = instance.get_runs()
    assert run_guard.fail_dead_runs(instance) == []  # it may be a run worker that has not claimed it yet
    monkeypatch.setattr(run_guard, "GRACE_S", 0.0)
    assert run_guard.fail_dead_runs(instance) == [run.run_id]
    assert instance.get_run_by_id(run.run_id).status == DagsterRunStatus.FAILURE


@pytest.fixture(scope="module")
def definitions():
    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()
    from pipelines import schedules, sensors

    return sensors, schedules


def test_the_schedule_and_the_sensor_are_on_by_default(definitions):
    sensors, schedules = definitions
    assert schedules.nightly_rebuild.default_status == DefaultScheduleStatus.RUNNING
    assert sensors.raw_files_sensor.default_status == DefaultSensorStatus.RUNNING


def test_the_sensor_and_the_schedule_skip_naming_the_run_that_holds_the_warehouse(definitions, instance, tmp_path):
    from pipelines.resources import Warehouse

    sensors, schedules = definitions
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("洛阳市2024年规模以上工业增加值增长8.5%。", encoding="utf-8")
    warehouse = Warehouse(raw_dir=str(raw), warehouse_dir=str(tmp_path / "warehouse"))
    with RunLock(warehouse.warehouse_dir) as lock:
        assert lock.try_acquire("mfgstats run")
        lock.set_run("abc-123")
        with build_sensor_context(instance=instance, resources={"warehouse": warehouse}) as context:
            skipped = sensors.raw_files_sensor(context)
        assert isinstance(skipped, SkipReason)
        assert f"run abc-123 (mfgstats run, pid {os.getpid()}" in skipped.skip_message
        with build_schedule_context(instance=instance, resources={"warehouse": warehouse}) as context:
            skipped = schedules.nightly_rebuild.evaluate_tick(context).skip_message
        assert skipped and "run abc-123" in skipped
    # the lock released: the sensor asks for the new file to be ingested
    with build_sensor_context(instance=instance, resources={"warehouse": warehouse}) as context:
        result = sensors.raw_files_sensor(context)
    assert [r.job_name for r in result.run_requests] == ["ingest_job"]


def test_mfgstats_ui_marks_dead_runs_failed_before_it_serves(instance, tmp_path):
    from mfgstats.serve.processes import stop_group

    proc = _sleeping_run("claimed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    (run,) = instance.get_runs()
    env = {
        **os.environ,
        "MFGSTATS_RAW_DIR": str(tmp_path / "raw"),
        "MFGSTATS_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "DAGSTER_HOME": os.environ["DAGSTER_HOME"],
    }
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mfgstats = str(Path(sys.executable).parent / "mfgstats")
    ui = subprocess.Popen(
        [mfgstats, "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        lines = []
        for line in ui.stdout:  # what it says before `dagster dev` takes over
            lines.append(line)
            if line.startswith("Dagster UI on"):
                break
    finally:
        stop_group(ui.pid)
        ui.wait(timeout=60)
    said = "".join(lines)
    assert f"run {run.run_id} (sleeper) was left STARTED" in said, said
    assert instance.get_run_by_id(run.run_id).status == DagsterRunStatus.FAILURE
