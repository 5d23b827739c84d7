"""Extraction in worker processes: the same facts as in one process, and a failure stays the failing file's."""

from __future__ import annotations

import os

import duckdb
import pytest
from make_corpus import write_corpus

from mfgstats import pipeline
from mfgstats.ingest import discover

DOCUMENTS = 60
BAD_FILE = "MFGSTATS_TEST_BAD_FILE"  # read in the worker processes, which inherit the environment
REAL_FACTS_OF = pipeline.facts_of  # taken at import: in a worker, and here before a test replaces it


def raising_on_one(document):
    """Module level, so worker processes can import it: the real extractor, except for the file named in BAD_FILE."""
    if document.file == os.environ[BAD_FILE]:
        raise ValueError(f"extractor bug in process {os.getpid()}")
    return REAL_FACTS_OF(document)


def dying_on_one(document):
    if document.file == os.environ[BAD_FILE]:
        os._exit(3)  # a worker killed mid-batch (out of memory, a signal)
    return REAL_FACTS_OF(document)


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(DOCUMENTS, root)
    return root / "raw"


@pytest.fixture
def small_batches(monkeypatch):
    """Several batches and chunks from a small corpus, so batches overlap (one extracting while one is written)."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_DOCUMENTS", 10)
    monkeypatch.setattr(pipeline, "EXTRACT_BATCH", 25)
    monkeypatch.setattr(pipeline, "WORKER_CHUNK", 7)


def keys_of(raw):
    return [p.relative_to(raw).as_posix() for p in discover(raw)]


def extract(raw, db, workers):
    with duckdb.connect(str(db)) as con:
        keys = keys_of(raw)
        assert len(pipeline.ingest(con, raw, keys).loaded) == DOCUMENTS
        report = pipeline.extract_pending(con, keys, workers=workers)
        facts = con.execute("SELECT * FROM raw.facts ORDER BY ALL").fetchall()
        extracted = con.execute("SELECT file FROM raw.ingest_log WHERE extracted ORDER BY file").fetchall()
    return report, facts, [r[0] for r in extracted]


def test_two_workers_store_exactly_the_facts_of_one(raw, tmp_path, small_batches):
    one, facts_one, done_one = extract(raw, tmp_path / "one.duckdb", workers=1)
    two, facts_two, done_two = extract(raw, tmp_path / "two.duckdb", workers=2)
    assert (one.documents, one.failed) == (DOCUMENTS, [])
    assert (two.documents, two.facts, two.failed) == (one.documents, one.facts, [])
    assert len(facts_one) == one.facts > DOCUMENTS
    assert facts_two == facts_one  # every column of every fact
    assert done_two == done_one == sorted(keys_of(raw))


def test_a_document_that_raises_in_a_worker_is_reported_and_the_others_are_written(
    raw, tmp_path, small_batches, monkeypatch
):
    _, all_facts, _ = extract(raw, tmp_path / "one.duckdb", workers=1)
    bad = sorted(keys_of(raw))[30]  # in the second batch, mid-chunk
    monkeypatch.setenv(BAD_FILE, bad)
    monkeypatch.setattr(pipeline, "facts_of", raising_on_one)
    report, facts, done = extract(raw, tmp_path / "two.duckdb", workers=2)
    [(file, error)] = report.failed
    assert file == bad and error.startswith("ValueError: extractor bug in process ")
    assert int(error.rsplit(" ", 1)[1]) != os.getpid()  # it did run in a worker
    assert report.documents == DOCUMENTS - 1 and bad not in done
    with duckdb.connect(str(tmp_path / "one.duckdb"), read_only=True) as con:
        others = con.execute("SELECT * FROM raw.facts WHERE file <> ? ORDER BY ALL", [bad]).fetchall()
    assert facts == others and len(others) < len(all_facts)  # the bad file's facts only are missing
    with duckdb.connect(str(tmp_path / "two.duckdb")) as con:
        monkeypatch.setattr(pipeline, "facts_of", REAL_FACTS_OF)
        retried = pipeline.extract_pending(con, keys_of(raw), workers=2)  # the next run redoes only that file
        assert (retried.documents, retried.failed) == (1, [])
        assert con.execute("SELECT * FROM raw.facts ORDER BY ALL").fetchall() == all_facts


def test_a_worker_that_dies_fails_its_chunk_by_name_and_the_rest_goes_on(raw, tmp_path, small_batches, monkeypatch):
    keys = sorted(keys_of(raw))
    monkeypatch.setenv(BAD_FILE, keys[3])  # first batch
    monkeypatch.setattr(pipeline, "facts_of", dying_on_one)
    report, _, done = extract(raw, tmp_path / "w.duckdb", workers=2)
    failed = [f for f, _ in report.failed]
    assert keys[3] in failed and all("worker process died" in e for _, e in report.failed)
    assert sorted(failed + done) == keys  # every document is either written or reported by name
    assert set(keys[25:]) <= set(done)  # the batches after the pool broke ran in this process


def test_the_worker_count_comes_from_the_environment(raw, tmp_path, small_batches, monkeypatch):
    bad = sorted(keys_of(raw))[0]
    monkeypatch.setenv(BAD_FILE, bad)
    monkeypatch.setattr(pipeline, "facts_of", raising_on_one)
    pids = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MFGSTATS_EXTRACT_WORKERS", workers)
        report, _, _ = extract(raw, tmp_path / f"w{workers}.duckdb", workers=None)
        [(_, error)] = report.failed
        pids[workers] = int(error.rsplit(" ", 1)[1])
    assert pids["1"] == os.getpid() != pids["2"]  # 1: in this process; 2: in a worker
