"""fct_observation is incremental per document, and `dbt docs generate` works offline — on a copy of the
session's build, so the other tests keep their warehouse."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pytest
from dbt_harness import copy_project, run_dbt

from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import write_raw

pytestmark = pytest.mark.slow

NEW_TEXT = "2025年上半年，全市规上工业企业达到2088家。"
SENTINEL = -1.0  # written into rows that must survive the incremental run untouched


def first_id(con, prefix: str) -> str:
    return con.sql("select document_id from raw.documents where file like ?", params=[f"{prefix}_%"]).fetchone()[0]


@pytest.fixture(scope="module")
def incremental_run(built_warehouse, tmp_path_factory):
    work = tmp_path_factory.mktemp("dbt_incremental")
    db_path = work / "build.duckdb"
    shutil.copy(built_warehouse, db_path)
    con = duckdb.connect(str(db_path))
    try:
        plan, article = first_id(con, "003"), first_id(con, "000")
        con.execute(
            "update main.fct_observation set confidence = ? where document_id in (?, ?)", [SENTINEL, plan, article]
        )
        # the article is "re-extracted": its facts change, so its rows must be rebuilt
        con.execute("update raw.facts set confidence = 0.7 where document_id = ?", [article])
        doc = Document(
            document_id="f" * 64,
            file="902_bulletin_2025h1.txt",
            text=NEW_TEXT,
            title="洛阳市2025年上半年经济运行情况",
            publisher="洛阳市统计局",
            published=date(2025, 7, 20),
            region="洛阳市",
            doc_type="bulletin",
            release_key="luoyang-2025h1",
        )
        start = NEW_TEXT.index("2088家")
        fact = Fact(
            document_id=doc.document_id,
            file=doc.file,
            start=start,
            end=start + 5,
            text="2088家",
            value=2088,
            unit="家",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            region="洛阳市",
            region_code="410300",
            subject="规上工业企业",
            sentence=NEW_TEXT,
        )
        write_raw(con, [doc], [fact])
    finally:
        con.close()
    result = run_dbt(["run"], db_path, work)
    assert result.returncode == 0, result.stdout[-4000:]
    return db_path, work, plan, article


def test_a_new_document_is_added(incremental_run):
    db_path, *_ = incremental_run
    with duckdb.connect(str(db_path), read_only=True) as con:
        row = con.sql(
            "select value, period_key, fact_table from fct_observation where document_id = ?", params=["f" * 64]
        ).fetchall()
    assert row == [(2088.0, "2025H1", "enterprise")]


def test_untouched_documents_are_not_reprocessed(incremental_run):
    db_path, _, plan, _ = incremental_run
    with duckdb.connect(str(db_path), read_only=True) as con:
        confidences = {
            r[0]
            for r in con.sql("select confidence from fct_observation where document_id = ?", params=[plan]).fetchall()
        }
    assert confidences == {SENTINEL}


def test_a_re_extracted_document_is_replaced(incremental_run):
    db_path, _, _, article = incremental_run
    with duckdb.connect(str(db_path), read_only=True) as con:
        confidences = {
            r[0]
            for r in con.sql(
                "select confidence from fct_observation where document_id = ?", params=[article]
            ).fetchall()
        }
        total = con.sql("select count(*) from fct_observation").fetchone()[0]
        raw_total = con.sql("select count(*) from raw.facts").fetchone()[0]
    assert confidences == {0.7}
    assert total == raw_total


def test_a_change_of_logic_reprocesses_every_document(built_warehouse, tmp_path):
    """No one has to remember --full-refresh: the fingerprint covers the SQL of the views the facts come from."""
    db_path = tmp_path / "build.duckdb"
    shutil.copy(built_warehouse, db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute("update main.fct_observation set confidence = ?", [SENTINEL])
    project = copy_project(tmp_path / "dbt_project")
    staging = project / "models" / "staging" / "stg_raw__facts.sql"
    # every fixture fact has a confidence, so the rows' values stay the same; only the logic's text changes
    staging.write_text(
        staging.read_text(encoding="utf-8").replace("coalesce(confidence, 0.5)", "coalesce(confidence, 0.4)")
    )
    result = run_dbt(["run"], db_path, tmp_path, project_dir=project)
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(db_path), read_only=True) as con:
        sentinels = con.sql("select count(*) from fct_observation where confidence = ?", params=[SENTINEL]).fetchone()
    assert sentinels == (0,)


def test_docs_generate_works_offline(incremental_run):
    db_path, work, *_ = incremental_run
    result = run_dbt(["docs", "generate"], db_path, work)
    assert result.returncode == 0, result.stdout[-4000:]
    catalog = json.loads((work / "target" / "catalog.json").read_text(encoding="utf-8"))
    nodes = {key.split(".")[-1] for key in catalog["nodes"]}
    assert {"fct_observation", "mart_plan_progress", "mart_conflicts", "dim_time", "dim_source"} <= nodes
    assert (work / "target" / "index.html").exists()
