"""Which dbt build the warehouse asset runs (mfgstats.changes): complete or incremental, and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mfgstats import changes as dbt_build
from mfgstats.changes import COMPLETE_ARGS, INCREMENTAL_ARGS, BuildPlan
from mfgstats.orchestration.tags import FORCE_TAG

NOW = 1_800_000_000.0
DAY = 24 * 3600


@pytest.fixture
def project(tmp_path) -> Path:
    project = tmp_path / "dbt_project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "m.sql").write_text("select 1 as x\n")
    return project


def state_after_a_good_build(project_dir: Path, state_file: Path, **changes) -> None:
    state = {
        "finished": True,
        "checked": True,
        "last": {"complete": False, "reason": "only new or changed documents"},
        "project": dbt_build.project_hash(project_dir),
        "complete_at": NOW - 3600,
        **changes,
    }
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state))


@pytest.mark.parametrize(
    ("changes", "force", "complete", "reason"),
    [
        ({}, False, False, "only new or changed documents"),
        ({}, True, True, "asked for (--force)"),
        ({}, "the nightly rebuild", True, "the nightly rebuild"),
        ({"finished": False}, False, True, "the previous build did not finish"),
        ({"checked": False}, False, True, "the previous build did not pass its blocking quality checks"),
        ({"project": "another"}, False, True, "the dbt project changed since the last complete build"),
        ({"complete_at": NOW - DAY - 1}, False, True, "the last complete build is more than a day old"),
    ],
)
def test_plan(project, tmp_path, changes, force, complete, reason):
    state = tmp_path / "build" / dbt_build.STATE_FILE
    state_after_a_good_build(project, state, **changes)
    build = dbt_build.plan(project, state, force=force, now=NOW)
    assert (build.complete, build.reason) == (complete, reason)
    assert build.args == (COMPLETE_ARGS if complete else INCREMENTAL_ARGS)


def test_the_first_build_is_complete(project, tmp_path):
    build = dbt_build.plan(project, tmp_path / "build" / dbt_build.STATE_FILE, now=NOW)
    assert (build.complete, build.reason) == (True, "first build of this warehouse")


def test_a_state_without_its_database_means_a_first_build(project, tmp_path):
    """The build database was deleted but its state file stayed: an incremental build would leave it empty."""
    state = tmp_path / "build" / dbt_build.STATE_FILE
    state_after_a_good_build(project, state)
    build = dbt_build.plan(project, state, now=NOW, target_exists=False)
    assert (build.complete, build.reason) == (True, "first build of this warehouse")


def test_an_edited_model_makes_the_next_build_complete(project, tmp_path):
    state = tmp_path / "build" / dbt_build.STATE_FILE
    state_after_a_good_build(project, state)
    (project / "models" / "m.sql").write_text("select 2 as x\n")
    assert dbt_build.plan(project, state, now=NOW).reason == "the dbt project changed since the last complete build"


def test_the_build_cycle_moves_the_state(project, tmp_path):
    """started → finished → checked: only a build that finished and passed its checks lets the next be
    incremental, and only then are the checks scoped to its change set."""
    state = tmp_path / "build" / dbt_build.STATE_FILE
    first = dbt_build.plan(project, state)
    dbt_build.mark_started(state, first, project)
    assert dbt_build.plan(project, state).reason == "the previous build did not finish"
    dbt_build.mark_finished(state, first)
    assert not dbt_build.last_build_was_incremental(state)  # a complete build is checked whole
    assert dbt_build.plan(project, state).reason == "the previous build did not pass its blocking quality checks"
    dbt_build.mark_checked(state, passed=True)
    second = dbt_build.plan(project, state)
    assert second == BuildPlan(INCREMENTAL_ARGS, complete=False, reason="only new or changed documents")

    dbt_build.mark_started(state, second, project)
    assert not dbt_build.last_build_was_incremental(state)  # unfinished: its change set may be half applied
    dbt_build.mark_finished(state, second)
    assert dbt_build.last_build_was_incremental(state)
    dbt_build.mark_checked(state, passed=False)  # a blocking check failed: everything is built and checked again
    assert dbt_build.plan(project, state).complete


def test_a_model_edited_during_a_complete_build_makes_the_next_build_complete(project, tmp_path):
    """The project is recorded as dbt read it when the build started, not as it is when the build ends."""
    state = tmp_path / "build" / dbt_build.STATE_FILE
    build = dbt_build.plan(project, state)
    dbt_build.mark_started(state, build, project)
    (project / "models" / "m.sql").write_text("select 3 as x\n")  # edited while dbt runs
    dbt_build.mark_finished(state, build)
    dbt_build.mark_checked(state, passed=True)
    assert dbt_build.plan(project, state).reason == "the dbt project changed since the last complete build"


NIGHTLY = "<the nightly schedule>"


def _ingest_run(instance, tags: dict[str, str]) -> None:
    from dagster._core.storage.dagster_run import DagsterRun

    instance.add_run(DagsterRun(job_name="ingest_job", run_id=make_run_id(), tags=tags))


def make_run_id() -> str:
    import uuid

    return str(uuid.uuid4())


@pytest.mark.parametrize(
    ("run_tags", "ingest_tags", "complete_since", "expected"),
    [
        ({"mfgstats/force": "true"}, {}, False, "asked for (--force)"),
        ({}, {"dagster/schedule_name": NIGHTLY}, False, "the nightly rebuild"),
        ({}, {"dagster/schedule_name": NIGHTLY}, True, None),  # already followed by a complete build
        ({}, {"dagster/sensor_name": "raw_files_sensor"}, False, None),  # a new file: incremental
        ({}, None, False, None),  # no ingest run at all
    ],
)
def test_a_forced_or_nightly_run_builds_completely(tmp_path, run_tags, ingest_tags, complete_since, expected):
    """The warehouse run the sensor starts after the nightly schedule's re-ingestion is a complete build, once."""
    import time

    from dagster import DagsterInstance

    from mfgstats.orchestration.dbt_files import state_file
    from mfgstats.orchestration.manifest import ensure_manifest
    from mfgstats.orchestration.warehouse_run import forced

    ensure_manifest()  # the schedule's module imports the dbt assets, which read the manifest (none in a fresh clone)
    from pipelines.resources import Warehouse
    from pipelines.schedules import nightly_rebuild

    if ingest_tags and ingest_tags.get("dagster/schedule_name") == NIGHTLY:
        ingest_tags = {"dagster/schedule_name": nightly_rebuild.name}  # the schedule as defined

    warehouse = Warehouse(raw_dir=str(tmp_path / "raw"), warehouse_dir=str(tmp_path / "warehouse"))
    with DagsterInstance.ephemeral() as instance:
        if ingest_tags is not None:
            _ingest_run(instance, ingest_tags)
        if complete_since:
            time.sleep(0.01)
            state = state_file(warehouse)
            state.parent.mkdir(parents=True, exist_ok=True)
            state.write_text(json.dumps({"finished": True, "complete_at": time.time() + 1}))
        force = run_tags.get(FORCE_TAG) == "true"  # what `mfgstats run --force` passes to the planner
        assert forced(instance, state_file(warehouse), force) == expected
