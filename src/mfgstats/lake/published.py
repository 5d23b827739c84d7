"""What readers of a DuckLake see: the snapshot the pipeline last published, never the newest one.

Every commit of a lake is an atomic snapshot, but one build makes many of them: dbt commits each model on its
own, and the quality checks run after dbt. The newest snapshot may therefore hold half of a rebuild, or marts
that a blocking check is about to reject. So, as the DuckDB target publishes a checked copy of its build file,
the lake target publishes a checked snapshot: `publish` records its id in `meta.publications` (in the lake
itself, so every machine sharing the catalog agrees), and readers attach the lake READ_ONLY pinned to the
latest recorded snapshot (`SNAPSHOT_VERSION`). A reader keeps its snapshot for as long as its connection lives;
the next connection sees the next publication. DuckLake deletes no data file a snapshot still needs until the
snapshot is expired (`ducklake_expire_snapshots`), so expire only snapshots older than the published one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from mfgstats.lake import ALIAS, LakeMissing, LakeSettings, attach, connect, transaction

PUBLICATIONS = "meta.publications"
PUBLICATIONS_DDL = f"""
CREATE TABLE IF NOT EXISTS {PUBLICATIONS} (
    snapshot_id BIGINT,           -- the lake snapshot readers attach to
    snapshot_time TIMESTAMPTZ,    -- when that snapshot was committed
    published_at TIMESTAMPTZ,     -- when it was published (after the quality checks passed)
    run_id VARCHAR                -- the Dagster run that published it, if any
)"""


class NotPublished(LakeMissing):
    """The lake exists but no snapshot of it was published yet (the first build failed a blocking check)."""


@dataclass(frozen=True)
class Publication:
    snapshot_id: int
    snapshot_time: datetime
    published_at: datetime


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The snapshot the connection reads: the newest one, or the one a pinned attachment is pinned to."""
    return int(con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()[0])


def snapshot_time(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> datetime:
    found = con.execute(
        f"SELECT snapshot_time FROM {ALIAS}.snapshots() WHERE snapshot_id = ?", [snapshot_id]
    ).fetchone()
    if found is None:
        raise LakeMissing(f"the lake has no snapshot {snapshot_id} (expired?): publish a new one with `mfgstats run`")
    return found[0]


def publish(con: duckdb.DuckDBPyConnection, snapshot_id: int | None = None, run_id: str | None = None) -> Publication:
    """Record `snapshot_id` (default: the newest snapshot) as what readers see, in one commit of its own."""
    snapshot_id = current_snapshot(con) if snapshot_id is None else snapshot_id
    committed = snapshot_time(con, snapshot_id)
    message = publication_message(snapshot_id)

    def write() -> None:
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(PUBLICATIONS_DDL)
        con.execute(f"CALL {ALIAS}.set_commit_message('mfgstats', ?)", [message])
        con.execute(f"INSERT INTO {PUBLICATIONS} VALUES (?, ?, now(), ?)", [snapshot_id, committed, run_id])

    transaction(con, write)
    return latest_publication(con)


def publication_message(snapshot_id: int) -> str:
    """The commit message of the commit that publishes `snapshot_id` (visible in `lake.snapshots()`)."""
    return f"publish snapshot {snapshot_id}"


def latest_publication(con: duckdb.DuckDBPyConnection) -> Publication | None:
    """The newest state ever published (None before the first): the highest snapshot id, so that two runs
    publishing out of order never take readers back to an older state."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'meta' "
        "AND table_name = 'publications'",
        [ALIAS],
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        f"SELECT snapshot_id, snapshot_time, published_at FROM {PUBLICATIONS} ORDER BY snapshot_id DESC LIMIT 1"
    ).fetchone()
    return Publication(int(row[0]), local_time(row[1]), local_time(row[2])) if row else None


def open_published(lake: LakeSettings | None = None) -> tuple[duckdb.DuckDBPyConnection, Publication]:
    """A read-only connection pinned to the published snapshot, and that publication. Raises LakeMissing when
    there is no lake, NotPublished when nothing was published yet."""
    con = connect(read_only=True, lake=lake)
    try:
        publication = latest_publication(con)
        if publication is None:
            raise NotPublished(
                "the lake holds no published snapshot yet: the first `mfgstats run` has not passed its checks"
            )
        _repin(con, publication.snapshot_id, lake)
    except BaseException:
        con.close()
        raise
    return con, publication


def open_snapshot(snapshot_id: int | None = None, lake: LakeSettings | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection pinned to `snapshot_id` (default: the newest snapshot, as of now), so that a reader
    running many statements (the quality checks) sees one state of the lake throughout."""
    con = connect(read_only=True, lake=lake)
    try:
        _repin(con, current_snapshot(con) if snapshot_id is None else snapshot_id, lake)
    except BaseException:
        con.close()
        raise
    return con


def local_time(moment: datetime) -> datetime:
    """Local wall-clock time without a zone, as file times are shown next to it."""
    return moment.astimezone().replace(tzinfo=None, microsecond=0) if moment.tzinfo else moment


def _repin(con: duckdb.DuckDBPyConnection, snapshot_id: int, lake: LakeSettings | None) -> None:
    con.execute("USE memory")
    con.execute(f"DETACH {ALIAS}")
    attach(con, read_only=True, lake=lake, snapshot=snapshot_id)
