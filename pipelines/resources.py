"""Resources, configurable by environment (see mfgstats.config for the variables)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource
from pydantic import Field, PrivateAttr

from mfgstats.config import settings
from mfgstats.orchestration.speedups_switch import enabled as private_speedups_enabled
from mfgstats.warehouse.target import WarehouseTarget, target_from_settings
from pipelines.project import dbt_project


class Warehouse(ConfigurableResource):
    """Where documents come from and where the warehouse is built and published."""

    raw_dir: str = Field(default_factory=lambda: str(settings().raw_dir))
    warehouse_dir: str = Field(default_factory=lambda: str(settings().warehouse_dir))
    _target: WarehouseTarget | None = PrivateAttr(default=None)

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def quality_dir(self) -> Path:
        return Path(self.warehouse_dir) / "quality"

    @property
    def target(self) -> WarehouseTarget:
        """Where the warehouse is built and published: the DuckDB file or the DuckLake that MFGSTATS_TARGET names
        (mfgstats.warehouse.target), read from the environment exactly as dbt's profile reads it; once per resource
        (Dagster gives each run its own), so a run reads one target throughout."""
        if self._target is None:
            self._target = target_from_settings(Path(self.warehouse_dir))
        return self._target

    def connect(self, attempts: int = 20) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A write connection to the build database, or to the lake, waiting while another writer holds it."""
        return self.target.connect(attempts)


def dbt_resource() -> DbtCliResource:
    if private_speedups_enabled():
        from mfgstats.orchestration.private_speedups import warm_dbt_resource

        return warm_dbt_resource(dbt_project)
    # This venv's dbt, not whatever `dbt` is first on the PATH.
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt"))
