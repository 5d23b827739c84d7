"""One pipeline run at a time per warehouse: an OS file lock (flock) on `<warehouse>/.run.lock`.

Everything that builds the warehouse takes it — `mfgstats run` for its whole run, and every Dagster run launched from
the UI, the daemon or `dagster job execute` (pipelines/executor.py) — and the sensor and the schedule skip while it
is held. The kernel releases it when the holding process dies, even by kill -9, so it is never stale. The lock file
also says who holds it (pid, Dagster run id, start time), so a second run can name the run it waits for.

A lake whose catalog is on PostgreSQL is written from several machines, where a file lock guards nothing: there the
run lock is also a PostgreSQL advisory lock in the catalog's database (`SharedLock`), taken after the file lock and
held by the run's own connection. The server releases it when that connection ends — the holder exits or dies, or
its machine stops answering TCP keepalives — so it is never stale either, and the holder's description (a row of
`mfgstats_run_lock`) is believed only while its backend holds the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zlib import crc32

LOCK_FILE = ".run.lock"
POLL_S = 0.5
# pg_try_advisory_lock(key1, key2): advisory locks are per database, so one fixed key per lake catalog.
LOCK_KEYS = (crc32(b"mfgstats") & 0x7FFFFFFF, 1)
HOLDER_TABLE = "mfgstats_run_lock"


class RunLocked(RuntimeError):
    """Another run holds the warehouse and did not finish in time (or the caller chose not to wait)."""

    def __init__(self, warehouse_dir: Path, holder: Holder | None, waited_s: float) -> None:
        self.holder = holder
        who = holder.describe() if holder else "another run (it did not say which)"
        waited = f" (waited {waited_s:.0f} s)" if waited_s >= 1 else ""
        super().__init__(
            f"the warehouse {warehouse_dir} is being built by {who}{waited}; run again once it has finished "
            "(`mfgstats run --wait SECONDS` waits for it)"
        )


@dataclass
class Holder:
    pid: int
    command: str
    started_at: str  # UTC, ISO
    host: str = field(default_factory=socket.gethostname)
    process_start: str | None = None  # tells a reused pid from the holder
    run_id: str | None = None  # the Dagster run it is executing, once there is one

    def describe(self) -> str:
        where = f"pid {self.pid} on {self.host}, started at {self.started_at}"
        if self.run_id:
            return f"run {self.run_id} ({self.command}, {where})"
        return f"{self.command} ({where})"


def process_start(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc): with the pid, it names one process for good."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22 of proc(5), counted after the command name


def process_alive(pid: int, started: str | None, host: str | None = None) -> bool:
    """The process `pid` that started at `started` still runs on this host (a process elsewhere: assumed alive)."""
    if host and host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    now = process_start(pid)
    return started is None or now is None or now == started


class SharedLock:
    """The run lock of every machine writing one lake: a session-level advisory lock on its PostgreSQL catalog."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo  # libpq's, as the lake's catalog names it (PG* variables fill in the rest)
        self._conn = None  # kept while waiting, so that polling does not connect every time

    def _connection(self):
        if self._conn is None or self._conn.closed:
            import psycopg2

            self._conn = psycopg2.connect(self.conninfo, application_name="mfgstats run lock")
            self._conn.autocommit = True
        return self._conn

    def try_acquire(self, holder: Holder) -> bool:
        with self._connection().cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s, %s)", LOCK_KEYS)
            if not cur.fetchone()[0]:
                return False
        self.describe(holder)
        return True

    def describe(self, holder: Holder) -> None:
        with self._conn.cursor() as cur:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {HOLDER_TABLE} (backend_pid INTEGER, holder TEXT)")
            cur.execute(f"DELETE FROM {HOLDER_TABLE}")  # only the lock's holder writes it
            cur.execute(f"INSERT INTO {HOLDER_TABLE} VALUES (pg_backend_pid(), %s)", [json.dumps(asdict(holder))])

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # ends the session, and with it the advisory lock

    def holder(self) -> Holder | None:
        """Who holds it (on any machine), or None when nobody does."""
        with self._connection().cursor() as cur:
            cur.execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %s AND objid = %s "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                LOCK_KEYS,
            )
            row = cur.fetchone()
            if row is None:
                return None
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", [HOLDER_TABLE])
            if cur.fetchone()[0]:
                cur.execute(f"SELECT holder FROM {HOLDER_TABLE} WHERE backend_pid = %s", [row[0]])
                found = cur.fetchone()
                if found is not None:
                    return Holder(**json.loads(found[0]))
            return Holder(pid=0, command="a run that has not said who it is yet", started_at="?")


