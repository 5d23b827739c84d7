"""Open the published warehouse read-only and find what it holds.

The pipeline replaces the published file atomically (mfgstats.warehouse.publish), so a connection opened here
keeps a consistent snapshot for as long as it lives and never blocks a rebuild.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from mfgstats.config import settings
from mfgstats.serve.errors import ServeError, WarehouseMissing

MART_PREFIXES = ("dim_", "fct_", "mart_")


def warehouse_path(db: Path | str | None = None) -> Path:
    """The file to read: an explicit path, else the published warehouse from the settings."""
    return Path(db).expanduser().resolve() if db else settings().published_db


def open_read_only(db: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    path = warehouse_path(db)
    if not path.is_file():
        raise WarehouseMissing(path)
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise ServeError(
                f"{path} is being written by another process; read the published warehouse "
                f"({settings().published_db}) instead of the build database"
            ) from exc
        raise ServeError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc
    except duckdb.Error as exc:
        raise ServeError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc


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
