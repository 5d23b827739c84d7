"""DuckLake target: the warehouse as a DuckLake (a SQL catalog plus a folder of Parquet files) instead of one
DuckDB file, so several writer processes and any number of readers can share it.

Chosen by configuration alone:

    MFGSTATS_TARGET=ducklake                    # default: duckdb (the build file + published copy)
    MFGSTATS_LAKE_CATALOG=sqlite:/srv/cat.sqlite  # default: sqlite:$MFGSTATS_WAREHOUSE_DIR/lake/catalog.sqlite
    MFGSTATS_LAKE_DATA=/srv/lake/data/          # default: $MFGSTATS_WAREHOUSE_DIR/lake/data/

The catalog is any DuckLake catalog connection string: `sqlite:PATH` for several processes on one machine (the
DuckLake documentation's choice for local multi-client use), `postgres:dbname=lake host=…` for writers and
readers on several machines (needs a PostgreSQL server and the duckdb-extension-postgres package). A DuckDB file
as catalog admits a single process only, so it is not offered. Extensions load offline from the
duckdb-extension-* packages (`INSTALL` from the network is never attempted).

The data path may be a folder or an S3 (or S3-compatible) prefix, `s3://bucket/prefix/`: DuckDB's httpfs extension
(from duckdb-extension-httpfs) then reads and writes it, with the credentials of a DuckDB secret that
`open_object_store` makes from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
MFGSTATS_S3_REGION, MFGSTATS_S3_ENDPOINT; docs/deploy.md), scoped to that prefix. The writer, every reader and
dbt's lake profile (mfgstats.lake.dbt_plugin) all go through it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mfgstats.config import settings

ALIAS = "lake"
# The duckdb-extension-* package that provides each catalog type's scanner.
CATALOG_EXTENSIONS = {"sqlite": "sqlite", "postgres": "postgres"}


class LakeConfigError(ValueError):
    pass


class LakeMissing(RuntimeError):
    """A reader asked for a lake whose catalog does not exist yet (nothing was ever built into it)."""


@dataclass(frozen=True)
class LakeSettings:
    catalog: str  # DuckLake catalog connection string, e.g. sqlite:/path/catalog.sqlite
    data_path: str  # folder (or object-store prefix) of the Parquet files

    @property
    def catalog_type(self) -> str:
        kind = self.catalog.split(":", 1)[0]
        if kind not in CATALOG_EXTENSIONS:
            raise LakeConfigError(
                f"MFGSTATS_LAKE_CATALOG={self.catalog!r}: use sqlite:PATH (one machine, several processes) or "
                "postgres:CONNINFO (several machines)"
            )
        return kind

    @property
    def sqlite_path(self) -> Path | None:
        """The catalog's file when the catalog is SQLite (None for a catalog server)."""
        return Path(self.catalog.split(":", 1)[1]) if self.catalog_type == "sqlite" else None


def target() -> str:
    """`duckdb` (default) or `ducklake`, from MFGSTATS_TARGET."""
    value = os.environ.get("MFGSTATS_TARGET", "duckdb").strip().lower()
    if value not in ("duckdb", "ducklake"):
        raise LakeConfigError(f"MFGSTATS_TARGET={value!r}: use duckdb or ducklake")
    return value


def is_lake() -> bool:
    return target() == "ducklake"


def lake_settings() -> LakeSettings:
    root = settings().warehouse_dir / "lake"
    catalog = os.environ.get("MFGSTATS_LAKE_CATALOG") or f"sqlite:{root / 'catalog.sqlite'}"
    data = os.environ.get("MFGSTATS_LAKE_DATA") or str(root / "data")
    return LakeSettings(catalog=catalog, data_path=data.rstrip("/") + "/")


def extension_directory() -> Path:
    """Where DuckDB keeps the extensions the project installs: inside the deployment, never the home directory's
    cache (which would hide a missing pinned package until a fresh machine). dbt's profile names the same folder."""
    return settings().warehouse_dir / "duckdb_extensions"


def load_extensions(con: duckdb.DuckDBPyConnection, lake: LakeSettings) -> None:
    """Install ducklake and the catalog's scanner from their pinned duckdb-extension-* packages into the
    deployment's extension directory (offline), then load them."""
    for name in ("ducklake", CATALOG_EXTENSIONS[lake.catalog_type]):
        _load_extension(con, name)


def _load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    import duckdb_extensions

    folder = extension_directory()
    folder.mkdir(parents=True, exist_ok=True)
    con.execute("SET autoinstall_known_extensions = false")
    con.execute(f"SET extension_directory = '{_quote(str(folder))}'")
    try:
        con.execute(f"LOAD {name}")
    except duckdb.Error:
        duckdb_extensions.import_extension(name, con=con)
        con.execute(f"LOAD {name}")


def is_object_store(data_path: str) -> bool:
    return data_path.startswith("s3://")


