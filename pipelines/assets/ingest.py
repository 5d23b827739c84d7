"""Stage 1: files in the raw directory → raw.documents (or raw.quarantine), one partition per file."""

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mfgstats import pipeline
from mfgstats.ingest.errors import quarantined_files
from mfgstats.orchestration.tags import FORCE_TAG
from pipelines.partitions import documents_partitions
from pipelines.resources import Warehouse


@asset(
    partitions_def=documents_partitions,
    backfill_policy=BackfillPolicy.single_run(),  # a batch of new files is one run, not one run per file
    group_name="ingest",
    kinds={"python", "duckdb"},
    description="Decoded documents with their metadata (raw.documents); bad files go to raw.quarantine.",
)
def raw_documents(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    force = context.run.tags.get(FORCE_TAG) == "true"
    with warehouse.connect() as con:
        report = pipeline.ingest(con, warehouse.raw_path, context.partition_keys, force=force)
    for err in report.quarantined:
        context.log.warning(f"quarantined {err.file}: {err.reason} — {err.action}")
    # One metadata entry per run, not per partition: Dagster resolves each partition's metadata by reading every
    # key of the dynamic partitions, which made a run quadratic in the files (docs/scale.md, partitioning).
    return MaterializeResult(
        metadata={
            "batch_loaded": len(report.loaded),
            "batch_new_documents": report.new_documents,
            "batch_unchanged": len(report.skipped),
            "batch_quarantined": len(report.quarantined),
            "quarantined": MetadataValue.json(quarantined_files(report.quarantined)),
        }
    )
