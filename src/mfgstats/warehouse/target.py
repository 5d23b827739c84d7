"""Where the warehouse is stored, behind one interface: a DuckDB file (the pipeline writes a build file and
publishes an atomic copy of it) or a DuckLake (the pipeline writes the lake and publishes a checked snapshot;
mfgstats.lake holds its mechanics). `target_from_settings` chooses one from MFGSTATS_TARGET; callers use what it
returns and never ask which it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import duckdb

from mfgstats import lake
from mfgstats.config import settings
from mfgstats.warehouse.publish import publish as publish_file
from mfgstats.warehouse.publish import remove_leftover_copies

if TYPE_CHECKING:
    from mfgstats.warehouse.runlock import SharedLock

# What the quality checks passed, asked for only by a target that publishes a pinned state: a lake snapshot id
# (None: they read none, e.g. a publish materialised alone).
Checked = Callable[[], int | None]
TABLES = "SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() {where} ORDER BY 1"


class Unreadable(RuntimeError):
    """The warehouse is missing, locked by a writer, not a DuckDB database, or the lake cannot be read."""


class NotPublished(Unreadable):
    """Nothing is published where a reader looks: `what` names that place (a file, or the lake and why)."""

    def __init__(self, what: Path | str) -> None:
        super().__init__(f"nothing published at {what}")
        self.what = what


@dataclass(frozen=True)
class Pinned:
    """One state of the warehouse, read-only, that another process can open again (the quality checks' worker
    processes do): a DuckDB file, or one snapshot of the lake."""

    db: str | None = None
    snapshot: int | None = None
    lake: lake.LakeSettings | None = None

    @property
    def label(self) -> str:
        return self.db if self.db is not None else lake.describe(self.lake, snapshot=self.snapshot)

    def open(self) -> duckdb.DuckDBPyConnection:
        if self.db is not None:
            return duckdb.connect(self.db, read_only=True)
        from mfgstats.lake.published import open_snapshot

        return open_snapshot(self.snapshot, lake=self.lake)


@dataclass(frozen=True)
class Published:
    """What a publish made readers see."""

    label: str  # as the log names it
    details: dict[str, object]  # what identifies it (Path values are files)
    approximate_rows: dict[str, int]


@dataclass(frozen=True)
class Reading:
    """What a reader of the published warehouse has open, as status and export manifests report it."""

    label: str  # the DuckDB file, or the lake and its published snapshot
    published_at: datetime
    size_bytes: int
    newest_at: datetime | None  # the build file's or the lake's last write: later than published_at when the
    # last run did not publish
    readable: tuple[str, ...] = ()  # folders the reader must read besides the warehouse (the lake's data files)


class WarehouseTarget(Protocol):
    """What callers need of where the warehouse is stored; FileTarget and LakeTarget implement it."""

    @property
    def label(self) -> str:
        """The build target as logs and reports name it."""

    @property
    def published_label(self) -> str:
        """What readers read, as the run summary names it."""

    @property
    def unchanged(self) -> str:
        """What readers keep reading when a run does not publish."""

    @property
    def state_dir(self) -> Path:
        """Where the build state and dbt's target folder live."""

    def dbt_env(self) -> dict[str, str]:
        """The environment dbt's profile (dbt_project/profiles.yml) reads to build into this target."""

    def exists(self) -> bool:
        """Whether anything was built yet."""

    def built_at(self) -> datetime | None:
        """When the build was last written, where a file's time says so (else the reader's `newest_at` does)."""

    def open_published(self) -> tuple[duckdb.DuckDBPyConnection, Reading]:
        """A read-only connection to what readers read, in a session of its own, not yet sealed
        (mfgstats.serve.sandbox seals it). Raises NotPublished, Unreadable."""

    def connect(self, attempts: int = 20) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A write connection, waiting while another writer briefly holds the file lock or the lake's catalog."""

    def read(self, published: bool = False) -> tuple[duckdb.DuckDBPyConnection, Pinned]:
        """A read-only connection to what was built (or to what is published), held at one state, and that state.
        Raises Unreadable."""

    def publish(self, checked: Checked | None = None, run_id: str | None = None) -> Published:
        """Make what was built what readers read. `checked` is asked only by a target whose readers read a state
        of their own (the lake's snapshot): which state the quality checks passed (None: the newest)."""

    def shared_lock(self) -> SharedLock | None:
        """The run lock shared with writers on other machines, if any."""

    def remove_leftovers(self) -> list[Path]:
        """Remove what a killed publish left (called while the run lock is held); the files removed."""


