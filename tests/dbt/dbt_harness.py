"""Helpers for building the dbt project in tests: a raw directory with the seed documents and the synthetic
bulletin vintages, loading it through the loader's `write_raw`, and running dbt in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from dbt_fixture_facts import SYNTHETIC_DOCUMENTS, build_facts

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
    for name, (text, sidecar) in SYNTHETIC_DOCUMENTS.items():
        (raw_dir / name).write_text(text, encoding="utf-8")
        (raw_dir / f"{name}.meta.yaml").write_text(sidecar, encoding="utf-8")


def load_raw(db_path: Path, raw_dir: Path) -> None:
    documents = [load_document(p, raw_dir) for p in discover(raw_dir)]
    con = duckdb.connect(str(db_path))
    try:
        write_raw(con, documents, build_facts(documents))
    finally:
        con.close()


def run_dbt(
    command: list[str], db_path: Path, work_dir: Path, project_dir: Path = DBT_PROJECT
) -> subprocess.CompletedProcess:
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
            str(project_dir),
            "--profiles-dir",
            str(project_dir),
            "--target-path",
            str(work_dir / "target"),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_project(destination: Path) -> Path:
    """A private copy of the dbt project (sources, models, macros, seeds), for tests that edit it."""
    shutil.copytree(DBT_PROJECT, destination, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    return destination
