"""What `mfgstats status` reports: what is ingested, what is quarantined and why, the last runs, open conflicts.

Everything is read without writing: the published warehouse read-only, the Dagster run history straight from
its SQLite run storage (opened read-only; importing Dagster to ask its instance costs ~3 s, the table read costs
milliseconds), and file times.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from mfgstats.config import PROJECT_ROOT, Settings
from mfgstats.ingest import discover, path_of
from mfgstats.ingest.partitions import partition_of
from mfgstats.serve.errors import WarehouseMissing
from mfgstats.serve.warehouse import columns, has_table, mart_tables, open_source
from mfgstats.warehouse.target import target_from_settings

OPEN_VERDICT = "real conflict"


@dataclass
class Run:
    run_id: str
    job: str
    status: str
    started: datetime | None
    seconds: float | None


@dataclass
class Status:
    warehouse: Path | str  # the DuckDB file, or the lake and its published snapshot
    published_at: datetime | None = None
    build_at: datetime | None = None
    size_bytes: int = 0
    documents: int = 0
    documents_by_type: list[tuple[str, str, int]] = field(default_factory=list)  # (doc_type, publisher, n)
    facts: int = 0
    quarantine: list[tuple[str, str, str, str]] = field(default_factory=list)  # (file, code, reason, action)
    not_ingested: list[str] = field(default_factory=list)  # files in the raw directory the warehouse lacks
    # their ingest partitions (publisher/year, mfgstats.ingest.partitions) → files: what a backfill would name
    not_ingested_partitions: dict[str, int] = field(default_factory=dict)
    marts: dict[str, int] = field(default_factory=dict)
    open_conflicts: int | None = None  # None: the warehouse has no mart_conflicts
    conflicts_by_verdict: dict[str, int] = field(default_factory=dict)
    explained_conflicts: int = 0  # real conflicts a reviewed decision explained (mart_conflict_reviews)
    # documents that left the current marts: (document id, file, removed | withdrawn | superseded, since, why)
    withdrawn: list[tuple[str, str, str, date, str]] = field(default_factory=list)
    corrections: dict[str, int] = field(default_factory=dict)  # reviewed decisions per status (mart_corrections)
    runs: list[Run] = field(default_factory=list)
    dagster_home: Path | None = None

    @property
    def published(self) -> bool:
        return self.published_at is not None


def dagster_home() -> Path:
    """Where `mfgstats run` and `mfgstats ui` keep the Dagster instance
    (mfgstats.orchestration.instance.dagster_home), found without creating it."""
    return Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()


def recent_runs(home: Path, limit: int = 5) -> list[Run]:
    """The latest runs in Dagster's default SQLite run storage; [] when there is none (or another storage)."""
    db = home / "history" / "runs.db"
    if not db.is_file():
        return []
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as con:
            rows = con.execute(
                "SELECT run_id, pipeline_name, status, start_time, end_time FROM runs ORDER BY id DESC LIMIT ?",
                [limit],
            ).fetchall()
    except sqlite3.Error:
        return []
    return [
        Run(
            run_id=run_id,
            job=job,
            status=status,
            started=datetime.fromtimestamp(start).replace(microsecond=0) if start else None,
            seconds=round(end - start, 1) if start and end else None,
        )
        for run_id, job, status, start, end in rows
    ]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def _conflicts(con: duckdb.DuckDBPyConnection) -> tuple[int, dict[str, int]]:
    """(open conflicts, rows per verdict). mart_conflicts explains most pairs (revision, different period,
    rounding); only a `real conflict` is open. Without a verdict column every row counts as open."""
    if "verdict" not in columns(con, "main", "mart_conflicts"):
        return _scalar(con, "SELECT count(*) FROM main.mart_conflicts"), {}
    by_verdict = dict(
        con.execute("SELECT verdict, count(*) FROM main.mart_conflicts GROUP BY ALL ORDER BY 2 DESC, 1").fetchall()
    )
    return by_verdict.get(OPEN_VERDICT, 0), by_verdict


