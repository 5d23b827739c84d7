"""`mfgstats sql`: read-only queries on a real published DuckDB file; writes refused with a clear message."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from mfgstats.cli import main
from mfgstats.serve import query
from mfgstats.serve.errors import QueryFailed, WriteRefused


def _sql(capsys, *args):
    code = main(["sql", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_output_lines_up_chinese_text(warehouse, capsys):
    code, out, err = _sql(capsys, "SELECT doc_type, publisher FROM raw.documents ORDER BY doc_type")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "doc_type | publisher",
        "---------+---------------",
        "bulletin | 洛阳市统计局",
        "plan     | 洛阳市人民政府",
        "(2 rows)",
    ]


def test_numbers_are_right_aligned_and_nulls_shown(warehouse, capsys):
    code, out, _ = _sql(capsys, "SELECT * FROM (VALUES (1783, NULL), (8.5, 'x')) t(v, s)")
    assert code == 0
    assert out.splitlines()[2:4] == ["1783.0 | NULL", "   8.5 | x"]  # DECIMAL(5,1) keeps its scale


def test_csv_output_parses_back(warehouse, capsys):
    code, out, _ = _sql(capsys, "--csv", "SELECT observation_id, subject, value_signed FROM fct_observation ORDER BY 1")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["observation_id"] for r in rows] == ["o1", "o2", "o3", "o4", "o5", "o6"]
    assert rows[5] == {"observation_id": "o6", "subject": "营业收入", "value_signed": "-4.5"}


def test_json_output_keeps_types_and_chinese(warehouse, capsys):
    code, out, _ = _sql(
        capsys, "--json", "SELECT subject, period_start, value_signed FROM fct_observation WHERE observation_id='o2'"
    )
    assert code == 0
    assert "规上工业企业" in out  # not \u-escaped
    assert json.loads(out) == [{"subject": "规上工业企业", "period_start": "2020-01-01", "value_signed": 1783.0}]


def test_json_renames_duplicate_columns(warehouse, capsys):
    _, out, _ = _sql(capsys, "--json", "SELECT 1 AS a, 2 AS a")
    assert json.loads(out) == [{"a": 1, "a_2": 2}]


def test_long_cells_are_clipped_in_tables_only(warehouse, capsys):
    long = "制造业" * 40
    _, out, _ = _sql(capsys, "--max-width", "10", f"SELECT '{long}' AS t")
    assert out.splitlines()[2] == "制造业制…"
    _, out, _ = _sql(capsys, "--csv", "--max-width", "10", f"SELECT '{long}' AS t")
    assert out.splitlines()[1] == long


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "WITH x AS (SELECT 2) SELECT * FROM x",
        "FROM raw.documents",
        "DESCRIBE fct_observation",
        "SHOW TABLES",
        "SUMMARIZE fct_observation",
        "EXPLAIN SELECT * FROM raw.facts",
        "PIVOT fct_observation ON status USING count(*) GROUP BY measure",
        "PRAGMA table_info('fct_observation')",
        "SET TimeZone = 'UTC'; SELECT current_setting('TimeZone')",
    ],
)
def test_reading_statements_run(warehouse, capsys, sql):
    code, out, err = _sql(capsys, sql)
    assert (code, err) == (0, ""), err
    assert out.rstrip().endswith(("row)", "rows)"))


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("INSERT INTO raw.documents (document_id) VALUES ('x')", "INSERT statements are refused"),
        ("UPDATE raw.facts SET value = 0", "UPDATE statements are refused"),
        ("DELETE FROM raw.facts", "DELETE statements are refused"),
        ("CREATE TABLE t AS SELECT 1", "CREATE statements are refused"),
        ("CREATE TEMP TABLE t AS SELECT 1", "CREATE statements are refused"),
        ("DROP TABLE raw.facts", "DROP statements are refused"),
        ("ALTER TABLE raw.facts ADD COLUMN x INT", "ALTER statements are refused"),
        ("COPY raw.facts TO '/tmp/mfgstats-should-not-exist.csv'", "COPY writes files or tables"),
        ("COPY raw.facts FROM '/tmp/x.csv'", "COPY writes files or tables"),
        ("EXPORT DATABASE '/tmp/mfgstats-export-should-not-exist'", "EXPORT DATABASE writes files"),
        ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH opens another database"),
        ("DETACH other", "DETACH statements are refused"),
        ("INSTALL httpfs", "INSTALL/LOAD of extensions"),
        ("VACUUM", "VACUUM statements are refused"),
        ("SELECT 1; DELETE FROM raw.facts", "DELETE statements are refused"),  # refused whole, nothing runs
    ],
)
def test_writes_are_refused_with_what_to_do(warehouse, capsys, sql, says):
    before = duckdb.connect(str(warehouse), read_only=True).execute("SELECT count(*) FROM raw.facts").fetchone()
    code, out, err = _sql(capsys, sql)
    assert code == 1
    assert out == ""
    assert err.startswith("mfgstats sql: the warehouse is read-only: ")
    assert says in err
    assert "mfgstats run" in err
    assert "Traceback" not in err
    after = duckdb.connect(str(warehouse), read_only=True).execute("SELECT count(*) FROM raw.facts").fetchone()
    assert before == after


def test_write_caught_by_the_read_only_connection_gets_the_same_message(tmp_path):
    """A write hidden in a SELECT (a sequence's nextval) passes the parser check; DuckDB's read-only refusal is
    turned into the same message."""
    db = tmp_path / "seq.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SEQUENCE s")
    with duckdb.connect(str(db), read_only=True) as con, pytest.raises(WriteRefused, match="mfgstats run"):
        query.run(con, "SELECT nextval('s')")


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("SELEC 1", "Parser Error"),
        ("SELECT * FROM no_such_table", "Table with name no_such_table does not exist"),
        ("   ", "no SQL statement given"),
    ],
)
def test_sql_errors_show_duckdbs_message(warehouse, capsys, sql, says):
    code, out, err = _sql(capsys, sql)
    assert (code, out) == (1, "")
    assert says in err
    assert "Traceback" not in err


def test_missing_warehouse_says_run_make_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "empty"))
    code, _, err = _sql(capsys, "SELECT 1")
    assert code == 1
    assert f"no published warehouse at {tmp_path / 'empty' / 'mfgstats.duckdb'}" in err
    assert "run `make run` first" in err


def test_db_option_reads_another_file(tmp_path, capsys):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t AS SELECT 42 AS answer")
    code, out, _ = _sql(capsys, "--db", str(other), "--csv", "FROM t")
    assert (code, out) == (0, "answer\n42\n")


def test_a_file_that_is_not_duckdb_is_named_in_the_error(tmp_path, capsys):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    code, _, err = _sql(capsys, "--db", str(junk), "SELECT 1")
    assert code == 1
    assert f"cannot open {junk} as a DuckDB warehouse" in err


def test_sql_from_stdin(warehouse, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT count(*) AS n FROM raw.documents"))
    code, out, _ = _sql(capsys, "--csv", "-")
    assert (code, out) == (0, "n\n2\n")


def test_checked_statements_rejects_before_running():
    with pytest.raises(QueryFailed, match="no SQL statement"):
        query.checked_statements(";")
