"""Two jobs: ingestion (partitioned by publisher and year) and the warehouse build that follows it (extract, model,
check, publish)."""

from dagster import AssetSelection, define_asset_job

from pipelines.assets.corrections import reviewed_corrections
from pipelines.assets.extract import extracted_facts
from pipelines.assets.ingest import raw_documents
from pipelines.assets.publish import published_warehouse
from pipelines.assets.warehouse import warehouse_models
from pipelines.partitions import publisher_year_partitions

ingest_job = define_asset_job(
    "ingest_job",
    selection=AssetSelection.assets(raw_documents),
    partitions_def=publisher_year_partitions,
    description="Decode and store, or quarantine, the files of the selected partitions.",
)

# A warehouse run selects all of them, or (an incremental build) fewer dbt models: mfgstats.orchestration
# .warehouse_run plans which before the run starts.
WAREHOUSE_ASSETS = [extracted_facts, reviewed_corrections, warehouse_models, published_warehouse]

warehouse_job = define_asset_job(
    "warehouse_job",
    selection=AssetSelection.assets(*WAREHOUSE_ASSETS),
    description="Extract new documents, read the reviewed corrections, dbt build (seeds, models, tests), quality "
    "checks, then publish if nothing blocking failed.",
)
