"""One real pipeline run per test session: the four seed documents through `mfgstats run` (ingest, extract,
dbt build, the quality suites as Dagster asset checks, publish) in a temporary directory. Tests that change the
warehouse copy it first (`warehouse_copy`), so every test sees the seeds' warehouse as the run left it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mfgstats.warehouse.target import FileTarget


@dataclass(frozen=True)
class SeededRun:
    root: Path
    raw_dir: Path
    warehouse_dir: Path
    env: dict[str, str]
    stdout: str

    @property
    def published_db(self) -> Path:
        return FileTarget(self.warehouse_dir).published_db

    @property
    def build_db(self) -> Path:
        return FileTarget(self.warehouse_dir).build_db

    @property
    def report(self) -> Path:
        return self.warehouse_dir / "quality" / "index.html"


def mfgstats(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "mfgstats"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def seeded_run(seed_deployment) -> SeededRun:
    deployment = seed_deployment("quality")
    root, raw, env = deployment.root, deployment.raw_dir, deployment.env
    done = mfgstats(env, "run")
    if done.returncode != 0:
        pytest.fail(f"`mfgstats run` on the seeds failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}")
    return SeededRun(root, raw, root / "warehouse", env, done.stdout)


@pytest.fixture
def warehouse_copy(seeded_run: SeededRun, tmp_path: Path) -> Path:
    """A private copy of the seeds' warehouse directory (build and published databases, report)."""
    target = tmp_path / "warehouse"
    shutil.copytree(seeded_run.warehouse_dir, target, ignore=shutil.ignore_patterns("logs"))
    return target
