"""Every reader the project opens for users refuses the SQL attack list (tests/serve/sql_attacks.py): file reads,
file writes, settings changes, ATTACH, INSTALL/LOAD and runaway queries; 0 successes, each with a clear message,
nothing written. Normal queries, views and table macros still work, on a DuckDB file and on a DuckLake."""

from __future__ import annotations

import re

import duckdb
import pytest
from sql_attacks import (
    ATTACKS,
    DATABASES,
    EXTENSIONS,
    FILE_READS,
    FILE_WRITES,
    REFUSAL,
    RUNAWAY,
    SETTINGS,
    left_behind,
    scratch,
)

from mfgstats import lake
from mfgstats.cli import main
from mfgstats.lake.published import publish
from mfgstats.serve import query, sandbox
from mfgstats.serve.errors import QueryStopped
from mfgstats.serve.warehouse import open_source

# Attacks that need no runaway: what the sealed connection itself must refuse, without the statement check.
SEALED = {**FILE_READS, **FILE_WRITES, **SETTINGS, **DATABASES, **EXTENSIONS}
LEGITIMATE = {
    "a query": ("SELECT count(*) AS n FROM fct_observation", "6"),
    "a view": ("SELECT count(*) AS n FROM fct_indicator_observation", "6"),
    "a table macro": ("SELECT count(*) AS n FROM observations_of('IND_ENT_COUNT')", "3"),
    "a session setting": ("SET TimeZone = 'UTC'; SELECT current_setting('TimeZone') AS n", "UTC"),
    "USE": ("USE main; SELECT count(*) AS n FROM dim_region", "1"),
}


@pytest.fixture
def tight(monkeypatch):
    """Limits small enough that the runaway queries stop within seconds."""
    monkeypatch.setenv(sandbox.TIMEOUT_VAR, "2")
    monkeypatch.setenv(sandbox.MEMORY_VAR, "256MB")


@pytest.fixture
def scratch_dir(tmp_path):
    return scratch(tmp_path / "scratch")


