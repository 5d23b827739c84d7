"""Resources, configurable by environment (see mfgstats.config for the variables)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource
from pydantic import Field

from mfgstats import lake
from mfgstats.config import settings
from mfgstats.orchestration.speedups_switch import enabled as private_speedups_enabled
from pipelines.project import dbt_project


class Warehouse(ConfigurableResource):
    """Where documents come from and where the warehouse is built and published."""

    raw_dir: str = Field(default_factory=lambda: str(settings().raw_dir))
    warehouse_dir: str = Field(default_factory=lambda: str(settings().warehouse_dir))

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def build_db(self) -> Path:
        return Path(self.warehouse_dir) / "build" / "mfgstats.duckdb"

    @property
    def published_db(self) -> Path:
        return Path(self.warehouse_dir) / "mfgstats.duckdb"

    @property
    def quality_dir(self) -> Path:
        return Path(self.warehouse_dir) / "quality"

    @property
    def is_lake(self) -> bool:
        """MFGSTATS_TARGET=ducklake: build into the DuckLake that MFGSTATS_LAKE_CATALOG / MFGSTATS_LAKE_DATA name
        (mfgstats.lake), read from the environment exactly as dbt's profile reads it, so both write one lake."""
        return lake.is_lake()

    @property
    def label(self) -> str:
        """The build target as logs and reports name it."""
        return lake.describe() if self.is_lake else str(self.build_db)

    @contextmanager
    def connect(self, attempts: int = 20) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection to the build database, or to the lake. Another writer (a manual `dbt` run, a second
        pipeline) holds the file lock, or the lake's catalog, only briefly, so wait for it instead of failing."""
        if not self.is_lake:
            self.build_db.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            try:
                con = lake.connect() if self.is_lake else duckdb.connect(str(self.build_db))
                break
            except duckdb.Error as exc:
                held = isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
                if not (held or lake.is_busy(exc)) or attempt == attempts - 1:
                    raise
                time.sleep(0.5)
        try:
            yield con
        finally:
            con.close()


def dbt_resource() -> DbtCliResource:
    if private_speedups_enabled():
        from mfgstats.orchestration.private_speedups import warm_dbt_resource

        return warm_dbt_resource(dbt_project)
    # This venv's dbt, not whatever `dbt` is first on the PATH.
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt"))
