"""The whole pipeline on the DuckLake target, chosen by configuration alone (MFGSTATS_TARGET=ducklake plus the
catalog and data settings): the real `mfgstats run` on the four seeds builds, checks and publishes into a local
lake (SQLite catalog, Parquet data); `mfgstats sql/status/export/check` read its published snapshot; another
process keeps reading while a second run writes; and a blocking check failure leaves readers where they were."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from make_corpus import write_corpus

from mfgstats.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

VENV_BIN = Path(sys.executable).parent
SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))

# What a reader sees, in one statement (one snapshot): documents in the raw tables, sources in the marts built
# from them, and facts on both sides. A published snapshot has both sides of one build; the lake's newest
# snapshot during a run does not (ingest has committed, dbt has not yet).
STATE = """SELECT (SELECT count(*) FROM raw.documents), (SELECT count(*) FROM main.dim_source),
                  (SELECT count(*) FROM raw.facts), (SELECT count(*) FROM main.fct_observation)"""

READER = f"""
import json, sys, time
from pathlib import Path
from mfgstats.lake.published import current_snapshot
from mfgstats.serve.warehouse import open_read_only  # what `mfgstats sql` opens
ready, stop, out = (Path(a) for a in sys.argv[1:4])
seen = []
while not stop.exists():
    with open_read_only() as con:
        seen.append([current_snapshot(con), *con.execute('''{STATE}''').fetchone()])
    ready.touch()
    time.sleep(0.05)
