"""The files dbt keeps for one deployment: the build state (mfgstats.changes), dbt's target folder with a folder per
run, and the partial-parse file each run starts from; and what dbt says when a build fails.

`warehouse` is the code location's Warehouse resource (its `target`: mfgstats.warehouse.target)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from mfgstats.changes import STATE_FILE

PARTIAL_PARSE = "partial_parse.msgpack"
KEEP_RUN_FOLDERS = 10  # dbt run folders kept in a deployment's dbt_target


def state_file(warehouse) -> Path:
    """Where the build state lives (mfgstats.changes): in the target's state folder."""
    return warehouse.target.state_dir / STATE_FILE


def dbt_target(warehouse) -> Path:
    """dbt's target folder for this deployment, beside its build state: the run folders (compiled SQL, logs,
    artifacts) and the partial-parse file its next run starts from."""
    return state_file(warehouse).with_name("dbt_target")


def keep_partial_parse(run_target: Path) -> None:
    """dbt parses the whole project again (≈ 3 s) unless it finds a partial-parse file written with the same
    profile, and the profile holds the build database's path. dagster-dbt seeds each run folder with the file in
    its parent, the deployment's dbt_target (a checkout's dbt_project/target would be shared by every deployment
    of it — a test suite, benchmarks, a second warehouse — each invalidating the others'), so this run's file is
    kept there for the next run. dbt checks that it still fits."""
    parsed = run_target / PARTIAL_PARSE
    if parsed.is_file():
        kept = run_target.parent / PARTIAL_PARSE
        tmp = kept.with_name(f"{PARTIAL_PARSE}.{os.getpid()}.tmp")
        shutil.copyfile(parsed, tmp)
        tmp.replace(kept)


def remove_old_run_folders(target: Path, prefix: str, keep: int = KEEP_RUN_FOLDERS, min_age_s: float = 3600) -> None:
    """dagster-dbt leaves a target folder per dbt run (`<prefix>-…`: compiled SQL, logs, artifacts: hundreds of
    files); keep the newest few for debugging, and never one younger than an hour (another process may still be
    running it)."""
    runs = sorted(target.glob(f"{prefix}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[keep:]:
        if time.time() - old.stat().st_mtime > min_age_s:
            shutil.rmtree(old, ignore_errors=True)


def dbt_failures(invocation) -> list[str]:
    """One line per failed model or test, with dbt's own message, instead of "see the logs"."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except Exception:  # dbt died before writing results (bad profile, parse error): its stdout says why
        return ["dbt wrote no run_results.json; see the step's logs"]
    lines = []
    for r in results:
        if r["status"] in ("error", "fail", "runtime error"):
            message = " ".join((r.get("message") or "").split())
            lines.append(f"{r['unique_id']} ({r['status']}): {message[:300]}")
    return lines or ["dbt reported failure without a failed node; see the step's logs"]
