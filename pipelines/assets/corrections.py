"""The reviewed corrections (data/corrections/) and the documents removed from the raw directory → raw tables that
dbt applies on top of raw.facts (mfgstats.corrections does the work)."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from mfgstats import lake
from mfgstats.corrections import corrections_dir
from mfgstats.corrections.load import describe, load_corrections
from pipelines.assets.extract import extracted_facts
from pipelines.resources import Warehouse


@asset(
    deps=[extracted_facts],
    group_name="ingest",
    kinds={"python", "duckdb"},
    description="Reviewed corrections and removed documents (raw.corrections, raw.correction_problems, "
    "raw.document_removals); bad records are reported and the others applied.",
)
def reviewed_corrections(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    reports = []
    with warehouse.connect() as con:
        lake.transaction(con, lambda: reports.append(load_corrections(con, corrections_dir(), warehouse.raw_path)))
    report = reports[-1]
    for line in describe(report)[1:]:
        context.log.warning(line)
    return MaterializeResult(
        metadata={
            "corrections": report.corrections,
            "files": report.files,
            "problems": MetadataValue.json([str(p) for p in report.problems]),
            "removed_documents": MetadataValue.json([f for _, f in report.removed]),
        }
    )
