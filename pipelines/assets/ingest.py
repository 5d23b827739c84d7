"""Stage 1: the files of the selected publisher-year partitions → raw.documents (or raw.quarantine)."""

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mfgstats import pipeline
from mfgstats.ingest.errors import quarantined_files
from mfgstats.orchestration.ingest_run import PLANNED_TAG
from mfgstats.orchestration.tags import FORCE_TAG
from pipelines.partitions import publisher_year_partitions
from pipelines.resources import Warehouse


@asset(
    partitions_def=publisher_year_partitions,
    backfill_policy=BackfillPolicy.single_run(),  # a batch of partitions is one run, not one run per partition
    group_name="ingest",
    kinds={"python", "duckdb"},
    description="Decoded documents with their metadata (raw.documents), partitioned by publisher and year of "
    "publication; bad files go to raw.quarantine.",
)
def raw_documents(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    # A run the planner launched skips unchanged files by their stat; a backfill asked for by hand re-reads them.
    force = context.run.tags.get(FORCE_TAG) == "true" or PLANNED_TAG not in context.run.tags
    with warehouse.connect() as con:
        files = pipeline.partition_files(con, warehouse.raw_path, context.partition_keys)
        report = pipeline.ingest(con, warehouse.raw_path, files, force=force)
    for err in report.quarantined:
        context.log.warning(f"quarantined {err.file}: {err.reason} — {err.action}")
    # One metadata entry per run, not per partition: Dagster resolves each partition's metadata by reading every
    # key of the dynamic partitions (docs/scale.md, partitioning).
    return MaterializeResult(
        metadata={
            "batch_files": len(files),
            "batch_loaded": len(report.loaded),
            "batch_new_documents": report.new_documents,
            "batch_unchanged": len(report.skipped),
            "batch_quarantined": len(report.quarantined),
            "quarantined": MetadataValue.json(quarantined_files(report.quarantined)),
        }
    )
