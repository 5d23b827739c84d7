"""A BI tool keeps a read-only connection to the published warehouse open while the pipeline rebuilds and
publishes: the rebuild succeeds, the open reader keeps working on its snapshot, a new connection sees the new
data. Readers run in their own processes, as BI tools do (DuckDB shares one database instance per path inside a
process, so an in-process "second connection" would prove nothing)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from mfgstats.cli import main
from mfgstats.warehouse.publish import publish

# A reader that opens the file once and answers queries from stdin, one per line, until EOF.
READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("ready", flush=True)
    for line in sys.stdin:
        try:
            print(con.execute(line).fetchone()[0], flush=True)
        except Exception as exc:
            print(f"error: {exc}", flush=True)
    """
)


class Reader:
    def __init__(self, db):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready", self.proc.stderr.read()

    def ask(self, sql: str) -> str:
        self.proc.stdin.write(sql + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def reader_factory():
    readers = []

    def start(db):
        readers.append(Reader(db))
        return readers[-1]

    yield start
    for r in readers:
        if r.proc.poll() is None:
            r.proc.kill()
            r.proc.wait()


def _full_build(build, version: int, rows: int) -> None:
    """What a full rebuild does to the build database: every mart dropped and recreated."""
    with duckdb.connect(str(build)) as con:
        con.execute("DROP TABLE IF EXISTS main.mart_plan_progress")
        con.execute(
            f"""CREATE TABLE main.mart_plan_progress AS
                SELECT {version} AS build_version, i AS indicator_id FROM range({rows}) t(i)"""
        )


def test_open_reader_survives_rebuild_and_publish(tmp_path, reader_factory, monkeypatch, capsys):
    build, published = tmp_path / "build" / "mfgstats.duckdb", tmp_path / "mfgstats.duckdb"
    build.parent.mkdir()
    _full_build(build, version=1, rows=3)
    publish(build, published)

    bi_tool = reader_factory(published)
    count = "SELECT count(*) FROM mart_plan_progress"
    assert bi_tool.ask(count) == "3"

    _full_build(build, version=2, rows=5)  # the writer is not blocked by the open reader …
    publish(build, published)  # … and neither is the publish

    assert bi_tool.ask(count) == "3"  # the open connection keeps its consistent snapshot
    assert bi_tool.ask("SELECT max(build_version) FROM mart_plan_progress") == "1"
    assert reader_factory(published).ask(count) == "5"  # a new connection sees the rebuilt warehouse
    # and so does the CLI, in this process
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path))
    assert main(["sql", "--csv", "SELECT max(build_version) AS v FROM mart_plan_progress"]) == 0
    assert capsys.readouterr().out == "v\n2\n"
    bi_tool.close()
    assert bi_tool.proc.returncode == 0


def test_reader_on_the_build_file_would_block_the_writer(tmp_path, reader_factory):
    """Why readers must never open the build database: DuckDB's file lock stops the pipeline."""
    build = tmp_path / "build.duckdb"
    _full_build(build, version=1, rows=1)
    reader_factory(build)
    with pytest.raises(duckdb.IOException, match="Conflicting lock"):
        _full_build(build, version=2, rows=1)
