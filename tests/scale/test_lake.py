"""The DuckLake target: the pipeline's stages and dbt write a local DuckLake (SQLite catalog, Parquet data) chosen
by configuration alone; several writer processes commit side by side while another process keeps reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from make_corpus import write_corpus

from mfgstats import lake, pipeline
from mfgstats.config import settings
from mfgstats.ingest import discover

VENV_BIN = Path(sys.executable).parent

WRITER = """
import sys
from pathlib import Path
from mfgstats import lake, pipeline
from mfgstats.ingest import discover
pipeline.EXTRACT_BATCH = 2  # many small commits, so the reader sees the lake grow
raw = Path(sys.argv[1])
with lake.connect() as con:
    keys = [p.relative_to(raw).as_posix() for p in discover(raw)]
    pipeline.ingest(con, raw, keys)
    pipeline.extract_pending(con, keys)
"""

READER = """
import json, sys, time
from pathlib import Path
from mfgstats import lake
stop, out = Path(sys.argv[1]), Path(sys.argv[2])
seen = []
while not stop.exists():
    with lake.connect(read_only=True) as con:
        # one statement, one snapshot: files marked extracted and documents having facts must agree
        row = con.execute('''SELECT (SELECT count(*) FROM raw.ingest_log WHERE extracted),
                                    (SELECT count(DISTINCT document_id) FROM raw.facts),
                                    (SELECT count(*) FROM raw.facts)''').fetchone()
    seen.append(list(row))
    time.sleep(0.05)
out.write_text(json.dumps(seen))
"""


@pytest.fixture
def lake_env(tmp_path, monkeypatch):
    env = {
        "MFGSTATS_TARGET": "ducklake",
        "MFGSTATS_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "MFGSTATS_LAKE_CATALOG": f"sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}",
        "MFGSTATS_LAKE_DATA": str(tmp_path / "lake" / "data"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # An empty home: no DuckDB extension cached there from earlier work, as on a fresh machine.
        "HOME": str(tmp_path / "home"),
    }
    (tmp_path / "home").mkdir()
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **env}


@pytest.mark.parametrize(
    ("variables", "problem"),
    [
        ({"MFGSTATS_TARGET": "parquet"}, "MFGSTATS_TARGET='parquet'"),
        ({"MFGSTATS_TARGET": "ducklake", "MFGSTATS_LAKE_CATALOG": "lake.duckdb"}, "use sqlite:PATH"),
    ],
)
def test_bad_settings_say_what_to_set(monkeypatch, variables, problem):
    for key, value in variables.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(lake.LakeConfigError, match=problem):
        lake.target()
        lake.connect()


def test_settings_default_under_the_warehouse_directory(lake_env, monkeypatch):
    monkeypatch.delenv("MFGSTATS_LAKE_CATALOG")
    monkeypatch.delenv("MFGSTATS_LAKE_DATA")
    root = settings().warehouse_dir / "lake"
    assert lake.is_lake()
    assert lake.lake_settings() == lake.LakeSettings(f"sqlite:{root / 'catalog.sqlite'}", f"{root / 'data'}/")


def test_extensions_come_from_the_pinned_packages_into_the_deployment(tmp_path, lake_env):
    with lake.connect() as con:
        loaded = {
            name: path
            for name, path in con.execute(
                "SELECT extension_name, install_path FROM duckdb_extensions() WHERE loaded"
            ).fetchall()
        }
    folder = lake.extension_directory()
    assert folder.is_relative_to(settings().warehouse_dir)
    for name in ("ducklake", "sqlite_scanner"):
        assert Path(loaded[name]).is_relative_to(folder), loaded
    assert not any((tmp_path / "home").iterdir())  # nothing written to, or read from, the home directory


@pytest.mark.slow
def test_pipeline_and_dbt_build_into_a_ducklake(tmp_path, lake_env):
    write_corpus(25, tmp_path / "corpus")
    raw = tmp_path / "corpus" / "raw"
    keys = [p.relative_to(raw).as_posix() for p in discover(raw)]
    with lake.connect() as con:
        assert len(pipeline.ingest(con, raw, keys).loaded) == 25
        facts = pipeline.extract_pending(con, keys).facts
    dbt_dir = settings().dbt_project_dir
    done = subprocess.run(
        [str(VENV_BIN / "dbt"), "build", "--project-dir", str(dbt_dir), "--profiles-dir", str(dbt_dir),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        env=lake_env, capture_output=True, text=True, cwd=dbt_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert "target='lake'" in done.stdout
    # What dbt built lives in the lake's Parquet files, readable by any other process.
    with lake.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM main.fct_observation").fetchone()[0] == facts
        assert con.execute("SELECT count(*) FROM main.observations_as_of(current_date)").fetchone()[0] > 0
    assert list((tmp_path / "lake" / "data").rglob("*.parquet"))
    assert not (tmp_path / "warehouse" / "build").exists()  # nothing went to the DuckDB target
    assert not any((tmp_path / "home").iterdir())  # dbt loaded the extensions from the deployment's folder


def test_two_writers_and_a_reader_share_the_lake(tmp_path, lake_env):
    write_corpus(16, tmp_path / "a")
    write_corpus(16, tmp_path / "b", start=16)
    truth = sum(len((tmp_path / c / "truth.jsonl").read_text().splitlines()) for c in ("a", "b"))
    with lake.connect() as con:  # create the lake and its raw tables before the race
        pipeline.prepare(con)
    python = str(VENV_BIN / "python")
    stop, seen = tmp_path / "stop", tmp_path / "seen.json"
    reader = subprocess.Popen([python, "-c", READER, str(stop), str(seen)], env=lake_env)
    time.sleep(1.0)  # the reader is attached before anyone writes
    writers = [subprocess.Popen([python, "-c", WRITER, str(tmp_path / c / "raw")], env=lake_env) for c in "ab"]
    assert [w.wait(timeout=600) for w in writers] == [0, 0]
    stop.touch()
    assert reader.wait(timeout=120) == 0
    snapshots = json.loads(seen.read_text())
    assert snapshots, "the reader never got a snapshot while the writers ran"
    assert all(files == documents for files, documents, _ in snapshots), snapshots
    with lake.connect(read_only=True) as con:
        final = con.execute(
            "SELECT (SELECT count(*) FROM raw.ingest_log WHERE extracted), (SELECT count(*) FROM raw.facts)"
        ).fetchone()
    assert final == (32, truth)  # no lost commit: every document of both writers, every fact once
    assert any(0 < files < 32 for files, _, _ in snapshots) or len(snapshots) > 1