def _read_warehouse(con: duckdb.DuckDBPyConnection, status: Status) -> set[str]:
    """Fill the warehouse part of `status`; return the raw files the warehouse knows (loaded or quarantined)."""
    known: set[str] = set()
    if has_table(con, "raw", "documents"):
        status.documents = _scalar(con, "SELECT count(*) FROM raw.documents")
        status.documents_by_type = con.execute(
            """SELECT doc_type, publisher, count(*) FROM raw.documents
               GROUP BY ALL ORDER BY 3 DESC, 1, 2"""
        ).fetchall()
        known |= {r[0] for r in con.execute("SELECT file FROM raw.documents").fetchall()}
    if has_table(con, "raw", "facts"):
        status.facts = _scalar(con, "SELECT count(*) FROM raw.facts")
    if has_table(con, "raw", "quarantine"):
        status.quarantine = con.execute(
            "SELECT file, reason_code, reason, action FROM raw.quarantine ORDER BY file"
        ).fetchall()
        known |= {q[0] for q in status.quarantine}
    if has_table(con, "raw", "ingest_log"):
        known |= {r[0] for r in con.execute("SELECT file FROM raw.ingest_log").fetchall()}
    status.marts = {t: _scalar(con, f'SELECT count(*) FROM main."{t}"') for t in mart_tables(con)}
    if has_table(con, "main", "mart_conflicts"):
        status.open_conflicts, status.conflicts_by_verdict = _conflicts(con)
    if status.open_conflicts and has_table(con, "main", "mart_conflict_reviews"):
        status.explained_conflicts = _scalar(
            con,
            f"SELECT count(*) FROM main.mart_conflict_reviews "
            f"WHERE review_status = 'explained' AND verdict = '{OPEN_VERDICT}'",
        )
        status.open_conflicts -= status.explained_conflicts
    if has_table(con, "intermediate", "int_document_withdrawals"):
        status.withdrawn = con.execute(
            """SELECT w.document_id, coalesce(d.file, ''), w.withdrawal_kind, w.withdrawn_on, w.withdrawal_reason
               FROM intermediate.int_document_withdrawals w
               LEFT JOIN (SELECT document_id, any_value(file) AS file FROM raw.documents GROUP BY ALL) d
                   USING (document_id)
               ORDER BY w.withdrawn_on, 2"""
        ).fetchall()
    if has_table(con, "main", "mart_corrections"):
        status.corrections = dict(
            con.execute("SELECT status, count(*) FROM main.mart_corrections GROUP BY ALL ORDER BY 1").fetchall()
        )
    return known


def collect(cfg: Settings, db: Path | None = None) -> Status:
    target = target_from_settings(cfg.warehouse_dir)
    status = Status(warehouse=db or target.published_label, build_at=target.built_at(), dagster_home=dagster_home())
    known: set[str] = set()
    try:
        con, source = open_source(db)
    except WarehouseMissing as exc:  # nothing published yet
        status.warehouse = exc.path
    else:
        with con:
            status.warehouse, status.published_at, status.size_bytes = (
                source.label, source.published_at, source.size_bytes
            )  # fmt: skip
            status.build_at = source.newest_at or status.build_at  # the lake's newest commit
            known = _read_warehouse(con, status)
    if cfg.raw_dir.is_dir():
        on_disk = [p.relative_to(cfg.raw_dir).as_posix() for p in discover(cfg.raw_dir)]
        status.not_ingested = [f for f in on_disk if f not in known]
        for f in status.not_ingested:  # reads the few waiting files' sidecars
            part = partition_of(path_of(cfg.raw_dir, f))
            status.not_ingested_partitions[part] = status.not_ingested_partitions.get(part, 0) + 1
    status.runs = recent_runs(status.dagster_home)
    return status
