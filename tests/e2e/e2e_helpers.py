"""Helpers of the end-to-end tests: run the `mfgstats` CLI of this environment, query a published warehouse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    mfgstats = Path(sys.executable).parent / "mfgstats"
    return subprocess.run([str(mfgstats), *args], env=env, capture_output=True, text=True, timeout=900)


def query(root: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(root / "warehouse" / "mfgstats.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()
