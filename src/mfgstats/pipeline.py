"""The work of the ingest and extract stages, as plain functions over a DuckDB connection.

Dagster assets (pipelines/assets) call these per partition (one partition = the files of one publisher and
year, mfgstats.ingest.partitions); `bench/` calls them directly. What a file needs is decided by its fingerprint
(mfgstats.changes): the bytes of the file and its sidecar plus the version of the code and catalogs that turn it
into facts. An unchanged fingerprint means nothing to do, so re-running over the same directory is cheap and never
doubles a row; a new extractor or catalog changes every fingerprint, so every document is extracted again.

Several writers may share one lake (its catalog on PostgreSQL), each ingesting the files of its own raw directory.
Every logged file records its origin — the writer's raw directory — and a writer acts only on files of its own
origin: another writer's file missing here was neither removed nor lost.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from mfgstats import changes, lake
from mfgstats.catalog import load_catalog
from mfgstats.config import settings
from mfgstats.ingest import QuarantineError, is_table, load_document, path_of, scan
from mfgstats.ingest.partitions import Logged, files_of_partitions, partition_of, partitions_of
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import add_documents, ensure_raw_schema, record_quarantine, replace_facts

INGEST_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.ingest_log (
    file VARCHAR,                 -- path relative to the raw directory (its key, mfgstats.ingest.scan); one row per
                                  -- file, kept by _log (no PRIMARY KEY: DuckLake tables have none)
    fingerprint VARCHAR,          -- file + sidecar bytes + extraction version
    document_id VARCHAR,          -- null while the file is quarantined
    status VARCHAR,               -- loaded | quarantined
    extracted BOOLEAN,            -- facts written for this fingerprint
    processed_at TIMESTAMP,
    file_stat VARCHAR,            -- the file's and sidecar's stat when fingerprinted (changes.file_stat)
    origin VARCHAR,               -- the raw directory it was read from (origin()); null: written before
    table_mapping VARCHAR,        -- a table's sidecar mapping as ingested (Document.table_mapping), for extraction
    partition_key VARCHAR         -- its ingest partition, <publisher>/<year> (mfgstats.ingest.partitions)
)"""
ORIGIN_ENV = "MFGSTATS_ORIGIN"


def origin(raw_dir: Path) -> str:
    """The raw directory as writers sharing a lake tell theirs apart: MFGSTATS_ORIGIN, else host:path."""
    return os.environ.get(ORIGIN_ENV) or f"{socket.gethostname()}:{Path(raw_dir).resolve()}"


def foreign_files(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> set[str]:
    """Files that another writer sharing the lake ingested from its own raw directory."""
    columns = {d[0] for d in con.execute("SELECT * FROM raw.ingest_log LIMIT 0").description}
    if "origin" not in columns:  # logged before writers shared a lake: all of this writer's
        return set()
    rows = con.execute(
        "SELECT file FROM raw.ingest_log WHERE origin IS NOT NULL AND origin <> ?", [origin(raw_dir)]
    ).fetchall()
    return {r[0] for r in rows}


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    ensure_raw_schema(con)
    con.execute(INGEST_LOG_DDL)
    columns = {d[0] for d in con.execute("SELECT * FROM raw.ingest_log LIMIT 0").description}
    # a warehouse built before the column existed
    for column in ("file_stat", "origin", "table_mapping", "partition_key"):
        if column not in columns:
            con.execute(f"ALTER TABLE raw.ingest_log ADD COLUMN {column} VARCHAR")


def pending(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str]) -> list[str]:
    """The keys whose file changed (or whose code changed) since they were last processed."""
    return list(_changed(con, raw_dir, keys))


def _changed(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str]) -> dict[str, changes.Seen | None]:
    """Changed keys → their current fingerprint and stat (None for a file that is gone), as mfgstats.changes
    decides against raw.ingest_log; the new stat of a file read again only to find the same bytes is logged, so
    the next run does not read it either."""
    prepare(con)
    logged = {
        f: (fp, st) for f, fp, st in con.execute("SELECT file, fingerprint, file_stat FROM raw.ingest_log").fetchall()
    }
    changed, restat = changes.changed_files(raw_dir, keys, logged)
    if restat:
        lake.transaction(con, lambda: _restat(con, restat))
    return changed


def _restat(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, str]]) -> None:
    batch = pa.table({"file": [r[0] for r in rows], "file_stat": [r[1] for r in rows]})  # noqa: F841 - DuckDB reads it
    con.execute("UPDATE raw.ingest_log SET file_stat = batch.file_stat FROM batch WHERE ingest_log.file = batch.file")


def logged_partitions(con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None) -> Logged:
    """file -> (its logged partition, its stat when logged), for `keys` or every logged file."""
    sql = "SELECT file, partition_key, file_stat FROM raw.ingest_log"
    rows = con.execute(sql) if keys is None else con.execute(sql + " WHERE file IN (SELECT unnest(?))", [list(keys)])
    return {f: (part, st) for f, part, st in rows.fetchall()}


