"""The suites in expectations/ as Dagster asset checks: one check per (suite, model), on the dbt model's asset.

They run together in one step — one read-only connection to the build database, one GX context, one report —
after dbt has finished writing (the in-process executor runs steps one after another, so no writer is active:
DuckDB admits one writer per file). Blocking suites stop `published_warehouse` when they fail with ERROR, and the
previously published file stays; WARN findings carry their rows (both values, both sources) in the metadata.
On the DuckLake target they read the lake's newest snapshot, pinned, and record its id in their metadata, so
that `published_warehouse` publishes exactly the snapshot they passed.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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

from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration import build_plan as dbt_build
from mfgstats.orchestration.dbt_files import state_file
from mfgstats.quality import (
    ERROR,
    ExpectationOutcome,
    SuiteError,
    SuiteOutcome,
    WarehouseUnreadable,
    check_target,
    write_report,
)
from mfgstats.quality.report import with_unselected
from mfgstats.quality.suites import Suite, load_suites
from pipelines.assets.warehouse import warehouse_models
from pipelines.resources import Warehouse

METADATA_ROWS = 20  # failing rows per expectation in the check's metadata (the report has more)
SCOPES = {
    False: "every row: complete build",
    True: "the rows the incremental build wrote, and rows sharing a unique key with them",
}
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
    selected = [SPECS[k] for k in SPECS if k in context.selected_asset_check_keys]
    suites = list({id(s): s for s, _ in selected}.values())
    models = {m for _, m in selected}
    checked = warehouse.target.label  # the state read, named once it is pinned
    snapshot = None  # the lake snapshot checked, which published_warehouse then publishes
    # After this run's incremental build only the rows it wrote (mfgstats.quality.scope); after a complete build,
    # and when the checks run without a build (from the UI: the warehouse may have been changed by hand), all.
    scoped = _built_in_this_run(context) and dbt_build.last_build_was_incremental(state_file(warehouse))
    try:
        with _quality_log(context):  # e.g. a worker process that died and whose pairs were validated here
            outcomes, pinned = check_target(warehouse.target, suites, models, scoped=scoped)
        checked, snapshot = pinned.label, pinned.snapshot
    except WarehouseUnreadable as exc:
        outcomes = [SuiteOutcome.start(suite, model, error=str(exc)) for suite, model in selected]
    wanted = {(s.name, m) for s, m in selected}
    outcomes = [o for o in outcomes if (o.suite, o.model) in wanted]
    # The report first: a blocking failure ends the step right after the last result is yielded.
    scope = SCOPES[scoped] + ("; findings: every row" if scoped else "")
    checked += f" ({scope})"
    shown = outcomes
    if len(selected) < len(SPECS):  # a subset (from the UI): the report keeps the other checks' last outcomes
        shown = with_unselected(outcomes, warehouse.quality_dir, [(s.name, m) for s, m in SPECS.values()])
    page = write_report(shown, warehouse.quality_dir, checked)
    context.log.info(f"quality report: {page}")
    blocked = any(o.blocking and o.severity == ERROR for o in outcomes)
    if blocked or len(selected) == len(SPECS):  # a subset that passed says nothing about the other checks
        dbt_build.mark_checked(state_file(warehouse), passed=not blocked)
    for outcome in outcomes:
        yield _result(outcome, page, snapshot, SCOPES[scoped and not outcome.findings])  # findings: read whole


class _Kept(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _quality_log(context: AssetCheckExecutionContext) -> Iterator[None]:
    """mfgstats.quality's log records into the run's log — after the checks, from this thread: the worker's
    feeder thread logs too, and the run's event log is written from the step's own thread."""
    handler = _Kept(logging.INFO)
    logger = logging.getLogger("mfgstats.quality")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for record in handler.records:
            (context.log.warning if record.levelno >= logging.WARNING else context.log.info)(record.getMessage())


def _built_in_this_run(context: AssetCheckExecutionContext) -> bool:
    steps = context.run.step_keys_to_execute  # None: every step of the run's job
    if steps is not None:
        return BUILD_STEP in steps
    return any(node.name == BUILD_STEP for node in context.job_def.nodes)


def _result(outcome: SuiteOutcome, page: Path, snapshot: int | None = None, scope: str = "") -> AssetCheckResult:
    metadata = {
        "suite": outcome.label,
        "scope": scope,
        "rows_checked": outcome.rows,
        "expectations": MetadataValue.md(_expectations_md(outcome)),
        "report": MetadataValue.path(str(page)),
    }
    if snapshot is not None:
        metadata[LAKE_SNAPSHOT] = snapshot
    failing = [e for e in outcome.failed if e.failing_rows]
    if failing:
        metadata["failing_rows"] = MetadataValue.md("\n\n".join(_rows_md(e) for e in failing))
    if outcome.findings and failing:
        # The findings themselves, machine-readable: both values and both sources of each disagreement.
        metadata["findings"] = MetadataValue.json(
            [{"expectation": e.description, **row} for e in failing for row in e.failing_rows]
        )
    return AssetCheckResult(
        asset_key=get_asset_key_for_model([warehouse_models], outcome.model),
        check_name=outcome.suite,
        passed=outcome.passed,
        severity=AssetCheckSeverity.ERROR if outcome.severity == ERROR else AssetCheckSeverity.WARN,
        description=outcome.summary()[:1000],
        metadata=metadata,
    )


def _expectations_md(outcome: SuiteOutcome) -> str:
    if outcome.error:
        return f"**could not run**: {_md(outcome.error)}"
    lines = [f"**{_md(outcome.note)}**", ""] if outcome.note else []
    lines += ["| result | severity | expectation | failing rows |", "|---|---|---|---|"]
    for e in outcome.expectations:
        result = "pass" if e.success else (e.counts_as or "info").lower()
        if not e.evaluated:
            result = "not evaluated"
        count = e.error or ("" if e.unexpected_count is None else str(e.unexpected_count))
        lines.append(f"| {result} | {e.severity} | {_md(e.description)} | {_md(count)} |")
    return "\n".join(lines)


def _rows_md(e: ExpectationOutcome) -> str:
    rows = e.failing_rows[:METADATA_ROWS]
    columns = list(rows[0])
    lines = [
        f"**{_md(e.description)}** — {e.unexpected_count} rows"
        + (f", the first {len(rows)} shown" if (e.unexpected_count or 0) > len(rows) else ""),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(_md(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def _md(value) -> str:
    text = "∅" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())
