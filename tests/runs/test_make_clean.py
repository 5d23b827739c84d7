"""`make clean` removes everything built — the whole warehouse directory, build/ included — and keeps the input
(data/raw/) and data/warehouse/.gitkeep. Run on a copy of the Makefile in a scratch project tree."""

from __future__ import annotations

import shutil
import subprocess

from mfgstats.config import PROJECT_ROOT

BUILT = [
    "data/warehouse/mfgstats.duckdb",
    "data/warehouse/.mfgstats.duckdb.abc123.tmp",
    "data/warehouse/.run.lock",
    "data/warehouse/build/mfgstats.duckdb",
    "data/warehouse/build/mfgstats.duckdb.wal",
    "data/warehouse/build/dbt_target/partial_parse.msgpack",
    "data/warehouse/quality/index.html",
    "data/warehouse/logs/dbt-20260101T000000-run.log",
    "data/warehouse/duckdb_extensions/v1.5.5/sqlite_scanner.duckdb_extension",
    "dbt_project/target/manifest.json",
    "dbt_project/logs/dbt.log",
    ".dagster_home/dagster.yaml",
]
KEPT = ["data/warehouse/.gitkeep", "data/raw/000_a.txt", "data/raw/000_a.txt.meta.yaml", "dbt_project/dbt_project.yml"]


def test_make_clean_removes_everything_built_and_keeps_the_input(tmp_path):
    shutil.copy(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    for name in BUILT + KEPT:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    done = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted([*KEPT, "Makefile"])
    assert sorted(p.name for p in (tmp_path / "data" / "warehouse").iterdir()) == [".gitkeep"]
