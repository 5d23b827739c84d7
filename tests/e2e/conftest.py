"""The deployment the end-to-end tests share: the four seed documents (and an empty file beside them) built and
published by one `mfgstats run`, as `make run` does."""

from __future__ import annotations

import shutil

import pytest
from e2e_helpers import run_cli

from mfgstats.config import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))


@pytest.fixture(scope="session")
def built(seed_deployment):
    """(root, env, completed run) of the seeds built once for every end-to-end test."""
    deployment = seed_deployment("e2e")
    root, raw, env = deployment.root, deployment.raw_dir, deployment.env
    # A bad file beside them: set aside with its reason, while everything else is built and published.
    (raw / "empty.txt").write_bytes(b"")
    shutil.copy(SEEDS[0].with_name(SEEDS[0].name + ".meta.yaml"), raw / "empty.txt.meta.yaml")
    done = run_cli(env, "run")
    assert done.returncode == 0, done.stdout + done.stderr
    return root, env, done
