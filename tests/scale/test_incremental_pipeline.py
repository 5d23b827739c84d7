"""`mfgstats run` picks its dbt build (mfgstats.changes) and scopes its quality checks to match:
the first run builds completely, a new release is built and checked incrementally and published, a broken row in a
changed document still blocks publishing — on that run and on the complete build that follows — and `--force`
builds completely. The real CLI in a subprocess, on copies of the seeds plus corpus releases, in temporary
directories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from make_corpus import write_corpus

from mfgstats import changes, pipeline
from mfgstats.ingest import discover

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

COMPLETE = "dbt build                : complete"
INCREMENTAL = "dbt build                : incremental (only new or changed documents)"


def mfgstats_run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mfgstats"), "run", *args],
        env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    return done.stdout + done.stderr


def quality_rows(root: Path) -> dict[tuple[str, str], int]:
    results = json.loads((root / "warehouse" / "quality" / "results.json").read_text(encoding="utf-8"))
    return {(o["suite"], o["model"]): o["rows"] for o in results["outcomes"]}


def published_version(root: Path) -> tuple[int, int]:
    stat = (root / "warehouse" / "mfgstats.duckdb").stat()
    return stat.st_ino, stat.st_mtime_ns  # the atomic publish replaces the file


def published_documents(root: Path) -> int:
    with duckdb.connect(str(root / "warehouse" / "mfgstats.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM main.dim_source").fetchone()[0]


def newest_dbt_log(root: Path) -> str:
    folders = (root / "warehouse" / "build" / "dbt_target").glob("warehouse_models-*")
    return (max(folders, key=lambda p: p.stat().st_mtime) / "dbt.log").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def deployment(seed_deployment):
    made = seed_deployment("incremental_pipeline")
    return made.root, made.env


def set_growth(root: Path, file: str, broken: bool) -> None:
    """Ingest and extract every pending file (as the pipeline would, so the next run re-extracts nothing), then
    make the first growth rate of `file` a decline of 150 % (broken) or a rise of 15 %."""
    raw = root / "raw"
    with duckdb.connect(str(root / "warehouse" / "build" / "mfgstats.duckdb")) as con:
        changes.extraction_version.cache_clear()  # the code may have changed since the last call
        pending = pipeline.pending(con, raw, [p.relative_to(raw).as_posix() for p in discover(raw)])
        if pending:
            pipeline.ingest(con, raw, pending)
            assert not pipeline.extract_pending(con, pending).failed
        changed = con.execute(
            "UPDATE raw.facts SET value = ?, value_base = ?, direction = ? WHERE fact_id = ("
            " SELECT min(fact_id) FROM raw.facts WHERE file = ? AND measure = 'growth') RETURNING fact_id",
            [150, 150, "down", file] if broken else [15, 15, "up", file],
        ).fetchall()
        assert len(changed) == 1


@pytest.fixture(scope="module")
def runs(deployment):
    """The runs in order, each with its output and what it left published."""
    root, env = deployment
    out = {}
    out["first"] = mfgstats_run(env)
    out["first_published"] = published_documents(root)

    write_corpus(1, root, start=0)
    out["one_release"] = mfgstats_run(env)
    out["one_release_dbt_log"] = newest_dbt_log(root)
    out["one_release_published"] = published_documents(root)
    out["one_release_rows"] = quality_rows(root)

    # Another release, ingested and extracted as the pipeline does, then one of its growth rates broken into a
    # decline of 150 % (a blocking range rule): the run finds the file unchanged and builds incrementally.
    before = set(discover(root / "raw"))
    write_corpus(1, root, start=1)
    (new,) = [p.relative_to(root / "raw").as_posix() for p in set(discover(root / "raw")) - before]
    for attempt in range(3):
        if attempt:  # back to a published state, then the two runs again
            set_growth(root, new, broken=False)
            mfgstats_run(env)
        set_growth(root, new, broken=True)
        published_before = published_version(root)
        out["broken"] = mfgstats_run(env)
        out["broken_published_unchanged"] = published_version(root) == published_before
        set_growth(root, new, broken=True)
        out["broken_again"] = mfgstats_run(env)
        # A run that re-extracted files (the extractor's code changed meanwhile, in a shared checkout) repaired
        # the broken fact: then the two runs are repeated.
        if "ingesting" not in out["broken"] + out["broken_again"]:
            break

    set_growth(root, new, broken=False)
    out["forced"] = mfgstats_run(env, "--force")
    out["forced_published"] = published_documents(root)
    return out


def test_the_first_run_builds_and_checks_everything(runs):
    assert f"{COMPLETE} (first build of this warehouse)" in runs["first"]
    assert "published warehouse" in runs["first"]
    assert runs["first_published"] == 4


def test_a_new_release_is_built_and_checked_incrementally_and_published(runs):
    assert INCREMENTAL in runs["one_release"], runs["one_release"]
    assert "published warehouse" in runs["one_release"]
    assert runs["one_release_published"] == 5
    rows = runs["one_release_rows"]
    assert rows[("structure", "dim_source")] == 1  # the new document only
    assert 0 < rows[("structure", "fct_observation")] < 20  # its observations, not the seeds' 338


def test_a_deployment_keeps_its_own_partial_parse_so_dbt_does_not_parse_again(runs, deployment):
    root, _ = deployment
    assert (root / "warehouse" / "build" / "dbt_target" / "partial_parse.msgpack").is_file()
    assert "Partial parsing enabled, no changes found" in runs["one_release_dbt_log"]


def test_dbt_log_is_text_not_json(runs):
    # dbt_project.yml's log_format_file: the console's JSON (for dagster-dbt) cost ≈ 1 s a build in the file
    first = next(line for line in runs["one_release_dbt_log"].splitlines() if line.strip())
    assert first.startswith("=====") and not first.startswith("{")


def test_a_broken_row_in_a_changed_document_blocks_publishing(runs):
    assert INCREMENTAL in runs["broken"], runs["broken"]
    assert "ERROR fct_observation / ranges" in runs["broken"]
    assert "NOT published" in runs["broken"]
    assert runs["broken_published_unchanged"]  # readers keep the previous warehouse


def test_after_a_blocked_run_everything_is_built_and_checked_again(runs):
    assert f"{COMPLETE} (the previous build did not pass its blocking quality checks)" in runs["broken_again"]
    assert "ERROR fct_observation / ranges" in runs["broken_again"]
    assert "NOT published" in runs["broken_again"]


def test_force_builds_completely(runs):
    assert f"{COMPLETE} (asked for (--force))" in runs["forced"], runs["forced"]
    assert "published warehouse" in runs["forced"]
    assert runs["forced_published"] == 6
