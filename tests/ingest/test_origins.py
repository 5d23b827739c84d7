"""Two writers sharing one warehouse (a lake whose catalog is on PostgreSQL, written from two machines), each
ingesting its own raw directory: a writer neither quarantines nor removes the other's files, which are missing
from its own directory, and still notices its own files that are gone."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from ingest_files import write_doc

from mfgstats import pipeline
from mfgstats.corrections.load import load_corrections


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "shared.duckdb")) as connection:
        yield connection


def test_each_writer_acts_on_its_own_files_only(tmp_path: Path, con):
    a, b = tmp_path / "machine_a" / "raw", tmp_path / "machine_b" / "raw"
    write_doc(a, "a/one.txt", "2024年甲市规模以上工业企业达到1783家。")
    write_doc(a, "a/two.txt", "2024年乙市规模以上工业企业达到905家。")
    write_doc(b, "b/one.txt", "2024年丙市规模以上工业企业达到612家。")
    assert len(pipeline.ingest(con, a, ["a/one.txt", "a/two.txt"]).loaded) == 2
    # B's partition range holds A's files too (Dagster's ranges run over every writer's partitions).
    report = pipeline.ingest(con, b, ["a/one.txt", "a/two.txt", "b/one.txt"])
    assert [d.file for d in report.loaded] == ["b/one.txt"]
    assert report.quarantined == []
    origins = dict(con.execute("SELECT file, origin FROM raw.ingest_log").fetchall())
    assert origins == {
        "a/one.txt": pipeline.origin(a),
        "a/two.txt": pipeline.origin(a),
        "b/one.txt": pipeline.origin(b),
    }
    assert pipeline.origin(a) != pipeline.origin(b)

    empty = tmp_path / "corrections"
    empty.mkdir()
    assert load_corrections(con, empty, b).removed == []  # A's files are not B's to remove
    (a / "a" / "two.txt").unlink()
    assert [f for _, f in load_corrections(con, empty, a).removed] == ["a/two.txt"]
    # A force run of B over the same range still leaves A's files alone.
    forced = pipeline.ingest(con, b, ["a/one.txt", "a/two.txt", "b/one.txt"], force=True)
    assert [d.file for d in forced.loaded] == ["b/one.txt"] and forced.quarantined == []


def test_a_file_gone_from_its_own_writer_is_still_quarantined(tmp_path: Path, con):
    a = tmp_path / "raw"
    write_doc(a, "one.txt", "2024年甲市规模以上工业企业达到1783家。")
    assert len(pipeline.ingest(con, a, ["one.txt"]).loaded) == 1
    (a / "one.txt").unlink()
    report = pipeline.ingest(con, a, ["one.txt"])
    assert [e.reason_code for e in report.quarantined] == ["missing"]


def test_origin_is_named_by_the_setting(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(pipeline.ORIGIN_ENV, "bureau-laptop-3")
    assert pipeline.origin(tmp_path) == "bureau-laptop-3"
