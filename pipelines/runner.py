"""Run the whole pipeline in this process with a persistent Dagster instance, so `mfgstats run` and the UI share
one history: register partitions for new files, ingest what changed, build the warehouse, check, publish."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mfgstats.config import PROJECT_ROOT

DAGSTER_YAML = """\
# Written by mfgstats. One run at a time: every run writes the same DuckDB file.
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
# Dagster's SQLite event log with pooled connections (pipelines/storage.py): ≈ 1.5 ms per event instead of 7.
event_log_storage:
  module: pipelines.storage
  class: PooledSqliteEventLogStorage
  config:
    dagster_home:
      env: DAGSTER_HOME
# The daemon fails runs stuck STARTING or CANCELING (a run worker that never came up or never went down); runs
# whose process died once STARTED are failed by the next run (pipelines/run_guard.py).
run_monitoring:
  enabled: true
  start_timeout_seconds: 180
  cancel_timeout_seconds: 180
  max_resume_run_attempts: 0
  poll_interval_seconds: 60
"""
# What earlier versions wrote: such a file is replaced by the current one (a file edited by hand is left alone).
_V2 = DAGSTER_YAML.split("# The daemon fails runs stuck")[0]
OLD_DAGSTER_YAMLS = (DAGSTER_YAML.split("# Dagster's SQLite event log")[0], _V2)


def dagster_home() -> Path:
    """DAGSTER_HOME if set, else .dagster_home in the project; with a dagster.yaml that turns telemetry off."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") in OLD_DAGSTER_YAMLS:
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def ensure_manifest() -> Path:
    """dagster-dbt reads target/manifest.json when the definitions are imported: (re)parse when it is missing
    or older than any file of the dbt project."""
    from pipelines.dbt_build import project_files
    from pipelines.project import dbt_project

    project_dir = Path(dbt_project.project_dir)
    manifest = Path(dbt_project.manifest_path)
    inputs = project_files(project_dir)
    if manifest.exists() and all(p.stat().st_mtime <= manifest.stat().st_mtime for p in inputs):
        return manifest
    dbt = Path(sys.executable).parent / "dbt"
    # Into the project's target, whatever DBT_TARGET_PATH a build in this process set (its deployment's folder).
    cmd = [str(dbt), "parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    # No dbt.log: dbt's log of a parse is its output, shown on failure; a shared logs/dbt.log is not written.
    cmd += ["--target-path", str(manifest.parent), "--log-level-file", "none"]
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"`dbt parse` failed in {project_dir}:\n{done.stdout}\n{done.stderr}")
    return manifest


