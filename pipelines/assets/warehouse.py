"""Stage 3: the dbt project (seeds, staging, intermediate, marts) built in the build database — completely, or
only what new and changed documents touch (mfgstats.orchestration.build_plan decides which and says why)."""

import logging
import os
from collections.abc import Iterator, Mapping
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

from dagster import AssetCheckResult, AssetExecutionContext, AssetKey, Failure, Output, RunsFilter
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from mfgstats import quality
from mfgstats.orchestration import build_plan as dbt_build
from mfgstats.orchestration import private_speedups
from mfgstats.orchestration.build_plan import describe
from mfgstats.orchestration.dbt_files import (
    dbt_failures,
    dbt_target,
    keep_partial_parse,
    remove_old_run_folders,
    state_file,
)
from mfgstats.orchestration.tags import FORCE_TAG, PLAN_METADATA
from pipelines.project import dbt_project
from pipelines.resources import Warehouse

# dbt sources are tables our Python assets write.
SOURCE_ASSETS = {
    "documents": "raw_documents",
    "quarantine": "raw_documents",
    "facts": "extracted_facts",
    "corrections": "reviewed_corrections",
    "correction_problems": "reviewed_corrections",
    "document_removals": "reviewed_corrections",
}
NIGHTLY_SCHEDULE = "nightly_rebuild"  # its re-ingestion of every file is followed by a complete build


class Translator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source" and dbt_resource_props["source_name"] == "raw":
            return AssetKey(SOURCE_ASSETS[dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "catalogs"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "warehouse"  # staging | intermediate | marts


translator = Translator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


# Two notices per dbt test, on every run, that say nothing new (the run summary and the UI say which build ran;
# a failing test fails `dbt build` either way):
# - dagster-dbt logs a test on a source as an observation: our sources are the raw tables of other assets
#   (raw_documents, extracted_facts), outside this multi-asset's checks;
# - an incremental build runs only the tests of what it rebuilt, and Dagster warns for each test it did not run
#   ("Blocking asset check … emitted no result"; that logger issues nothing else).
class _SourceTestNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Logging an `AssetObservation`") and "for dbt test `source_" in message)


logging.getLogger("dagster.builtin").addFilter(_SourceTestNotice())
private_speedups.quiet_unrun_check_warnings()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    # profiles.yml reads the database path from the environment of the dbt process; dagster-dbt puts each run's
    # folder in DBT_TARGET_PATH and seeds it with the partial-parse file there (keep_partial_parse).
    os.environ["MFGSTATS_BUILD_DB"] = str(warehouse.build_db)
    os.environ["DBT_TARGET_PATH"] = str(dbt_target(warehouse))
    build = build_plan(context, warehouse)
    context.log.info(f"dbt build: {describe(build)}")
    dbt_build.mark_started(state_file(warehouse), build)
    quality.prewarm()  # a no-op after `mfgstats run` started it; else GX's import (≈ 3 s) overlaps dbt at least
    invocation = dbt.cli(build.args, context=context, raise_on_error=False)
    events = (_with_plan(event, build) for event in invocation.stream())
    if build.complete:
        yield from events  # dbt's own (topological) order, streamed as it goes
    else:
        # An incremental build leaves views, seeds and untouched tables as they are. Dagster skips every step
        # downstream of an output not yielded (the quality checks, publishing) and wants outputs in topological
        # order, so the unchanged models are yielded too, marked `rebuilt: False`, in order with the rebuilt ones.
        events = list(events)
        yield from _in_topological_order(context, events, build) if invocation.is_successful() else events
    if not invocation.is_successful():
        raise Failure(description="dbt build failed:\n" + "\n".join(dbt_failures(invocation)))
    keep_partial_parse(invocation.target_path)
    remove_old_run_folders(invocation.target_path.parent, prefix=warehouse_models.op.name)
    if not context.is_subset:  # a hand-picked subset leaves the change set half applied: the next build is complete
        dbt_build.mark_finished(state_file(warehouse), build, Path(dbt_project.project_dir))


def _with_plan(event, build: dbt_build.BuildPlan):
    if isinstance(event, Output):
        return event.with_metadata({**event.metadata, PLAN_METADATA: describe(build)})
    return event


def _in_topological_order(context: AssetExecutionContext, events: list, build: dbt_build.BuildPlan) -> Iterator:
    assets = context.assets_def
    outputs = {key: name for name, key in assets.keys_by_output_name.items() if key in context.selected_asset_keys}
    deps = {key: {d for d in assets.asset_deps.get(key, ()) if d in outputs} for key in outputs}
    built = {assets.keys_by_output_name[e.output_name]: e for e in events if isinstance(e, Output)}
    checks: dict[AssetKey, list] = {}
    for e in events:
        if isinstance(e, AssetCheckResult) and e.asset_key is not None:
            checks.setdefault(e.asset_key, []).append(e)
    for key in TopologicalSorter(deps).static_order():
        yield built.get(key) or Output(
            None, output_name=outputs[key], metadata={PLAN_METADATA: describe(build), "rebuilt": False}
        )
        yield from checks.pop(key, [])
    yield from (e for e in events if not isinstance(e, (Output, AssetCheckResult)))
    yield from (e for found in checks.values() for e in found)


def build_plan(context: AssetExecutionContext, warehouse: Warehouse) -> dbt_build.BuildPlan:
    if context.is_subset:
        # dagster-dbt selects the chosen models and their tests; no --full-refresh, so incremental models update
        return dbt_build.BuildPlan(["build"], complete=False, reason="the models chosen in the Dagster UI")
    force = forced(context, warehouse) or False
    return dbt_build.plan(
        Path(dbt_project.project_dir), state_file(warehouse), force=force, target_exists=warehouse.target.exists()
    )


def forced(context: AssetExecutionContext, warehouse: Warehouse) -> str | None:
    """Why this run must build completely, when it must: `mfgstats run --force`, or the nightly rebuild (the
    warehouse run the raw-files sensor starts after the schedule's ingest run)."""
    if context.run.tags.get(FORCE_TAG) == "true":
        return "asked for (--force)"
    latest = context.instance.get_runs(RunsFilter(job_name="ingest_job"), limit=1)
    if latest and latest[0].tags.get("dagster/schedule_name") == NIGHTLY_SCHEDULE:
        last_complete = float(dbt_build.read_state(state_file(warehouse)).get("complete_at", 0))
        record = context.instance.get_run_record_by_id(latest[0].run_id)
        if record and record.create_timestamp.timestamp() > last_complete:
            return "the nightly rebuild"
    return None
