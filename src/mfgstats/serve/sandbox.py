"""What a DuckDB connection opened for users may do: read the warehouse, nothing else.

Every reader the project opens for people (`mfgstats sql`, `status`, `export`, the DuckLake published reader through
them, and Superset's connection, bi/register_warehouse.py) gets the same settings:

- no file access outside the warehouse's own files (`enable_external_access=false`; a DuckLake reader is allowed
  its data path, `allowed_directories`): no `read_text('/etc/passwd')`, `glob`, `COPY … TO`, `ATTACH`, `INSTALL`;
- no extension installed or loaded behind the query's back (`autoinstall/autoload_known_extensions=false`);
- a memory limit and no spilling to disk (`temp_directory=''`): a runaway query fails with DuckDB's out-of-memory
  error instead of taking the machine's memory or disk;
- `lock_configuration=true` last, so that no `SET`, `RESET` or `PRAGMA` can undo any of it (`SET profiling_output`
  would otherwise write a file anywhere). A few settings that only change how a session reads stay open
  (SESSION_SETTINGS).

DuckDB 1.5 has no statement timeout setting: `mfgstats sql` (mfgstats.serve.query) and Superset (bi/superset_config.py)
interrupt a statement that runs longer than the timeout with the connection's public `interrupt()`.

This module needs nothing but the standard library and duckdb: bi/ imports it from Superset's own venv.
"""

from __future__ import annotations

import os
import re
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


def reader_config(allowed_directories: tuple[str, ...] = (), memory_limit: str | None = None) -> dict[str, object]:
    """DuckDB settings of a user-facing reader, in the order they must be applied (`lock_configuration` last,
    `temp_directory` before external access is turned off). Usable as `duckdb.connect(config=…)` and by `seal`."""
    return {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "temp_directory": "",
        "memory_limit": memory_limit or limits().memory_limit,
        # a prefix: /srv/out would also admit /srv/outside
        "allowed_directories": [d if d.endswith("/") else d + "/" for d in allowed_directories],
        "enable_external_access": False,
        "allowed_configs": list(SESSION_SETTINGS),
        "lock_configuration": True,
    }


def seal(con, allowed_directories: tuple[str, ...] = ()) -> None:
    """Apply `reader_config` to an open connection, after everything it must attach or load (extensions, the
    warehouse file, the lake) is in place: from here on it reads what it has, and nothing else."""
    for name, value in reader_config(allowed_directories).items():
        con.execute(f"SET {name} = {_literal(value)}")


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"
