"""Hostile inputs (tests/ingest/hostile.py): each alone is quarantined, skipped or loaded with its specific reason
within bounded time and memory; all of them in one batch beside good files stop nothing."""

from __future__ import annotations

import json
import os
import select
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from hostile import CASES, GOOD_FILES, LIMITS, Case, write_good
from ingest_files import write_doc

from mfgstats import pipeline
from mfgstats.ingest import REASONS, QuarantineError, load_document, path_of, scan
from mfgstats.ingest.errors import MAX_REASON_CHARS

PEAK_LIMIT_MB = 1024  # per hostile document, the child process's whole peak (it starts as a copy of this one)
TIME_LIMIT_S = 60  # generous for two shared cores; each case takes well under a few seconds
MAX_STORED = MAX_REASON_CHARS + 40  # the cut text plus "… (N more characters)"


def isolated(work, time_limit: float = TIME_LIMIT_S) -> tuple[dict, float, float]:
    """Run `work()` in a forked child: its JSON result, the child's peak resident memory (MB) and wall time."""
    read, write = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            result = work()
        except BaseException as exc:
            result = {"crash": f"{type(exc).__name__}: {exc}"[:2000]}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while True:
        ready, _, _ = select.select([read], [], [], max(0.0, time_limit - (time.monotonic() - started)))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            pytest.fail(f"no answer within {time_limit} s")
        chunk = os.read(read, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    _, _status, usage = os.wait4(pid, 0)
    return json.loads(b"".join(chunks) or b'{"crash": "no result"}'), usage.ru_maxrss / 1024, time.monotonic() - started


def outcome(raw: Path, key: str) -> dict:
    """What the scan and the loader make of one key, as JSON."""
    found = scan(raw)
    if key not in found.keys:
        why = [s.why for s in found.skipped if s.file == key]
        return {"outcome": "skipped" if why else "missing", "says": why[0] if why else repr(found)}
    try:
        document = load_document(path_of(raw, key), raw)
    except QuarantineError as err:
        return {
            "outcome": "quarantined",
            "code": err.reason_code,
            "reason": err.reason,
            "action": err.action,
            "says": err.reason + " " + err.action,
        }
    return {"outcome": "loaded", "says": document.text}


@pytest.fixture
def limits(monkeypatch):
    for name, value in LIMITS.items():
        monkeypatch.setenv(name, value)


def check(case: Case, got: dict, key: str) -> None:
    assert got["outcome"] == case.outcome, (case.name, got)
    if case.outcome == "quarantined":
        assert got["code"] == case.code, (case.name, got)
        assert got["code"] in REASONS
        assert got["reason"].startswith(key), got["reason"]  # names the file
        assert len(got["reason"]) <= MAX_STORED and len(got["action"]) <= MAX_STORED
    assert case.says in got["says"], (case.name, got["says"][:500])


def test_there_are_enough_hostile_inputs():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_hostile_input_alone(case: Case, tmp_path, limits):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    key = case.build(raw, outside)
    got, peak_mb, seconds = isolated(lambda: outcome(raw, key))
    assert "crash" not in got, got
    check(case, got, key)
    assert peak_mb <= PEAK_LIMIT_MB, f"{case.name}: peak {peak_mb:.0f} MB"
    assert seconds <= TIME_LIMIT_S


def test_all_of_them_in_one_batch_beside_good_files(tmp_path, limits):
    """The pipeline's ingestion over the whole directory: nothing raises, the good files load, each hostile file
    is quarantined with its own reason or skipped with why, and every file's partition key can be a Dagster
    partition key."""
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    good = write_good(raw)
    keys = {case.name: case.build(raw, outside) for case in CASES}
    found = scan(raw)
    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        report = pipeline.ingest(con, raw, found.keys)
        stored = dict(con.execute("SELECT file, reason_code FROM raw.quarantine").fetchall())
        longest = con.execute("SELECT max(length(reason)), max(length(action)) FROM raw.quarantine").fetchone()
        documents = {r[0] for r in con.execute("SELECT file FROM raw.documents").fetchall()}
    loaded = {d.file for d in report.loaded}
    quarantined = {e.file: e.reason_code for e in report.quarantined}
    skipped = {s.file: s.why for s in found.skipped}
    assert good <= loaded and good <= documents
    for case in CASES:
        key = keys[case.name]
        if case.outcome == "quarantined":
            assert quarantined.get(key) == case.code == stored.get(key), case.name
        elif case.outcome == "skipped":
            assert key not in found.keys and case.says in skipped[key], case.name
        else:
            assert key in loaded, case.name
    assert set(loaded) | set(quarantined) == set(found.keys)  # every key has an outcome
    assert max(longest) <= MAX_STORED

    from dagster import DagsterInstance

    from mfgstats.orchestration.ingest_run import PARTITIONS, partitions_of_keys

    partitions = sorted(partitions_of_keys(raw, found.keys))
    assert "洛阳市统计局/2025" in partitions  # the good files' sidecars
    with DagsterInstance.ephemeral() as instance:  # refuses keys with control characters or '...'
        instance.add_dynamic_partitions(PARTITIONS, partitions)
        assert instance.get_dynamic_partitions(PARTITIONS) == partitions


def test_a_45_mb_text_is_refused_quickly_at_the_default_limits(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "huge.txt").write_text("2020年工业增加值增长12.5%，" * 1_250_000, encoding="utf-8")  # 45 MB
    (raw / "huge.txt.meta.yaml").write_text(
        "title: t\npublisher: p\npublished: 2025-01-01\nregion: r\ntype: bulletin\n", encoding="utf-8"
    )
    assert 40e6 < (raw / "huge.txt").stat().st_size < 50 * 1024 * 1024  # under MFGSTATS_MAX_FILE_BYTES
    got, peak_mb, seconds = isolated(lambda: outcome(raw, "huge.txt"))
    assert got.get("code") == "oversized" and "MFGSTATS_MAX_TEXT_CHARS" in got["says"], got
    assert peak_mb <= PEAK_LIMIT_MB and seconds < 20, (peak_mb, seconds)


def _dense_prose(limit: int) -> str:
    unit = "工业增长12.5%，"  # 10 characters, one fact
    return unit * (limit // len(unit))


def _dense_table(limit: int) -> str:
    years = range(1901, 2001)
    lines = ["指标,单位," + ",".join(f"{y}年" for y in years)]
    row = ",".join("1" for _ in years)  # one fact every two characters
    while sum(map(len, lines)) + len(lines) + 120 + len(row) < limit:
        lines.append(f"规上工业企业{len(lines)},家,{row}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "make", "setting"),
    [("dense.txt", _dense_prose, "max_text_chars"), ("dense.csv", _dense_table, "max_table_chars")],
)
def test_a_document_at_the_default_limit_extracts_within_bounds(tmp_path, name, make, setting):
    """The densest document the default limits allow — prose with a fact every six characters, a table with one
    every two — loads and is extracted within the memory bound: the limits, not luck, bound the work."""
    from mfgstats.config import settings

    raw = tmp_path / "raw"
    raw.mkdir()
    limit = getattr(settings(), setting)
    (raw / name).write_text(make(limit), encoding="utf-8")
    (raw / f"{name}.meta.yaml").write_text(
        "title: t\npublisher: p\npublished: 2025-01-01\nregion: 洛阳市\ntype: bulletin\n", encoding="utf-8"
    )

    def work() -> dict:
        document = load_document(raw / name, raw)
        return {"chars": len(document.text), "facts": len(pipeline.facts_of(document))}

    got, peak_mb, _seconds = isolated(work, time_limit=600)  # ≈ 25 s alone; the bound tested here is memory
    assert got.get("chars", 0) > 0.95 * limit and got.get("facts", 0) > limit // 12, got
    assert peak_mb <= PEAK_LIMIT_MB, peak_mb


@pytest.mark.parametrize("error", [RuntimeError("boom"), MemoryError(), RecursionError("too deep")])
def test_an_unexpected_error_quarantines_only_that_file(tmp_path, monkeypatch, error):
    raw = tmp_path / "raw"
    raw.mkdir()
    good = write_good(raw)

    def broken(_source: str) -> str:
        raise error

    monkeypatch.setattr("mfgstats.ingest.loader.html_text", broken)
    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        report = pipeline.ingest(con, raw, scan(raw).keys)
    assert {d.file for d in report.loaded} == good - {"good.html"}
    (err,) = report.quarantined
    assert (err.file, err.reason_code) == ("good.html", "internal_error")
    assert type(error).__name__ in err.reason and str(error) in err.reason


def test_the_run_summary_lists_what_was_skipped(tmp_path, monkeypatch):
    from mfgstats.summary import print_summary

    raw = tmp_path / "raw"
    raw.mkdir()
    write_good(raw)
    (raw / "~$book.xlsx").write_bytes(b"lock")
    (raw / ".notes.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(raw))
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    lines: list[str] = []
    outcome = SimpleNamespace(ingested_files=5, published=False, dbt_build=None, checks=[], errors=[])
    print_summary(outcome, say=lines.append)
    text = "\n".join(lines)
    assert "files skipped            : 2 (not documents)" in text
    assert "~$book.xlsx: an Office lock file" in text and ".notes.txt: a hidden file" in text


def test_a_run_over_partitions_names_its_quarantined_files(tmp_path, monkeypatch):
    """A Dagster run over a range of publisher-year partitions materialises every partition, ingests the files of
    those partitions, and names the files it quarantined with their reason codes in its metadata — once per run:
    per-partition metadata made a run quadratic in the number of partitions (Dagster reads every key for each
    partition's metadata)."""
    from dagster import DagsterInstance, materialize
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    from pipelines.assets.ingest import raw_documents
    from pipelines.resources import Warehouse

    raw = tmp_path / "raw"
    raw.mkdir()
    write_good(raw)
    (raw / "bad.txt").write_text("规上工业企业1783家", encoding="utf-8")
    (raw / "bad.txt.meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    write_doc(raw, "other.txt", "2019年规上工业企业1700家", publisher="河南省统计局", published="2020-01-15")
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    # registered in this order, the range from the first to the second holds the third too
    keys = ["洛阳市统计局/2025", "unknown/undated", "河南省统计局/2020"]
    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("publisher_year", keys)
        result = materialize(
            [raw_documents],
            instance=instance,
            resources={"warehouse": Warehouse(raw_dir=str(raw), warehouse_dir=str(tmp_path / "warehouse"))},
            tags={ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[1]},
        )
    assert result.success
    by_partition = {m.partition: m.metadata for m in result.asset_materializations_for_node("raw_documents")}
    assert set(by_partition) == set(keys[:2])
    metadata = by_partition["洛阳市统计局/2025"]
    assert metadata["batch_files"].value == len(GOOD_FILES) + 1  # not other.txt: its partition was not in the run
    assert metadata["batch_quarantined"].value == 1 and metadata["batch_loaded"].value == len(GOOD_FILES)
    assert metadata["quarantined"].value == [{"file": "bad.txt", "reason_code": "invalid_sidecar"}]


def test_a_run_lists_a_bounded_number_of_quarantined_files():
    from mfgstats.ingest.errors import QuarantineError, quarantined_files

    errors = [QuarantineError(f"f{i}.txt", "empty", "empty", "replace it") for i in range(25)]
    listed = quarantined_files(errors, limit=20)
    assert [e["file"] for e in listed[:20]] == [f"f{i}.txt" for i in range(20)]
    assert listed[20] == {"more": "5 more files: see raw.quarantine or `mfgstats status`"}
    assert quarantined_files(errors[:3]) == [{"file": f"f{i}.txt", "reason_code": "empty"} for i in range(3)]


def test_the_sensor_requests_escaped_keys_and_survives_links(tmp_path):
    """The raw-directory sensor stats every key's file through path_of with lstat: a broken link or a name that
    is not UTF-8 is ingested in its publisher-year partition by a run request, never an exception that stops the
    sensor."""
    from dagster import DagsterInstance, build_sensor_context

    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()  # the sensor's module loads the definitions, which read dbt's manifest
    from pipelines.resources import Warehouse
    from pipelines.sensors import raw_files_sensor

    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    write_good(raw)
    by_name = {c.name: c for c in CASES}
    keys = {name: by_name[name].build(raw, outside) for name in ("gbk_name", "symlink_broken", "newline_name")}
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(
            instance=instance,
            resources={"warehouse": Warehouse(raw_dir=str(raw), warehouse_dir=str(tmp_path / "warehouse"))},
        )
        result = raw_files_sensor(context)
    from mfgstats.orchestration.ingest_run import partitions_of_keys

    (request,) = result.dynamic_partitions_requests
    hostile = partitions_of_keys(raw, keys.values())
    assert hostile and hostile <= set(request.partition_keys)
    assert set(request.partition_keys) == partitions_of_keys(raw, scan(raw).keys)
    (run,) = result.run_requests  # all new: registered side by side, one run over them
    assert run.tags["dagster/asset_partition_range_start"] == request.partition_keys[0]
    assert run.tags["dagster/asset_partition_range_end"] == request.partition_keys[-1]
