"""The suites in expectations/ as Dagster asset checks: one check per (suite, model), on the dbt model's asset.

They run together in one step — one read-only connection to the build database, one GX context, one report —
after dbt has finished writing (the in-process executor runs steps one after another, so no writer is active:
DuckDB admits one writer per file). Blocking suites stop `published_warehouse` when they fail with ERROR, and the
previously published file stays; WARN findings carry their rows (both values, both sources) in the metadata.
On the DuckLake target they read the lake's newest snapshot, pinned, and record its id in their metadata, so
that `published_warehouse` publishes exactly the snapshot they passed.
"""

from collections.abc import Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    MetadataValue,
    multi_asset_check,
)
from dagster_dbt import get_asset_key_for_model

from mfgstats import changes
from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration.dbt_files import state_file
from mfgstats.quality import ERROR, SuiteError, SuiteOutcome
from mfgstats.quality.checks import ChecksRun, forwarded_log, run_checks
from mfgstats.quality.markdown import expectations_table, failing_rows
from mfgstats.quality.suites import Suite, load_suites
from pipelines.assets.warehouse import warehouse_models
from pipelines.resources import Warehouse

BUILD_STEP = "warehouse_models"  # the dbt build's step (pipelines/assets/warehouse.py)
LAKE_SNAPSHOT = "lake_snapshot"  # metadata key: the DuckLake snapshot the suites read (MFGSTATS_TARGET=ducklake)


def _specs(suites: list[Suite]) -> dict[AssetCheckKey, tuple[Suite, str]]:
    specs = {}
    for suite in suites:
        for model in suite.models:
            try:
                key = get_asset_key_for_model([warehouse_models], model)
            except Exception as exc:  # dagster-dbt raises a bare KeyError-like error for an unknown model
                raise SuiteError(
                    suite.path,
                    f"it guards model {model!r}, which the dbt project does not define ({exc})",
                    "rename the model in `models:` or remove it",
                ) from exc
            specs[AssetCheckKey(key, suite.name)] = (suite, model)
    return specs


SUITES = load_suites()
SPECS = _specs(SUITES)


@multi_asset_check(
    name="quality_suites",
    specs=[
        AssetCheckSpec(
            name=suite.name,
            asset=key.asset_key,
            blocking=suite.blocking,
            description=suite.description,
            metadata={"suite": str(suite.path.relative_to(PROJECT_ROOT))},
        )
        for key, (suite, _) in SPECS.items()
    ],
    can_subset=True,
    compute_kind="great_expectations",
    description="Great Expectations suites from expectations/ over the marts; writes the offline quality report.",
)
def quality_suites(context: AssetCheckExecutionContext, warehouse: Warehouse) -> Iterator[AssetCheckResult]:
    chosen = [SPECS[k] for k in SPECS if k in context.selected_asset_check_keys]
    # After this run's incremental build only the rows it wrote (mfgstats.quality.scope); after a complete build,
    # and when the checks run without a build (from the UI: the warehouse may have been changed by hand), all.
    scoped = _built_in_this_run(context) and changes.last_build_was_incremental(state_file(warehouse))
    with forwarded_log(context.log.info, context.log.warning):
        run = run_checks(warehouse.target, warehouse.quality_dir, chosen, list(SPECS.values()), scoped=scoped)
    context.log.info(f"quality report: {run.report}")
    if run.blocked or len(chosen) == len(SPECS):  # a subset that passed says nothing about the other checks
        changes.mark_checked(state_file(warehouse), passed=not run.blocked)
    # The report came first: a blocking failure ends the step right after the last result is yielded.
    for outcome in run.outcomes:
        yield _result(outcome, run)


def _built_in_this_run(context: AssetCheckExecutionContext) -> bool:
    steps = context.run.step_keys_to_execute  # None: every step of the run's job
    if steps is not None:
        return BUILD_STEP in steps
    return any(node.name == BUILD_STEP for node in context.job_def.nodes)


def _result(outcome: SuiteOutcome, run: ChecksRun) -> AssetCheckResult:
    metadata = {
        "suite": outcome.label,
        "scope": run.scope(outcome),
        "rows_checked": outcome.rows,
        "expectations": MetadataValue.md(expectations_table(outcome)),
        "report": MetadataValue.path(str(run.report)),
    }
    if run.snapshot is not None:
        metadata[LAKE_SNAPSHOT] = run.snapshot
    rows = failing_rows(outcome)
    if rows is not None:
        metadata["failing_rows"] = MetadataValue.md(rows)
        if outcome.findings:  # the findings themselves, machine-readable: both values and both sources of each
            metadata["findings"] = MetadataValue.json(
                [{"expectation": e.description, **row} for e in outcome.failed for row in e.failing_rows]
            )
    return AssetCheckResult(
        asset_key=get_asset_key_for_model([warehouse_models], outcome.model),
        check_name=outcome.suite,
        passed=outcome.passed,
        severity=AssetCheckSeverity.ERROR if outcome.severity == ERROR else AssetCheckSeverity.WARN,
        description=outcome.summary()[:1000],
        metadata=metadata,
    )
