"""The shared lake tested for real: a PostgreSQL server of the test's own (the system's initdb / pg_ctl, on a free
127.0.0.1 port and a private socket folder) holds the DuckLake catalog and Dagster's instance; two writers — separate
processes with separate working directories, two machines in miniature — share the catalog and one data path, each
ingesting its own releases with `mfgstats run`, while readers stay pinned to published snapshots. No commit is lost,
both writers' runs are in one run history, and one run lock (an advisory lock on the catalog) serialises them."""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from make_corpus import write_corpus

from mfgstats.config import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

VENV_BIN = Path(sys.executable).parent
SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder (Debian's layout), else the one of pg_ctl on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).resolve().parent if on_path and shutil.which("initdb") else None


@dataclass(frozen=True)
class Server:
    port: int
    socket_dir: Path

    def conninfo(self, db: str) -> str:
        return f"dbname={db} host=127.0.0.1 port={self.port} user=postgres"

    def url(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on PATH")
    # The server refuses to run as root: then it runs as the system's postgres user (else nobody).
    as_user: dict = {}
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            account = pwd.getpwnam("nobody")
        as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    root = Path(tempfile.mkdtemp(prefix="mfgstats-pg-"))  # not under pytest's folder, which only root may enter
    if as_user:
        os.chown(root, as_user["user"], as_user["group"])
    data, log = root / "data", root / "server.log"
    server = Server(_free_port(), root)

    def run(*cmd: str) -> None:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **as_user)
        assert done.returncode == 0, f"{cmd[0]} failed:\n{done.stdout}\n{done.stderr}"

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
    options = f"-c listen_addresses=127.0.0.1 -p {server.port} -k {root} -c fsync=off -c max_connections=100"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    try:
        import psycopg2

        conn = psycopg2.connect(server.conninfo("postgres"))
        conn.autocommit = True  # CREATE DATABASE runs outside a transaction
        with conn.cursor() as cur:
            cur.execute("CREATE DATABASE lake")
            cur.execute("CREATE DATABASE dagster")
        conn.close()
        yield server
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True, **as_user
        )
        shutil.rmtree(root, ignore_errors=True)


# --- the run lock across machines --------------------------------------------------------------------------------

HOLD = textwrap.dedent(
    """
    import sys, time
    from mfgstats.warehouse.runlock import RunLock, SharedLock

    lock = RunLock(sys.argv[1], shared=SharedLock(sys.argv[2]))
    assert lock.try_acquire("test holder")
    lock.set_run("run-on-machine-a")
    print("locked", flush=True)
    time.sleep(300)
    """
)


def test_the_run_lock_is_shared_by_machines_and_freed_when_its_holder_dies(postgres, tmp_path):
    from mfgstats.warehouse.runlock import RunLock, RunLocked, SharedLock, read_holder

    conninfo = postgres.conninfo("lake")
    machine_a, machine_b = tmp_path / "a" / "warehouse", tmp_path / "b" / "warehouse"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(machine_a), conninfo], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # Machine B has a warehouse folder (and file lock) of its own: only the catalog's lock is in common.
        seen = read_holder(machine_b, SharedLock(conninfo))
        assert (seen.pid, seen.command, seen.run_id) == (holder.pid, "test holder", "run-on-machine-a")
        told = []
        with pytest.raises(RunLocked) as refused, RunLock(machine_b, shared=SharedLock(conninfo)) as lock:
            lock.acquire("machine b", timeout_s=1.0, waiting=told.append)
        assert [h.pid for h in told] == [holder.pid]
        assert f"run run-on-machine-a (test holder, pid {holder.pid}" in str(refused.value)
        assert not lock.held and read_holder(machine_b) is None  # nothing left held locally either
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The server ends the dead holder's session, and its advisory lock with it.
    with RunLock(machine_b, shared=SharedLock(conninfo)) as lock:
        lock.acquire("machine b", timeout_s=10)
        assert read_holder(machine_a, SharedLock(conninfo)).command == "machine b"
    assert read_holder(machine_a, SharedLock(conninfo)) is None


def test_the_lake_configuration_chooses_the_shared_lock(monkeypatch, postgres):
    from mfgstats.warehouse.runlock import shared_lock

    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", f"postgres:{postgres.conninfo('lake')}")
    assert shared_lock().conninfo == postgres.conninfo("lake")
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", "sqlite:/srv/lake/catalog.sqlite")
    assert shared_lock() is None  # one machine: the file lock is enough
    monkeypatch.setenv("MFGSTATS_TARGET", "duckdb")
    assert shared_lock() is None


# --- two writers, readers, one run history ----------------------------------------------------------------------

DAGSTER_YAML = """\
telemetry:
  enabled: false
storage:
  postgres:
    postgres_url: {url}
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
"""

# What a reader sees in one statement (one snapshot): documents in the raw tables, sources in the marts.
STATE = "SELECT (SELECT count(*) FROM raw.documents), (SELECT count(DISTINCT document_id) FROM main.fct_observation)"

READER = f"""
import json, sys, time
from pathlib import Path
from mfgstats.lake.published import current_snapshot
from mfgstats.serve.warehouse import open_read_only  # what `mfgstats sql` opens
ready, stop, out = (Path(a) for a in sys.argv[1:4])
pinned = open_read_only()  # opened before the writers start, kept to the end
first = [current_snapshot(pinned), *pinned.execute('''{STATE}''').fetchone()]
seen = []
while not stop.exists():
    with open_read_only() as con:
        seen.append([current_snapshot(con), *con.execute('''{STATE}''').fetchone()])
    ready.touch()
    time.sleep(0.2)
last = [current_snapshot(pinned), *pinned.execute('''{STATE}''').fetchone()]
out.write_text(json.dumps({{"pinned_first": first, "pinned_last": last, "seen": seen}}))
"""


