"""The ingest asset's partitions: one per publisher and year (`<publisher>/<year>`, mfgstats.ingest.partitions),
registered by the one planner of ingest runs (mfgstats.orchestration.ingest_run)."""

from dagster import DynamicPartitionsDefinition

from mfgstats.orchestration.ingest_run import PARTITIONS

publisher_year_partitions = DynamicPartitionsDefinition(name=PARTITIONS)
