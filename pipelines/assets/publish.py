"""Stage 5: the published, read-only warehouse that SQL clients and BI tools open."""

from pathlib import Path

from dagster import AssetExecutionContext, DagsterEventType, Failure, MaterializeResult, MetadataValue, asset

from pipelines.assets.warehouse import warehouse_models
from pipelines.checks.quality import LAKE_SNAPSHOT
from pipelines.resources import Warehouse


@asset(
    deps=[warehouse_models],
    group_name="serve",
    kinds={"duckdb"},
    description="An atomic copy of the build database (on the DuckLake target: the checked snapshot, recorded as "
    "the one readers attach to); readers never see a half-built or failed build.",
)
def published_warehouse(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    published = warehouse.target.publish(lambda: _checked_snapshot(context), run_id=context.run_id)
    context.log.info(f"published {published.label}")
    details = {k: MetadataValue.path(str(v)) if isinstance(v, Path) else v for k, v in published.details.items()}
    return MaterializeResult(metadata={**details, "approximate_rows": MetadataValue.json(published.approximate_rows)})


def _checked_snapshot(context: AssetExecutionContext) -> int | None:
    """The lake snapshot this run's quality checks read and passed, from their metadata; None when the run ran no
    checks (this asset materialised alone), which publishes the newest snapshot. Only a target that publishes a
    pinned state asks (the DuckLake): the file target publishes the build file the checks read."""
    records = context.instance.all_logs(context.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
    snapshots = set()
    for record in records:
        metadata = record.dagster_event.event_specific_data.metadata
        if LAKE_SNAPSHOT in metadata:
            snapshots.add(metadata[LAKE_SNAPSHOT].value)
    if len(snapshots) > 1:
        raise Failure(f"this run's checks read several lake snapshots {sorted(snapshots)}: rerun the warehouse job")
    return snapshots.pop() if snapshots else None
