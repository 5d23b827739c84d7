"""`mfgstats export`: every mart to Parquet, CSV or SDMX-CSV, from the published warehouse."""

from __future__ import annotations

import csv
import json

import polars as pl
import pytest

from mfgstats.cli import main

MARTS = {
    "dim_region",
    "dim_time",
    "fct_indicator_observation",
    "fct_observation",
    "mart_conflicts",
    "mart_plan_progress",
}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_mart_is_exported_with_all_rows(warehouse, tmp_path, capsys, fmt):
    out = tmp_path / "export"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    files = {p.name for p in out.iterdir()}
    assert files == {f"{t}.{fmt}" for t in MARTS} | {"manifest.json"}  # no raw tables, no temp files
    read = pl.read_parquet if fmt == "parquet" else pl.read_csv
    observations = read(out / f"fct_observation.{fmt}")
    assert observations.height == 6
    assert sorted(observations["subject"].unique().to_list()) == ["工业增加值", "营业收入", "规上工业企业"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["format"] == fmt
    assert manifest["warehouse"] == str(warehouse)
    assert {f["table"]: f["rows"] for f in manifest["files"]}["fct_observation"] == 6
    assert f"{out / ('fct_observation.' + fmt)}" in capsys.readouterr().out


def test_parquet_keeps_column_types(warehouse, tmp_path):
    out = tmp_path / "export"
    assert main(["export", "--format", "parquet", "--out", str(out)]) == 0
    schema = pl.read_parquet_schema(out / "fct_observation.parquet")
    assert (schema["period_start"], schema["value_signed"], schema["subject"]) == (pl.Date, pl.Float64, pl.String)


def test_sdmx_csv_export(warehouse, tmp_path):
    out = tmp_path / "sdmx"
    assert main(["export", "--format", "sdmx-csv", "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == {"DF_MFG_OBS.csv", "DF_MFG_OBS.codelists.csv", "manifest.json"}
    with (out / "DF_MFG_OBS.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 4
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert (manifest["left_out_without_period"], manifest["superseded_by_key"]) == (1, 1)


def test_export_again_replaces_files(warehouse, tmp_path):
    out = tmp_path / "export"
    for _ in range(2):
        assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    assert pl.read_csv(out / "fct_observation.csv").height == 6


def test_default_output_is_under_the_warehouse_dir(warehouse):
    assert main(["export", "--format", "csv"]) == 0
    assert (warehouse.parent / "exports" / "csv" / "mart_plan_progress.csv").is_file()


def test_export_without_warehouse_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "none"))
    assert main(["export", "--format", "parquet", "--out", str(tmp_path / "x")]) == 1
    assert "run `make run` first" in capsys.readouterr().err


def test_unwritable_output_is_reported(warehouse, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    assert main(["export", "--format", "csv", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert f"cannot write to {blocker / 'sub'}" in err
    assert "Traceback" not in err


def test_unknown_format_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "xlsx"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err
