"""Which dbt build a warehouse run makes: complete, or only what changed data touches.

A complete build (`dbt build --full-refresh`: every seed, model and test) runs when the dbt project changed since
the last complete build, when the previous build did not finish (its change set may be half applied), once a day,
and when asked (`mfgstats run --force`). Otherwise the build is incremental: the `changed_data` selector of
dbt_project/selectors.yml — the tables fed by the raw tables, recomputing only the documents, series and regions
the new documents touch (int_changed_documents, int_changed_series), with the tests on them.

A build whose blocking quality checks did not pass (or never ran) is followed by a complete build too: the checks
of an incremental build validate only the rows it changed (mfgstats.quality scopes them by the change set), so
rows a failed run left behind are checked again by the next run, never published unchecked.

`selector_models` reads which models an incremental build writes from the selector's definition in dbt's
manifest, so that the run can be launched on exactly those assets (mfgstats.orchestration.warehouse_run):
selectors.yml stays the one definition of the incremental build, for dbt and for Dagster.

The state is a small JSON file next to the build database or the lake's catalog (`dbt_state.json`;
mfgstats.orchestration.dbt_files says where): the hash of the dbt project of the last complete
build, when it ran, whether the last build finished, which plan it ran, and whether its checks passed. No
Dagster here, so tests and benchmarks use the same plan as the pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

COMPLETE_ARGS = ["build", "--full-refresh"]
INCREMENTAL_SELECTOR = "changed_data"
INCREMENTAL_ARGS = ["build", "--selector", INCREMENTAL_SELECTOR]
STATE_FILE = "dbt_state.json"
COMPLETE_EVERY_S = 24 * 3600  # at least one complete build (every test) a day
PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}
OUTPUT_DIRS = {"target", "logs", "dbt_packages"}


@dataclass(frozen=True)
class BuildPlan:
    args: list[str]
    complete: bool
    reason: str


def project_hash(project_dir: Path) -> str:
    """Hash of the files that define the warehouse (models, macros, seeds, tests, selectors, profiles)."""
    h = hashlib.sha256()
    for path in project_files(project_dir):
        h.update(path.relative_to(project_dir).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def project_files(project_dir: Path) -> list[Path]:
    """The dbt project's own files, sorted, without walking dbt's output folders: target/ keeps a folder per run
    (hundreds of files each), so walking it made every run slower than the one before."""
    found = []
    for root, dirs, files in os.walk(project_dir):
        dirs[:] = sorted(d for d in dirs if d not in OUTPUT_DIRS)
        found += [Path(root) / f for f in files if Path(f).suffix in PROJECT_SUFFIXES]
    return sorted(found)


def plan(
    project_dir: Path,
    state_file: Path,
    force: bool | str = False,
    now: float | None = None,
    target_exists: bool = True,
) -> BuildPlan:
    """`force`: True or the reason a complete build is asked for (e.g. the nightly rebuild). `target_exists`: the
    build database (or lake) is there — a state file left beside a deleted one must not make an incremental build
    into an empty database."""
    state = read_state(state_file)
    now = time.time() if now is None else now
    if force:
        reason = force if isinstance(force, str) else "asked for (--force)"
    elif not state or not target_exists:
        reason = "first build of this warehouse"
    elif not state.get("finished"):
        reason = "the previous build did not finish"
    elif not state.get("checked"):
        reason = "the previous build did not pass its blocking quality checks"
    elif state.get("project") != project_hash(project_dir):
        reason = "the dbt project changed since the last complete build"
    elif now - float(state.get("complete_at", 0)) > COMPLETE_EVERY_S:
        reason = "the last complete build is more than a day old"
    else:
        return BuildPlan(INCREMENTAL_ARGS, complete=False, reason="only new or changed documents")
    return BuildPlan(COMPLETE_ARGS, complete=True, reason=reason)


def selector_models(manifest: Mapping, selector: str = INCREMENTAL_SELECTOR) -> list[str]:
    """The models and seeds `dbt build --selector NAME` builds, from the selector's definition in the manifest
    (methods source, path, config.*, resource_type, tag, test_name; union, intersection, exclude; parents and
    children). tests/orchestration/test_warehouse_run.py compares the result with `dbt ls`."""
    try:
        definition = manifest["selectors"][selector]["definition"]
    except KeyError:
        raise ValueError(
            f"dbt_project/selectors.yml defines no selector {selector!r}: define it, or parse the project again "
            "(`dbt parse`) if it was added since the manifest was written"
        ) from None
    built = {u: n for u, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed", "snapshot")}
    return sorted(built[u]["name"] for u in _resolve(definition, manifest) if u in built)


def _resolve(definition, manifest: Mapping) -> set[str]:
    if not isinstance(definition, Mapping):
        raise ValueError(f"dbt_project/selectors.yml: write {definition!r} as a mapping (method: …, value: …)")
    if "union" in definition:
        parts = definition["union"]
        included = [_resolve(p, manifest) for p in parts if "exclude" not in p]
        excluded = [_resolve(e, manifest) for p in parts if "exclude" in p for e in p["exclude"]]
        return set().union(*included) - set().union(*excluded)
    if "intersection" in definition:
        return set.intersection(*(_resolve(p, manifest) for p in definition["intersection"]))
    return _criterion(definition, manifest)


def _criterion(criterion: Mapping, manifest: Mapping) -> set[str]:
    method, value = criterion.get("method"), str(criterion.get("value"))
    unknown = set(criterion) - {"method", "value", "parents", "children", "indirect_selection", "description"}
    nodes = manifest["nodes"]
    if method == "source":
        found = {
            u for u, s in manifest["sources"].items() if value in (s["source_name"], f"{s['source_name']}.{s['name']}")
        }
    elif method == "path":
        found = {u for u, n in nodes.items() if (n["original_file_path"] + "/").startswith(value.rstrip("/") + "/")}
    elif method and method.startswith("config."):
        found = {u for u, n in nodes.items() if str(n.get("config", {}).get(method[7:])) == value}
    elif method == "resource_type":
        found = {u for u, n in nodes.items() if n["resource_type"] == value}
    elif method == "tag":
        found = {u for u, n in nodes.items() if value in n.get("tags", [])}
    elif method == "test_name":
        found = {u for u, n in nodes.items() if (n.get("test_metadata") or {}).get("name") == value}
    else:
        unknown.add(f"method {method!r}")
    if unknown:
        raise ValueError(
            f"dbt_project/selectors.yml: {sorted(unknown)} is not read by mfgstats.orchestration.build_plan; "
            "use the methods it reads or teach selector_models the new one"
        )
    for flag, edges in (("children", "child_map"), ("parents", "parent_map")):
        if criterion.get(flag):
            found |= _reachable(found, manifest[edges])
    return found


def _reachable(start: set[str], edges: Mapping[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def read_state(state_file: Path) -> dict:
    try:
        return json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mark_started(state_file: Path, build: BuildPlan, project_dir: Path) -> None:
    """Before dbt writes: until mark_finished and mark_checked, the next plan is a complete build. A complete build
    records the project's hash as dbt reads it now: a file edited while it runs is not taken for built."""
    last = {"complete": build.complete, "reason": build.reason}
    if build.complete:
        last["project"] = project_hash(project_dir)
    _write(state_file, {**read_state(state_file), "finished": False, "checked": False, "last": last})


def mark_finished(state_file: Path, build: BuildPlan) -> None:
    state = {**read_state(state_file), "finished": True}
    if build.complete:
        state.update(project=state.get("last", {}).get("project"), complete_at=time.time())
    _write(state_file, state)


def mark_checked(state_file: Path, passed: bool) -> None:
    """After the quality checks of the last build: only a build whose blocking checks passed lets the next one be
    incremental."""
    _write(state_file, {**read_state(state_file), "checked": passed})


def last_build_was_incremental(state_file: Path) -> bool:
    """The last build finished and was incremental: its change set (int_changed_documents, int_changed_series)
    names every row it wrote, so checks may validate just those."""
    state = read_state(state_file)
    return bool(state.get("finished")) and state.get("last", {}).get("complete") is False


def describe(build: BuildPlan) -> str:
    return ("complete" if build.complete else "incremental") + f" ({build.reason}): dbt {' '.join(build.args)}"


def _write(state_file: Path, state: dict) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    tmp.replace(state_file)
