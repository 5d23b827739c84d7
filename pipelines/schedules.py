"""Nightly: re-run every partition (unchanged files cost a fingerprint check); the sensor then rebuilds the
warehouse, so the whole pipeline runs end to end once a day even when no file arrived."""

from dagster import RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from pipelines.jobs import ingest_job
from pipelines.partitions import documents_partitions
from pipelines.sensors import range_tags


@schedule(job=ingest_job, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai")
def nightly_rebuild(context: ScheduleEvaluationContext):
    keys = context.instance.get_dynamic_partitions(documents_partitions.name)
    if not keys:
        return SkipReason("no documents yet: the raw-files sensor adds them")
    return RunRequest(run_key=None, tags=range_tags(keys, set(keys)))
