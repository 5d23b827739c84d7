"""A warehouse run is planned before it starts (mfgstats.orchestration.warehouse_run) and selects exactly the dbt
models its build writes: Dagster's history records a materialisation for each model dbt rebuilt and for no other.
The real `mfgstats run` in a subprocess on a copy of the seeds plus one corpus release, then the run's events read
from the deployment's Dagster instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckKey, AssetCheckSeverity, AssetKey, DagsterEventType, DagsterInstance, RunsFilter
from dagster_dbt import get_asset_key_for_model

from mfgstats.changes import INCREMENTAL_SELECTOR
from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration.manifest import ensure_manifest, manifest_path, selector_models
from mfgstats.orchestration.warehouse_run import BUILD_TAG, incremental_models

sys.path.insert(0, str(PROJECT_ROOT / "bench"))  # the corpus generator is a benchmark helper
from make_corpus import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

DOWNSTREAM = {"extracted_facts", "reviewed_corrections", "published_warehouse"}


def dbt_names(manifest: dict, resource_types: set[str]) -> set[str]:
    return {n["name"] for n in manifest["nodes"].values() if n["resource_type"] in resource_types}


def keys_of(names: set[str]) -> set[AssetKey]:
    """The asset keys of dbt models and seeds (a schema prefix: ["marts", "fct_observation"]) or other assets."""
    dbt = dbt_names(json.loads(ensure_manifest().read_text(encoding="utf-8")), {"model", "seed"})
    from pipelines.assets.warehouse import warehouse_models  # after ensure_manifest: the asset reads dbt's manifest

    return {get_asset_key_for_model([warehouse_models], n) if n in dbt else AssetKey(n) for n in names}


def test_the_planner_reads_the_selector_as_dbt_does(tmp_path):
    project = PROJECT_ROOT / "dbt_project"
    ensure_manifest()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "ls", "--selector", INCREMENTAL_SELECTOR,
         "--resource-type", "model", "--resource-type", "seed", "--output", "name", "--quiet",
         "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(tmp_path),
         "--log-level-file", "none"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )  # fmt: skip
    listed = {line.strip() for line in done.stdout.splitlines() if line.strip()}
    assert selector_models(project) == sorted(listed)
    assert (
        "fct_observation" in listed and "stg_raw__facts" in listed
    )  # a table is rebuilt, and the views over raw tables
    assert "stg_catalog__units" not in listed and "regions" not in listed  # not a view over a catalog, nor a seed
    # a listing kept from another version of the project is listed again
    kept = manifest_path(project).with_name(f"selector-{INCREMENTAL_SELECTOR}.json")
    kept.write_text(json.dumps({"project": "an older project", "models": ["regions"]}), encoding="utf-8")
    assert selector_models(project) == sorted(listed)


def test_an_undefined_selector_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"dbt ls --selector no_such_selector.*selectors.yml"):
        selector_models(PROJECT_ROOT / "dbt_project", "no_such_selector")


def mfgstats_run(env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mfgstats"), "run"],
        env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    return done.stdout + done.stderr


def warehouse_run_events(dagster_home: Path) -> dict:
    """The newest warehouse_job run of the instance: its tags, what it materialised and which checks it evaluated."""
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    try:
        with DagsterInstance.get() as instance:
            (run,) = instance.get_runs(RunsFilter(job_name="warehouse_job"), limit=1)
            materialized = [
                record.dagster_event.event_specific_data.materialization
                for record in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
            ]
            checks = [
                record.dagster_event.event_specific_data
                for record in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
            ]
            steps = [record.step_key for record in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_START)]
    finally:
        if old is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = old
    return {"tags": dict(run.tags), "materialized": materialized, "checks": checks, "steps": steps}


@pytest.fixture(scope="module")
def runs(seed_deployment):
    made = seed_deployment("warehouse_run")
    out = {"deployment": made, "first": mfgstats_run(made.env)}
    out["first_events"] = warehouse_run_events(made.root / "dagster_home")
    write_corpus(1, made.root, start=0)
    out["one_release"] = mfgstats_run(made.env)
    out["one_release_events"] = warehouse_run_events(made.root / "dagster_home")
    with duckdb.connect(str(made.warehouse_dir / "mfgstats.duckdb"), read_only=True) as con:
        out["published_documents"] = con.execute("SELECT count(*) FROM main.dim_source").fetchone()[0]
    return out


def test_a_complete_build_materializes_every_model_and_seed(runs):
    events = runs["first_events"]
    assert events["tags"][BUILD_TAG] == "complete", runs["first"]
    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    keys = {m.asset_key for m in events["materialized"]}
    assert keys == keys_of(dbt_names(manifest, {"model", "seed"}) | DOWNSTREAM)


def test_a_one_release_run_materializes_exactly_the_models_it_rebuilt(runs):
    events = runs["one_release_events"]
    assert events["tags"][BUILD_TAG] == "incremental", runs["one_release"]
    rebuilt = set(incremental_models(PROJECT_ROOT / "dbt_project"))
    keys = [m.asset_key for m in events["materialized"]]
    assert len(keys) == len(set(keys))  # one materialisation per asset
    assert set(keys) == keys_of(rebuilt | DOWNSTREAM)
    assert not keys_of({"stg_catalog__units", "regions"}) & set(keys)  # a view over a catalog, a seed
    for materialization in events["materialized"]:
        if materialization.asset_key.path[-1] in rebuilt:
            assert "incremental" in materialization.metadata["dbt_build"].value
            assert "rebuilt" not in materialization.metadata


@pytest.mark.parametrize("events", ["first_events", "one_release_events"])
def test_dbt_runs_after_the_assets_that_write_its_raw_tables(runs, events):
    """The staging views over the raw tables are in every build, so the dbt step depends on extraction and on the
    reviewed corrections and runs after them (without them, an incremental run once built before its corrections)."""
    steps = runs[events]["steps"]
    assert steps.index("extracted_facts") < steps.index("warehouse_models"), steps
    assert steps.index("reviewed_corrections") < steps.index("warehouse_models"), steps


def test_the_checks_of_a_one_release_run_ran_on_what_it_built_and_it_was_published(runs):
    events = runs["one_release_events"]
    built = {m.asset_key for m in events["materialized"]}
    checked = {(c.asset_key, c.check_name) for c in events["checks"]}
    # every quality suite: each guards a model the build rewrote (fct_indicator_observation: a view over one)
    from pipelines.checks.quality import SPECS

    assert set(SPECS) <= {AssetCheckKey(key, name) for key, name in checked}
    assert any(name.startswith("not_null_") for _, name in checked)  # and dbt's tests of the rebuilt tables
    blocking = [c for c in events["checks"] if c.severity == AssetCheckSeverity.ERROR]
    assert all(c.passed for c in blocking), [c.check_name for c in blocking if not c.passed]
    assert {key for key, _ in checked} <= built  # no check of a model that was not rebuilt
    assert "published warehouse" in runs["one_release"]
    assert runs["published_documents"] == 5  # the four seeds and the new release


def test_the_sensor_plans_its_warehouse_run_with_the_same_planner(runs):
    """After ingestion, the sensor requests warehouse_job on the incremental build's assets; after the nightly
    schedule's re-ingestion, on the whole job (a complete build)."""
    from dagster import AssetMaterialization, DagsterRun, DagsterRunStatus, RunRequest, build_sensor_context

    from pipelines.jobs import WAREHOUSE_ASSETS
    from pipelines.resources import Warehouse
    from pipelines.schedules import nightly_rebuild
    from pipelines.sensors import raw_files_sensor

    made = runs["deployment"]
    warehouse = Warehouse(raw_dir=str(made.raw_dir), warehouse_dir=str(made.warehouse_dir))
    with DagsterInstance.ephemeral() as instance:
        instance.report_runless_asset_event(AssetMaterialization("published_warehouse"))
        instance.report_runless_asset_event(AssetMaterialization("raw_documents"))

        def tick():
            with build_sensor_context(instance=instance, resources={"warehouse": warehouse}, cursor="1e12") as c:
                return raw_files_sensor(c)

        incremental = tick()
        assert isinstance(incremental, RunRequest) and incremental.job_name == "warehouse_job"
        assert incremental.tags[BUILD_TAG] == "incremental"
        assert set(incremental.asset_selection) == keys_of(
            set(incremental_models(PROJECT_ROOT / "dbt_project")) | DOWNSTREAM
        )

        tags = {"dagster/schedule_name": nightly_rebuild.name}
        run = DagsterRun(job_name="ingest_job", run_id=str(uuid.uuid4()), tags=tags, status=DagsterRunStatus.SUCCESS)
        instance.add_run(run)  # finished: an active ingest run makes the sensor wait
        nightly = tick()
        assert nightly.tags[BUILD_TAG] == "complete" and nightly.asset_selection is None
        assert "nightly" in nightly.tags["mfgstats/dbt_build_reason"]
        assert {k for a in WAREHOUSE_ASSETS for k in a.keys} >= set(incremental.asset_selection)
