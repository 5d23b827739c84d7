"""Runs that Dagster launches (the UI, the daemon, `dagster job execute`) go through the code location's executor
(pipelines/executor.py): while another run holds the warehouse they wait, saying for which run, then fail naming
it — a real `dagster job execute` against a real instance, while this test holds the run lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dagster import DagsterInstance, DagsterRunStatus

from mfgstats.warehouse.runlock import RunLock

pytestmark = pytest.mark.slow


def test_a_launched_run_waits_for_the_lock_then_fails_naming_its_holder(tmp_path):
    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()
    warehouse, home = tmp_path / "warehouse", tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "MFGSTATS_RAW_DIR": str(tmp_path / "raw"),
        "MFGSTATS_WAREHOUSE_DIR": str(warehouse),
        "DAGSTER_HOME": str(home),
        "MFGSTATS_RUN_WAIT_S": "3",
    }
    dagster = str(Path(sys.executable).parent / "dagster")
    with RunLock(warehouse) as lock:
        assert lock.try_acquire("a test")
        lock.set_run("held-by-test")
        done = subprocess.run(
            [dagster, "job", "execute", "-m", "pipelines.definitions", "-j", "warehouse_job"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    holder = f"run held-by-test (a test, pid {os.getpid()}"
    assert f"waiting for {holder}" in output, output
    assert "is being built by" in output and holder in output, output
    assert "STEP_START" not in output, "a step ran without the lock"
    os.environ["DAGSTER_HOME"], previous = str(home), os.environ.get("DAGSTER_HOME")
    try:
        with DagsterInstance.get() as instance:
            (run,) = instance.get_runs()
            assert run.status == DagsterRunStatus.FAILURE
            assert run.tags["mfgstats/claimed_run"] == run.run_id  # claimed by the process that executed it
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous
