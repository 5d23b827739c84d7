"""Open the published warehouse read-only and find what it holds.

The pipeline replaces the published file atomically (mfgstats.warehouse.publish), so a connection opened here
keeps a consistent snapshot for as long as it lives and never blocks a rebuild. On the DuckLake target
(MFGSTATS_TARGET=ducklake) the connection is the lake attached read-only at its published snapshot
(mfgstats.lake.published): the same guarantee, with writers on other machines too. An explicit `--db PATH`
always opens that DuckDB file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from mfgstats import lake
from mfgstats.config import settings
from mfgstats.serve.errors import ServeError, WarehouseMissing

MART_PREFIXES = ("dim_", "fct_", "mart_")


@dataclass(frozen=True)
class Source:
    """What a reader has open, as status and export manifests report it."""

    label: str  # the DuckDB file, or the lake and its published snapshot
    published_at: datetime
    size_bytes: int
    newest_at: datetime | None  # the build file's or the lake's last write: later than published_at when the
    # last run did not publish


def warehouse_path(db: Path | str | None = None) -> Path:
    """The file to read: an explicit path, else the published warehouse from the settings."""
    return Path(db).expanduser().resolve() if db else settings().published_db


def reads_lake(db: Path | str | None = None) -> bool:
    """Whether `open_read_only(db)` opens the DuckLake target rather than a DuckDB file."""
    return not db and lake.is_lake()


def open_read_only(db: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    return open_source(db)[0]


def open_source(db: Path | str | None = None) -> tuple[duckdb.DuckDBPyConnection, Source]:
    """A read-only connection to the published warehouse (or to `db`), and what it is."""
    if reads_lake(db):
        return _open_lake()
    con = _open_file(db)
    path = warehouse_path(db)
    stat = path.stat()
    build = settings().build_db
    newest = _mtime(build) if not db and build.exists() else None
    return con, Source(str(path), _mtime(path), stat.st_size, newest)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def _open_lake() -> tuple[duckdb.DuckDBPyConnection, Source]:
    from mfgstats.lake.published import current_snapshot, local_time, open_published, publication_message

    label = lake.describe()
    try:
        con, publication = open_published()
    except lake.LakeMissing as exc:  # no lake, or nothing published yet
        raise WarehouseMissing(f"{label} ({exc})") from exc
    except (lake.LakeConfigError, duckdb.Error) as exc:
        raise ServeError(f"cannot open {label} read-only: {' '.join(str(exc).split())}") from exc
    try:
        # newest: the last commit that is not itself a publication
        size, newest = con.execute(
            f"""SELECT (SELECT coalesce(sum(file_size_bytes), 0) FROM {lake.ALIAS}.table_info()),
                       (SELECT max(snapshot_time) FROM {lake.ALIAS}.snapshots()
                        WHERE commit_message IS DISTINCT FROM ?)""",
            [publication_message(publication.snapshot_id)],
        ).fetchone()
    except duckdb.Error:
        con.close()
        raise
    source = Source(
        lake.describe(snapshot=current_snapshot(con)), publication.published_at, int(size), local_time(newest)
    )
    return con, source


def _open_file(db: Path | str | None) -> duckdb.DuckDBPyConnection:
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
