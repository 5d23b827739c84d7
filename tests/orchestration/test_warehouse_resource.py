"""The code location's Warehouse resource reads its storage target once, so one run reads one target throughout."""

from __future__ import annotations

from pathlib import Path

from dagster import asset, materialize

from mfgstats.warehouse.target import FileTarget, LakeTarget
from pipelines.resources import Warehouse


def test_the_target_is_built_once_per_resource(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MFGSTATS_TARGET", raising=False)
    warehouse = Warehouse(raw_dir=str(tmp_path / "raw"), warehouse_dir=str(tmp_path / "warehouse"))
    first = warehouse.target
    assert isinstance(first, FileTarget) and first.warehouse_dir == tmp_path / "warehouse"
    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")  # read when the resource was first asked, not again
    assert warehouse.target is first


def test_a_run_reads_the_target_of_its_own_environment(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MFGSTATS_TARGET", raising=False)
    warehouse = Warehouse(raw_dir=str(tmp_path / "raw"), warehouse_dir=str(tmp_path / "warehouse"))
    assert isinstance(warehouse.target, FileTarget)
    seen = []

    @asset
    def reads_target(warehouse: Warehouse) -> None:
        seen.append((warehouse.target, warehouse.target))

    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", f"sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}")
    assert materialize([reads_target], resources={"warehouse": warehouse}).success
    ((a, b),) = seen
    assert a is b and isinstance(a, LakeTarget)  # the run's own copy of the resource, built once in the run
