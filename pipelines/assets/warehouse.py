"""Stage 3: the dbt project (seeds, staging, intermediate, marts) built in the build database — completely, or
only what new and changed documents touch. The build is planned before the run (mfgstats.orchestration
.warehouse_run, which says why), and the run selects exactly the models that build writes, so each model that
materialises here was rebuilt."""

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Failure, Output
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from mfgstats import changes, quality
from mfgstats.changes import COMPLETE_ARGS, describe
from mfgstats.orchestration import private_speedups
from mfgstats.orchestration.dbt_files import (
    dbt_failures,
    dbt_target,
    keep_partial_parse,
    remove_old_run_folders,
    state_file,
)
from mfgstats.orchestration.tags import PLAN_METADATA
from mfgstats.orchestration.warehouse_run import incremental_models, planned_build, selected_keys
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
# - an incremental run selects every check of the models it rebuilds, and dbt runs only the tests the
#   `changed_data` selector names (not the marts' not_null and unique, which the quality suites apply to the rows
#   written); Dagster warns for each test that emitted no result ("Blocking asset check … emitted no result").
class _SourceTestNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Logging an `AssetObservation`") and "for dbt test `source_" in message)


logging.getLogger("dagster.builtin").addFilter(_SourceTestNotice())
private_speedups.quiet_unrun_check_warnings()

HAND_PICKED = "the models chosen in the Dagster UI"


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    # profiles.yml reads the database path from the environment of the dbt process; dagster-dbt puts each run's
    # folder in DBT_TARGET_PATH and seeds it with the partial-parse file there (keep_partial_parse).
    os.environ.update(warehouse.target.dbt_env())
    os.environ["DBT_TARGET_PATH"] = str(dbt_target(warehouse))
    build = chosen_build(context, warehouse)
    context.log.info(f"dbt build: {describe(build)}")
    changes.mark_started(state_file(warehouse), build, Path(dbt_project.project_dir))
    quality.prewarm()  # a no-op after `mfgstats run` started it; else GX's import (≈ 3 s) overlaps dbt at least
    # dagster-dbt adds `--select` of the selected models to a subset's command; beside the incremental build's
    # `--selector` dbt uses the selector, which names the very same models (the run was launched on them).
    invocation = dbt.cli(build.args, context=context, raise_on_error=False)
    yield from (_with_plan(event, build) for event in invocation.stream())
    if not invocation.is_successful():
        raise Failure(description="dbt build failed:\n" + "\n".join(dbt_failures(invocation)))
    keep_partial_parse(invocation.target_path)
    remove_old_run_folders(invocation.target_path.parent, prefix=warehouse_models.op.name)
    if build.reason != HAND_PICKED:  # a hand-picked subset leaves the change set half applied: the next is complete
        changes.mark_finished(state_file(warehouse), build)


def _with_plan(event, build: changes.BuildPlan):
    if isinstance(event, Output):
        return event.with_metadata({**event.metadata, PLAN_METADATA: describe(build)})
    return event


def chosen_build(context: AssetExecutionContext, warehouse: Warehouse) -> changes.BuildPlan:
    """The build the run was planned with (mfgstats.orchestration.warehouse_run), checked against what it
    selected; a run launched without a plan selects every model, so it builds completely."""
    planned = planned_build(context.run.tags)
    if planned is not None and planned.complete and not context.is_subset:
        return planned
    if planned is not None and not planned.complete and context.selected_asset_keys == _incremental_keys(context):
        now = changes.plan(
            Path(dbt_project.project_dir), state_file(warehouse), target_exists=warehouse.target.exists()
        )
        if now.complete:  # the run waited in the queue while another build failed or the project changed
            raise Failure(
                description=f"this run was planned as an incremental build, but now {now.reason}: nothing was "
                "built; the next run (the sensor's next tick, or `mfgstats run`) builds completely"
            )
        return planned
    if context.is_subset:
        # dagster-dbt selects the chosen models and their tests; no --full-refresh, so incremental models update
        return changes.BuildPlan(["build"], complete=False, reason=HAND_PICKED)
    return changes.BuildPlan(COMPLETE_ARGS, complete=True, reason="every model selected, without a plan")


def _incremental_keys(context: AssetExecutionContext) -> set[AssetKey]:
    return selected_keys([context.assets_def], incremental_models(Path(dbt_project.project_dir)))
