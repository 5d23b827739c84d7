"""The code location's executor: Dagster's in-process executor (steps one after another in the run's process: one
DuckDB writer per file) inside the warehouse's run lock, so that a run launched from the UI, by the daemon (sensor,
schedule) or by `dagster job execute` never builds beside `mfgstats run` or another run.

Before its first step a run claims itself (its process's pid in its tags), takes the lock — waiting, and saying
for which run, up to MFGSTATS_RUN_WAIT_S seconds — then marks failed the runs whose process died and removes what
killed runs left behind. (`mfgstats run` executes its jobs with `execute_in_process`, which uses its own
executor; it holds the same lock for its whole run: pipelines/runner.py.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from dagster import Executor, executor, in_process_executor

from mfgstats.config import settings
from mfgstats.warehouse.runlock import RunLock
from pipelines import run_guard

WAIT_ENV = "MFGSTATS_RUN_WAIT_S"
DEFAULT_WAIT_S = 3600.0


def wait_seconds() -> float:
    return float(os.environ.get(WAIT_ENV) or DEFAULT_WAIT_S)


class OneRunAtATimeExecutor(Executor):
    def __init__(self, inner: Executor) -> None:
        self._inner = inner

    @property
    def retries(self):
        return self._inner.retries

    @property
    def step_dependency_config(self):
        return self._inner.step_dependency_config

    def execute(self, plan_context, execution_plan) -> Iterator:
        from pipelines.leftovers import remove_leftovers
        from pipelines.resources import Warehouse

        instance, run = plan_context.instance, plan_context.dagster_run
        run_guard.claim(instance, run.run_id)
        lock = RunLock(settings().warehouse_dir)
        command = f"Dagster run of {run.job_name}"

        def waiting(holder) -> None:
            plan_context.log.info(f"waiting for {holder.describe()} to finish (one run at a time)")

        lock.acquire(command, timeout_s=wait_seconds(), waiting=waiting)  # RunLocked fails the run, naming the holder
        try:
            lock.set_run(run.run_id)
            run_guard.fail_dead_runs(instance, exclude=[run.run_id], say=plan_context.log.warning)
            for path in remove_leftovers(Warehouse()):
                plan_context.log.info(f"removed {path}, left behind by a run that was killed")
            yield from self._inner.execute(plan_context, execution_plan)
        finally:
            lock.release()


@executor(name="in_process_one_run_at_a_time", config_schema=in_process_executor.config_schema)
def one_run_at_a_time_executor(init_context) -> Executor:
    return OneRunAtATimeExecutor(in_process_executor.executor_creation_fn(init_context))