def _sql(capsys, *args):
    code = main(["sql", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _run_direct(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Every statement of `sql` on the connection itself, past the statement check of mfgstats.serve.query."""
    for statement in duckdb.extract_statements(sql):
        con.execute(statement).fetchall()


@pytest.mark.parametrize("name", list(ATTACKS))
def test_mfgstats_sql_refuses_the_attack(warehouse, tight, scratch_dir, capsys, name):
    code, out, err = _sql(capsys, "--csv", ATTACKS[name].format(tmp=scratch_dir))
    assert (code, out) == (1, ""), f"{name} succeeded: {out}"
    assert err.startswith("mfgstats sql: ") and re.search(REFUSAL, err), err
    assert "Traceback" not in err
    assert left_behind(scratch_dir) == []


def test_the_attack_list_scores_zero_on_mfgstats_sql(warehouse, tight, scratch_dir, capsys):
    successes = [name for name, sql in ATTACKS.items() if _sql(capsys, ATTACKS[name].format(tmp=scratch_dir))[0] == 0]
    assert successes == []
    assert left_behind(scratch_dir) == []


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_legitimate_queries_still_work(warehouse, tight, capsys, name):
    sql, expected = LEGITIMATE[name]
    code, out, err = _sql(capsys, "--csv", sql)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["n", expected]


# long in time, small in memory: a stream of 10^14 numbers
ENDLESS = "SELECT sum(range % 7) FROM range(100000000000000)"


def test_runaway_messages_name_the_limit(warehouse, tight, capsys):
    code, _, err = _sql(capsys, ENDLESS)
    assert code == 1
    assert f"the query ran longer than 2 s and was stopped ({sandbox.TIMEOUT_VAR} sets the limit" in err, err
    code, _, err = _sql(capsys, RUNAWAY["memory bomb"])
    assert code == 1
    assert f"the query needs more memory than readers are given (256MB; {sandbox.MEMORY_VAR} sets it)" in err, err


def test_a_timed_out_statement_leaves_the_connection_usable(warehouse):
    con, _ = open_source()
    with con:
        with pytest.raises(QueryStopped):
            query.run(con, ENDLESS, 1)
        assert query.run(con, "SELECT 1 AS one", 1).rows == [(1,)]


@pytest.mark.parametrize("variable", [sandbox.TIMEOUT_VAR, sandbox.MEMORY_VAR])
def test_a_bad_limit_names_its_variable(warehouse, monkeypatch, capsys, variable):
    monkeypatch.setenv(variable, "lots")
    code, _, err = _sql(capsys, "SELECT 1")
    assert code == 1
    assert f"{variable}='lots'" in err and "Traceback" not in err


@pytest.mark.parametrize("surface", ["sql/status", "export"])
def test_the_connection_itself_is_sealed(warehouse, scratch_dir, tmp_path, surface):
    """`mfgstats status` and `export` run their own statements on the same opener; the connection refuses the
    attacks by itself (no statement check), and an export may write into its own folder only."""
    export_dir = tmp_path / "export" if surface == "export" else None
    con, _ = open_source(None, export_dir=export_dir)
    successes = []
    with con:
        for name, sql in SEALED.items():
            try:
                _run_direct(con, sql.format(tmp=scratch_dir))
            except duckdb.Error:
                continue
            successes.append(name)
        assert con.execute("SELECT count(*) FROM fct_indicator_observation").fetchone() == (6,)
    assert successes == []
    assert left_behind(scratch_dir) == []


def test_an_export_reader_writes_into_its_folder_and_nowhere_else(warehouse, scratch_dir, tmp_path):
    export_dir = tmp_path / "export"
    export_dir.mkdir()
    con, _ = open_source(None, export_dir=export_dir)
    with con:
        con.execute(f"COPY (SELECT 1 AS x) TO '{export_dir}/ok.csv'")
        for outside in (f"{export_dir}-sibling/x.csv", f"{export_dir}/../x.csv", f"{scratch_dir}/x.csv"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(f"COPY (SELECT 1 AS x) TO '{outside}'")
    assert (export_dir / "ok.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "scratch", "wh"]


@pytest.fixture
def published_lake(tmp_path, monkeypatch):
    """A DuckLake with Parquet files (more rows than DuckLake inlines), a view and a table macro, published."""
    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", f"sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}")
    monkeypatch.setenv("MFGSTATS_LAKE_DATA", str(tmp_path / "lake" / "data"))
    with lake.connect() as con:
        con.execute("CREATE TABLE main.fct_observation AS SELECT range AS v, 'x' AS s FROM range(50000)")
        con.execute("CREATE VIEW main.fct_indicator_observation AS SELECT * FROM main.fct_observation WHERE v < 6")
        con.execute("CREATE MACRO main.observations_of(k) AS TABLE SELECT * FROM main.fct_observation WHERE v < k")
        publish(con)
    assert list((tmp_path / "lake" / "data").rglob("*.parquet")), "the lake must read Parquet files"
    return tmp_path


LAKE_ONLY = {
    "sqlite_scan of the catalog": "SELECT * FROM sqlite_scan('{catalog}', 'ducklake_snapshot')",
    "sqlite_query": "SELECT * FROM sqlite_query('__ducklake_metadata_lake', 'DELETE FROM ducklake_snapshot')",
    "expire snapshots": "SELECT * FROM ducklake_expire_snapshots('lake', older_than => now())",
    "cleanup old files": "CALL lake.cleanup_old_files(cleanup_all => true)",
    "COPY into the data path": "COPY (SELECT 1) TO '{data}/planted.parquet'",
    # a table that exists: only the refusal can make these fail
    "sqlite_scan inside query()": "SELECT * FROM query("
    "'SELECT * FROM sqlite_scan(''{catalog}'', ''ducklake_snapshot'')')",
    "sqlite_scan as serialized SQL": "SELECT * FROM json_execute_serialized_sql(json_serialize_sql("
    "'SELECT * FROM sqlite_scan(''{catalog}'', ''ducklake_snapshot'')'))",
}


def test_the_lake_reader_serves_and_refuses(published_lake, tight, scratch_dir, capsys):
    for sql, expected in [
        ("SELECT count(*) AS n FROM fct_observation", "50000"),
        ("SELECT count(*) AS n FROM fct_indicator_observation", "6"),
        ("SELECT count(*) AS n FROM observations_of(3)", "3"),
    ]:
        code, out, err = _sql(capsys, "--csv", sql)
        assert (code, err, out.splitlines()) == (0, "", ["n", expected])
    catalog, data = published_lake / "lake" / "catalog.sqlite", published_lake / "lake" / "data"
    attacks = {**ATTACKS, **{k: v.format(catalog=catalog, data=data, tmp=scratch_dir) for k, v in LAKE_ONLY.items()}}
    successes = []
    for name, sql in attacks.items():
        code, out, err = _sql(capsys, sql.format(tmp=scratch_dir))
        if code == 0 or not re.search(REFUSAL, err):
            successes.append((name, out, err))
    assert successes == []
    assert left_behind(scratch_dir) == []
    assert not list(data.rglob("planted*"))


def test_the_lake_reader_connection_is_sealed_to_its_data_path(published_lake, scratch_dir):
    con, _ = open_source()
    with con:
        assert con.execute("SELECT count(*) FROM fct_observation").fetchone() == (50000,)
        for name in {**FILE_READS, **FILE_WRITES, **SETTINGS, "ATTACH": DATABASES["ATTACH"], **EXTENSIONS}:
            if name == "LOAD sqlite":  # loaded already: the catalog is read through it
                continue
            with pytest.raises(duckdb.Error):
                _run_direct(con, SEALED[name].format(tmp=scratch_dir))
    assert left_behind(scratch_dir) == []
