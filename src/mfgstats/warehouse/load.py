"""Write Documents, Facts and quarantine entries into the `raw` schema of the build database.

dbt reads these tables as its sources. Documents are append-only (every vintage stays); a document's facts are
replaced as a whole when it is extracted again, so re-running never doubles a fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import duckdb
import pyarrow as pa

from mfgstats.ingest.errors import QuarantineError
from mfgstats.records import DOCUMENT_COLUMNS, FACT_COLUMNS, QUARANTINE_COLUMNS, Document, Fact

TABLES = {"documents": DOCUMENT_COLUMNS, "facts": FACT_COLUMNS, "quarantine": QUARANTINE_COLUMNS}
_ARROW = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
}


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con, TABLES)
    from mfgstats.corrections.load import ensure_tables  # dbt reads them as sources, even when empty

    ensure_tables(con)


def create_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, dict[str, str]]) -> None:
    """Create the `raw` tables (name → column → DuckDB type) that do not exist yet."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for name, columns in tables.items():
        cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{name} ({cols})")
        # a warehouse built before a column was added to the records gets it (NULL for the rows it holds)
        have = {r[0] for r in con.execute(f"DESCRIBE raw.{name}").fetchall()}
        for column in columns.keys() - have:
            con.execute(f'ALTER TABLE raw.{name} ADD COLUMN "{column}" {columns[column]}')


def arrow_table(rows: Sequence[dict], columns: dict[str, str]) -> pa.Table:
    """Rows as an Arrow table with the columns' DuckDB types, for DuckDB to insert from in one scan."""
    schema = pa.schema([(c, _ARROW[t]) for c, t in columns.items()])
    return pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> None:
    if not rows:
        return
    batch = arrow_table(rows, TABLES[table])  # noqa: F841 - read by DuckDB's replacement scan
    cols = ", ".join(f'"{c}"' for c in TABLES[table])
    con.execute(f"INSERT INTO raw.{table} ({cols}) SELECT {cols} FROM batch")


def add_documents(con: duckdb.DuckDBPyConnection, documents: Iterable[Document]) -> int:
    """Insert documents not seen before (by content hash). Returns how many were new."""
    docs = {d.document_id: d for d in documents}
    if not docs:
        return 0
    known = {
        r[0]
        for r in con.execute(
            "SELECT document_id FROM raw.documents WHERE document_id IN (SELECT unnest(?))", [list(docs)]
        ).fetchall()
    }
    new = [d.row() for i, d in docs.items() if i not in known]
    _insert(con, "documents", new)
    return len(new)


def replace_facts(con: duckdb.DuckDBPyConnection, document_ids: Sequence[str], facts: Iterable[Fact]) -> int:
    """Replace every fact of the given documents by `facts`. Returns the number written."""
    rows = [f.row() for f in facts]
    con.execute("DELETE FROM raw.facts WHERE document_id IN (SELECT unnest(?))", [list(document_ids)])
    _insert(con, "facts", rows)
    return len(rows)


def record_quarantine(
    con: duckdb.DuckDBPyConnection, errors: Iterable[QuarantineError], loaded_files: Iterable[str] = ()
) -> int:
    """Keep one current entry per quarantined file; a file that now loads leaves quarantine."""
    now = datetime.now().replace(microsecond=0)
    rows = [
        {
            "file": e.file,
            "sha256": e.sha256,
            "reason_code": e.reason_code,
            "reason": e.reason,
            "action": e.action,
            "detected_at": now,
        }
        for e in errors
    ]
    files = [r["file"] for r in rows] + list(loaded_files)
    if files:
        con.execute("DELETE FROM raw.quarantine WHERE file IN (SELECT unnest(?))", [files])
    _insert(con, "quarantine", rows)
    return len(rows)


def write_raw(
    con: duckdb.DuckDBPyConnection,
    documents: Sequence[Document],
    facts: Iterable[Fact],
    quarantine: Iterable[QuarantineError] = (),
) -> None:
    """Everything one ingestion pass produced, in one transaction."""
    ensure_raw_schema(con)
    con.execute("BEGIN")
    try:
        add_documents(con, documents)
        replace_facts(con, [d.document_id for d in documents], facts)
        record_quarantine(con, quarantine, [d.file for d in documents])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
