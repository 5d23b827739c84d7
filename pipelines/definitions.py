"""Assembles the code location; everything else lives in its own module."""

from dagster import Definitions

from pipelines.assets.corrections import reviewed_corrections
from pipelines.assets.extract import extracted_facts
from pipelines.assets.ingest import raw_documents
from pipelines.assets.publish import published_warehouse
from pipelines.assets.warehouse import warehouse_models
from pipelines.checks import quality_suites
from pipelines.executor import one_run_at_a_time_executor
from pipelines.jobs import ingest_job, warehouse_job
from pipelines.resources import Warehouse, dbt_resource
from pipelines.schedules import nightly_rebuild
from pipelines.sensors import raw_files_sensor

defs = Definitions(
    assets=[raw_documents, extracted_facts, reviewed_corrections, warehouse_models, published_warehouse],
    asset_checks=[quality_suites],
    jobs=[ingest_job, warehouse_job],
    schedules=[nightly_rebuild],
    sensors=[raw_files_sensor],
    resources={"warehouse": Warehouse(), "dbt": dbt_resource()},
    # One DuckDB writer per file: steps run one after another in the run's process, one run at a time.
    executor=one_run_at_a_time_executor,
)
