"""Deployments for the run-safety tests, real `mfgstats run` processes, a kill -9 of a whole process tree, and
the checks that a deployment recovered: no unfinished run, no leftover file, the published warehouse intact."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from mfgstats.config import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))
MFGSTATS = str(Path(sys.executable).parent / "mfgstats")
RUN_TIMEOUT_S = 900
MARTS = {"fct_observation", "mart_latest_values", "mart_plan_progress", "mart_conflicts", "dim_source"}


@dataclass
class Deployment:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def home(self) -> Path:
        return self.root / "dagster_home"

    @property
    def tmp(self) -> Path:
        """TMPDIR of every process of this deployment: where warm dbt's socket folders go."""
        return self.root / "tmp"

    @property
    def published(self) -> Path:
        return self.warehouse / "mfgstats.duckdb"

    @property
    def env(self) -> dict[str, str]:
        venv_bin = Path(sys.executable).parent
        return {
            **os.environ,
            "MFGSTATS_RAW_DIR": str(self.raw),
            "MFGSTATS_WAREHOUSE_DIR": str(self.warehouse),
            "DAGSTER_HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        }

    def start(self, *args: str, log: str = "run") -> subprocess.Popen:
        """`mfgstats ARGS` in its own process group, output to <root>/<log>.out."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        out = (self.root / f"{log}.out").open("wb")
        return subprocess.Popen(
            [MFGSTATS, *args], env=self.env, cwd=self.root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self, log: str = "run") -> str:
        return (self.root / f"{log}.out").read_text(errors="replace")

    def run(self, *args: str, log: str = "run") -> tuple[int, str]:
        proc = self.start(*args, log=log)
        try:
            code = proc.wait(timeout=RUN_TIMEOUT_S)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        return code, self.output(log)

    def copy(self, root: Path) -> Deployment:
        shutil.copytree(self.root, root, symlinks=True, ignore=shutil.ignore_patterns("*.out", "tmp"))
        return Deployment(root)

    def leftovers(self) -> list[str]:
        """Files a killed run may leave that the next start must remove."""
        found = list(self.warehouse.glob(".mfgstats.duckdb.*.tmp"))
        found += list(self.warehouse.glob("build/*.tmp"))
        found += list(self.warehouse.glob("build/dbt_target/*.tmp"))
        found += list(self.warehouse.glob("quality/**/.*.tmp"))
        found += list(self.tmp.glob("mfgstats-dbt-*")) + list(self.tmp.glob("pymp-*"))  # warm dbt, fork servers
        return sorted(p.relative_to(self.root).as_posix() for p in found)

    def published_counts(self) -> dict[str, int]:
        """Rows of the marts in the published warehouse, opened read-only as a reader opens it."""
        with duckdb.connect(str(self.published), read_only=True) as con:
            tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
            assert tables >= MARTS, f"the published warehouse lacks {sorted(MARTS - tables)}"
            counts = {t: con.execute(f"select count(*) from main.{t}").fetchone()[0] for t in sorted(MARTS)}
            counts["raw.facts"] = con.execute("select count(*) from raw.facts").fetchone()[0]
        return counts


def seed_documents(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        for path in (seed, seed.with_name(seed.name + ".meta.yaml")):
            shutil.copy(path, raw / path.name)


def synthetic_documents(raw: Path, n: int, start: int = 0) -> None:
    """n releases of the benchmark corpus (bench/make_corpus.py), releases start … start+n-1."""
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    try:
        from make_corpus import write_corpus
    finally:
        sys.path.remove(str(PROJECT_ROOT / "bench"))
    out = raw.parent / "corpus"
    write_corpus(n, out, start=start)
    for path in (out / "raw").rglob("*"):
        if path.is_file():
            target = raw / path.relative_to(out / "raw")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
    shutil.rmtree(out)


# --- processes --------------------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def descendants(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_tree(root: int) -> list[int]:
    """kill -9 a process and every process it started (whatever their session): freeze the tree first, so nothing
    forks or reacts while it is being killed. Returns the pids killed."""
    frozen: set[int] = set()
    while True:  # a process may fork between one look and the next: freeze until the tree stops growing
        pids = set(descendants(root)) - frozen
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        frozen |= pids
    for pid in frozen:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(alive(p) for p in frozen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in frozen if alive(p)], "processes survived kill -9"
    return sorted(frozen)


# --- Dagster's record of the runs --------------------------------------------------------------------------------


@contextlib.contextmanager
def dagster_instance(deployment: Deployment) -> Iterator:
    from dagster import DagsterInstance

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(deployment.home))
        with DagsterInstance.get() as instance:
            yield instance


def step_events(instance, run_id: str) -> dict[str, set[str]]:
    """step key → the kinds of its step events so far (STEP_START, STEP_SUCCESS, …)."""
    from dagster import DagsterEventType

    kinds = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE}
    steps: dict[str, set[str]] = {}
    for record in instance.all_logs(run_id, of_type=kinds):
        steps.setdefault(record.step_key, set()).add(record.dagster_event.event_type_value)
    return steps


def unfinished_runs(instance) -> list[tuple[str, str, str]]:
    from dagster import DagsterRunStatus, RunsFilter

    statuses = [
        DagsterRunStatus.QUEUED,
        DagsterRunStatus.NOT_STARTED,
        DagsterRunStatus.STARTING,
        DagsterRunStatus.STARTED,
        DagsterRunStatus.CANCELING,
    ]
    return [(r.run_id, r.job_name, r.status.value) for r in instance.get_runs(RunsFilter(statuses=statuses))]
