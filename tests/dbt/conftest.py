"""One real `dbt build` per test session, against a temporary DuckDB filled through the loader's `write_raw`
with the four seed documents, two vintages of a synthetic bulletin and the hand-made facts of dbt_fixture_facts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dbt_harness import load_raw, make_raw_dir, run_dbt


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """Path of a DuckDB file after loading the fixture and a successful `dbt build` (models, seeds, tests)."""
    work = tmp_path_factory.mktemp("dbt")
    db_path = work / "build.duckdb"
    raw_dir = work / "raw"
    make_raw_dir(raw_dir)
    load_raw(db_path, raw_dir)
    result = run_dbt(["build"], db_path, work)
    if result.returncode != 0:
        pytest.fail(f"dbt build failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}")
    return db_path


@pytest.fixture(scope="session")
def warehouse(built_warehouse: Path):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()
