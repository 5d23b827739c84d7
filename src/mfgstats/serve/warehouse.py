"""Open the published warehouse read-only and find what it holds.

The storage target (mfgstats.warehouse.target) opens what is published: the published file, which the pipeline
replaces atomically, so a connection opened here keeps a consistent snapshot for as long as it lives and never
blocks a rebuild; or, on the DuckLake target, the lake attached read-only at its published snapshot: the same
guarantee, with writers on other machines too. An explicit `--db PATH` always opens that DuckDB file.

Either way the connection is sealed (mfgstats.serve.sandbox) once the warehouse is attached: it reads the
warehouse and nothing else, within a memory limit, and cannot change that.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from mfgstats.lake import LakeConfigError
from mfgstats.serve import sandbox
from mfgstats.serve.errors import ServeError, WarehouseMissing
from mfgstats.warehouse.target import NotPublished, Reading, Unreadable, open_file, target_from_settings

MART_PREFIXES = ("dim_", "fct_", "mart_")


def warehouse_path(db: Path | str) -> Path:
    """The DuckDB file an explicit `--db PATH` names."""
    return Path(db).expanduser().resolve()


def open_read_only(db: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    return open_source(db)[0]


def open_source(
    db: Path | str | None = None, export_dir: Path | None = None
) -> tuple[duckdb.DuckDBPyConnection, Reading]:
    """A read-only, sealed connection to the published warehouse (or to `db`), and what it is. `export_dir` is
    the one folder it may write, for `mfgstats export` (which runs its own statements, never a user's)."""
    try:
        sandbox.limits()
    except sandbox.LimitError as exc:
        raise ServeError(str(exc)) from exc
    try:
        if db:
            con, source = open_file(warehouse_path(db), target_from_settings().published_label)
        else:
            con, source = target_from_settings().open_published()
    except NotPublished as exc:
        raise WarehouseMissing(exc.what) from exc
    except (Unreadable, LakeConfigError) as exc:
        raise ServeError(str(exc)) from exc
    try:
        sandbox.seal(con, allowed_directories=(*source.readable, *((str(export_dir),) if export_dir else ())))
    except duckdb.Error as exc:
        con.close()
        raise ServeError(f"cannot read {source.label}: {' '.join(str(exc).split())}") from exc
    return con, source


def tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(schema, table) of every base table and view, sorted."""
    return con.execute(
        """SELECT table_schema, table_name FROM information_schema.tables
           WHERE table_catalog = current_database() ORDER BY 1, 2"""
    ).fetchall()


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts dbt built (dim_*, fct_*, mart_* in the main schema), discovered rather than listed, so a new
    mart is exported and served without touching this code."""
    return [t for s, t in tables(con) if s == "main" and t.startswith(MART_PREFIXES)]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return (schema, table) in set(tables(con))


def columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            """SELECT column_name FROM information_schema.columns
               WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?
               ORDER BY ordinal_position""",
            [schema, table],
        ).fetchall()
    ]
