"""Two jobs: per-file ingestion (partitioned) and the warehouse build that follows it."""

from dagster import AssetSelection, define_asset_job

from pipelines.assets.ingest import extracted_facts, raw_documents
from pipelines.assets.publish import published_warehouse
from pipelines.assets.warehouse import warehouse_models
from pipelines.partitions import documents_partitions

ingest_job = define_asset_job(
    "ingest_job",
    selection=AssetSelection.assets(raw_documents, extracted_facts),
    partitions_def=documents_partitions,
    description="Decode, quarantine or store, and extract the files of the selected partitions.",
)

warehouse_job = define_asset_job(
    "warehouse_job",
    selection=AssetSelection.assets(warehouse_models, published_warehouse),
    description="dbt build (seeds, models, tests), quality checks, then publish if nothing blocking failed.",
)