def open_object_store(con: duckdb.DuckDBPyConnection, data_path: str) -> None:
    """Let `con` read and write an `s3://bucket/prefix/` data path (nothing to do for a folder): httpfs from its
    pinned package, and a DuckDB secret (in memory only) from the environment, scoped to that prefix so that these
    credentials are used for the lake and nothing else."""
    if not is_object_store(data_path):
        return
    key_id, secret = os.environ.get("AWS_ACCESS_KEY_ID", ""), os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not (key_id and secret):
        raise LakeConfigError(
            f"MFGSTATS_LAKE_DATA={data_path!r} is object storage: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "to a key that may read (a reader) or write (a writer) below it"
        )
    options = {
        "KEY_ID": key_id,
        "SECRET": secret,
        "REGION": os.environ.get("MFGSTATS_S3_REGION") or os.environ.get("AWS_REGION") or "us-east-1",
    }
    if os.environ.get("AWS_SESSION_TOKEN"):
        options["SESSION_TOKEN"] = os.environ["AWS_SESSION_TOKEN"]
    endpoint = os.environ.get("MFGSTATS_S3_ENDPOINT", "").strip().rstrip("/")
    if endpoint:  # an S3-compatible server (MinIO, Ceph, …): its address, and path-style URLs it understands
        scheme, _, host = endpoint.rpartition("://")
        if scheme not in ("", "http", "https") or not host:
            raise LakeConfigError(f"MFGSTATS_S3_ENDPOINT={endpoint!r}: give host:port, or http(s)://host:port")
        options |= {"ENDPOINT": host, "URL_STYLE": "path", "USE_SSL": "false" if scheme == "http" else "true"}
    _load_extension(con, "httpfs")
    fields = ", ".join(f"{name} {_literal(value)}" for name, value in options.items())
    con.execute(
        f"CREATE OR REPLACE SECRET mfgstats_lake (TYPE s3, PROVIDER config, {fields}, SCOPE '{_quote(data_path)}')"
    )


def data_path(con: duckdb.DuckDBPyConnection) -> str:
    """Where the attached lake keeps its Parquet files: the path its catalog recorded, which is what a reader
    reads (and all that mfgstats.serve.sandbox lets a user-facing reader read)."""
    return con.execute(
        f"SELECT value FROM {ALIAS}.options() WHERE option_name = 'data_path' AND scope = 'GLOBAL'"
    ).fetchone()[0]


def attach(
    con: duckdb.DuckDBPyConnection,
    read_only: bool = False,
    lake: LakeSettings | None = None,
    snapshot: int | None = None,
) -> None:
    """ATTACH the lake as `lake` and make it the default database, so `raw.facts` or `fct_observation` resolve
    in it exactly as in the DuckDB target. A writer creates the lake on first use; a reader never does (it gets
    LakeMissing). `snapshot` pins a read-only attachment to that snapshot: every statement reads it, whatever
    writers commit meanwhile."""
    lake = lake or lake_settings()
    load_extensions(con, lake)
    path = lake.sqlite_path
    if path is not None:
        if read_only and not path.is_file():
            raise LakeMissing(f"no DuckLake catalog at {path}: build the warehouse first (`mfgstats run`)")
        _create_sqlite_catalog(path)
    if is_object_store(lake.data_path):  # before ATTACH: attaching a lake on object storage needs httpfs
        open_object_store(con, lake.data_path)
    elif not read_only and "://" not in lake.data_path:
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    # A reader takes the data path the catalog stored when the lake was created (a folder: the catalog is all it
    # needs; object storage: it also needs the s3:// setting, for httpfs and the credentials).
    options = ["READ_ONLY"] if read_only else [f"DATA_PATH '{_quote(lake.data_path)}'"]
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    try:
        con.execute(f"ATTACH IF NOT EXISTS 'ducklake:{_quote(lake.catalog)}' AS {ALIAS} ({', '.join(options)})")
    except duckdb.Error as exc:
        if "httpfs" not in str(exc):
            raise
        raise LakeConfigError(
            f"the lake of {lake.catalog} keeps its data on object storage: set MFGSTATS_LAKE_DATA to its s3:// "
            "path and the S3 settings (docs/deploy.md)"
        ) from exc
    con.execute(f"USE {ALIAS}")
    if read_only and (stored := data_path(con)) != lake.data_path:
        open_object_store(con, stored)  # what the reader reads: the credentials' scope follows the catalog


def connect(
    read_only: bool = False, lake: LakeSettings | None = None, snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the lake attached: what the pipeline writes with and readers read with."""
    con = duckdb.connect()
    try:
        attach(con, read_only=read_only, lake=lake, snapshot=snapshot)
    except BaseException:
        con.close()
        raise
    return con


def describe(lake: LakeSettings | None = None, snapshot: int | None = None) -> str:
    """The lake (and the snapshot read, if given) as people should read it in logs and reports."""
    label = f"ducklake:{(lake or lake_settings()).catalog}"
    return label if snapshot is None else f"{label} snapshot {snapshot}"


def transaction(con: duckdb.DuckDBPyConnection, write: Callable[[], None], attempts: int = 8) -> None:
    """Run `write` in one transaction. Another writer holding a shared DuckLake catalog makes a commit fail
    with "database is locked": the transaction rolled back whole, so it is retried after a growing pause."""
    for attempt in range(attempts):
        con.execute("BEGIN")
        try:
            write()
            con.execute("COMMIT")
            return
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            if not is_busy(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.1 * 2**attempt)


def _create_sqlite_catalog(path: Path) -> None:
    """A new SQLite catalog in WAL mode (a property of the file): readers then never block a writer's commit,
    which in SQLite's default journal mode fails at once with "database is locked"."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as catalog:
        catalog.execute("PRAGMA journal_mode=WAL")


def is_busy(error: Exception) -> bool:
    """A commit refused because another writer held the catalog: retrying the transaction is safe."""
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _literal(value: str) -> str:
    return value if value in ("true", "false") else f"'{_quote(value)}'"
