"""Stage 1: files in the raw directory → raw.documents (or raw.quarantine), one partition per file."""

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mfgstats import pipeline
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
    # Each partition (file) carries its own outcome; the batch's counts go to every partition of the run.
    loaded = {d.file: d for d in report.loaded}
    quarantined = {e.file: e for e in report.quarantined}
    for key in context.partition_keys:
        context.add_asset_metadata(_status(key, loaded, quarantined), partition_key=key)
    return MaterializeResult(
        metadata={
            "batch_loaded": len(report.loaded),
            "batch_new_documents": report.new_documents,
            "batch_unchanged": len(report.skipped),
            "batch_quarantined": len(report.quarantined),
        }
    )


def _status(key: str, loaded: dict, quarantined: dict) -> dict:
    if key in loaded:
        return {"status": "loaded", "document_id": loaded[key].document_id}
    if key in quarantined:
        err = quarantined[key]  # reason and action are bounded (mfgstats.ingest.errors)
        return {
            "status": "quarantined",
            "reason_code": err.reason_code,
            "problem": MetadataValue.text(err.reason),
            "what_to_do": MetadataValue.text(err.action),
        }
    return {"status": "unchanged"}