# The CLI prints its own progress and summary; Dagster's console logger keeps only warnings and errors (the
# full event log is in the instance, visible in the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def log_path(warehouse_dir: str, run_id: str) -> Path:
    """The dbt output of one warehouse run: named by its time and its Dagster run id, so no two runs share one."""
    logs = Path(warehouse_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"dbt-{datetime.now():%Y%m%dT%H%M%S}-{run_id}.log"


@dataclass
class RunOutcome:
    ingested_files: int = 0
    ingest_ok: bool = True
    warehouse_ok: bool = False
    published: bool = False
    checks: list[dict] = field(default_factory=list)  # {asset, check, passed, severity, description}
    dbt_build: str | None = None  # which dbt build ran (complete or incremental) and why
    errors: list[str] = field(default_factory=list)


def run_pipeline(force: bool = False, say: Callable[[str], None] = print, wait_s: float | None = None) -> RunOutcome:
    """The whole pipeline, holding the warehouse's run lock for all of it. Another run holding it: wait up to
    `wait_s` seconds (default MFGSTATS_RUN_WAIT_S, else an hour), saying for which run; then RunLocked."""
    from mfgstats.config import settings
    from mfgstats.warehouse.runlock import RunLock
    from pipelines.executor import wait_seconds
    from pipelines.warm_dbt import WarmDbt

    wait_s = wait_seconds() if wait_s is None else wait_s

    def waiting(holder) -> None:
        say(f"waiting for {holder.describe()} to finish (up to {wait_s:.0f} s; one run at a time)")

    with RunLock(settings().warehouse_dir) as lock:
        lock.acquire("mfgstats run", timeout_s=wait_s, waiting=waiting)
        # dbt imports itself on the other core while this process imports Dagster; it holds the lock too
        with WarmDbt(lock_fd=lock.fileno()):
            return _run(force, say, lock)


def _run(force: bool, say: Callable[[str], None], lock) -> RunOutcome:
    from mfgstats.loading import lifelong

    with lifelong():  # Dagster, dbt (dagster-dbt imports it), the definitions, the instance
        dagster_home()
        ensure_manifest()
        from dagster import AssetKey, DagsterInstance
        from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

        from mfgstats import pipeline, quality
        from mfgstats.ingest import discover
        from pipelines.assets.warehouse import FORCE_TAG, PLAN_METADATA
        from pipelines.definitions import defs
        from pipelines.leftovers import remove_leftovers
        from pipelines.partitions import documents_partitions
        from pipelines.resources import Warehouse
        from pipelines.run_guard import fail_dead_runs, owner_tags

        instance = DagsterInstance.get()
    fail_dead_runs(instance, say=say)  # runs a killed process left STARTED would block the UI's queue
    # The quality checks' fork server imports Great Expectations (≈ 3.4 s) on the other core while this process
    # ingests and extracts: after the imports above, which it would slow, and before dbt, which it would too.
    quality.prewarm()
    outcome = RunOutcome()
    warehouse = Warehouse()
    for path in remove_leftovers(warehouse):
        say(f"removed {path}, left behind by a run that was killed")
    keys = [p.relative_to(warehouse.raw_path).as_posix() for p in discover(warehouse.raw_path)]
    known = set(instance.get_dynamic_partitions(documents_partitions.name))
    new = [k for k in keys if k not in known]
    if new:  # one call (one transaction) for a whole backlog
        instance.add_dynamic_partitions(documents_partitions.name, new)
    all_keys = instance.get_dynamic_partitions(documents_partitions.name)
    with warehouse.connect() as con:
        todo = keys if force else pipeline.pending(con, warehouse.raw_path, keys)
    outcome.ingested_files = len(todo)
    if todo:
        index = {k: i for i, k in enumerate(all_keys)}
        positions = sorted(index[k] for k in todo)
        say(f"ingesting {len(todo)} of {len(keys)} file(s) from {warehouse.raw_path}")
        run_id = str(uuid.uuid4())
        lock.set_run(run_id)
        result = defs.resolve_job_def("ingest_job").execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=QUIET,
            run_id=run_id,
            tags={
                ASSET_PARTITION_RANGE_START_TAG: all_keys[positions[0]],
                ASSET_PARTITION_RANGE_END_TAG: all_keys[positions[-1]],
                FORCE_TAG: str(force).lower(),
                **owner_tags(run_id),  # which process executes it, for fail_dead_runs after a kill
            },
        )
        outcome.ingest_ok = result.success
        if not result.success:
            outcome.errors.append(_failure(result))
    else:
        say(f"all {len(keys)} file(s) unchanged since the last run")
    run_id = str(uuid.uuid4())
    lock.set_run(run_id)
    log = log_path(warehouse.warehouse_dir, run_id)
    say(f"building the warehouse (dbt build, quality checks, publish); dbt's log: {log}")
    with log.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        result = defs.resolve_job_def("warehouse_job").execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=QUIET,
            run_id=run_id,
            tags={FORCE_TAG: str(force).lower(), **owner_tags(run_id)},
        )
    outcome.warehouse_ok = result.success
    if not result.success:
        outcome.errors.append(_failure(result))
    materialized = result.get_asset_materialization_events()
    outcome.published = any(e.asset_key == AssetKey("published_warehouse") for e in materialized)
    plans = {
        e.materialization.metadata[PLAN_METADATA].value
        for e in materialized
        if PLAN_METADATA in e.materialization.metadata
    }
    outcome.dbt_build = plans.pop() if plans else None
    for evaluation in result.get_asset_check_evaluations():
        outcome.checks.append(
            {
                "asset": evaluation.asset_key.to_user_string(),
                "check": evaluation.check_name,
                "passed": evaluation.passed,
                "severity": evaluation.severity.value,
                "description": evaluation.description,
                "suite": "suite" in evaluation.metadata,  # a GX suite (pipelines/checks), not a dbt test
            }
        )
    return outcome


def _failure(result) -> str:
    failures = [e for e in result.all_events if e.is_step_failure]
    if not failures:
        return "the run failed (see the Dagster UI for details)"
    lines = []
    for event in failures:
        error = event.event_specific_data.error
        while error.cause is not None:  # Dagster wraps the asset's own exception: report that one
            error = error.cause
        message = error.message.strip().split(": ", 1)[-1] if error.cls_name else error.message.strip()
        lines.append(f"{event.step_key}: " + "\n    ".join(message.splitlines()[:15]))
    return "\n".join(lines)
