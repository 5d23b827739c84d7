"""Watch the raw directory: new or changed files are ingested, one run per stretch of the publisher-year partitions
they touch (planned by mfgstats.orchestration.ingest_run, as `mfgstats run` and the schedule plan theirs); once
ingestion is idle and
newer than the published warehouse, or a reviewed correction (data/corrections/) changed since the last publish,
rebuild and publish the warehouse (one build for a whole batch of files), planned before the run by
mfgstats.orchestration.warehouse_run as `mfgstats run` plans its own."""

import time

from dagster import (
    AssetKey,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from mfgstats.changes import corrections_touched_since, files_touched_since
from mfgstats.orchestration.ingest_run import partitions_of_keys, plan_ingest_runs
from mfgstats.orchestration.run_guard import fail_dead_runs
from mfgstats.orchestration.warehouse_run import plan_warehouse_run
from mfgstats.warehouse.runlock import read_holder
from pipelines.jobs import WAREHOUSE_ASSETS, ingest_job, warehouse_job
from pipelines.partitions import publisher_year_partitions
from pipelines.resources import Warehouse

ACTIVE = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]


def busy_reason(warehouse: Warehouse) -> str | None:
    """Why no run may be requested now: a run (`mfgstats run`, or a run of the UI) holds the warehouse."""
    holder = read_holder(warehouse.warehouse_dir)
    return None if holder is None else f"the warehouse is being built by {holder.describe()}"


def _latest(context: SensorEvaluationContext, key: str) -> float:
    event = context.instance.get_latest_materialization_event(AssetKey(key))
    return event.timestamp if event else 0.0


@sensor(
    jobs=[ingest_job, warehouse_job],
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="New or changed files in the raw directory → ingest them → rebuild and publish the warehouse; "
    "changed corrections → rebuild and publish.",
)
def raw_files_sensor(context: SensorEvaluationContext, warehouse: Warehouse):
    scan_started = time.time()
    # Runs a killed process left STARTED would count as active below for ever.
    for run_id in fail_dead_runs(context.instance):
        context.log.warning(f"marked run {run_id} failed: its process is gone")
    if (busy := busy_reason(warehouse)) is not None:
        return SkipReason(busy)  # the cursor stays: the files are seen at the next tick
    changed = files_touched_since(warehouse.raw_path, float(context.cursor or 0))
    if changed:
        plan = plan_ingest_runs(context.instance, partitions_of_keys(warehouse.raw_path, changed))
        new = plan.new_partitions
        return SensorResult(
            dynamic_partitions_requests=[publisher_year_partitions.build_add_request(new)] if new else [],
            run_requests=[
                RunRequest(job_name=ingest_job.name, run_key=f"ingest-{scan_started}-{i}", tags=tags)
                for i, tags in enumerate(plan.runs)
            ],
            cursor=str(scan_started),
        )
    busy = context.instance.get_runs_count(RunsFilter(job_name=ingest_job.name, statuses=ACTIVE))
    if busy:
        return SkipReason(f"{busy} ingest run(s) still active")
    published = _latest(context, "published_warehouse")
    # corrections matter to a warehouse once published: before that, new files start the first build
    if _latest(context, "raw_documents") > published or (published and corrections_touched_since(published)):
        # the same planner as `mfgstats run`'s: after the nightly schedule's re-ingestion, a complete build
        planned = plan_warehouse_run(context.instance, warehouse, WAREHOUSE_ASSETS)
        return RunRequest(
            job_name=warehouse_job.name,
            run_key=f"warehouse-{scan_started}",
            asset_selection=planned.asset_selection,
            tags=planned.tags,
        )
    return SkipReason("no new files or corrections; the published warehouse is up to date")
