"""The ingest asset is partitioned by publisher and year: the key of a file from its sidecar, the one planner of
ingest runs (stretches of touched partitions), the asset's runs on a real Dagster instance (a run materialises one
partition per publisher-year touched; unchanged files of a partition are skipped by their stat, not read; a file
deleted stays in its partition; a backfill by hand re-reads its partition's files), the sensor's requests, and the
real `mfgstats run` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, RunsFilter, build_sensor_context, materialize

from mfgstats import changes, pipeline
from mfgstats.ingest import scan
from mfgstats.ingest.partitions import partition_of
from mfgstats.orchestration.ingest_run import PARTITIONS, PLANNED_TAG, partitions_of_keys, plan_for, plan_ingest_runs
from mfgstats.orchestration.tags import PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG

META = "title: t\npublisher: {publisher}\npublished: {published}\nregion: 洛阳市\ntype: bulletin\n"


def write(raw: Path, name: str, text: str, publisher: str = "洛阳市统计局", published: str = "2024-03-01") -> Path:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    sidecar = path.with_name(path.name + ".meta.yaml")
    sidecar.write_text(META.format(publisher=publisher, published=published), encoding="utf-8")
    return path


# --- the key ---


@pytest.mark.parametrize(
    ("sidecar", "key"),
    [
        (META.format(publisher="洛阳市统计局", published="2024-03-01"), "洛阳市统计局/2024"),
        (META.format(publisher="洛阳市统计局", published="2024-03-01T08:00:00"), "洛阳市统计局/2024"),
        (META.format(publisher="国家统计局/洛阳调查队", published="2019-12-31"), "国家统计局/洛阳调查队/2019"),
        (META.format(publisher="洛阳市统计局", published="2024-02-30"), "洛阳市统计局/undated"),  # not a date
        ("title: t\npublisher: 洛阳日报\nregion: 洛阳市\ntype: article\n", "洛阳日报/undated"),
        (META.format(publisher='"a...b"', published="2024-03-01"), "unknown/2024"),  # Dagster refuses '...'
        ("title: t\npublished: 2021-05-01\n", "unknown/2021"),
        ("title: [unclosed\n", "unknown/undated"),  # not YAML: quarantined, still in a partition
        ("- a list\n", "unknown/undated"),
        (None, "unknown/undated"),  # no sidecar
    ],
)
def test_the_partition_of_a_file_comes_from_its_sidecar(tmp_path, sidecar, key):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    if sidecar is not None:
        path.with_name("a.txt.meta.yaml").write_text(sidecar, encoding="utf-8")
    assert partition_of(path) == key


def test_an_edited_sidecar_moves_the_file_to_its_new_partition(tmp_path):
    path = write(tmp_path, "a.txt", "x")
    assert partition_of(path) == "洛阳市统计局/2024"
    write(tmp_path, "a.txt", "x", publisher="河南省统计局", published="2025-01-02")
    assert partition_of(path) == "河南省统计局/2025"


# --- the planner ---


def test_the_planner_launches_one_run_per_stretch_of_touched_partitions():
    known = ["A/2023", "A/2024", "B/2024", "C/2025"]
    plan = plan_for(known, {"A/2024", "C/2025", "B/2020", "A/2026"})
    assert plan.new_partitions == ["A/2026", "B/2020"]  # appended after the known ones, a publisher's years together
    ranges = [(r[PARTITION_RANGE_START_TAG], r[PARTITION_RANGE_END_TAG]) for r in plan.runs]
    assert ranges == [("A/2024", "A/2024"), ("C/2025", "B/2020")]  # C/2025 then the new ones: one stretch
    assert all(r[PLANNED_TAG] for r in plan.runs)
    assert plan.partitions == ["A/2024", "C/2025", "A/2026", "B/2020"]
    assert plan_for(known, set(known)).runs == [  # the nightly schedule: every partition, one run
        {PARTITION_RANGE_START_TAG: "A/2023", PARTITION_RANGE_END_TAG: "C/2025", PLANNED_TAG: plan.runs[0][PLANNED_TAG]}
    ]
    assert plan_for(known, set()).empty
    cold = plan_for([], {"B/2024", "A/2024", "A/2023"})  # a cold build: one run over everything
    assert cold.new_partitions == ["A/2023", "A/2024", "B/2024"] and len(cold.runs) == 1


# --- the asset on a real Dagster instance ---


class Deployment:
    """A raw directory, a warehouse and an ephemeral Dagster instance; runs the ingest asset as the planner says."""

    def __init__(self, tmp_path: Path, instance: DagsterInstance):
        from pipelines.resources import Warehouse

        self.raw = tmp_path / "raw"
        self.raw.mkdir()
        self.instance = instance
        self.warehouse = Warehouse(raw_dir=str(self.raw), warehouse_dir=str(tmp_path / "warehouse"))

    def connect(self):
        return self.warehouse.connect()

    def plan_changed(self):
        """What `mfgstats run` plans: the partitions of the changed files."""
        with self.connect() as con:
            todo = pipeline.pending(con, self.raw, scan(self.raw).keys)
            touched = set(pipeline.partitions_of_files(con, self.raw, todo).values())
        plan = plan_ingest_runs(self.instance, touched)
        if plan.new_partitions:
            self.instance.add_dynamic_partitions(PARTITIONS, plan.new_partitions)
        return plan

    def run(self, tags: dict[str, str]) -> dict:
        """Run raw_documents with `tags`; its materialised partitions → the run's metadata."""
        from pipelines.assets.ingest import raw_documents

        result = materialize(
            [raw_documents], instance=self.instance, resources={"warehouse": self.warehouse}, tags=tags
        )
        assert result.success
        return {m.partition: m.metadata for m in result.asset_materializations_for_node("raw_documents")}

    def logged(self) -> dict[str, tuple[str, str]]:
        with self.connect() as con:
            rows = con.execute("SELECT file, partition_key, status FROM raw.ingest_log").fetchall()
        return {f: (p, s) for f, p, s in rows}