@dataclass(frozen=True)
class FileTarget:
    """The DuckDB-file target: build/mfgstats.duckdb, published as an atomic copy, mfgstats.duckdb."""

    warehouse_dir: Path

    @property
    def build_db(self) -> Path:
        """The DuckDB file the pipeline writes; never opened by readers."""
        return self.warehouse_dir / "build" / "mfgstats.duckdb"

    @property
    def published_db(self) -> Path:
        """The published copy that SQL clients and BI tools open read-only."""
        return self.warehouse_dir / "mfgstats.duckdb"

    @property
    def label(self) -> str:
        return str(self.build_db)

    @property
    def published_label(self) -> str:
        return str(self.published_db)

    @property
    def unchanged(self) -> str:
        return f"the previous warehouse at {self.published_db} is unchanged"

    @property
    def state_dir(self) -> Path:
        return self.build_db.parent

    def dbt_env(self) -> dict[str, str]:
        return {"MFGSTATS_BUILD_DB": str(self.build_db)}

    def exists(self) -> bool:
        return self.build_db.exists()

    def built_at(self) -> datetime | None:
        return _mtime(self.build_db) if self.build_db.exists() else None

    def open_published(self) -> tuple[duckdb.DuckDBPyConnection, Reading]:
        con, reading = open_file(self.published_db, self.published_db)
        return con, Reading(reading.label, reading.published_at, reading.size_bytes, self.built_at())

    @contextmanager
    def connect(self, attempts: int = 20) -> Iterator[duckdb.DuckDBPyConnection]:
        self.build_db.parent.mkdir(parents=True, exist_ok=True)
        with _retrying(lambda: duckdb.connect(str(self.build_db)), attempts) as con:
            yield con

    def read(self, published: bool = False) -> tuple[duckdb.DuckDBPyConnection, Pinned]:
        return read_file(self.published_db if published else self.build_db)

    def publish(self, checked: Checked | None = None, run_id: str | None = None) -> Published:
        """The build file as it is is what the checks read: a copy of it is published."""
        path = publish_file(self.build_db, self.published_db)
        with duckdb.connect(str(path), read_only=True) as con:
            counts = con.execute(TABLES.format(where="")).fetchall()
        return Published(str(path), {"path": path}, dict(counts))

    def shared_lock(self) -> SharedLock | None:
        return None

    def remove_leftovers(self) -> list[Path]:
        return remove_leftover_copies(self.published_db)


@dataclass(frozen=True)
class LakeTarget:
    """The DuckLake target (MFGSTATS_TARGET=ducklake): published by recording a checked snapshot."""

    warehouse_dir: Path
    settings: lake.LakeSettings = field(default_factory=lake.lake_settings)

    @property
    def label(self) -> str:
        return lake.describe(self.settings)

    @property
    def published_label(self) -> str:
        return self.label

    @property
    def unchanged(self) -> str:
        return f"the previously published snapshot of {self.label} is unchanged"

    @property
    def state_dir(self) -> Path:
        """Beside the catalog when it is a file (the lake has no build database); with a catalog server, the
        warehouse directory."""
        catalog = self.settings.sqlite_path
        return catalog.parent if catalog else self.warehouse_dir

    def dbt_env(self) -> dict[str, str]:
        """The profile's `lake` output, on this lake's catalog."""
        return {
            "MFGSTATS_TARGET": "ducklake",
            "MFGSTATS_LAKE_CATALOG": self.settings.catalog,
            "MFGSTATS_LAKE_DATA": self.settings.data_path,  # the profile's plugin opens object storage with it
        }

    def exists(self) -> bool:
        catalog = self.settings.sqlite_path
        return catalog.exists() if catalog else True  # a catalog server: assume it holds the lake the state describes

    def built_at(self) -> datetime | None:
        return None

    def open_published(self) -> tuple[duckdb.DuckDBPyConnection, Reading]:
        """The lake attached read-only at its published snapshot (mfgstats.lake.published)."""
        from mfgstats.lake.published import current_snapshot, local_time, open_published, publication_message

        try:
            con, publication = open_published(self.settings)
        except lake.LakeMissing as exc:  # no lake, or nothing published yet
            raise NotPublished(f"{self.label} ({exc})") from exc
        except (lake.LakeConfigError, duckdb.Error) as exc:
            raise Unreadable(f"cannot open {self.label} read-only: {' '.join(str(exc).split())}") from exc
        try:
            # newest: the last commit that is not itself a publication
            size, newest = con.execute(
                f"""SELECT (SELECT coalesce(sum(file_size_bytes), 0) FROM {lake.ALIAS}.table_info()),
                           (SELECT max(snapshot_time) FROM {lake.ALIAS}.snapshots()
                            WHERE commit_message IS DISTINCT FROM ?)""",
                [publication_message(publication.snapshot_id)],
            ).fetchone()
            label = lake.describe(self.settings, snapshot=current_snapshot(con))
            # the lake's own Parquet files are all it reads; its catalog is read by the catalog's extension
            readable = (lake.data_path(con),)
        except duckdb.Error as exc:
            con.close()
            raise Unreadable(f"cannot read {self.label}: {' '.join(str(exc).split())}") from exc
        return con, Reading(label, publication.published_at, int(size), local_time(newest), readable)

    @contextmanager
    def connect(self, attempts: int = 20) -> Iterator[duckdb.DuckDBPyConnection]:
        with _retrying(lambda: lake.connect(lake=self.settings), attempts) as con:
            yield con

    def read(self, published: bool = False) -> tuple[duckdb.DuckDBPyConnection, Pinned]:
        """Pinned to the published snapshot, or to the newest one: every statement reads it while writers commit,
        and publishing can name exactly what was checked."""
        from mfgstats.lake.published import current_snapshot, open_published, open_snapshot

        try:
            con = open_published(self.settings)[0] if published else open_snapshot(lake=self.settings)
        except (lake.LakeMissing, lake.LakeConfigError, duckdb.Error) as exc:
            raise Unreadable(f"cannot read {self.label}: {' '.join(str(exc).split())}") from exc
        try:
            return con, Pinned(snapshot=current_snapshot(con), lake=self.settings)
        except BaseException:
            con.close()
            raise

    def publish(self, checked: Checked | None = None, run_id: str | None = None) -> Published:
        """A lake commit is already an atomic snapshot, so nothing is copied: the snapshot the checks passed (else
        the newest) is recorded as published (mfgstats.lake.published), and readers attach to it from then on."""
        from mfgstats.lake.published import open_snapshot
        from mfgstats.lake.published import publish as publish_snapshot

        snapshot = checked() if checked is not None else None
        with self.connect() as con:
            publication = publish_snapshot(con, snapshot, run_id=run_id)
        with open_snapshot(publication.snapshot_id, lake=self.settings) as con:
            counts = con.execute(TABLES.format(where="WHERE database_name = current_database()")).fetchall()
        details = {
            "lake": self.label,
            "snapshot_id": publication.snapshot_id,
            "snapshot_time": publication.snapshot_time.isoformat(sep=" "),
        }
        return Published(f"snapshot {publication.snapshot_id} of {self.label}", details, dict(counts))

    def shared_lock(self) -> SharedLock | None:
        """A catalog on PostgreSQL is written from several machines, where a file lock guards nothing."""
        if self.settings.catalog_type != "postgres":
            return None
        from mfgstats.warehouse.runlock import SharedLock

        return SharedLock(self.settings.catalog.split(":", 1)[1])

    def remove_leftovers(self) -> list[Path]:
        return []  # publishing copies nothing: it records a snapshot in the catalog, in one transaction


