"""dbt's manifest, which dagster-dbt reads when the code location is imported, and the models a selector of
dbt_project/selectors.yml builds, as dbt itself selects them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mfgstats.changes import INCREMENTAL_SELECTOR, project_files, project_hash
from mfgstats.config import settings

BUILT = ("model", "seed", "snapshot")  # what a selection materialises (tests become asset checks)


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
    _list(project_dir, INCREMENTAL_SELECTOR)  # parses the project (writing the manifest) and lists the selector
    return manifest


def selector_models(project_dir: Path, selector: str = INCREMENTAL_SELECTOR) -> list[str]:
    """The models and seeds `dbt build --selector NAME` builds, as `dbt ls` lists them: dbt's own reading of
    selectors.yml. Kept beside the manifest with the hash of the project it was listed from, so dbt runs (a parse
    of a few seconds) only after the project changed."""
    try:
        listed = json.loads(_kept(project_dir, selector).read_text(encoding="utf-8"))
        if listed["project"] == project_hash(project_dir):
            return listed["models"]
    except (OSError, ValueError, KeyError):
        pass
    return _list(project_dir, selector)


def _kept(project_dir: Path, selector: str) -> Path:
    return manifest_path(project_dir).with_name(f"selector-{selector}.json")


def _list(project_dir: Path, selector: str) -> list[str]:
    key = project_hash(project_dir)  # before dbt reads the files: an edit meanwhile is listed again next time
    args = ["ls", "--selector", selector, "--output", "name"]
    for resource_type in BUILT:
        args += ["--resource-type", resource_type]
    out = _dbt(project_dir, args, f"`dbt ls --selector {selector}` (dbt_project/selectors.yml)")
    models = sorted({line.strip() for line in out.splitlines() if line.strip()})
    kept = _kept(project_dir, selector)
    tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"project": key, "models": models}), encoding="utf-8")
    tmp.replace(kept)
    return models


def _dbt(project_dir: Path, args: list[str], what: str) -> str:
    """This venv's dbt on the project (which parses it and writes the manifest), into the project's target
    whatever DBT_TARGET_PATH a build in this process set (its deployment's folder); no dbt.log: dbt's output is
    shown when it fails."""
    manifest = manifest_path(project_dir)
    cmd = [str(Path(sys.executable).parent / "dbt"), *args, "--quiet", "--project-dir", str(project_dir)]
    cmd += ["--profiles-dir", str(project_dir), "--target-path", str(manifest.parent), "--log-level-file", "none"]
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed in {project_dir}:\n{done.stdout}\n{done.stderr}")
    return done.stdout
