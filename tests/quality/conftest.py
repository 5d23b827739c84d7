"""One real pipeline run per test session: the four seed documents through `mfgstats run` (ingest, extract,
dbt build, the quality suites as Dagster asset checks, publish) in a temporary directory. Tests that change the
warehouse copy it first (`warehouse_copy`), so every test sees the seeds' warehouse as the run left it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mfgstats.config import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))


@dataclass(frozen=True)
class SeededRun:
    root: Path
    raw_dir: Path
    warehouse_dir: Path
    env: dict[str, str]
    stdout: str

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "mfgstats.duckdb"

    @property
    def build_db(self) -> Path:
        return self.warehouse_dir / "build" / "mfgstats.duckdb"

    @property
    def report(self) -> Path:
        return self.warehouse_dir / "quality" / "index.html"


def mfgstats(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "mfgstats"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def seeded_run(tmp_path_factory) -> SeededRun:
    root = tmp_path_factory.mktemp("quality")
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
    }
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


def break_marts(db: Path) -> dict[str, str]:
    """Corrupt a built warehouse the way a bug would: a share of 130 % (not a contribution rate, which may exceed
    100) in fct_indicator_observation, and a null region key in fct_observation. Returns the ids touched."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        for model in ("fct_indicator_observation", "fct_observation"):
            as_table(con, model)
        (share_id,) = con.execute(
            """SELECT observation_id FROM main.fct_indicator_observation
               WHERE measure = 'share' AND indicator_key NOT LIKE 'contribution%'
                 AND coalesce(subject, '') NOT LIKE '%贡献率%'
               ORDER BY observation_id LIMIT 1"""
        ).fetchone()
        con.execute(
            "UPDATE main.fct_indicator_observation SET value = 130, value_normalised = 130, value_signed = 130 "
            "WHERE observation_id = ?",
            [share_id],
        )
        # An indicator fact: the chain and enterprise tables (views over fct_observation) do not show it.
        (null_key_id,) = con.execute(
            "SELECT min(observation_id) FROM main.fct_observation WHERE fact_table = 'indicator'"
        ).fetchone()
        con.execute("UPDATE main.fct_observation SET region_key = NULL WHERE observation_id = ?", [null_key_id])
    return {"share_130": share_id, "null_region_key": null_key_id}


def as_table(con, model: str) -> None:
    """Make a model a table, so it can be updated (dbt may build the routed fact tables as views)."""
    (kind,) = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", [model]
    ).fetchone()
    if kind == "VIEW":
        con.execute(f"CREATE TABLE main.{model}__copy AS SELECT * FROM main.{model}")
        con.execute(f"DROP VIEW main.{model}")
        con.execute(f"ALTER TABLE main.{model}__copy RENAME TO {model}")


def run_checks_then_publish(warehouse_dir: Path, raw_dir: Path):
    """Run, in process, the real quality checks and `published_warehouse` against an already built warehouse —
    the warehouse_job without its dbt step, which would rebuild (and so repair) the marts a test broke."""
    from pipelines.runner import ensure_manifest

    ensure_manifest()
    from dagster import AssetSelection, DagsterInstance, Definitions, define_asset_job, in_process_executor

    from pipelines.assets.extract import extracted_facts
    from pipelines.assets.ingest import raw_documents
    from pipelines.assets.publish import published_warehouse
    from pipelines.assets.warehouse import warehouse_models
    from pipelines.checks import quality_suites
    from pipelines.resources import Warehouse, dbt_resource

    job = define_asset_job(
        "checks_then_publish",
        selection=AssetSelection.checks(quality_suites) | AssetSelection.assets(published_warehouse),
    )
    defs = Definitions(
        assets=[raw_documents, extracted_facts, warehouse_models, published_warehouse],
        asset_checks=[quality_suites],
        jobs=[job],
        resources={
            "warehouse": Warehouse(raw_dir=str(raw_dir), warehouse_dir=str(warehouse_dir)),
            "dbt": dbt_resource(),
        },
        executor=in_process_executor,
    )
    return defs.resolve_job_def("checks_then_publish").execute_in_process(
        instance=DagsterInstance.ephemeral(), raise_on_error=False
    )
