"""The published file is portable: a copy under another name (what a BI user makes) reads every view and the
`observations_as_of` macro, opened directly or attached under any alias."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

VIEWS = "select schema_name, view_name from duckdb_views() where not internal and database_name = current_database()"


@pytest.fixture(scope="module")
def renamed_copy(built_warehouse: Path, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("portable") / "copy of the warehouse.duckdb"
    shutil.copyfile(built_warehouse, copy)
    return copy


def test_every_view_reads_in_a_copy_under_another_name(renamed_copy: Path):
    con = duckdb.connect(str(renamed_copy), read_only=True)
    views = con.sql(VIEWS).fetchall()
    assert len(views) >= 5, views
    failures = {}
    for schema, view in views:
        try:
            con.sql(f'select count(*) from "{schema}"."{view}"').fetchall()
        except duckdb.Error as exc:
            failures[f"{schema}.{view}"] = str(exc).splitlines()[0]
    assert not failures, failures
    assert con.sql("select count(*) from observations_as_of(current_date)").fetchone()[0] > 0


def test_views_read_when_attached_under_an_alias(renamed_copy: Path):
    con = duckdb.connect()
    con.execute(f"attach '{renamed_copy}' as elsewhere (read_only)")
    con.execute("use elsewhere")
    views = con.sql(VIEWS).fetchall()
    for schema, view in views:
        con.sql(f'select count(*) from elsewhere."{schema}"."{view}"').fetchall()
    assert con.sql("select count(*) from elsewhere.main.fct_observation").fetchone()[0] > 0
