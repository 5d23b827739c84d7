"""Run the whole pipeline in this process with a persistent Dagster instance, so `mfgstats run` and the UI share
one history: register the publisher-year partitions new files open, ingest what changed (one run per stretch of
touched partitions, planned by mfgstats.orchestration.ingest_run), build the warehouse, check, publish."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mfgstats.orchestration.instance import dagster_home
from mfgstats.orchestration.manifest import ensure_manifest

# The CLI prints its own progress and summary; Dagster's console logger keeps only warnings and errors (the
# full event log is in the instance, visible in the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def log_path(warehouse_dir: str, run_id: str) -> Path:
    """The dbt output of one warehouse run: named by its time and its Dagster run id, so no two runs share one."""
    logs = Path(warehouse_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"dbt-{datetime.now():%Y%m%dT%H%M%S}-{run_id}.log"


@dataclass
class RunOutcome:
    ingested_files: int = 0
    ingest_ok: bool = True
    warehouse_ok: bool = False
    published: bool = False
    checks: list[dict] = field(default_factory=list)  # {asset, check, passed, severity, description}
    dbt_build: str | None = None  # which dbt build ran (complete or incremental) and why
    errors: list[str] = field(default_factory=list)


def run_pipeline(force: bool = False, say: Callable[[str], None] = print, wait_s: float | None = None) -> RunOutcome:
    """The whole pipeline, holding the warehouse's run lock for all of it. Another run holding it: wait up to
    `wait_s` seconds (default MFGSTATS_RUN_WAIT_S, else an hour), saying for which run; then RunLocked."""
    from mfgstats.config import settings
    from mfgstats.orchestration import speedups_switch
    from mfgstats.orchestration.one_run_at_a_time import wait_seconds
    from mfgstats.orchestration.warm_dbt import WarmDbt
    from mfgstats.warehouse.runlock import RunLock

    wait_s = wait_seconds() if wait_s is None else wait_s

    def waiting(holder) -> None:
        say(f"waiting for {holder.describe()} to finish (up to {wait_s:.0f} s; one run at a time)")

    with RunLock(settings().warehouse_dir) as lock:
        lock.acquire("mfgstats run", timeout_s=wait_s, waiting=waiting)
        if not speedups_switch.enabled():  # dagster-dbt's own resource runs this venv's dbt
            return _run(force, say, lock)
        # dbt imports itself on the other core while this process imports Dagster; it holds the lock too
        with WarmDbt(lock_fd=lock.fileno()):
            return _run(force, say, lock)


def _run(force: bool, say: Callable[[str], None], lock) -> RunOutcome:
    from mfgstats.loading import lifelong

    with lifelong():  # Dagster, dbt (dagster-dbt imports it), the definitions, the instance
        dagster_home()
        ensure_manifest()
        from dagster import AssetKey, DagsterInstance

        from mfgstats import pipeline, quality
        from mfgstats.ingest import discover
        from mfgstats.orchestration.code_location import load_definitions
        from mfgstats.orchestration.ingest_run import PARTITIONS, plan_ingest_runs
        from mfgstats.orchestration.leftovers import remove_leftovers
        from mfgstats.orchestration.run_guard import fail_dead_runs, owner_tags
        from mfgstats.orchestration.tags import FORCE_TAG, PLAN_METADATA
        from mfgstats.orchestration.warehouse_run import plan_warehouse_run

        defs = load_definitions()
        instance = DagsterInstance.get()
    ingest_job = defs.resolve_job_def("ingest_job")
    fail_dead_runs(instance, say=say)  # runs a killed process left STARTED would block the UI's queue
    # The quality checks' fork server imports Great Expectations (≈ 3.4 s) on the other core while this process
    # ingests and extracts: after the imports above, which it would slow, and before dbt, which it would too.
    quality.prewarm()
    outcome = RunOutcome()
    warehouse = defs.resources["warehouse"]
    for path in remove_leftovers(warehouse):
        say(f"removed {path}, left behind by a run that was killed")
    keys = [p.relative_to(warehouse.raw_path).as_posix() for p in discover(warehouse.raw_path)]
    with warehouse.connect() as con:
        todo = keys if force else pipeline.pending(con, warehouse.raw_path, keys)
        touched = set(pipeline.partitions_of_files(con, warehouse.raw_path, todo).values())
    outcome.ingested_files = len(todo)
    if todo:
        plan = plan_ingest_runs(instance, touched)
        if plan.new_partitions:  # one call (one transaction) for a whole backlog
            instance.add_dynamic_partitions(PARTITIONS, plan.new_partitions)
        say(
            f"ingesting {len(todo)} of {len(keys)} file(s) from {warehouse.raw_path}: "
            f"{len(plan.partitions)} publisher-year partition(s) in {len(plan.runs)} run(s)"
        )
        for partition_tags in plan.runs:
            run_id = str(uuid.uuid4())
            lock.set_run(run_id)
            result = ingest_job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=QUIET,
                run_id=run_id,
                tags={
                    **partition_tags,
                    FORCE_TAG: str(force).lower(),
                    **owner_tags(run_id),  # which process executes it, for fail_dead_runs after a kill
                },
            )
            outcome.ingest_ok = outcome.ingest_ok and result.success
            if not result.success:
                outcome.errors.append(_failure(result))
    else:
        say(f"all {len(keys)} file(s) unchanged since the last run")
    run_id = str(uuid.uuid4())
    lock.set_run(run_id)
    log = log_path(warehouse.warehouse_dir, run_id)
    # The same planner as the sensor's: which dbt build, and the assets that build materialises.
    job = next(j for j in defs.jobs if j.name == "warehouse_job")
    planned = plan_warehouse_run(instance, warehouse, _assets_of(job, defs), force=force)
    say(f"building the warehouse (dbt build, quality checks, publish); dbt's log: {log}")
    with log.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        result = defs.resolve_job_def("warehouse_job").execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=QUIET,
            run_id=run_id,
            asset_selection=planned.asset_selection,
            tags={FORCE_TAG: str(force).lower(), **planned.tags, **owner_tags(run_id)},
        )
    outcome.warehouse_ok = result.success
    if not result.success:
        outcome.errors.append(_failure(result))
    materialized = result.get_asset_materialization_events()
    outcome.published = any(e.asset_key == AssetKey("published_warehouse") for e in materialized)
    plans = {
        e.materialization.metadata[PLAN_METADATA].value
        for e in materialized
        if PLAN_METADATA in e.materialization.metadata
    }
    outcome.dbt_build = plans.pop() if plans else None
    for evaluation in result.get_asset_check_evaluations():
        outcome.checks.append(
            {
                "asset": evaluation.asset_key.to_user_string(),
                "check": evaluation.check_name,
                "passed": evaluation.passed,
                "severity": evaluation.severity.value,
                "description": evaluation.description,
                "suite": "suite" in evaluation.metadata,  # a GX suite (the code location's checks), not a dbt test
            }
        )
    return outcome


def _assets_of(job, defs) -> list:
    """The AssetsDefinitions a job (as `define_asset_job` returned it) selects among the definitions' assets."""
    keys = job.selection.resolve(defs.assets)
    return [a for a in defs.assets if any(k in keys for k in a.keys)]


def _failure(result) -> str:
    failures = [e for e in result.all_events if e.is_step_failure]
    if not failures:
        return "the run failed (see the Dagster UI for details)"
    lines = []
    for event in failures:
        error = event.event_specific_data.error
        while error.cause is not None:  # Dagster wraps the asset's own exception: report that one
            error = error.cause
        message = error.message.strip().split(": ", 1)[-1] if error.cls_name else error.message.strip()
        lines.append(f"{event.step_key}: " + "\n    ".join(message.splitlines()[:15]))
    return "\n".join(lines)
