"""Nightly: re-run every publisher-year partition (unchanged files cost a stat call; the run is planned by
mfgstats.orchestration.ingest_run, as the sensor's and `mfgstats run`'s are); the sensor then rebuilds the
warehouse — a complete build, which the one planner (mfgstats.orchestration.warehouse_run) decides from this
schedule's ingest run — so the whole pipeline runs end to end once a day even when no file arrived. On by default:
`make ui` runs it."""

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from mfgstats.orchestration.ingest_run import PARTITIONS, plan_ingest_runs
from mfgstats.orchestration.warehouse_run import NIGHTLY_SCHEDULE
from pipelines.jobs import ingest_job
from pipelines.resources import Warehouse
from pipelines.sensors import busy_reason


@schedule(
    name=NIGHTLY_SCHEDULE,  # the planner recognises the warehouse run that follows by this name
    job=ingest_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 (Asia/Shanghai): re-ingest every file, then a complete warehouse build.",
)
def nightly_rebuild(context: ScheduleEvaluationContext, warehouse: Warehouse):
    if (busy := busy_reason(warehouse)) is not None:
        return SkipReason(busy)
    plan = plan_ingest_runs(context.instance, context.instance.get_dynamic_partitions(PARTITIONS))
    if plan.empty:
        return SkipReason("no documents yet: the raw-files sensor adds them")
    (every_partition,) = plan.runs  # all the registered partitions are one stretch: one run
    return RunRequest(run_key=None, tags=every_partition)
