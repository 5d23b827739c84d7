"""`mfgstats status`: ingested documents, quarantine with reasons, files not yet ingested, conflicts, runs."""

from __future__ import annotations

import json
import os
import sqlite3
import time

import duckdb

from mfgstats.cli import main
from mfgstats.config import settings
from mfgstats.serve.status import collect, recent_runs
from mfgstats.warehouse.target import FileTarget


def _status(capsys, *args):
    code = main(["status", *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def test_status_reports_documents_quarantine_and_conflicts(warehouse, capsys):
    out = _status(capsys)
    assert f"warehouse  {warehouse}" in out
    assert "documents  2 ingested, 2 facts" in out
    assert "plan           洛阳市人民政府" in out
    assert "bulletin       洛阳市统计局" in out
    assert "quarantine  1 file(s)" in out
    assert "broken.pdf  [broken_pdf] broken.pdf is not a readable PDF → re-download the file" in out
    assert "conflicts  1 open" in out  # only a real conflict is open; the others are explained
    assert "     1  rounding\n" in out
    assert "       6  fct_observation" in out
    assert "last runs  none recorded" in out


def test_files_waiting_in_the_raw_directory_are_listed(warehouse, capsys):
    raw = settings().raw_dir
    raw.mkdir(parents=True)
    (raw / "d1.txt").write_text("已入库")  # known to the warehouse
    (raw / "new_bulletin.txt").write_text("新文件")
    (raw / "new_bulletin.txt.meta.yaml").write_text("title: x\n")  # a sidecar is not a document
    (raw / "broken.pdf").write_bytes(b"%PDF-")  # quarantined: known too
    out = _status(capsys)
    assert "1 file(s) in" in out
    assert "new_bulletin.txt\n" in out
    assert collect(settings()).not_ingested == ["new_bulletin.txt"]
    # its sidecar names no publisher nor date: the partition a backfill in the UI would name
    assert "in the ingest partition(s) unknown/undated (1)" in out
    (raw / "new_bulletin.txt.meta.yaml").write_text("title: x\npublisher: 洛阳市统计局\npublished: 2024-05-01\n")
    (raw / "other.txt").write_text("新文件")
    assert "in the ingest partition(s) unknown/undated (1), 洛阳市统计局/2024 (1)" in _status(capsys)


def test_status_without_a_warehouse_says_how_to_build_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dh"))
    out = _status(capsys)
    assert "not published yet: run `make run`" in out
    assert "conflicts  unknown (the warehouse has no mart_conflicts)" in out
    assert not (tmp_path / "dh").exists()  # status never creates the Dagster home


def test_a_build_newer_than_the_published_file_is_flagged(warehouse, capsys):
    build = FileTarget(settings().warehouse_dir).build_db
    later = warehouse.stat().st_mtime + 60
    os.utime(build, (later, later))
    assert "the last run did not publish" in _status(capsys)


def test_without_mart_conflicts_status_says_unknown(tmp_path, monkeypatch, capsys, make_warehouse):
    db = make_warehouse(tmp_path / "w.duckdb", with_conflicts=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dh"))
    assert "conflicts  unknown" in _status(capsys, "--db", str(db))


def _runs_db(home, runs):
    """A run table shaped like Dagster's SQLite run storage (history/runs.db)."""
    (home / "history").mkdir(parents=True)
    with sqlite3.connect(home / "history" / "runs.db") as con:
        con.execute(
            """CREATE TABLE runs (id INTEGER PRIMARY KEY, run_id VARCHAR(255), pipeline_name TEXT,
               status VARCHAR(63), start_time FLOAT, end_time FLOAT)"""
        )
        con.executemany(
            "INSERT INTO runs (run_id, pipeline_name, status, start_time, end_time) VALUES (?, ?, ?, ?, ?)", runs
        )


def test_last_runs_come_from_the_dagster_run_storage(warehouse, capsys):
    home = settings().warehouse_dir.parent / "dagster_home"
    now = time.time()
    _runs_db(
        home,
        [
            ("aaaaaaaa-1", "ingest_job", "SUCCESS", now - 100, now - 90),
            ("bbbbbbbb-2", "warehouse_job", "FAILURE", now - 80, now - 50.5),
            ("cccccccc-3", "warehouse_job", "STARTED", now - 10, None),
        ],
    )
    runs = recent_runs(home)
    assert [(r.job, r.status, r.seconds) for r in runs] == [
        ("warehouse_job", "STARTED", None),
        ("warehouse_job", "FAILURE", 29.5),
        ("ingest_job", "SUCCESS", 10.0),
    ]
    out = _status(capsys)
    assert f"last runs  (Dagster instance {home})" in out
    assert "FAILURE      29.5 s  warehouse_job  bbbbbbbb" in out


def test_unreadable_run_storage_is_no_history(tmp_path):
    (tmp_path / "history").mkdir()
    (tmp_path / "history" / "runs.db").write_text("not sqlite")
    assert recent_runs(tmp_path) == []


def test_status_json(warehouse, capsys):
    data = json.loads(_status(capsys, "--json"))
    assert data["documents"] == 2
    assert data["open_conflicts"] == 1
    assert data["quarantine"][0][0] == "broken.pdf"
    assert data["marts"]["mart_plan_progress"] == 1


def test_status_reads_without_blocking_a_writer(warehouse):
    """status holds the published file only while it reads; the build database is never opened."""
    collect(settings())
    build = FileTarget(settings().warehouse_dir).build_db
    with duckdb.connect(str(build)) as con:  # would fail if a lock were held in this process
        con.execute("CREATE TABLE raw.touch AS SELECT 1")
