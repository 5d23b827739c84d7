"""Stage 5: the published, read-only warehouse that SQL clients and BI tools open."""

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from mfgstats.warehouse.publish import publish
from pipelines.assets.warehouse import warehouse_models
from pipelines.resources import Warehouse


@asset(
    deps=[warehouse_models],
    group_name="serve",
    kinds={"duckdb"},
    description="An atomic copy of the build database; readers never see a half-built or failed build.",
)
def published_warehouse(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    path = publish(warehouse.build_db, warehouse.published_db)
    with duckdb.connect(str(path), read_only=True) as con:
        counts = con.execute(
            "SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() ORDER BY 1"
        ).fetchall()
    context.log.info(f"published {path}")
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(path)),
            "approximate_rows": MetadataValue.json(dict(counts)),
        }
    )
