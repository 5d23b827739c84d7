"""Fixtures every test folder shares."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mfgstats.config import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))


@dataclass(frozen=True)
class SeedDeployment:
    """A deployment in a temporary directory: the four seeds with their sidecars in raw/, and the environment
    that points `mfgstats` at it (raw documents, warehouse, Dagster home)."""

    root: Path
    raw_dir: Path
    warehouse_dir: Path
    env: dict[str, str]


@pytest.fixture(scope="session")
def seed_deployment(tmp_path_factory) -> Callable[..., SeedDeployment]:
    """seed_deployment(name, **env): a new deployment of the seeds; keyword arguments add environment variables."""

    def make(name: str, **extra_env: str) -> SeedDeployment:
        root = tmp_path_factory.mktemp(name)
        raw = root / "raw"
        raw.mkdir()
        for seed in SEEDS:
            for path in (seed, seed.with_name(seed.name + ".meta.yaml")):
                shutil.copy(path, raw / path.name)
        env = {
            **os.environ,
            "MFGSTATS_RAW_DIR": str(raw),
            "MFGSTATS_WAREHOUSE_DIR": str(root / "warehouse"),
            "DAGSTER_HOME": str(root / "dagster_home"),
            **extra_env,
        }
        return SeedDeployment(root, raw, root / "warehouse", env)

    return make
