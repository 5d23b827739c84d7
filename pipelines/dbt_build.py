"""Which dbt build a warehouse run makes: complete, or only what changed data touches.

A complete build (`dbt build --full-refresh`: every seed, model and test) runs when the dbt project changed since
the last complete build, when the previous build did not finish (its change set may be half applied), once a day,
and when asked (`mfgstats run --force`). Otherwise the build is incremental: the `changed_data` selector of
dbt_project/selectors.yml — the tables fed by the raw tables, recomputing only the documents, series and regions
the new documents touch (int_changed_documents, int_changed_series), with the tests on them.

The state lives next to the build database (`dbt_state.json`): the hash of the dbt project of the last complete
build, when it ran, and whether the last build finished. No Dagster here, so tests and benchmarks use the same
plan as the pipeline.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

COMPLETE_ARGS = ["build", "--full-refresh"]
INCREMENTAL_ARGS = ["build", "--selector", "changed_data"]
STATE_FILE = "dbt_state.json"
COMPLETE_EVERY_S = 24 * 3600  # at least one complete build (every test) a day
PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


@dataclass(frozen=True)
class BuildPlan:
    args: list[str]
    complete: bool
    reason: str


def project_hash(project_dir: Path) -> str:
    """Hash of the files that define the warehouse (models, macros, seeds, tests, selectors, profiles)."""
    h = hashlib.sha256()
    for path in sorted(project_dir.rglob("*")):
        if path.suffix in PROJECT_SUFFIXES and path.is_file() and not {"target", "logs"} & set(path.parts):
            h.update(path.relative_to(project_dir).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def plan(project_dir: Path, build_db: Path, force: bool = False, now: float | None = None) -> BuildPlan:
    state = read_state(build_db)
    now = time.time() if now is None else now
    if force:
        reason = "asked for (--force)"
    elif not build_db.exists() or not state:
        reason = "first build of this warehouse"
    elif not state.get("finished"):
        reason = "the previous build did not finish"
    elif state.get("project") != project_hash(project_dir):
        reason = "the dbt project changed since the last complete build"
    elif now - float(state.get("complete_at", 0)) > COMPLETE_EVERY_S:
        reason = "the last complete build is more than a day old"
    else:
        return BuildPlan(INCREMENTAL_ARGS, complete=False, reason="only new or changed documents")
    return BuildPlan(COMPLETE_ARGS, complete=True, reason=reason)


def read_state(build_db: Path) -> dict:
    try:
        return json.loads((build_db.parent / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mark_started(build_db: Path) -> None:
    """Before dbt writes: until mark_finished, the next plan is a complete build."""
    _write(build_db, {**read_state(build_db), "finished": False})


def mark_finished(build_db: Path, build: BuildPlan, project_dir: Path) -> None:
    state = {**read_state(build_db), "finished": True}
    if build.complete:
        state.update(project=project_hash(project_dir), complete_at=time.time())
    _write(build_db, state)


def _write(build_db: Path, state: dict) -> None:
    path = build_db.parent / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    tmp.replace(path)
