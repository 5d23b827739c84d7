"""A throw-away deployment for benchmarks: a corpus, a raw directory, a warehouse and a Dagster home in one temp
folder, and `mfgstats run` executed in it as a separate, measured process."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus
from measure import Measurement, run

VENV_BIN = Path(sys.executable).parent


@dataclass
class Scenario:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def truth(self) -> Path:
        return self.root / "truth.jsonl"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def published(self) -> Path:
        return self.warehouse / "mfgstats.duckdb"

    @property
    def build(self) -> Path:
        return self.warehouse / "build" / "mfgstats.duckdb"

    @property
    def database(self) -> Path:
        """The published warehouse, or the build file when a failed check kept the run from publishing."""
        return self.published if self.published.exists() else self.build

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "MFGSTATS_RAW_DIR": str(self.raw),
            "MFGSTATS_WAREHOUSE_DIR": str(self.warehouse),
            "DAGSTER_HOME": str(self.root / "dagster_home"),
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    @classmethod
    def fresh(cls, root: Path, documents: int) -> Scenario:
        shutil.rmtree(root, ignore_errors=True)
        scenario = cls(root)
        write_corpus(documents, root)
        return scenario

    def add_releases(self, start: int, n: int = 1) -> None:
        write_corpus(n, self.root, start=start)

    def run_pipeline(self) -> Measurement:
        return run([str(VENV_BIN / "mfgstats"), "run"], env=self.env(), cwd=self.root)

    def count(self, sql: str) -> int:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchone()[0]


def phases(dagster_home: Path, since: float = 0.0) -> dict[str, float]:
    """Seconds per Dagster step (and per job) of the runs started after `since`, from the instance's records:
    where a pipeline run's time went (ingest, extract, dbt, checks, publish)."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    from dagster import DagsterInstance

    out: dict[str, float] = {}
    with DagsterInstance.get() as instance:
        for record in instance.get_run_records():
            run = record.dagster_run
            stats = instance.get_run_stats(run.run_id)
            if not stats.start_time or stats.start_time < since:
                continue
            out[f"job {run.job_name}"] = out.get(f"job {run.job_name}", 0.0) + (stats.end_time - stats.start_time)
            for step in instance.get_run_step_stats(run.run_id):
                if step.start_time and step.end_time:
                    key = "checks" if step.step_key.startswith(("check", "quality")) else step.step_key
                    out[key] = out.get(key, 0.0) + step.end_time - step.start_time
    return out
