"""The warm dbt process (mfgstats.orchestration.warm_dbt): the command dagster-dbt runs as `dbt` is served by the
process `mfgstats run` started early — same output, same exit code — and becomes dbt itself when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mfgstats.orchestration.warm_dbt import SOCKET_ENV, WarmDbt
from pipelines.project import dbt_project
from pipelines.resources import dbt_resource

PROJECT_DIR = Path(dbt_project.project_dir)


def dbt(*args: str) -> subprocess.CompletedProcess:
    """The command line dagster-dbt builds from the pipeline's resource, run as dagster-dbt runs it."""
    resource = dbt_resource()
    command = [resource.dbt_executable, *resource.global_config_flags, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_DIR, env=os.environ.copy())


@pytest.fixture
def warm():
    with WarmDbt() as process:
        yield process, os.environ[SOCKET_ENV]


def test_the_warm_process_serves_the_command_with_dbts_output_and_exit_code(warm):
    _, socket_path = warm
    done = dbt("--version")
    assert done.returncode == 0, done.stderr
    assert "installed:" in done.stdout and "duckdb" in done.stdout
    assert not os.path.exists(socket_path)  # taken by the warm process, not run by exec


def test_a_failing_command_keeps_dbts_exit_code_and_message(warm):
    done = dbt("no-such-command")
    assert done.returncode == 2
    assert "No such command 'no-such-command'" in done.stderr


def test_without_a_warm_process_the_client_is_dbt(warm):
    first = dbt("--version")  # uses the warm process
    second = dbt("--version")  # none left: exec
    os.environ.pop(SOCKET_ENV)
    third = dbt("--version")  # none configured: exec
    assert first.returncode == second.returncode == third.returncode == 0
    assert first.stdout == second.stdout == third.stdout


def test_a_stopped_run_leaves_no_process_and_no_socket_behind():
    process = WarmDbt()
    process.start()
    child, folder = process._process, process._dir.name
    process.stop()
    assert child.poll() is not None  # the pipe's end told it to leave
    assert not Path(folder).exists()
    assert SOCKET_ENV not in os.environ
    assert dbt("--version").returncode == 0


def test_the_client_needs_nothing_but_the_standard_library():
    """It starts for every dbt command: importing dbt or Dagster there would cost what the warm process saves."""
    heavy = "{'dbt', 'dagster', 'duckdb'}"
    probe = (
        "import sys, mfgstats.orchestration.warm_dbt; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
