"""The work of the ingest and extract stages, as plain functions over a DuckDB connection.

Dagster assets (pipelines/assets) call these per partition (one partition = one file in the raw directory);
`bench/` calls them directly. What a file needs is decided by its fingerprint: the bytes of the file and its
sidecar plus the version of the code and catalogs that turn it into facts. An unchanged fingerprint means nothing
to do, so re-running over the same directory is cheap and never doubles a row; a new extractor or catalog changes
every fingerprint, so every document is extracted again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from mfgstats import lake
from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT, settings
from mfgstats.ingest import QuarantineError, is_table, load_document, table_facts
from mfgstats.ingest.loader import SIDECAR_SUFFIX
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import add_documents, ensure_raw_schema, record_quarantine, replace_facts

INGEST_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.ingest_log (
    file VARCHAR,                 -- path relative to the raw directory (the Dagster partition key); one row per
                                  -- file, kept by _log (no PRIMARY KEY: DuckLake tables have none)
    fingerprint VARCHAR,          -- file + sidecar bytes + extraction version
    document_id VARCHAR,          -- null while the file is quarantined
    status VARCHAR,               -- loaded | quarantined
    extracted BOOLEAN,            -- facts written for this fingerprint
    processed_at TIMESTAMP
)"""


@cache
def extraction_version() -> str:
    """Hash of everything that turns bytes into facts: ingest and extract code, and the catalog seeds."""
    h = hashlib.sha256()
    roots = [PROJECT_ROOT / "src" / "mfgstats" / "ingest", PROJECT_ROOT / "src" / "mfgstats" / "extract"]
    files = [p for root in roots if root.exists() for p in sorted(root.rglob("*.py"))]
    files += sorted(settings().seeds_dir.glob("*.csv"))
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(path: Path) -> str:
    h = hashlib.sha256(extraction_version().encode())
    h.update(path.read_bytes())
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.exists():
        h.update(sidecar.read_bytes())
    return h.hexdigest()


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    ensure_raw_schema(con)
    con.execute(INGEST_LOG_DDL)


def pending(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str]) -> list[str]:
    """The keys whose file changed (or whose code changed) since they were last processed."""
    return list(_changed(con, raw_dir, keys))


def _changed(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str]) -> dict[str, str | None]:
    """Changed keys → their current fingerprint (None for a file that is gone), each file read once."""
    prepare(con)
    known = dict(con.execute("SELECT file, fingerprint FROM raw.ingest_log").fetchall())
    current = {k: fingerprint(raw_dir / k) if (raw_dir / k).is_file() else None for k in keys}
    return {k: fp for k, fp in current.items() if k not in known or known[k] != fp}


@dataclass
class IngestReport:
    loaded: list[Document] = field(default_factory=list)
    new_documents: int = 0
    skipped: list[str] = field(default_factory=list)
    quarantined: list[QuarantineError] = field(default_factory=list)


def ingest(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str], force: bool = False) -> IngestReport:
    """Load the files named by `keys` (paths relative to raw_dir) into raw.documents, or into quarantine."""
    prepare(con)
    if force:
        todo = {k: fingerprint(raw_dir / k) if (raw_dir / k).is_file() else None for k in keys}
    else:
        todo = _changed(con, raw_dir, keys)
    report = IngestReport(skipped=[k for k in keys if k not in todo])
    log_rows = []
    for key, fp in todo.items():
        path = raw_dir / key
        try:
            if fp is None:
                raise QuarantineError(key, "missing", f"{key} is no longer in {raw_dir}", "restore the file")
            doc = load_document(path, raw_dir)
        except QuarantineError as err:
            report.quarantined.append(err)
            log_rows.append((key, fp, None, "quarantined", True))
            continue
        report.loaded.append(doc)
        log_rows.append((key, fp, doc.document_id, "loaded", False))

    def write() -> None:
        report.new_documents = add_documents(con, report.loaded)
        record_quarantine(con, report.quarantined, [d.file for d in report.loaded])
        _log(con, log_rows)

    lake.transaction(con, write)  # retried when another writer holds a shared DuckLake catalog
    return report


def _log(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple]) -> None:
    """One statement for the whole batch: a statement per file costs more than reading the file."""
    if not rows:
        return
    now = datetime.now().replace(microsecond=0)
    batch = pa.table(  # noqa: F841 - read by DuckDB's replacement scan
        {
            "file": pa.array([r[0] for r in rows], pa.string()),
            "fingerprint": pa.array([r[1] for r in rows], pa.string()),
            "document_id": pa.array([r[2] for r in rows], pa.string()),
            "status": pa.array([r[3] for r in rows], pa.string()),
            "extracted": pa.array([r[4] for r in rows], pa.bool_()),
            "processed_at": pa.array([now] * len(rows), pa.timestamp("us")),
        }
    )
    con.execute("DELETE FROM raw.ingest_log WHERE file IN (SELECT file FROM batch)")
    con.execute("INSERT INTO raw.ingest_log SELECT * FROM batch")


@dataclass
class ExtractReport:
    documents: int = 0
    facts: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)


def facts_of(document: Document) -> list[Fact]:
    """Facts of one document: tables map their cells, prose goes through the extractor."""
    if is_table(document.media_type):
        return table_facts(document)
    from mfgstats.extract import extract  # imported on first use: it compiles its patterns

    return extract(document, load_catalog())


# Documents extracted per transaction: a commit per document would cost more than its extraction, and a
# batch's texts and facts stay small in memory (about 1 MB of text).
EXTRACT_BATCH = 500


def extract_pending(con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None) -> ExtractReport:
    """Extract the facts of every loaded document (among `keys`, or all) not yet extracted at its fingerprint."""
    prepare(con)
    report = ExtractReport()
    if keys is None:
        keys = [
            r[0]
            for r in con.execute(
                "SELECT file FROM raw.ingest_log WHERE status = 'loaded' AND NOT extracted ORDER BY file"
            ).fetchall()
        ]
    keys = list(keys)
    for first in range(0, len(keys), EXTRACT_BATCH):
        _extract_batch(con, keys[first : first + EXTRACT_BATCH], report)
    return report


def _extract_batch(con: duckdb.DuckDBPyConnection, keys: list[str], report: ExtractReport) -> None:
    rows = con.execute(
        """SELECT l.file, d.* EXCLUDE (file) FROM raw.ingest_log l JOIN raw.documents d USING (document_id)
           WHERE l.status = 'loaded' AND NOT l.extracted AND l.file IN (SELECT unnest(?))""",
        [keys],
    ).fetchall()
    cols = [c[0] for c in con.description]
    done: list[Document] = []
    facts: dict[str, list[Fact]] = {}  # by document: the same bytes under two names are one document
    for row in rows:
        doc = Document(**dict(zip(cols, row, strict=True)))
        try:
            facts[doc.document_id] = facts_of(doc)
        except Exception as exc:  # one bad document must not stop the others; the run reports it
            report.failed.append((doc.file, f"{type(exc).__name__}: {exc}"))
            continue
        done.append(doc)
    if not done:
        return

    def write() -> None:
        written = replace_facts(con, list(facts), [f for fs in facts.values() for f in fs])
        con.execute(
            "UPDATE raw.ingest_log SET extracted = true WHERE file IN (SELECT unnest(?))", [[d.file for d in done]]
        )
        counts.append(written)

    counts: list[int] = []
    lake.transaction(con, write)  # retried when another writer holds a shared DuckLake catalog
    report.facts += counts[-1]
    report.documents += len(done)
