"""Open the published warehouse read-only and find what it holds.

The pipeline replaces the published file atomically (mfgstats.warehouse.publish), so a connection opened here
keeps a consistent snapshot for as long as it lives and never blocks a rebuild. On the DuckLake target
(MFGSTATS_TARGET=ducklake) the connection is the lake attached read-only at its published snapshot
(mfgstats.lake.published): the same guarantee, with writers on other machines too. An explicit `--db PATH`
always opens that DuckDB file.

Either way the connection is sealed (mfgstats.serve.sandbox) once the warehouse is attached: it reads the
warehouse and nothing else, within a memory limit, and cannot change that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from mfgstats import lake
from mfgstats.config import settings
from mfgstats.serve import sandbox
from mfgstats.serve.errors import ServeError, WarehouseMissing

MART_PREFIXES = ("dim_", "fct_", "mart_")
_RESERVED_CATALOGS = ("memory", "system", "temp", "main", "")


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


def open_source(
    db: Path | str | None = None, export_dir: Path | None = None
) -> tuple[duckdb.DuckDBPyConnection, Source]:
    """A read-only, sealed connection to the published warehouse (or to `db`), and what it is. `export_dir` is
    the one folder it may write, for `mfgstats export` (which runs its own statements, never a user's)."""
    try:
        sandbox.limits()
    except sandbox.LimitError as exc:
        raise ServeError(str(exc)) from exc
    extra = (str(export_dir),) if export_dir else ()
    if reads_lake(db):
        return _open_lake(extra)
    con = _open_file(db, extra)
    path = warehouse_path(db)
    stat = path.stat()
    build = settings().build_db
    newest = _mtime(build) if not db and build.exists() else None
    return con, Source(str(path), _mtime(path), stat.st_size, newest)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def _open_lake(allowed: tuple[str, ...]) -> tuple[duckdb.DuckDBPyConnection, Source]:
    from mfgstats.lake.published import (
        current_snapshot,
        data_path,
        local_time,
        open_published,
        publication_message,
    )

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
        # the lake's own Parquet files are all it may read; its catalog is read by the catalog's extension
        sandbox.seal(con, allowed_directories=(data_path(con), *allowed))
    except duckdb.Error as exc:
        con.close()
        raise ServeError(f"cannot read {label}: {' '.join(str(exc).split())}") from exc
    source = Source(
        lake.describe(snapshot=current_snapshot(con)), publication.published_at, int(size), local_time(newest)
    )
    return con, source


def _open_file(db: Path | str | None, allowed: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    path = warehouse_path(db)
    if not path.is_file():
        raise WarehouseMissing(path)
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        # attached to an in-memory session rather than opened with duckdb.connect(path): that would share one
        # database instance per path in this process, and refuse a second connection with other settings
        name = path.stem if path.stem not in _RESERVED_CATALOGS else "warehouse"  # as duckdb.connect names it
        con.execute(f"ATTACH {_sql_string(str(path))} AS {_identifier(name)} (READ_ONLY)")
        con.execute(f"USE {_identifier(name)}")
        sandbox.seal(con, allowed_directories=allowed)
        return con
    except duckdb.IOException as exc:
        con.close()
        if "lock" in str(exc).lower():
            raise ServeError(
                f"{path} is being written by another process; read the published warehouse "
                f"({settings().published_db}) instead of the build database"
            ) from exc
        raise ServeError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc
    except duckdb.Error as exc:
        con.close()
        raise ServeError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