out.write_text(json.dumps(seen))
"""


@dataclass(frozen=True)
class Deployment:
    root: Path
    env: dict[str, str]
    first_run: str

    @property
    def lake_data(self) -> Path:
        return self.root / "lake" / "data"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"


def mfgstats(env: dict[str, str], *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "mfgstats"), *args], env=env, capture_output=True, text=True, timeout=timeout)


def sql(env: dict[str, str], query: str) -> list[dict]:
    done = mfgstats(env, "sql", "--json", query)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def deployment(seed_deployment) -> Deployment:
    made = seed_deployment("lake_pipeline")
    root = made.root
    env = {
        **made.env,
        "MFGSTATS_TARGET": "ducklake",
        "MFGSTATS_LAKE_CATALOG": f"sqlite:{root / 'lake' / 'catalog.sqlite'}",
        "MFGSTATS_LAKE_DATA": str(root / "lake" / "data"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    done = mfgstats(env, "run")
    if done.returncode != 0:
        pytest.fail(f"`mfgstats run` into the lake failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}")
    return Deployment(root, env, done.stdout)


def test_run_builds_checks_and_publishes_into_the_lake_only(deployment):
    assert "checks                   : " in deployment.first_run
    assert ", 0 failed" in deployment.first_run
    published = next(line for line in deployment.first_run.splitlines() if "published warehouse" in line)
    assert f"ducklake:sqlite:{deployment.root / 'lake' / 'catalog.sqlite'} snapshot " in published
    assert list(deployment.lake_data.rglob("*.parquet")), "the marts live in the lake's Parquet files"
    # Nothing went to the DuckDB target: no build file, no published copy.
    assert not (deployment.warehouse / "build").exists()
    assert not (deployment.warehouse / "mfgstats.duckdb").exists()
    assert (deployment.warehouse / "quality" / "index.html").is_file()


def test_sql_reads_the_published_marts_views_and_macros(deployment):
    (row,) = sql(
        deployment.env,
        """SELECT (SELECT count(*) FROM raw.facts) AS facts,
                  (SELECT count(*) FROM fct_observation) AS observations,
                  (SELECT count(*) FROM dim_source) AS sources,
                  (SELECT count(*) FROM fct_indicator_observation) AS indicator_rows,
                  (SELECT count(*) FROM observations_as_of(current_date)) AS known_today""",
    )
    assert row["facts"] > 100
    assert row["observations"] == row["facts"]
    assert row["sources"] == len(SEEDS)
    assert 0 < row["indicator_rows"] < row["observations"]  # a view dbt made, resolved under the lake's name
    assert row["known_today"] > 0  # the macro dbt stored in the lake
    refused = mfgstats(deployment.env, "sql", "DELETE FROM raw.facts")
    assert refused.returncode == 1 and "read-only" in refused.stderr


def test_status_export_and_check_read_the_published_snapshot(deployment, tmp_path):
    done = mfgstats(deployment.env, "status", "--json")
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["warehouse"].startswith("ducklake:sqlite:") and " snapshot " in status["warehouse"]
    assert status["published_at"] and status["documents"] == len(SEEDS) and status["not_ingested"] == []
    assert status["marts"]["fct_observation"] > 0
    assert status["build_at"] <= status["published_at"], "nothing was written after the last publication"

    done = mfgstats(deployment.env, "export", "--format", "parquet", "--out", str(tmp_path / "export"))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warehouse"] == status["warehouse"]
    assert {f["table"] for f in manifest["files"]} >= {"fct_observation", "mart_conflicts", "dim_source"}

    done = mfgstats(deployment.env, "check", "--report", str(tmp_path / "report"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"checked {status['warehouse']}: " in done.stdout and ", 0 failed" in done.stdout
    assert (tmp_path / "report" / "index.html").is_file()


def test_a_reader_sees_one_published_snapshot_or_the_next_while_a_run_writes(deployment):
    before = sql(deployment.env, "SELECT count(*) AS n FROM raw.documents")[0]["n"]
    write_corpus(1, deployment.root)  # one more release in the raw directory
    ready, stop, seen = (deployment.root / name for name in ("ready", "stop", "seen.json"))
    reader = subprocess.Popen(
        [str(VENV_BIN / "python"), "-c", READER, str(ready), str(stop), str(seen)], env=deployment.env
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():  # the reader holds the published snapshot before the writer starts
            assert reader.poll() is None and time.monotonic() < deadline, "the reader did not start"
            time.sleep(0.2)
        writer = mfgstats(deployment.env, "run")
        assert writer.returncode == 0, writer.stdout[-4000:] + writer.stderr[-2000:]
        time.sleep(1.0)  # a few readings after the publication
    finally:
        stop.touch()
        assert reader.wait(timeout=120) == 0, "the reader failed while the lake was written"
    readings = json.loads(seen.read_text())
    assert len(readings) > 20, "the reader must have read all along the run"
    # Every reading is one published state: the marts built from exactly the raw tables beside them.
    assert all(
        documents == sources and facts == observations for _, documents, sources, facts, observations in readings
    )
    documents_seen = [documents for _, documents, _, _, _ in readings]
    assert set(documents_seen) == {before, before + 1}, "the old snapshot, then the new one, nothing between"
    assert documents_seen == sorted(documents_seen), "once a reader saw the new snapshot it never went back"
    snapshots = [snapshot for snapshot, *_ in readings]
    assert len(set(snapshots)) == 2 and snapshots == sorted(snapshots)


def test_a_blocking_failure_keeps_readers_on_the_published_snapshot(deployment, monkeypatch):
    """A broken mart committed to the lake (a null key, as a bug would write) fails a blocking check: nothing is
    published, and readers keep the previous snapshot although the lake's newest one holds the broken row."""
    for key, value in deployment.env.items():
        monkeypatch.setenv(key, value)
    from mfgstats import lake
    from mfgstats.lake.published import open_published, open_snapshot

    published_before = open_published()[1].snapshot_id
    with lake.connect() as con:
        (broken,) = con.execute("SELECT min(observation_id) FROM main.fct_observation").fetchone()
        con.execute("UPDATE main.fct_observation SET region_key = NULL WHERE observation_id = ?", [broken])

    result = checks_then_publish(deployment)

    assert not result.success
    failed = {
        (e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations() if not e.passed
    }
    assert ("fct_observation", "structure") in failed
    assert not any(
        e.asset_key.to_user_string() == "published_warehouse" for e in result.get_asset_materialization_events()
    )
    con, publication = open_published()
    with con:
        assert publication.snapshot_id == published_before
        assert con.execute("SELECT count(*) FROM fct_observation WHERE region_key IS NULL").fetchone()[0] == 0
    with open_snapshot() as con:  # the newest snapshot does hold the broken row
        assert con.execute("SELECT count(*) FROM fct_observation WHERE region_key IS NULL").fetchone()[0] == 1
    (row,) = sql(deployment.env, "SELECT count(*) AS n FROM fct_observation WHERE region_key IS NULL")
    assert row["n"] == 0


def checks_then_publish(deployment: Deployment):
    """The quality checks and `published_warehouse`, in process, without the dbt step (which would rebuild, and so
    repair, the mart the test broke)."""
    from mfgstats.orchestration.manifest import ensure_manifest

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
    warehouse = Warehouse(raw_dir=deployment.env["MFGSTATS_RAW_DIR"], warehouse_dir=str(deployment.warehouse))
    defs = Definitions(
        assets=[raw_documents, extracted_facts, warehouse_models, published_warehouse],
        asset_checks=[quality_suites],
        jobs=[job],
        resources={"warehouse": warehouse, "dbt": dbt_resource()},
        executor=in_process_executor,
    )
    return defs.resolve_job_def(job.name).execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
