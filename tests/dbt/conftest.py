"""One real `dbt build` per test session, against a temporary DuckDB filled through the loader's `write_raw`
with the four seed documents, two vintages of a synthetic bulletin and the hand-made facts of dbt_fixture_facts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dbt_fixture_facts import BULLETIN_SIDECAR, SYNTHETIC_DOCUMENTS, build_facts

from mfgstats.config import PROJECT_ROOT
from mfgstats.ingest.loader import discover, load_document
from mfgstats.warehouse.load import write_raw

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


def make_raw_dir(raw_dir: Path) -> None:
    """The committed seed documents with their sidecars, plus the synthetic bulletin vintages."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for path in (PROJECT_ROOT / "data" / "raw").iterdir():
        if path.is_file():
            shutil.copy(path, raw_dir / path.name)
    for name, (text, published) in SYNTHETIC_DOCUMENTS.items():
        (raw_dir / name).write_text(text, encoding="utf-8")
        (raw_dir / f"{name}.meta.yaml").write_text(BULLETIN_SIDECAR.format(published=published), encoding="utf-8")


def load_raw(db_path: Path, raw_dir: Path) -> None:
    documents = [load_document(p, raw_dir) for p in discover(raw_dir)]
    con = duckdb.connect(str(db_path))
    try:
        write_raw(con, documents, build_facts(documents))
    finally:
        con.close()


def run_dbt(command: list[str], db_path: Path, work_dir: Path) -> subprocess.CompletedProcess:
    """Run dbt in a subprocess (dbt keeps global state in-process) with its target and logs kept out of the
    shared project directory, offline and without telemetry."""
    env = {
        **os.environ,
        "MFGSTATS_BUILD_DB": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
        "DO_NOT_TRACK": "1",
    }
    return subprocess.run(
        [
            str(DBT),
            *command,
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--target-path",
            str(work_dir / "target"),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=DBT_PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


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
