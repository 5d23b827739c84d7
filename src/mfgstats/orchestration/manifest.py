"""dbt's manifest, which dagster-dbt reads when the code location is imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mfgstats.config import settings
from mfgstats.orchestration.build_plan import project_files


def manifest_path(project_dir: Path | None = None) -> Path:
    """Where dbt writes the manifest of a parse (dagster-dbt's DbtProject reads the same path: target/)."""
    return (project_dir or settings().dbt_project_dir) / "target" / "manifest.json"


def ensure_manifest() -> Path:
    """dagster-dbt reads target/manifest.json when the definitions are imported: (re)parse when it is missing
    or older than any file of the dbt project."""
    project_dir = settings().dbt_project_dir
    manifest = manifest_path(project_dir)
    inputs = project_files(project_dir)
    if manifest.exists() and all(p.stat().st_mtime <= manifest.stat().st_mtime for p in inputs):
        return manifest
    dbt = Path(sys.executable).parent / "dbt"
    # Into the project's target, whatever DBT_TARGET_PATH a build in this process set (its deployment's folder).
    cmd = [str(dbt), "parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    # No dbt.log: dbt's log of a parse is its output, shown on failure; a shared logs/dbt.log is not written.
    cmd += ["--target-path", str(manifest.parent), "--log-level-file", "none"]
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"`dbt parse` failed in {project_dir}:\n{done.stdout}\n{done.stderr}")
    return manifest
