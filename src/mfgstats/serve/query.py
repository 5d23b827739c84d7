"""Run SQL read-only: refuse statements that write before running anything, and turn DuckDB's errors into
messages that say what to do.

The connection is opened read-only, which already stops writes to the warehouse, but DuckDB still lets a
read-only connection write elsewhere (COPY … TO a file, ATTACH another database, temporary tables), so the
statement types are checked first with DuckDB's own parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from mfgstats.serve.errors import QueryFailed, WriteRefused

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
    return statements


def run(con: duckdb.DuckDBPyConnection, sql: str) -> Result:
    """Run every statement of `sql`; return the result of the last one that returns rows."""
    last = Result([], [], [])
    for st in checked_statements(sql):
        try:
            cursor = con.execute(st)
            if cursor.description:
                last = Result(
                    [d[0] for d in cursor.description], [str(d[1]) for d in cursor.description], cursor.fetchall()
                )
        except duckdb.Error as exc:
            raise _explain(exc) from exc
    return last


def _explain(exc: duckdb.Error) -> Exception:
    message = str(exc)
    if "read-only mode" in message:
        return WriteRefused(message.split(":", 1)[-1].strip().rstrip("!"))
    return QueryFailed(message)
