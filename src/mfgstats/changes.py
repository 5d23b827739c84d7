"""What changed since the last build, and the state of the builds: one owner, asked by `mfgstats run`, the
raw-files sensor, the nightly schedule (through the sensor) and the quality checks' scope.

- a file, its sidecar, the extraction code or the catalogs: the file's fingerprint (mfgstats.pipeline hashes its
  bytes with `extraction_version`), against the one in `raw.ingest_log`;
- a file touched since a time: `files_touched_since` (modification times, the sensor's cheap look against its
  cursor; the fingerprints then decide what is read again);
- a reviewed correction: `corrections_touched_since` (a file under data/corrections/ written or deleted since the
  last publish);
- the dbt project: `project_hash`, against the one the build state recorded at the last complete build;
- the rows an incremental build writes: dbt's change set (`int_changed_documents`, `int_changed_series`), deleted
  and written again by the models' pre-hook; `rows_written_condition` renders that same macro for the checks.

The build state is a small JSON file beside the build database or the lake's catalog (`dbt_state.json`;
mfgstats.orchestration.dbt_files says where): the dbt project's hash at the last complete build, when it ran,
whether the last build finished, which plan it ran, and whether its blocking checks passed. From it `plan` decides
the next dbt build: complete (`dbt build --full-refresh`) when the dbt project changed since the last complete
build, when the previous build did not finish (its change set may be half applied) or did not pass its blocking
checks (the checks of an incremental build validate only the rows it wrote, so rows a failed run left behind are
checked again by the next complete build), once a day, and when asked; else incremental, the `changed_data`
selector of dbt_project/selectors.yml. No Dagster here, so tests and benchmarks decide as the pipeline does.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mfgstats.config import PROJECT_ROOT, settings

COMPLETE_ARGS = ["build", "--full-refresh"]
INCREMENTAL_SELECTOR = "changed_data"
INCREMENTAL_ARGS = ["build", "--selector", INCREMENTAL_SELECTOR]
STATE_FILE = "dbt_state.json"
COMPLETE_EVERY_S = 24 * 3600  # at least one complete build (every test) a day
PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}
OUTPUT_DIRS = {"target", "logs", "dbt_packages"}
CHANGES_MACRO = Path("macros") / "incremental_changes.sql"


# --- files and corrections -------------------------------------------------------------------------------------


def _mtime(path: Path) -> float:
    """A file's (or a symbolic link's own) modification time; 0 when it is gone or cannot be examined."""
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


@cache
def extraction_version() -> str:
    """Hash of everything that turns bytes into facts: ingest and extract code, and the catalog seeds."""
    h = hashlib.sha256()
    roots = [PROJECT_ROOT / "src" / "mfgstats" / "ingest", PROJECT_ROOT / "src" / "mfgstats" / "extract"]
    files = [p for root in roots if root.exists() for p in sorted(root.rglob("*.py"))]
    files += sorted(settings().seeds_dir.glob("*.csv"))
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(path: Path) -> str:
    h = hashlib.sha256(extraction_version().encode())
    _hash_file(h, path)
    sidecar = _sidecar_of(path)
    if os.path.lexists(sidecar):
        _hash_file(h, sidecar)
    return h.hexdigest()


def _hash_file(h, path: Path) -> None:  # h: a hashlib hash object
    """The file's bytes, read in blocks (an oversized file is refused later, not held in memory here); a symbolic
    link, special file or unreadable file by what it is, never by what it leads to (a link to /dev/zero)."""
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            h.update(b"link:" + os.fsencode(os.readlink(path)))
            return
        if not stat.S_ISREG(st.st_mode):
            h.update(f"special:{st.st_mode}".encode())
            return
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError as exc:
        h.update(f"unreadable:{exc.errno}".encode())


def file_stat(path: Path) -> str | None:
    """Size, modification and change times and inode of a file and of its sidecar, with the extraction version; None
    when the file is gone. While all of them are as they were when the file was fingerprinted, its fingerprint is
    taken to be the logged one without reading the file (git's index decides the same way): a run over 10,000
    unchanged files then costs their stat calls, not a second of hashing. A symbolic link is stat'ed itself."""
    parts = [extraction_version()]
    for p in (path, _sidecar_of(path)):
        try:
            st = p.lstat()
        except FileNotFoundError:
            if p == path:
                return None
            parts.append("-")
            continue
        except OSError as exc:  # e.g. a folder on the way that cannot be searched: the loader reports it
            parts.append(f"error:{exc.errno}")
            continue
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
    return "|".join(parts)


def _sidecar_of(path: Path) -> Path:
    from mfgstats.ingest.sidecar import SIDECAR_SUFFIX  # the ingest package loads its readers: not at import

    return path.with_name(path.name + SIDECAR_SUFFIX)


Seen = tuple[str, str | None]  # a file's fingerprint and its file_stat when fingerprinted


def changed_files(
    raw_dir: Path, keys: Iterable[str], logged: Mapping[str, Seen]
) -> tuple[dict[str, Seen | None], list[tuple[str, str]]]:
    """Which of `keys` changed since `logged` (file → the fingerprint and stat raw.ingest_log holds): the changed
    keys with their current fingerprint and stat (None for a file gone since it was logged), and the new stat of
    the files read again only to find the same bytes (touched, copied), to be logged so the next run does not read
    them either. A file is read only when its stat differs from the logged one."""
    from mfgstats.ingest import path_of

    changed: dict[str, Seen | None] = {}
    restat = []
    for key in keys:
        path = path_of(raw_dir, key)
        now = file_stat(path)
        before = logged.get(key)
        if now is None:
            if before is None or before[0] is not None:  # gone since it was logged (a gone file logs no fingerprint)
                changed[key] = None
        elif before is None or before[1] != now:
            fp = fingerprint(path)
            if before is not None and before[0] == fp:
                restat.append((key, now))
            else:
                changed[key] = (fp, now)
    return changed, restat


def seen(raw_dir: Path, key: str) -> Seen | None:
    """A file's fingerprint and stat now, read whatever was logged (a forced run); None when it is gone."""
    from mfgstats.ingest import path_of

    path = path_of(raw_dir, key)
    now = file_stat(path)
    return None if now is None else (fingerprint(path), now)


def files_touched_since(raw_dir: Path, since: float) -> list[str]:
    """The files of the raw directory written (file or sidecar) after `since` (a time stamp: the sensor's cursor),
    which the sensor hands to the ingest planner; their fingerprints then decide what is read again."""
    from mfgstats.ingest import path_of, scan
    from mfgstats.ingest.sidecar import SIDECAR_SUFFIX

    touched = []
    for key in scan(raw_dir).keys:
        path = path_of(raw_dir, key)  # a name that is not valid UTF-8 has an escaped key
        if max(_mtime(path), _mtime(path.with_name(path.name + SIDECAR_SUFFIX))) > since:
            touched.append(key)
    return touched


def corrections_touched_since(since: float, root: Path | None = None) -> bool:
    """A file under data/corrections/ written (or one deleted: its folder's mtime) after `since`."""
    from mfgstats.corrections import corrections_dir
    from mfgstats.corrections.parse import correction_files

    root = corrections_dir() if root is None else root
    paths = [root, *correction_files(root), *(p for p in root.rglob("*") if p.is_dir())] if root.is_dir() else []
    return any(_mtime(p) > since for p in paths)


# --- the dbt project -------------------------------------------------------------------------------------------


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


# --- the rows an incremental build writes ----------------------------------------------------------------------


def rows_written_condition(entries: list[Mapping], ref: Callable[[str], str], project_dir: Path | None = None) -> str:
    """The condition selecting the rows an incremental build deleted and wrote again, for a model's
    `meta.rows_written` `entries`: rendered from the very macro the models' pre-hook deletes by
    (dbt_project/macros/incremental_changes.sql, `rows_written_condition`), with `ref` naming each model's
    relation in the warehouse read."""
    macro = _changes_macro(str((project_dir or settings().dbt_project_dir) / CHANGES_MACRO))
    return f"({' '.join(str(macro(entries, ref)).split())})"


@cache
def _changes_macro(path: str) -> Callable:
    import jinja2  # dbt's template engine: the macro renders here as dbt renders it

    env = jinja2.Environment(undefined=jinja2.Undefined)
    template = env.from_string(Path(path).read_text(encoding="utf-8"))

    def render(entries: list[Mapping], ref: Callable[[str], str]) -> str:
        return template.make_module({"ref": ref}).rows_written_condition(entries)

    return render


# --- the build state and the next build ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildPlan:
    args: list[str]
    complete: bool
    reason: str


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


def read_state(state_file: Path) -> dict:
    try:
        return json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def last_complete_at(state_file: Path) -> float:
    """When the last complete build finished (0: never)."""
    return float(read_state(state_file).get("complete_at", 0))


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
