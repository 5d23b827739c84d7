"""dbt-duckdb's plugin for the `lake` profile output (dbt_project/profiles.yml): before dbt attaches the lake, its
connection gets what every other lake connection gets from mfgstats.lake, so that an object-storage data path is
set up in one place (httpfs and the secret from the environment; nothing for a folder)."""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from mfgstats import lake


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        lake.open_object_store(conn, lake.lake_settings().data_path)
