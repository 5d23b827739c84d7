"""What a DuckDB connection opened for users may do: read the warehouse, nothing else.

Every reader the project opens for people (`mfgstats sql`, `status`, `export`, the DuckLake published reader through
them, and Superset's connection, bi/register_warehouse.py) gets the same settings:

- no file access outside the warehouse's own files (`enable_external_access=false`; a DuckLake reader is allowed
  its data path, `allowed_directories`): no `read_text('/etc/passwd')`, `glob`, `COPY … TO`, `ATTACH`, `INSTALL`;
- no extension installed or loaded behind the query's back (`autoinstall/autoload_known_extensions=false`);
- a memory limit and no spilling to disk (`max_temp_directory_size=0B`): a runaway query fails with DuckDB's
  out-of-memory error instead of taking the machine's memory or disk;
- `lock_configuration=true` last, so that no `SET`, `RESET` or `PRAGMA` can undo any of it (`SET profiling_output`
  would otherwise write a file anywhere). A few settings that only change how a session reads stay open
  (SESSION_SETTINGS).

DuckDB 1.5 has no statement timeout setting: `mfgstats sql` (mfgstats.serve.query) and Superset (bi/superset_config.py)
interrupt a statement that runs longer than the timeout with the connection's public `interrupt()` (Deadline).

This module needs nothing but the standard library and duckdb: bi/ imports it from Superset's own venv.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from dataclasses import dataclass

TIMEOUT_VAR = "MFGSTATS_QUERY_TIMEOUT_S"
MEMORY_VAR = "MFGSTATS_QUERY_MEMORY_LIMIT"
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_LIMIT = "2GB"

# Settings a locked reader may still change: they alter how a session reads and presents, never what it can reach
# (schema and search_path are what `USE` sets).
SESSION_SETTINGS = ("timezone", "calendar", "schema", "search_path", "default_order", "default_null_order")

_SIZE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


class LimitError(ValueError):
    """A limit set in the environment that cannot be used; the message names the variable and what to do."""


@dataclass(frozen=True)
class Limits:
    timeout_s: float  # 0: no timeout
    memory_limit: str  # a DuckDB size, e.g. 2GB


def limits() -> Limits:
    """The limits from MFGSTATS_QUERY_TIMEOUT_S and MFGSTATS_QUERY_MEMORY_LIMIT (defaults: 300 s, 2GB)."""
    raw_timeout = os.environ.get(TIMEOUT_VAR, "").strip()
    try:
        timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT_S
    except ValueError:
        timeout = -1.0
    if not timeout >= 0:  # also refuses nan
        raise LimitError(f"{TIMEOUT_VAR}={raw_timeout!r}: give the seconds a query may run, e.g. 300 (0: no limit)")
    memory = os.environ.get(MEMORY_VAR, "").strip() or DEFAULT_MEMORY_LIMIT
    if not _SIZE.match(memory):
        raise LimitError(f"{MEMORY_VAR}={memory!r}: give a size DuckDB understands, e.g. 2GB or 512MiB")
    return Limits(timeout, memory)


def reader_config(allowed_directories: tuple[str, ...] = ()) -> dict[str, object]:
    """DuckDB settings of a user-facing reader, for `duckdb.connect(config=…)` (Superset's connection) and for
    `seal`. DuckDB applies a connect config in an order of its own, so every entry here must hold in any order:
    allowed_directories only when there are some (they must be set before external access is turned off, which
    `seal` does), and spilling is stopped by a temp size of 0 rather than by an empty temp_directory."""
    config: dict[str, object] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "memory_limit": limits().memory_limit,
        "max_temp_directory_size": "0B",
    }
    if allowed_directories:  # a prefix: /srv/out would also admit /srv/outside
        config["allowed_directories"] = [d if d.endswith("/") else d + "/" for d in allowed_directories]
    config["enable_external_access"] = False
    config["allowed_configs"] = list(SESSION_SETTINGS)
    config["lock_configuration"] = True
    return config


def seal(con, allowed_directories: tuple[str, ...] = ()) -> None:
    """Apply `reader_config`, in its order, to an open connection after everything it must attach or load
    (extensions, the warehouse file, the lake) is in place: from here on it reads what it has, and nothing else.
    No temp directory either: an in-memory session would otherwise spill into `.tmp` of the working directory."""
    con.execute("SET temp_directory = ''")
    for name, value in reader_config(allowed_directories).items():
        con.execute(f"SET {name} = {_literal(value)}")


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


class Deadline:
    """Interrupt a connection (anything with DuckDB's `interrupt()`) whose statement runs longer than `seconds`
    (0: never). `start()` before the statement, `stop()` after it, or use it as a context manager; `expired`
    tells whether it fired. The lock keeps a timer that fires as the statement ends from interrupting the next."""

    def __init__(self, con, seconds: float):
        self._con, self.seconds = con, seconds
        self._lock = threading.Lock()
        self._running = False
        self._timer: threading.Timer | None = None
        self.expired = False

    def start(self) -> Deadline:
        if self.seconds > 0:
            self._running = True
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._running = False
        if self._timer:
            self._timer.cancel()

    def message(self) -> str:
        return f"the query ran longer than {self.seconds:g} s and was stopped ({TIMEOUT_VAR} sets the limit)"

    def _fire(self) -> None:
        with self._lock:
            if self._running:
                self.expired = True
                with contextlib.suppress(Exception):  # closed meanwhile: nothing left to stop
                    self._con.interrupt()

    def __enter__(self) -> Deadline:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
