"""One run at a time, for runs Dagster launches (from the UI, by the daemon's sensor and schedule, by
`dagster job execute`): what the code location's executor (pipelines/executor.py) does before a run's first step.

The run claims itself (its process's pid in its tags), takes the warehouse's run lock — waiting, and saying for
which run, up to MFGSTATS_RUN_WAIT_S seconds — then marks failed the runs whose process died and removes what
killed runs left behind. `mfgstats run` holds the same lock for its whole run (mfgstats.orchestration.runner).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from mfgstats.config import settings
from mfgstats.orchestration import run_guard
from mfgstats.orchestration.leftovers import remove_leftovers
from mfgstats.warehouse.runlock import RunLock

WAIT_ENV = "MFGSTATS_RUN_WAIT_S"
DEFAULT_WAIT_S = 3600.0


def wait_seconds() -> float:
    return float(os.environ.get(WAIT_ENV) or DEFAULT_WAIT_S)


@contextmanager
def holding_warehouse(instance, run, warehouse, log) -> Iterator[None]:
    """Inside: this run (a DagsterRun of `instance`) alone builds the warehouse. `log`: the run's Dagster logger;
    `warehouse`: the code location's Warehouse resource. RunLocked (after the wait) fails the run, naming the
    holder."""
    run_guard.claim(instance, run.run_id)
    lock = RunLock(settings().warehouse_dir)

    def waiting(holder) -> None:
        log.info(f"waiting for {holder.describe()} to finish (one run at a time)")

    lock.acquire(f"Dagster run of {run.job_name}", timeout_s=wait_seconds(), waiting=waiting)
    try:
        lock.set_run(run.run_id)
        run_guard.fail_dead_runs(instance, exclude=[run.run_id], say=log.warning)
        for path in remove_leftovers(warehouse):
            log.info(f"removed {path}, left behind by a run that was killed")
        yield
    finally:
        lock.release()