def shared_lock() -> SharedLock | None:
    """The lock shared by several machines, when the configured target has one (a lake whose catalog is on
    PostgreSQL)."""
    from mfgstats.warehouse.target import target_from_settings

    return target_from_settings().shared_lock()


class RunLock:
    def __init__(self, warehouse_dir: str | os.PathLike, shared: SharedLock | None = None) -> None:
        """`shared`: the lock across machines (default: `shared_lock()` of the configuration, if any)."""
        self.warehouse_dir = Path(warehouse_dir)
        self.path = self.warehouse_dir / LOCK_FILE
        self._fd: int | None = None
        self._holder: Holder | None = None
        self.shared = shared if shared is not None else shared_lock()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def fileno(self) -> int:
        """The locked descriptor: a child process given it (pass_fds) keeps the lock held until it exits too."""
        if self._fd is None:
            raise RuntimeError("the run lock is not held")
        return self._fd

    def _open(self) -> int:
        self.warehouse_dir.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)

    def try_acquire(self, command: str) -> bool:
        if self._fd is not None:
            raise RuntimeError("the run lock is already held by this object")
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        pid = os.getpid()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        holder = Holder(pid=pid, command=command, started_at=started, process_start=process_start(pid))
        try:
            # This machine's lock first: its other runs wait on the file, not on the catalog's server.
            if self.shared is not None and not self.shared.try_acquire(holder):
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                return False
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._holder = fd, holder
        self._write()
        return True

    def acquire(self, command: str, timeout_s: float, waiting: Callable[[Holder], None] | None = None) -> None:
        """Take the lock, waiting up to timeout_s; `waiting(holder)` is called once, when the wait begins (and again
        if another run takes the lock in the meantime). Raises RunLocked naming the holder on timeout."""
        start = time.monotonic()
        told: Holder | None = None
        attempts = 0
        while not self.try_acquire(command):
            attempts += 1
            holder = read_holder(self.warehouse_dir, self.shared)
            if holder is None and attempts < 100:
                continue  # released meanwhile, or only probed for a moment by a sensor: try again at once
            waited = time.monotonic() - start
            # never give up on the first try: a probe (read_holder) holds the lock for a few microseconds
            if waited >= timeout_s and attempts > 2:
                raise RunLocked(self.warehouse_dir, holder, waited)
            if waiting and timeout_s > 0 and holder is not None and (told is None or holder.pid != told.pid):
                told = holder
                waiting(holder)
            time.sleep(POLL_S if waited < timeout_s else 0.05)

    def set_run(self, run_id: str | None) -> None:
        """Name the Dagster run now executing under the lock (a second run's message names it)."""
        if self._holder is not None:
            self._holder.run_id = run_id
            self._write()
            if self.shared is not None:
                self.shared.describe(self._holder)

    def _write(self) -> None:
        data = json.dumps(asdict(self._holder)).encode()
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)

    def release(self) -> None:
        if self.shared is not None:
            self.shared.release()  # held, or only connected while waiting
        if self._fd is None:
            return
        fd, self._fd, self._holder = self._fd, None, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def read_holder(warehouse_dir: str | os.PathLike, shared: SharedLock | None = None) -> Holder | None:
    """Who holds the lock — a run on this machine, else one on another machine sharing the lake (`shared`, default
    that of the configuration) — or None when nobody does."""
    local = _read_local_holder(warehouse_dir)
    if local is not None:
        return local
    if shared is not None:
        return shared.holder()
    configured = shared_lock()
    if configured is None:
        return None
    try:
        return configured.holder()
    finally:
        configured.release()


def _read_local_holder(warehouse_dir: str | os.PathLike) -> Holder | None:
    """Probes the file with a shared lock, taken and dropped at once."""
    path = Path(warehouse_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # held: read who holds it
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        for _ in range(5):  # the holder may be rewriting it this very moment
            with contextlib.suppress(ValueError, TypeError):
                return Holder(**json.loads(os.pread(fd, 65536, 0)))
            time.sleep(0.01)
        return Holder(pid=0, command="a run that has not said who it is yet", started_at="?")
    finally:
        os.close(fd)
