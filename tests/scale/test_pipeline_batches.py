"""Ingest and extract in batches (one transaction per batch, not per document) without changing what is stored."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from make_corpus import write_corpus

from mfgstats import pipeline
from mfgstats.ingest import discover


@pytest.fixture
def raw(tmp_path):
    write_corpus(12, tmp_path)
    return tmp_path / "raw"


def keys_of(raw):
    return [p.relative_to(raw).as_posix() for p in discover(raw)]


def facts_table(con):
    return con.execute('SELECT fact_id, file, "start", "end", value, unit FROM raw.facts ORDER BY ALL').fetchall()


@pytest.mark.parametrize("batch", [1, 5, 500])
def test_batch_size_does_not_change_the_facts(raw, tmp_path, monkeypatch, batch):
    monkeypatch.setattr(pipeline, "EXTRACT_BATCH", batch)
    with duckdb.connect(str(tmp_path / f"b{batch}.duckdb")) as con:
        keys = keys_of(raw)
        assert len(pipeline.ingest(con, raw, keys).loaded) == 12
        report = pipeline.extract_pending(con, keys)
        assert report.documents == 12 and not report.failed
        facts = facts_table(con)
    with duckdb.connect(str(tmp_path / "one.duckdb")) as con:
        pipeline.ingest(con, raw, keys)
        for key in keys:
            pipeline.extract_pending(con, [key])
        assert facts == facts_table(con)
        assert report.facts == len(facts) > 12


def test_a_failing_document_leaves_its_batch_neighbours_extracted(raw, tmp_path, monkeypatch):
    keys = keys_of(raw)
    bad = keys[3]
    real = pipeline.facts_of

    def flaky(document):
        if document.file == bad:
            raise ValueError("extractor bug")
        return real(document)

    monkeypatch.setattr(pipeline, "facts_of", flaky)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        pipeline.ingest(con, raw, keys)
        report = pipeline.extract_pending(con, keys)
        assert report.failed == [(bad, "ValueError: extractor bug")] and report.documents == 11
        not_extracted = con.execute("SELECT file FROM raw.ingest_log WHERE NOT extracted").fetchall()
        assert not_extracted == [(bad,)]
        monkeypatch.setattr(pipeline, "facts_of", real)
        retried = pipeline.extract_pending(con, keys)  # the next run retries only the failed one
        assert (retried.documents, retried.failed) == (1, [])


def test_rerun_is_a_no_op_and_a_changed_file_is_redone(raw, tmp_path):
    keys = keys_of(raw)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        pipeline.ingest(con, raw, keys)
        pipeline.extract_pending(con, keys)
        before = facts_table(con)
        again = pipeline.ingest(con, raw, keys)
        assert (len(again.loaded), len(again.skipped)) == (0, 12)
        assert pipeline.extract_pending(con, keys).documents == 0
        assert facts_table(con) == before
        txt = next(k for k in keys if k.endswith(".txt"))
        text = (raw / txt).read_text(encoding="utf-8")
        (raw / txt).write_text(text + "\n补记：全市新增企业5家。\n", encoding="utf-8")
        assert pipeline.pending(con, raw, keys) == [txt]


def test_same_bytes_under_two_names_store_their_facts_once(raw, tmp_path):
    first = next(p for p in discover(raw) if p.suffix == ".txt")
    copy = first.with_name("copy_" + first.name)
    shutil.copy(first, copy)
    shutil.copy(first.with_name(first.name + ".meta.yaml"), copy.with_name(copy.name + ".meta.yaml"))
    keys = keys_of(raw)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        pipeline.ingest(con, raw, keys)
        pipeline.extract_pending(con, keys)
        duplicated = con.execute("SELECT count(*) - count(DISTINCT fact_id) FROM raw.facts").fetchone()[0]
        assert duplicated == 0


def test_a_vanished_file_is_quarantined_once(raw, tmp_path):
    keys = keys_of(raw)
    gone = keys[0]
    (raw / gone).unlink()
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        report = pipeline.ingest(con, raw, keys)
        assert [(e.file, e.reason_code) for e in report.quarantined] == [(gone, "missing")]
        assert pipeline.ingest(con, raw, keys).quarantined == []
