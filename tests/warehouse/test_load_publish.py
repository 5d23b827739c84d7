"""The raw loader and the atomic publish, on real DuckDB files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest

from mfgstats.ingest import QuarantineError
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import write_raw
from mfgstats.warehouse.publish import publish
from mfgstats.warehouse.target import FileTarget


def _doc(doc_id: str = "d1", text: str = "全市规上工业企业达到1783家") -> Document:
    return Document(
        document_id=doc_id,
        file=f"{doc_id}.txt",
        text=text,
        title="t",
        publisher="p",
        published=date(2022, 4, 26),
        region="洛阳市",
        doc_type="plan",
        release_key=doc_id,
    )


def _fact(doc: Document, value: float = 1783) -> Fact:
    start = doc.text.index("1783")
    return Fact(
        document_id=doc.document_id,
        file=doc.file,
        start=start,
        end=start + 5,
        text="1783家",
        value=value,
        unit="家",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
    )


def test_write_raw_is_idempotent(tmp_path):
    doc = _doc()
    with FileTarget(tmp_path).connect() as con:  # the pipeline's write connection
        for _ in range(3):
            write_raw(con, [doc], [_fact(doc)])
        assert con.execute("select count(*) from raw.documents").fetchone()[0] == 1
        assert con.execute("select count(*) from raw.facts").fetchone()[0] == 1
        row = con.execute("select text, value, period_start from raw.facts").fetchone()
    assert row == ("1783家", 1783.0, date(2020, 1, 1))


def test_quarantine_keeps_one_current_entry_per_file(tmp_path):
    bad = QuarantineError("bad.txt", "empty", "bad.txt is empty", "add content")
    with FileTarget(tmp_path).connect() as con:  # the pipeline's write connection
        write_raw(con, [], [], [bad])
        write_raw(con, [], [], [bad])
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 1
        fixed = _doc("bad")
        write_raw(con, [fixed], [])  # bad.txt now loads: it leaves quarantine
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 0


def test_publish_replaces_atomically_while_a_reader_holds_the_old_snapshot(tmp_path):
    target = FileTarget(tmp_path)
    build, published = target.build_db, tmp_path / "pub.duckdb"
    with target.connect() as con:
        write_raw(con, [_doc()], [_fact(_doc())])
    publish(build, published)
    reader = duckdb.connect(str(published), read_only=True)
    with target.connect() as con:
        write_raw(con, [_doc("d2", "又有1783家")], [])
    publish(build, published)  # must not be blocked by the open reader
    assert reader.execute("select count(*) from raw.documents").fetchone()[0] == 1  # old snapshot
    # DuckDB caches open databases per path within a process, so "a new connection" means a new process,
    # exactly like a BI tool connecting after the rebuild.
    assert _count_in_new_process(published) == 2
    reader.close()
    assert not list(tmp_path.glob(".pub.duckdb.*"))  # no temp files left behind


def test_publish_without_build_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="mfgstats run"):
        publish(tmp_path / "missing.duckdb", tmp_path / "pub.duckdb")


def _count_in_new_process(db) -> int:
    query = "select count(*) from raw.documents"
    code = f"import duckdb; print(duckdb.connect({str(db)!r}, read_only=True).sql({query!r}).fetchone()[0])"
    return int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
