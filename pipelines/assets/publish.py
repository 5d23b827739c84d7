"""Stage 5: the published, read-only warehouse that SQL clients and BI tools open."""

import duckdb
from dagster import AssetExecutionContext, DagsterEventType, Failure, MaterializeResult, MetadataValue, asset

from mfgstats.lake.published import open_snapshot
from mfgstats.lake.published import publish as publish_snapshot
from mfgstats.warehouse.publish import publish
from pipelines.assets.warehouse import warehouse_models
from pipelines.checks.quality import LAKE_SNAPSHOT
from pipelines.resources import Warehouse

TABLES = "SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() {where} ORDER BY 1"


@asset(
    deps=[warehouse_models],
    group_name="serve",
    kinds={"duckdb"},
    description="An atomic copy of the build database (on the DuckLake target: the checked snapshot, recorded as "
    "the one readers attach to); readers never see a half-built or failed build.",
)
def published_warehouse(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    if warehouse.is_lake:
        return _publish_lake(context, warehouse)
    path = publish(warehouse.build_db, warehouse.published_db)
    with duckdb.connect(str(path), read_only=True) as con:
        counts = con.execute(TABLES.format(where="")).fetchall()
    context.log.info(f"published {path}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(path)),
            "approximate_rows": MetadataValue.json(dict(counts)),
        }
    )


def _publish_lake(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """A lake commit is already an atomic snapshot, so nothing is copied: the snapshot the checks passed is
    recorded as published (mfgstats.lake.published), and readers attach to it from then on."""
    with warehouse.connect() as con:
        publication = publish_snapshot(con, _checked_snapshot(context), run_id=context.run_id)
    with open_snapshot(publication.snapshot_id) as con:
        counts = con.execute(TABLES.format(where="WHERE database_name = current_database()")).fetchall()
    context.log.info(f"published snapshot {publication.snapshot_id} of {warehouse.label}")
    return MaterializeResult(
        metadata={
            "lake": warehouse.label,
            "snapshot_id": publication.snapshot_id,
            "snapshot_time": publication.snapshot_time.isoformat(sep=" "),
            "approximate_rows": MetadataValue.json(dict(counts)),
        }
    )


def _checked_snapshot(context: AssetExecutionContext) -> int | None:
    """The lake snapshot this run's quality checks read and passed; None when the run ran no checks (a manual
    materialisation of this asset alone), which publishes the newest snapshot as the file target publishes the
    build file as it is."""
    records = context.instance.all_logs(context.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
    snapshots = set()
    for record in records:
        metadata = record.dagster_event.event_specific_data.metadata
        if LAKE_SNAPSHOT in metadata:
            snapshots.add(metadata[LAKE_SNAPSHOT].value)
    if len(snapshots) > 1:
        raise Failure(f"this run's checks read several lake snapshots {sorted(snapshots)}: rerun the warehouse job")
    return snapshots.pop() if snapshots else None
