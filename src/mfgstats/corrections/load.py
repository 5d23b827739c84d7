"""The corrections step of every warehouse run: the reviewed decisions into raw.corrections (and what could not be
read into raw.correction_problems), and the documents whose file left the raw directory into
raw.document_removals. dbt applies both on top of raw.facts, which this never changes.

Both tables are rewritten whole each run: the files under data/corrections/ are the truth, so a decision deleted
from them is gone from the next build; a removal keeps the time it was first seen, so "as known on date D"
queries still see the document before it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from mfgstats.corrections.parse import read_corrections
from mfgstats.corrections.records import (
    CORRECTION_COLUMNS,
    CORRECTION_PROBLEM_COLUMNS,
    DOCUMENT_REMOVAL_COLUMNS,
    Correction,
    Problem,
)
from mfgstats.ingest import path_of
from mfgstats.pipeline import foreign_files
from mfgstats.warehouse.load import arrow_table, create_tables

TABLES = {
    "corrections": CORRECTION_COLUMNS,
    "correction_problems": CORRECTION_PROBLEM_COLUMNS,
    "document_removals": DOCUMENT_REMOVAL_COLUMNS,
}


@dataclass
class CorrectionsReport:
    files: int = 0
    corrections: int = 0
    problems: list[Problem] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (document_id, file) removed from the raw dir


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con, TABLES)


def load_corrections(con: duckdb.DuckDBPyConnection, corrections_dir: Path, raw_dir: Path) -> CorrectionsReport:
    """Read every decision under `corrections_dir` and the files present in `raw_dir`, and rewrite the raw tables
    dbt reads them from. Bad records are reported, never raised."""
    parsed = read_corrections(corrections_dir)
    ensure_tables(con)
    removed = _removed_documents(con, raw_dir)
    _replace(con, "corrections", [c.row() for c in parsed.corrections])
    _replace(con, "correction_problems", [p.row() for p in parsed.problems])
    _replace_removals(con, removed)
    return CorrectionsReport(
        files=parsed.files,
        corrections=len(parsed.corrections),
        problems=parsed.problems,
        removed=[(d, f) for d, f in removed],
    )


def _replace(con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[dict]) -> None:
    batch = arrow_table(rows, TABLES[name])  # noqa: F841 - read by DuckDB's replacement scan
    cols = ", ".join(f'"{c}"' for c in TABLES[name])
    con.execute(f"DELETE FROM raw.{name}")
    con.execute(f"INSERT INTO raw.{name} ({cols}) SELECT {cols} FROM batch")


def _removed_documents(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> list[tuple[str, str]]:
    """Documents whose file is gone from the raw directory and whose bytes no present file holds. An older vintage
    of a file that is still there is not removed (its file now holds the newer one); without an ingest log (a
    warehouse written by the loader alone) nothing is."""
    has_log = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = 'ingest_log'"
    ).fetchone()[0]
    if not has_log:
        return []
    files = [r[0] for r in con.execute("SELECT DISTINCT file FROM raw.documents WHERE file IS NOT NULL").fetchall()]
    foreign = foreign_files(con, raw_dir)  # another writer's, sharing the lake: not in this raw directory
    gone = [f for f in files if f not in foreign and not _exists(path_of(raw_dir, f))]
    if not gone:
        return []
    return con.execute(
        """SELECT d.document_id, any_value(d.file) FROM raw.documents AS d
           WHERE d.file IN (SELECT unnest(?))
             AND d.document_id NOT IN (
                 SELECT document_id FROM raw.ingest_log
                 WHERE status = 'loaded' AND document_id IS NOT NULL AND file NOT IN (SELECT unnest(?)))
           GROUP BY d.document_id ORDER BY 2, 1""",
        [gone, gone],
    ).fetchall()


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _replace_removals(con: duckdb.DuckDBPyConnection, removed: Iterable[tuple[str, str]]) -> None:
    removed = list(removed)
    before = dict(con.execute("SELECT document_id, removed_at FROM raw.document_removals").fetchall())
    now = datetime.now().replace(microsecond=0)
    rows = [{"document_id": d, "file": f, "removed_at": before.get(d, now)} for d, f in removed]
    _replace(con, "document_removals", rows)


def describe(report: CorrectionsReport) -> list[str]:
    """Lines for a log: what was read, and each problem with its file, line and fix."""
    out = [f"{report.corrections} correction(s) from {report.files} file(s)"]
    out += [f"correction not applied: {p}" for p in report.problems]
    out += [
        f"document {d[:16]} ({f}) is no longer in the raw directory: it leaves the marts" for d, f in report.removed
    ]
    return out


__all__ = ["Correction", "CorrectionsReport", "describe", "ensure_tables", "load_corrections"]
