"""Run SQL read-only: refuse statements that write before running anything, stop a statement that runs too long,
and turn DuckDB's errors into messages that say what to do.

The connection is read-only and sealed (mfgstats.serve.sandbox: no files, settings or extensions), but the
statement types are still checked first with DuckDB's own parser, so that a write is refused whole, with a clear
reason, before anything runs. Functions of the scanner extensions a DuckLake reader has loaded (sqlite_scan, …)
open files through their own drivers, past DuckDB's file checks, and the lake's upkeep functions change it: they
are refused by name. DuckDB 1.5 has no statement timeout, so a timer interrupts the connection instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from mfgstats.serve import sandbox
from mfgstats.serve.errors import AccessRefused, QueryFailed, QueryStopped, WriteRefused

# Statement types that only read, or change the session and nothing else.
READING = frozenset(
    {
        duckdb.StatementType.SELECT,
        duckdb.StatementType.EXPLAIN,
        duckdb.StatementType.PRAGMA,  # pragmas that write are refused by the read-only connection itself
        duckdb.StatementType.CALL,
        duckdb.StatementType.SET,
        duckdb.StatementType.TRANSACTION,
    }
)

# Why a statement type is refused, when there is more to say than "it writes".
_HINTS = {
    duckdb.StatementType.COPY: "COPY writes files or tables (use `mfgstats export`, or `mfgstats sql --csv … > FILE`)",
    duckdb.StatementType.EXPORT: "EXPORT DATABASE writes files (use `mfgstats export`)",
    duckdb.StatementType.ATTACH: "ATTACH opens another database for writing",
    duckdb.StatementType.LOAD: "INSTALL/LOAD of extensions is not offered here",
}


# Functions that reach past the warehouse although DuckDB's file checks are on: the catalog scanners' own drivers,
# and the DuckLake upkeep functions (with or without the ducklake_ prefix) that delete files or commit.
_SCANNER_FUNCTION = re.compile(r"^(sqlite|postgres|mysql)_")
# Functions that run SQL handed to them as a string, which the name check below would not see.
_SQL_FROM_TEXT = frozenset({"query", "json_execute_serialized_sql"})
_LAKE_UPKEEP = frozenset(
    {
        "add_data_files",
        "cleanup_old_files",
        "delete_orphaned_files",
        "expire_snapshots",
        "flush_inlined_data",
        "merge_adjacent_files",
        "rewrite_data_files",
        "set_commit_message",
        "set_option",
    }
)


# DuckDB's answer to FROM 'file.csv' once replacement scans of files are off with external access
_MISSING_TABLE = re.compile(r"Table with name (.+?) does not exist")


@dataclass
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]


def checked_statements(sql: str) -> list[duckdb.Statement]:
    """Parse `sql` and refuse it, whole, if any statement writes."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from exc
    if not statements:
        raise QueryFailed("no SQL statement given")
    for st in statements:
        # PIVOT expands into an internal CREATE TYPE (empty query text) followed by a SELECT: that is a read.
        internal = st.type == duckdb.StatementType.CREATE and not st.query.strip()
        if st.type in READING or internal:
            continue
        verb = st.query.strip().split(None, 1)[0].upper() if st.query.strip() else st.type.name
        raise WriteRefused(_HINTS.get(st.type, f"{verb} statements are refused"))
    for name in _called_functions(sql):
        if name in _SQL_FROM_TEXT:
            raise AccessRefused(f"{name}() runs SQL given as text, past this check: write the SQL itself")
        if _SCANNER_FUNCTION.match(name):
            raise AccessRefused(f"{name}() opens other databases")
        if name.removeprefix("ducklake_") in _LAKE_UPKEEP:
            raise AccessRefused(f"{name}() changes the lake (the pipeline does its upkeep)")
    return statements


def _called_functions(sql: str) -> Iterator[str]:
    """The names (lower case, unquoted) of identifiers directly followed by "(", from DuckDB's tokenizer, so
    that string literals and comments never count."""
    tokens = duckdb.tokenize(sql)
    for (start, kind), (after, _) in itertools.pairwise(tokens):
        if kind == duckdb.token_type.identifier and sql[after] == "(":
            yield sql[start:after].strip().strip('"').lower()


def run(con: duckdb.DuckDBPyConnection, sql: str, timeout_s: float | None = None) -> Result:
    """Run every statement of `sql`, each within `timeout_s` seconds (default: MFGSTATS_QUERY_TIMEOUT_S; 0 for
    none); return the result of the last one that returns rows."""
    limits = sandbox.limits()
    timeout = limits.timeout_s if timeout_s is None else timeout_s
    last = Result([], [], [])
    for st in checked_statements(sql):
        with sandbox.Deadline(con, timeout) as deadline:
            try:
                cursor = con.execute(st)
                if cursor.description:
                    last = Result(
                        [d[0] for d in cursor.description], [str(d[1]) for d in cursor.description], cursor.fetchall()
                    )
            except duckdb.Error as exc:
                if deadline.expired:
                    raise QueryStopped(deadline.message()) from exc
                raise _explain(exc, limits) from exc
    return last


def _explain(exc: duckdb.Error, limits: sandbox.Limits) -> Exception:
    message = str(exc)
    if "read-only mode" in message:
        return WriteRefused(message.split(":", 1)[-1].strip().rstrip("!"))
    first = message.splitlines()[0] if message else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException) or "the configuration has been locked" in message:
        return AccessRefused(first.split(":", 1)[-1].strip())
    missing = _MISSING_TABLE.search(first)
    if isinstance(exc, duckdb.CatalogException) and missing and re.search(r"[/\\.]", missing.group(1)):
        return AccessRefused(f"{missing.group(1)} is not a table of the warehouse, and files cannot be read here")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return QueryStopped(
            f"the query needs more memory than readers are given ({limits.memory_limit}; {sandbox.MEMORY_VAR} "
            f"sets it): {first}"
        )
    return QueryFailed(message)
