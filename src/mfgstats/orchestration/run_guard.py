"""Runs whose process died (kill -9, a crash, a power cut) stay STARTED in Dagster's storage for ever, and with one
run at a time they would block the UI's queue, the sensor and the schedule. Every run records the process that
executes it (tags: pid, its start time, host); at every start — `mfgstats run`, each run the UI or the daemon
launches, each sensor tick — the runs whose process is gone are marked failed.

A run not claimed by any process (killed before its first step, or from a version that did not tag its runs) is
marked failed once it has not changed for GRACE_S; the daemon's run monitoring (dagster.yaml) does the same for
runs stuck STARTING.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

from mfgstats.warehouse.runlock import process_alive, process_start

PID_TAG = "mfgstats/pid"
PROCESS_START_TAG = "mfgstats/process_start"
HOST_TAG = "mfgstats/host"
# The run the claim was made for: a re-execution copies its parent's tags, and so a claim by a process that is
# gone, until its own process claims it.
CLAIMED_RUN_TAG = "mfgstats/claimed_run"
GRACE_S = 300.0
# Not QUEUED: a queued run waits for the daemon, which launches it when it runs again.
UNFINISHED = [
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


def owner_tags(run_id: str) -> dict[str, str]:
    """The tags that name this process as the one executing the run `run_id`."""
    pid = os.getpid()
    return {
        PID_TAG: str(pid),
        PROCESS_START_TAG: process_start(pid) or "",
        HOST_TAG: socket.gethostname(),
        CLAIMED_RUN_TAG: run_id,
    }


def claim(instance: DagsterInstance, run_id: str) -> None:
    instance.add_run_tags(run_id, owner_tags(run_id))


def fail_dead_runs(
    instance: DagsterInstance, exclude: Iterable[str] = (), say: Callable[[str], None] | None = None
) -> list[str]:
    """Mark failed every unfinished run whose process is gone; returns their run ids."""
    skip = set(exclude)
    failed = []
    for record in instance.get_run_records(RunsFilter(statuses=UNFINISHED)):
        run = record.dagster_run
        if run.run_id in skip:
            continue
        why = _dead(run.run_id, run.tags, record.update_timestamp.timestamp())
        if why is None:
            continue
        instance.report_run_failed(run, f"marked failed at the next start: {why}")
        failed.append(run.run_id)
        if say is not None:
            say(f"run {run.run_id} ({run.job_name}) was left {run.status.value} by a process that is gone: {why}")
    return failed


def _dead(run_id: str, tags: dict[str, str], updated_at: float) -> str | None:
    """Why the run is dead, or None when it may be alive."""
    if PID_TAG in tags and tags.get(CLAIMED_RUN_TAG) == run_id:
        pid = int(tags[PID_TAG])
        if process_alive(pid, tags.get(PROCESS_START_TAG) or None, tags.get(HOST_TAG)):
            return None
        return f"its process (pid {pid}) no longer runs"
    idle = time.time() - updated_at
    if idle < GRACE_S:
        return None
    return f"no process claimed it, and it has not changed for {idle:.0f} s"