def partitions_of_files(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str]) -> dict[str, str]:
    """The ingest partition of each file `keys` names (its sidecar read only when the file changed)."""
    prepare(con)
    return partitions_of(raw_dir, keys, logged_partitions(con), changes.file_stat)


def partition_files(con: duckdb.DuckDBPyConnection, raw_dir: Path, partitions: Sequence[str]) -> list[str]:
    """The files of the ingest partitions `partitions`: in the raw directory now, or logged there and gone."""
    prepare(con)
    return files_of_partitions(raw_dir, scan(raw_dir).keys, partitions, logged_partitions(con), changes.file_stat)


@dataclass
class IngestReport:
    loaded: list[Document] = field(default_factory=list)
    new_documents: int = 0
    skipped: list[str] = field(default_factory=list)
    quarantined: list[QuarantineError] = field(default_factory=list)


def ingest(con: duckdb.DuckDBPyConnection, raw_dir: Path, keys: Sequence[str], force: bool = False) -> IngestReport:
    """Load the files named by `keys` (paths relative to raw_dir) into raw.documents, or into quarantine."""
    prepare(con)
    # A partition range may hold another writer's files: missing here, they are neither gone nor quarantined.
    foreign = foreign_files(con, raw_dir)
    keys = [k for k in keys if k not in foreign or changes.file_stat(path_of(raw_dir, k)) is not None]
    todo = {k: changes.seen(raw_dir, k) for k in keys} if force else _changed(con, raw_dir, keys)
    report = IngestReport(skipped=[k for k in keys if k not in todo])
    # A file gone stays in the partition it was logged in, so re-running that partition finds it again.
    gone = [k for k, seen in todo.items() if seen is None]
    was_in = {k: part for k, (part, _) in logged_partitions(con, gone).items()} if gone else {}
    log_rows = []
    for key, seen in todo.items():
        fp, now = seen or (None, None)
        part = was_in.get(key) if seen is None else partition_of(path_of(raw_dir, key))
        try:
            if seen is None:
                raise QuarantineError(key, "missing", f"{key} is no longer in {raw_dir}", "restore the file")
            doc = load_document(path_of(raw_dir, key), raw_dir)
        except QuarantineError as err:
            report.quarantined.append(err)
            log_rows.append((key, fp, None, "quarantined", True, now, None, part))
            continue
        report.loaded.append(doc)
        log_rows.append((key, fp, doc.document_id, "loaded", False, now, doc.table_mapping, part))

    def write() -> None:
        report.new_documents = add_documents(con, report.loaded)
        record_quarantine(con, report.quarantined, [d.file for d in report.loaded])
        _log(con, log_rows, origin(raw_dir))

    lake.transaction(con, write)  # retried when another writer holds a shared DuckLake catalog
    return report


def _log(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple], source: str) -> None:
    """One statement for the whole batch: a statement per file costs more than reading the file."""
    if not rows:
        return
    now = datetime.now().replace(microsecond=0)
    batch = pa.table(  # read by DuckDB's replacement scan
        {
            "file": pa.array([r[0] for r in rows], pa.string()),
            "fingerprint": pa.array([r[1] for r in rows], pa.string()),
            "document_id": pa.array([r[2] for r in rows], pa.string()),
            "status": pa.array([r[3] for r in rows], pa.string()),
            "extracted": pa.array([r[4] for r in rows], pa.bool_()),
            "processed_at": pa.array([now] * len(rows), pa.timestamp("us")),
            "file_stat": pa.array([r[5] for r in rows], pa.string()),
            "origin": pa.array([source] * len(rows), pa.string()),
            "table_mapping": pa.array([r[6] for r in rows], pa.string()),
            "partition_key": pa.array([r[7] for r in rows], pa.string()),
        }
    )
    con.execute("DELETE FROM raw.ingest_log WHERE file IN (SELECT file FROM batch)")
    con.execute(f"INSERT INTO raw.ingest_log ({', '.join(batch.column_names)}) SELECT * FROM batch")


@dataclass
class ExtractReport:
    documents: int = 0
    facts: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)


def facts_of(document: Document) -> list[Fact]:
    """Facts of one document: tables map their cells, prose goes through the extractor (both imported on first
    use: the extract package compiles its patterns)."""
    if is_table(document.media_type):
        from mfgstats.extract.grid_tables import table_facts

        return table_facts(document)
    from mfgstats.extract import extract

    return extract(document, load_catalog())


# Documents extracted per transaction: a commit per document would cost more than its extraction, and a
# batch's texts and facts stay small in memory (about 1 MB of text).
EXTRACT_BATCH = 500
# Fewer pending documents than this are extracted in the calling process: a worker's start (Python, the pipeline
# and extractor imports, the catalog) costs about 1.5 s of CPU, half of what 1,400 documents take to extract
# (bench/extract_workers.py --size 1000: 2 workers slower than 1).
PARALLEL_MIN_DOCUMENTS = 2000
# Documents per task sent to a worker: enough to make pickling and scheduling small beside the extraction, few
# enough that both workers stay busy to the end of a batch.
WORKER_CHUNK = 20

