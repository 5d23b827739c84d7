"""The sensor republishes when a reviewed correction changes: a file under data/corrections/ written after the last
publish requests the warehouse job; nothing changed, nothing requested."""

from __future__ import annotations

import os
import time

import pytest
from dagster import AssetMaterialization, DagsterInstance, RunRequest, SkipReason, build_sensor_context


@pytest.fixture(scope="module")
def sensors():
    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()
    from pipelines import sensors

    return sensors


def test_a_changed_correction_requests_the_warehouse_job(sensors, tmp_path, monkeypatch):
    from pipelines.resources import Warehouse

    raw, corrections = tmp_path / "raw", tmp_path / "corrections"
    raw.mkdir()
    corrections.mkdir()
    (corrections / "old.yaml").write_text("[]\n", encoding="utf-8")
    old = time.time() - 60
    for path in (corrections / "old.yaml", corrections):
        os.utime(path, (old, old))
    monkeypatch.setenv("MFGSTATS_CORRECTIONS_DIR", str(corrections))
    warehouse = Warehouse(raw_dir=str(raw), warehouse_dir=str(tmp_path / "warehouse"))
    with DagsterInstance.ephemeral() as instance:
        instance.report_runless_asset_event(AssetMaterialization("published_warehouse"))

        def tick():
            with build_sensor_context(
                instance=instance, resources={"warehouse": warehouse}, cursor=str(time.time())
            ) as c:
                return sensors.raw_files_sensor(c)

        assert isinstance(tick(), SkipReason)
        (corrections / "decisions.yaml").write_text("- id: x\n", encoding="utf-8")
        result = tick()
        assert isinstance(result, RunRequest) and result.job_name == "warehouse_job"
        instance.report_runless_asset_event(AssetMaterialization("published_warehouse"))
        assert isinstance(tick(), SkipReason)
        (corrections / "decisions.yaml").unlink()  # a deleted decision changes the warehouse too
        result = tick()
        assert isinstance(result, RunRequest) and result.job_name == "warehouse_job"


def test_corrections_alone_do_not_build_a_warehouse_never_published(sensors, tmp_path, monkeypatch):
    from pipelines.resources import Warehouse

    raw, corrections = tmp_path / "raw", tmp_path / "corrections"
    raw.mkdir()
    corrections.mkdir()
    (corrections / "decisions.yaml").write_text("[]\n", encoding="utf-8")
    monkeypatch.setenv("MFGSTATS_CORRECTIONS_DIR", str(corrections))
    warehouse = Warehouse(raw_dir=str(raw), warehouse_dir=str(tmp_path / "warehouse"))
    with (
        DagsterInstance.ephemeral() as instance,
        build_sensor_context(instance=instance, resources={"warehouse": warehouse}) as context,
    ):
        assert isinstance(sensors.raw_files_sensor(context), SkipReason)
