"""An incremental dbt build (the `changed_data` selector `mfgstats run` uses when nothing else changed) treats a
changed decision as a change of the documents it touches, and a removed file as the removal of its document —
on a real DuckDB written by the pipeline's own ingest and extract steps, with real `dbt build`s."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from mfgstats import pipeline
from mfgstats.config import PROJECT_ROOT
from mfgstats.corrections.load import load_corrections

pytestmark = pytest.mark.slow

PLAN = "003_a02ff61b1f3992ea.txt"
ARTICLE = "000_1f30f3a4bdbadbcc.txt"
DBT_PROJECT = PROJECT_ROOT / "dbt_project"


def dbt(args: list[str], db: Path, work: Path) -> str:
    env = {**os.environ, "MFGSTATS_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=DBT_PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-5000:]
    return done.stdout


def decision(ref: str, period: str) -> str:
    return (
        f'- {{id: set-period, action: set, target: {{fact: "{ref}"}}, fields: {{period: "{period}"}}, '
        "reason: checked, who: test, when: 2026-12-01}\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    raw, corrections, db = work / "raw", work / "corrections", work / "build.duckdb"
    raw.mkdir()
    corrections.mkdir()
    for name in (PLAN, ARTICLE):
        for suffix in ("", ".meta.yaml"):
            shutil.copy(PROJECT_ROOT / "data" / "raw" / (name + suffix), raw / (name + suffix))
    with duckdb.connect(str(db)) as con:
        pipeline.ingest(con, raw, [PLAN, ARTICLE])
        pipeline.extract_pending(con)
        fact = con.execute(
            """SELECT document_id, start, "end", value FROM raw.facts
               WHERE file = ? AND replace(text, ' ', '') = '1000万吨'""",
            [PLAN],
        ).fetchone()
        article_id = con.execute("SELECT document_id FROM raw.documents WHERE file = ?", [ARTICLE]).fetchone()[0]
        ref = f"{fact[0][:16]}:{fact[1]}-{fact[2]}={fact[3]:g}"
        (corrections / "d.yaml").write_text(decision(ref, "2019"), encoding="utf-8")
        load_corrections(con, corrections, raw)
    dbt(["build", "--full-refresh"], db, work)
    return work, raw, corrections, db, ref, fact, article_id


def test_a_changed_decision_is_rebuilt_by_an_incremental_build(built):
    work, raw, corrections, db, ref, fact, _ = built

    def period() -> list[tuple]:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "SELECT period_key FROM fct_observation WHERE document_id = ? AND char_start = ?", [fact[0], fact[1]]
            ).fetchall()

    assert period() == [("2019",)]
    (corrections / "d.yaml").write_text(decision(ref, "2018"), encoding="utf-8")
    with duckdb.connect(str(db)) as con:
        load_corrections(con, corrections, raw)
    dbt(["build", "--selector", "changed_data"], db, work)
    assert period() == [("2018",)]
    with duckdb.connect(str(db), read_only=True) as con:
        changed = con.execute("SELECT document_id FROM intermediate.int_changed_documents WHERE is_changed").fetchall()
        corrected = con.execute("SELECT correction_id, period_key FROM mart_corrected_observations").fetchall()
    assert changed == [(fact[0],)]  # only the document the decision touches
    assert corrected == [("set-period", "2018")]


def test_a_removed_file_leaves_the_marts_in_an_incremental_build_and_stays_as_of_before(built):
    work, raw, corrections, db, _, _, article_id = built
    (raw / ARTICLE).unlink()
    with duckdb.connect(str(db)) as con:
        before = con.execute("SELECT count(*) FROM fct_observation WHERE document_id = ?", [article_id]).fetchone()[0]
        report = load_corrections(con, corrections, raw)
    assert before > 0 and report.removed == [(article_id, ARTICLE)]
    dbt(["build", "--selector", "changed_data"], db, work)
    with duckdb.connect(str(db), read_only=True) as con:
        now = con.execute("SELECT count(*) FROM fct_observation WHERE document_id = ?", [article_id]).fetchone()[0]
        in_marts = con.execute(
            "SELECT count(*) FROM mart_latest_values WHERE document_id = ?", [article_id]
        ).fetchone()[0]
        valid_to = con.execute("SELECT valid_to FROM dim_source WHERE document_id = ?", [article_id]).fetchone()[0]
        as_of_2021 = con.execute(
            "SELECT count(*) FROM observations_as_of(DATE '2021-01-01') WHERE document_id = ?", [article_id]
        ).fetchone()[0]
        raw_facts = con.execute("SELECT count(*) FROM raw.facts WHERE document_id = ?", [article_id]).fetchone()[0]
    assert now == 0 and in_marts == 0 and raw_facts > 0  # raw.facts keeps them
    assert valid_to is not None and as_of_2021 == before