@dataclass(frozen=True)
class Machine:
    name: str
    root: Path
    env: dict[str, str]

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    def files(self) -> set[str]:
        return {
            p.relative_to(self.raw).as_posix()
            for p in self.raw.rglob("*")
            if p.is_file() and not p.name.endswith(".meta.yaml")
        }

    def run(self) -> subprocess.Popen:
        return subprocess.Popen(
            [str(VENV_BIN / "mfgstats"), "run"],
            env=self.env,
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


def finish(proc: subprocess.Popen, timeout: int = 1200) -> str:
    out, _ = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, out[-6000:]
    return out


def machine(name: str, root: Path, server: Server, shared_data: Path) -> Machine:
    """A writer's own working directory: raw releases, warehouse folder (logs, report, extensions), Dagster home."""
    home = root / "dagster_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text(DAGSTER_YAML.format(url=server.url("dagster")), encoding="utf-8")
    env = {
        **os.environ,
        "MFGSTATS_RAW_DIR": str(root / "raw"),
        "MFGSTATS_WAREHOUSE_DIR": str(root / "warehouse"),
        "DAGSTER_HOME": str(home),
        "MFGSTATS_TARGET": "ducklake",
        "MFGSTATS_LAKE_CATALOG": f"postgres:{server.conninfo('lake')}",
        "MFGSTATS_LAKE_DATA": str(shared_data),
        "MFGSTATS_ORIGIN": name,
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return Machine(name, root, env)


def test_two_writers_share_the_lake_readers_stay_pinned_and_no_commit_is_lost(postgres, tmp_path):
    shared_data = tmp_path / "shared" / "lake_data"  # the shared filesystem of both machines
    a = machine("machine-a", tmp_path / "a", postgres, shared_data)
    b = machine("machine-b", tmp_path / "b", postgres, shared_data)
    a.raw.mkdir()
    for seed in SEEDS:
        for path in (seed, seed.with_name(seed.name + ".meta.yaml")):
            shutil.copy(path, a.raw / path.name)

    first = a.run()
    finish(first)

    # One more release for A, two of its own for B (other releases of the corpus: other file names).
    write_corpus(1, a.root, start=0)
    write_corpus(2, b.root, start=1)
    assert not a.files() & b.files()
    ready, stop, seen_file = (tmp_path / name for name in ("ready", "stop", "seen.json"))
    reader = subprocess.Popen(
        [str(VENV_BIN / "python"), "-c", READER, str(ready), str(stop), str(seen_file)], env=a.env, cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():  # the reader holds the published snapshot before the writers start
            assert reader.poll() is None and time.monotonic() < deadline, "the reader did not start"
            time.sleep(0.2)
        second, third = a.run(), b.run()  # at once: the run lock makes one wait for the other
        out_a, out_b = finish(second), finish(third)
        time.sleep(1.0)  # a few readings after the last publication
    finally:
        stop.touch()
        assert reader.wait(timeout=120) == 0, "the reader failed while the lake was written"

    # One run lock for both machines: exactly one of them waited, naming the other's process.
    waits = {"a": f"pid {third.pid} on " in out_a, "b": f"pid {second.pid} on " in out_b}
    assert sum(waits.values()) == 1, (out_a[-3000:], out_b[-3000:])
    assert ("waiting for" in out_a) == waits["a"] and ("waiting for" in out_b) == waits["b"]

    # No commit lost: every release of both writers is in the published snapshot, raw and modelled.
    expected = a.files() | b.files()
    assert len(expected) == len(SEEDS) + 3
    done = subprocess.run(
        [
            str(VENV_BIN / "mfgstats"),
            "sql",
            "--json",
            "SELECT l.file, l.origin, l.status, count(DISTINCT o.observation_id) AS observations "
            "FROM raw.ingest_log l LEFT JOIN main.fct_observation o USING (document_id) GROUP BY ALL",
        ],
        env=b.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = {r["file"]: r for r in json.loads(done.stdout)}
    assert set(rows) == expected
    assert {f: r["origin"] for f, r in rows.items()} == {
        **{f: "machine-a" for f in a.files()},
        **{f: "machine-b" for f in b.files()},
    }
    assert all(r["status"] == "loaded" and r["observations"] > 0 for r in rows.values()), rows

    # Readers: every reading is one published state (marts built from exactly the raw tables beside them), never
    # going back; the connection opened before the writers kept its snapshot to the end.
    readings = json.loads(seen_file.read_text())
    seen = readings["seen"]
    assert len(seen) > 10
    assert all(documents == sources for _, documents, sources in seen)
    counts = [documents for _, documents, _ in seen]
    assert counts == sorted(counts) and counts[0] == len(SEEDS) and counts[-1] == len(expected)
    assert set(counts) <= {len(SEEDS), len(SEEDS) + 1, len(SEEDS) + 2, len(expected)}
    assert readings["pinned_first"] == readings["pinned_last"] == seen[0]

    # One run history: the runs of both machines, through Dagster's public API, all successful.
    from dagster import DagsterInstance, DagsterRunStatus

    with DagsterInstance.from_config(str(b.root / "dagster_home")) as instance:
        runs = instance.get_runs()
    by_process = {}
    for run in runs:
        by_process.setdefault(int(run.tags["mfgstats/pid"]), []).append(run)
    assert set(by_process) == {first.pid, second.pid, third.pid}
    assert all(len(made) == 2 for made in by_process.values())  # ingest_job and warehouse_job of each run
    assert {run.status for run in runs} == {DagsterRunStatus.SUCCESS}
    assert {run.job_name for run in by_process[third.pid]} == {"ingest_job", "warehouse_job"}
