"""The code location's executor: Dagster's in-process executor (steps one after another in the run's process: one
DuckDB writer per file) inside the warehouse's run lock, so that a run launched from the UI, by the daemon (sensor,
schedule) or by `dagster job execute` never builds beside `mfgstats run` or another run
(mfgstats.orchestration.one_run_at_a_time does the waiting, recovery and clean-up)."""

from __future__ import annotations

from collections.abc import Iterator

from dagster import Executor, executor, in_process_executor

from mfgstats.orchestration.one_run_at_a_time import holding_warehouse
from pipelines.resources import Warehouse


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
        with holding_warehouse(plan_context.instance, plan_context.dagster_run, Warehouse(), plan_context.log):
            yield from self._inner.execute(plan_context, execution_plan)


@executor(name="in_process_one_run_at_a_time", config_schema=in_process_executor.config_schema)
def one_run_at_a_time_executor(init_context) -> Executor:
    return OneRunAtATimeExecutor(in_process_executor.executor_creation_fn(init_context))
