"""Stage 1: files in the raw directory → raw.documents (or raw.quarantine), one partition per file."""

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mfgstats import pipeline
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
    force = context.run.tags.get("mfgstats/force") == "true"
    with warehouse.connect() as con:
        report = pipeline.ingest(con, warehouse.raw_path, context.partition_keys, force=force)
    for err in report.quarantined:
        context.log.warning(f"quarantined {err.file}: {err.reason} — {err.action}")
    table = "\n".join(f"| {e.file} | {e.reason_code} | {e.reason} | {e.action} |" for e in report.quarantined)
    return MaterializeResult(
        metadata={
            "loaded": len(report.loaded),
            "new_documents": report.new_documents,
            "unchanged": len(report.skipped),
            "quarantined": len(report.quarantined),
            "quarantine": MetadataValue.md(
                "| file | reason | problem | what to do |\n|---|---|---|---|\n" + table if table else "none"
            ),
        }
    )
