"""The work of the ingest and extract stages, as plain functions over a DuckDB connection.

Dagster assets (pipelines/assets) call these per partition (one partition = one file in the raw directory);
`bench/` calls them directly. What a file needs is decided by its fingerprint: the bytes of the file and its
sidecar plus the version of the code and catalogs that turn it into facts. An unchanged fingerprint means nothing
to do, so re-running over the same directory is cheap and never doubles a row; a new extractor or catalog changes
every fingerprint, so every document is extracted again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb

from mfgstats.config import PROJECT_ROOT, settings
from mfgstats.ingest import QuarantineError, is_table, load_document, table_facts
from mfgstats.ingest.loader import SIDECAR_SUFFIX
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import add_documents, ensure_raw_schema, record_quarantine, replace_facts

INGEST_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.ingest_log (
    file VARCHAR PRIMARY KEY,     -- path relative to the raw directory (the Dagster partition key)
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
    prepare(con)
    known = dict(con.execute("SELECT file, fingerprint FROM raw.ingest_log").fetchall())
    return [k for k in keys if known.get(k) != fingerprint(raw_dir / k)]


@dataclass
class IngestReport:
    loaded: list[Document] = field(default_factory=list)
    new_documents: int = 0
    skipped: list[str] = field(default_factory=list)
    quarantined: list[QuarantineError] = field(default_factory=list)


def ingest(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str], force: bool = False) -> IngestReport:
    """Load the files named by `keys` (paths relative to raw_dir) into raw.documents, or into quarantine."""
    prepare(con)
    todo = list(keys) if force else pending(con, raw_dir, keys)
    report = IngestReport(skipped=[k for k in keys if k not in set(todo)])
    log_rows = []
    for key in todo:
        path = raw_dir / key
        try:
            if not path.is_file():
                raise QuarantineError(key, "missing", f"{key} is no longer in {raw_dir}", "restore the file")
            doc = load_document(path, raw_dir)
        except QuarantineError as err:
            report.quarantined.append(err)
            log_rows.append((key, fingerprint(path) if path.is_file() else None, None, "quarantined", True))
            continue
        report.loaded.append(doc)
        log_rows.append((key, fingerprint(path), doc.document_id, "loaded", False))
    con.execute("BEGIN")
    report.new_documents = add_documents(con, report.loaded)
    record_quarantine(con, report.quarantined, [d.file for d in report.loaded])
    _log(con, log_rows)
    con.execute("COMMIT")
    return report


def _log(con: duckdb.DuckDBPyConnection, rows: Iterable[tuple]) -> None:
    now = datetime.now().replace(microsecond=0)
    for file, fp, doc_id, status, extracted in rows:
        con.execute(
            "INSERT OR REPLACE INTO raw.ingest_log VALUES (?, ?, ?, ?, ?, ?)",
            [file, fp, doc_id, status, extracted, now],
        )


@dataclass
class ExtractReport:
    documents: int = 0
    facts: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)


def facts_of(document: Document) -> list[Fact]:
    """Facts of one document: tables map their cells, prose goes through the extractor."""
    if is_table(document.media_type):
        return table_facts(document)
    from mfgstats.extract import extract  # imported on first use: it compiles its patterns and loads catalogs

    return extract(document)


def extract_pending(con: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> ExtractReport:
    """Extract the facts of every loaded document among `keys` that has not been extracted at its fingerprint."""
    prepare(con)
    rows = con.execute(
        """SELECT l.file, d.* EXCLUDE (file) FROM raw.ingest_log l JOIN raw.documents d USING (document_id)
           WHERE l.status = 'loaded' AND NOT l.extracted AND l.file IN (SELECT unnest(?))""",
        [list(keys)],
    ).fetchall()
    cols = [c[0] for c in con.description]
    report = ExtractReport()
    for row in rows:
        doc = Document(**dict(zip(cols, row, strict=True)))
        try:
            facts = facts_of(doc)
        except Exception as exc:  # one bad document must not stop the others; the run reports it
            report.failed.append((doc.file, f"{type(exc).__name__}: {exc}"))
            continue
        con.execute("BEGIN")
        report.facts += replace_facts(con, [doc.document_id], facts)
        con.execute("UPDATE raw.ingest_log SET extracted = true WHERE file = ?", [doc.file])
        con.execute("COMMIT")
        report.documents += 1
    return report