Outcome = list[Fact] | str  # a document's facts, or the error that stopped its extraction


def extract_pending(
    con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None, workers: int | None = None
) -> ExtractReport:
    """Extract the facts of every loaded document (among `keys`, or all) not yet extracted at its fingerprint.

    With `workers` > 1 (default: settings().extract_workers, MFGSTATS_EXTRACT_WORKERS) and at least
    PARALLEL_MIN_DOCUMENTS pending, worker processes run the extractor on the documents' text while this
    connection alone reads the documents and writes the facts: DuckDB keeps one writer, extraction gets every core."""
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
    batches = [keys[first : first + EXTRACT_BATCH] for first in range(0, len(keys), EXTRACT_BATCH)]
    workers = settings().extract_workers if workers is None else workers
    if workers > 1 and len(keys) >= PARALLEL_MIN_DOCUMENTS:
        _extract_in_workers(con, batches, report, min(workers, -(-len(keys) // WORKER_CHUNK)))
    else:
        for batch in batches:
            documents = _pending_documents(con, batch)
            _write_batch(con, documents, [_outcome(facts_of, d) for d in documents], report)
    return report


def _outcome(extractor: Callable[[Document], list[Fact]], document: Document) -> Outcome:
    try:
        return extractor(document)
    except Exception as exc:  # one bad document must not stop the others; the run reports it
        return f"{type(exc).__name__}: {exc}"


def _extract_chunk(extractor: Callable[[Document], list[Fact]], documents: list[Document]) -> list[Outcome]:
    """What a worker process runs: the pure extractor on documents, nothing written."""
    return [_outcome(extractor, d) for d in documents]


def _extract_in_workers(
    con: duckdb.DuckDBPyConnection, batches: list[list[str]], report: ExtractReport, workers: int
) -> None:
    """Each batch is shared out in chunks while the previous batch's facts are written, so the workers never wait
    for a commit. A worker that dies (killed, out of memory) fails the documents it held, each by name; the
    batches after it go on in this process."""
    # spawn, not fork: this process may hold DuckDB's and Dagster's threads, and a fork copies their locks.
    context = multiprocessing.get_context("spawn")
    extractor = facts_of  # looked up now, so a replaced pipeline.facts_of (a module-level function) is what runs
    in_flight: tuple[list[Document], list[Future]] | None = None
    broken = False
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for batch in batches:
            documents = _pending_documents(con, batch)
            chunks = [documents[i : i + WORKER_CHUNK] for i in range(0, len(documents), WORKER_CHUNK)]
            submitted = None
            if not broken:
                try:
                    submitted = [pool.submit(_extract_chunk, extractor, chunk) for chunk in chunks]
                except BrokenProcessPool:  # a worker died since the last batch was submitted
                    broken = True
            if in_flight:
                broken |= _collect(con, *in_flight, report)
                in_flight = None
            if broken or submitted is None:  # the pool is gone, and with it what was submitted: this batch runs here
                _write_batch(con, documents, [_outcome(extractor, d) for d in documents], report)
            else:
                in_flight = (documents, submitted)
        if in_flight:
            _collect(con, *in_flight, report)


def _collect(
    con: duckdb.DuckDBPyConnection, documents: list[Document], futures: list[Future], report: ExtractReport
) -> bool:
    """Write a batch's outcomes as its chunks finish; True when the pool broke (its documents are reported failed)."""
    outcomes: list[Outcome] = []
    broken = False
    for future in futures:
        try:
            outcomes += future.result()
        except BrokenProcessPool as exc:
            broken = True
            size = min(WORKER_CHUNK, len(documents) - len(outcomes))
            outcomes += [f"extraction worker process died ({exc}): retried on the next run"] * size
    _write_batch(con, documents, outcomes, report)
    return broken


def _pending_documents(con: duckdb.DuckDBPyConnection, keys: list[str]) -> list[Document]:
    rows = con.execute(
        """SELECT l.file, l.table_mapping, d.* EXCLUDE (file)
           FROM raw.ingest_log l JOIN raw.documents d USING (document_id)
           WHERE l.status = 'loaded' AND NOT l.extracted AND l.file IN (SELECT unnest(?))
           ORDER BY l.file""",
        [keys],
    ).fetchall()
    cols = [c[0] for c in con.description]
    return [Document(**dict(zip(cols, row, strict=True))) for row in rows]


def _write_batch(
    con: duckdb.DuckDBPyConnection, documents: list[Document], outcomes: list[Outcome], report: ExtractReport
) -> None:
    done: list[Document] = []
    facts: dict[str, list[Fact]] = {}  # by document: the same bytes under two names are one document
    for doc, outcome in zip(documents, outcomes, strict=True):
        if isinstance(outcome, str):
            report.failed.append((doc.file, outcome))
            continue
        facts[doc.document_id] = outcome
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