@pytest.fixture
def deployment(tmp_path, monkeypatch):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    with DagsterInstance.ephemeral() as instance:
        yield Deployment(tmp_path, instance)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files whose bytes ingestion reads (fingerprints), in order."""
    read: list[str] = []
    fingerprint = changes.fingerprint

    def counting(path: Path) -> str:
        read.append(path.name)
        return fingerprint(path)

    monkeypatch.setattr(changes, "fingerprint", counting)
    return read


def test_a_run_materialises_one_partition_per_publisher_year_touched(deployment, reads):
    raw = deployment.raw
    write(raw, "2024/a1.txt", "2024年规上工业企业1783家")
    write(raw, "2024/a2.txt", "2024年工业增加值增长8.5%")
    write(raw, "2024/b.txt", "2024年工业投资增长5.1%", publisher="河南省统计局")
    write(raw, "2025/c.txt", "2025年规上工业企业1800家", publisher="郑州市统计局", published="2025-02-01")

    cold = deployment.plan_changed()  # every partition new: one run
    assert deployment.instance.get_dynamic_partitions(PARTITIONS) == [
        "河南省统计局/2024",
        "洛阳市统计局/2024",
        "郑州市统计局/2025",
    ]
    (tags,) = cold.runs
    first = deployment.run(tags)
    assert set(first) == {"河南省统计局/2024", "洛阳市统计局/2024", "郑州市统计局/2025"}
    assert first["洛阳市统计局/2024"]["batch_loaded"].value == 4
    assert deployment.logged() == {
        "2024/a1.txt": ("洛阳市统计局/2024", "loaded"),
        "2024/a2.txt": ("洛阳市统计局/2024", "loaded"),
        "2024/b.txt": ("河南省统计局/2024", "loaded"),
        "2025/c.txt": ("郑州市统计局/2025", "loaded"),
    }

    # a new release of Henan 2024 and a revised Zhengzhou file: two partitions, with Luoyang 2024 between them
    write(raw, "2024/b2.txt", "2024年工业利润增长3.0%", publisher="河南省统计局")
    write(raw, "2025/c.txt", "2025年规上工业企业1810家", publisher="郑州市统计局", published="2025-02-01")
    plan = deployment.plan_changed()
    assert plan.new_partitions == [] and plan.partitions == ["河南省统计局/2024", "郑州市统计局/2025"]
    assert len(plan.runs) == 2
    reads.clear()
    materialised = {}
    for tags in plan.runs:
        materialised.update(deployment.run(tags))
    assert set(materialised) == {"河南省统计局/2024", "郑州市统计局/2025"}  # 洛阳市统计局/2024 not re-materialised
    assert sorted(reads) == ["b2.txt", "c.txt"]  # b.txt, unchanged, skipped by its stat; a1, a2 in no run
    henan = materialised["河南省统计局/2024"]
    assert (henan["batch_files"].value, henan["batch_loaded"].value, henan["batch_unchanged"].value) == (2, 1, 1)
    assert materialised["郑州市统计局/2025"]["batch_loaded"].value == 1
    assert deployment.logged()["2024/b2.txt"] == ("河南省统计局/2024", "loaded")

    # a file deleted: its partition's run still finds it (logged there) and records it gone
    (raw / "2024" / "a2.txt").unlink()
    (raw / "2024" / "a2.txt.meta.yaml").unlink()
    (luoyang,) = plan_for(deployment.instance.get_dynamic_partitions(PARTITIONS), {"洛阳市统计局/2024"}).runs
    again = deployment.run(luoyang)
    assert again["洛阳市统计局/2024"]["quarantined"].value == [{"file": "2024/a2.txt", "reason_code": "missing"}]
    assert deployment.logged()["2024/a2.txt"] == ("洛阳市统计局/2024", "quarantined")


def test_a_backfill_by_hand_re_ingests_the_files_of_its_partition(deployment, reads):
    raw = deployment.raw
    write(raw, "a1.txt", "2024年规上工业企业1783家")
    write(raw, "a2.txt", "2024年工业增加值增长8.5%")
    write(raw, "b.txt", "2023年工业投资增长5.1%", published="2023-06-01")
    (tags,) = deployment.plan_changed().runs
    deployment.run(tags)
    reads.clear()
    # what the UI's "Materialize" of the partition 洛阳市统计局/2024 launches: its range, no planner tag
    done = deployment.run(
        {PARTITION_RANGE_START_TAG: "洛阳市统计局/2024", PARTITION_RANGE_END_TAG: "洛阳市统计局/2024"}
    )
    assert set(done) == {"洛阳市统计局/2024"}
    assert sorted(reads) == ["a1.txt", "a2.txt"]  # read again, and only those
    assert done["洛阳市统计局/2024"]["batch_loaded"].value == 2
    # the same partition run by the planner reads nothing: nothing changed
    reads.clear()
    assert deployment.plan_changed().empty
    deployment.run(
        {PARTITION_RANGE_START_TAG: "洛阳市统计局/2024", PARTITION_RANGE_END_TAG: "洛阳市统计局/2024", PLANNED_TAG: "x"}
    )
    assert reads == []


def test_the_sensor_registers_and_requests_the_partitions_it_sees_touched(deployment):
    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()  # the sensor's module loads the definitions, which read dbt's manifest
    from pipelines.sensors import raw_files_sensor

    raw = deployment.raw
    write(raw, "a.txt", "2024年规上工业企业1783家")
    write(raw, "b.txt", "2023年工业投资增长5.1%", publisher="河南省统计局", published="2023-06-01")

    def tick(cursor: str | None):
        with build_sensor_context(
            instance=deployment.instance, resources={"warehouse": deployment.warehouse}, cursor=cursor
        ) as context:
            return raw_files_sensor(context)

    first = tick(None)
    (request,) = first.dynamic_partitions_requests
    assert request.partition_keys == ["河南省统计局/2023", "洛阳市统计局/2024"]
    (run,) = first.run_requests
    assert (run.tags[PARTITION_RANGE_START_TAG], run.tags[PARTITION_RANGE_END_TAG]) == tuple(request.partition_keys)
    assert run.tags[PLANNED_TAG]
    deployment.instance.add_dynamic_partitions(PARTITIONS, request.partition_keys)  # what the daemon does with it

    # one more file of a known partition: no registration, one run over that partition alone
    path = write(raw, "c.txt", "2024年工业增加值增长8.5%")
    os.utime(path, (float(first.cursor) + 10, float(first.cursor) + 10))
    second = tick(first.cursor)
    assert second.dynamic_partitions_requests == []
    (run,) = second.run_requests
    assert (run.tags[PARTITION_RANGE_START_TAG], run.tags[PARTITION_RANGE_END_TAG]) == ("洛阳市统计局/2024",) * 2


# --- the real `mfgstats run` ---


@pytest.mark.slow
@pytest.mark.e2e
def test_mfgstats_run_materialises_the_partitions_of_the_files_it_ingests(seed_deployment):
    from mfgstats.config import PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT / "bench"))  # the corpus generator is a benchmark helper
    from make_corpus import write_corpus

    made = seed_deployment("ingest_partitions")
    seeds = partitions_of_keys(made.raw_dir, scan(made.raw_dir).keys)
    assert len(seeds) == 4

    def mfgstats_run() -> dict[str, set[str]]:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "mfgstats"), "run"],
            env=made.env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return ingest_runs(made.root / "dagster_home")

    first = mfgstats_run()
    assert list(first.values()) == [seeds]  # one ingest run, over the four seeds' publisher-years
    files = set(scan(made.raw_dir).keys)
    write_corpus(1, made.root, start=0)
    (release,) = set(scan(made.raw_dir).keys) - files
    second = {run: parts for run, parts in mfgstats_run().items() if run not in first}
    assert list(second.values()) == [{partition_of(made.raw_dir / release)}]
    with duckdb.connect(str(made.warehouse_dir / "mfgstats.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM main.dim_source").fetchone()[0] == 5


def ingest_runs(dagster_home: Path) -> dict[str, set[str]]:
    """Each ingest_job run of the instance → the partitions of raw_documents it materialised."""
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    try:
        with DagsterInstance.get() as instance:
            return {
                run.run_id: {
                    record.dagster_event.event_specific_data.materialization.partition
                    for record in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
                    if record.dagster_event.event_specific_data.materialization.asset_key == AssetKey("raw_documents")
                }
                for run in instance.get_runs(RunsFilter(job_name="ingest_job"))
            }
    finally:
        if old is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = old