def target_from_settings(warehouse_dir: Path | None = None) -> WarehouseTarget:
    """The target MFGSTATS_TARGET names (default: the DuckDB file) for `warehouse_dir` (default: the settings')."""
    directory = Path(warehouse_dir) if warehouse_dir is not None else settings().warehouse_dir
    return LakeTarget(directory) if lake.is_lake() else FileTarget(directory)


def read_file(db: Path) -> tuple[duckdb.DuckDBPyConnection, Pinned]:
    """A DuckDB file opened read-only, so a writer is blocked only while it is open."""
    if not db.is_file():
        raise Unreadable(f"no warehouse at {db}: build it with `mfgstats run` (or pass --db PATH)")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        hint = "wait for the writer to finish" if "lock" in str(exc).lower() else "is it a DuckDB file?"
        raise Unreadable(f"cannot open {db} read-only: {' '.join(str(exc).split())} — {hint}") from exc
    return con, Pinned(db=str(db.resolve()))  # workers do not share this process's working directory


def open_file(path: Path, published: Path | str) -> tuple[duckdb.DuckDBPyConnection, Reading]:
    """The DuckDB file `path` read-only, attached to an in-memory session: duckdb.connect(path) would share one
    database instance per path in this process, and refuse a second connection with other settings."""
    if not path.is_file():
        raise NotPublished(path)
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        name = path.stem if path.stem not in _RESERVED_CATALOGS else "warehouse"  # as duckdb.connect names it
        con.execute(f"ATTACH {_sql_string(str(path))} AS {_identifier(name)} (READ_ONLY)")
        con.execute(f"USE {_identifier(name)}")
    except duckdb.IOException as exc:
        con.close()
        if "lock" in str(exc).lower():
            raise Unreadable(
                f"{path} is being written by another process; read the published warehouse "
                f"({published}) instead of the build database"
            ) from exc
        raise Unreadable(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc
    except duckdb.Error as exc:
        con.close()
        raise Unreadable(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc
    return con, Reading(str(path), _mtime(path), path.stat().st_size, None)


_RESERVED_CATALOGS = ("memory", "system", "temp", "main", "")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


@contextmanager
def _retrying(open_connection, attempts: int) -> Iterator[duckdb.DuckDBPyConnection]:
    """Another writer (a manual `dbt` run, a second pipeline) holds the file lock, or the lake's catalog, only
    briefly, so wait for it instead of failing."""
    for attempt in range(attempts):
        try:
            con = open_connection()
            break
        except duckdb.Error as exc:
            held = isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
            if not (held or lake.is_busy(exc)) or attempt == attempts - 1:
                raise
            time.sleep(0.5)
    try:
        yield con
    finally:
        con.close()
