"""The one planner of a warehouse run, asked before the run starts by whoever launches it: `mfgstats run`
(runner.py) and the raw-files sensor, which also starts the complete build that follows the nightly schedule's
re-ingestion. It decides the dbt build (mfgstats.changes: complete, or incremental and why) and
the assets the run selects: every asset of warehouse_job for a complete build; for an incremental build the dbt
models it writes (the `changed_data` selector, as `dbt ls` lists it) and the job's other assets (extraction,
corrections, publishing). Dagster adds the checks of the selected assets. So a run materialises exactly the models
dbt rebuilt, and the plan travels with the run as tags, which the warehouse asset reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mfgstats import changes
from mfgstats.changes import COMPLETE_ARGS, INCREMENTAL_ARGS, BuildPlan

BUILD_TAG = "mfgstats/dbt_build"  # "complete" or "incremental": the build the run was planned with
REASON_TAG = "mfgstats/dbt_build_reason"
NIGHTLY_SCHEDULE = "nightly_rebuild"  # its re-ingestion of every file is followed by a complete build
INGEST_JOB = "ingest_job"


@dataclass(frozen=True)
class WarehouseRun:
    build: BuildPlan
    asset_selection: list | None  # AssetKeys to select; None: the whole job
    tags: dict[str, str]


def plan_warehouse_run(instance, warehouse, job_assets: Iterable, force: bool = False) -> WarehouseRun:
    """`job_assets`: the AssetsDefinitions of warehouse_job (the dbt assets among them); `warehouse`: the code
    location's Warehouse resource; `force`: `mfgstats run --force`."""
    from mfgstats.config import settings
    from mfgstats.orchestration.dbt_files import state_file

    state = state_file(warehouse)
    project_dir = settings().dbt_project_dir
    build = changes.plan(
        project_dir, state, force=forced(instance, state, force) or False, target_exists=warehouse.target.exists()
    )
    tags = {BUILD_TAG: "complete" if build.complete else "incremental", REASON_TAG: build.reason}
    if build.complete:
        return WarehouseRun(build, None, tags)
    return WarehouseRun(build, sorted(selected_keys(job_assets, incremental_models(project_dir))), tags)


def incremental_models(project_dir: Path) -> list[str]:
    """The models an incremental build writes: the `changed_data` selector, as dbt lists it."""
    from mfgstats.orchestration.manifest import selector_models

    return selector_models(project_dir)


def selected_keys(job_assets: Iterable, models: Iterable[str]) -> set:
    """The keys of `models` among the dbt assets, and every key of the job's other assets."""
    from dagster_dbt import get_asset_key_for_model

    job_assets = list(job_assets)
    dbt = [a for a in job_assets if any("dbt" in spec.kinds for spec in a.specs)]
    keys = {get_asset_key_for_model(dbt, model) for model in models}
    return keys | {key for a in job_assets if a not in dbt for key in a.keys}


def planned_build(tags: Mapping[str, str]) -> BuildPlan | None:
    """The build a run was launched with (its tags); None for a run launched without a plan (the Dagster UI,
    `dagster job execute`)."""
    kind = tags.get(BUILD_TAG)
    if kind not in ("complete", "incremental"):
        return None
    complete = kind == "complete"
    return BuildPlan(COMPLETE_ARGS if complete else INCREMENTAL_ARGS, complete, tags.get(REASON_TAG, ""))


def forced(instance, state_file: Path, force: bool = False) -> str | None:
    """Why this run must build completely, when it must: `mfgstats run --force`, or the nightly rebuild (the
    newest ingest run is the nightly schedule's, and no complete build finished since it was created)."""
    from dagster import RunsFilter

    if force:
        return "asked for (--force)"

    latest = instance.get_runs(RunsFilter(job_name=INGEST_JOB), limit=1)
    if latest and latest[0].tags.get("dagster/schedule_name") == NIGHTLY_SCHEDULE:
        last_complete = changes.last_complete_at(state_file)
        record = instance.get_run_record_by_id(latest[0].run_id)
        if record and record.create_timestamp.timestamp() > last_complete:
            return "the nightly rebuild"
    return None
