"""Stage 2: facts of every document not yet extracted at its fingerprint → raw.facts.

Not partitioned on purpose: each partition materialisation is an event in Dagster's storage (about 10–20 ms
on SQLite), so a per-file extraction asset doubled the cost of a 10,000-file load. Which documents need
extracting is already known per file (raw.ingest_log), so one step per run extracts exactly those."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from mfgstats import pipeline
from pipelines.assets.ingest import raw_documents
from pipelines.resources import Warehouse


@asset(
    deps=[raw_documents],
    group_name="ingest",
    kinds={"python", "duckdb"},
    description="Facts extracted from each newly ingested document, grounded by character offsets (raw.facts).",
)
def extracted_facts(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    with warehouse.connect() as con:
        report = pipeline.extract_pending(con)
    for file, error in report.failed:
        context.log.error(f"extraction failed for {file}: {error} — the file is kept and retried on the next run")
    return MaterializeResult(
        metadata={
            "documents_extracted": report.documents,
            "facts": report.facts,
            "failed": MetadataValue.json([{"file": f, "error": e} for f, e in report.failed]),
        }
    )
