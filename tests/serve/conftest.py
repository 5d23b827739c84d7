"""A small published warehouse, shaped like the one dbt builds: raw tables written by the real loader, and marts
(fct_observation, dim_time, mart_plan_progress, mart_conflicts) with the columns the serving code reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from mfgstats.ingest import QuarantineError
from mfgstats.records import Document, Fact
from mfgstats.warehouse.load import write_raw
from mfgstats.warehouse.publish import publish

PLAN_TEXT = "到2025年，全市规上工业企业达到2000家，工业增加值年均增长8%。2020年规上工业企业1783家。"


def document(doc_id: str = "d1", text: str = PLAN_TEXT, doc_type: str = "plan", publisher: str = "洛阳市人民政府"):
    return Document(
        document_id=doc_id,
        file=f"{doc_id}.txt",
        text=text,
        title="洛阳市“十四五”制造业高质量发展规划",
        publisher=publisher,
        published=date(2022, 4, 26),
        region="洛阳市",
        doc_type=doc_type,
        release_key=doc_id,
    )


def fact(doc: Document, needle: str, value: float, unit: str, **kw) -> Fact:
    start = doc.text.index(needle)
    return Fact(
        document_id=doc.document_id,
        file=doc.file,
        start=start,
        end=start + len(needle),
        text=needle,
        value=value,
        unit=unit,
        **kw,
    )


# One row per observation: the columns fct_observation has (a subset of them is enough for serving).
OBSERVATION_COLUMNS = {
    "observation_id": "VARCHAR",
    "document_id": "VARCHAR",
    "region_key": "VARCHAR",
    "region_name": "VARCHAR",
    "indicator_key": "VARCHAR",
    "subject": "VARCHAR",
    "chain_key": "VARCHAR",
    "chain_name": "VARCHAR",
    "enterprise_key": "VARCHAR",
    "enterprise_name": "VARCHAR",
    "measure": "VARCHAR",
    "basis": "VARCHAR",
    "status": "VARCHAR",
    "comparator": "VARCHAR",
    "direction": "VARCHAR",
    "value": "DOUBLE",
    "value_signed": "DOUBLE",
    "value_high_normalised": "DOUBLE",
    "unit_normalised": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "published_on": "DATE",
    "confidence": "DOUBLE",
    "file_path": "VARCHAR",
}

# (observation_id, indicator_key, subject, measure, basis, status, comparator, value_signed, unit, start, end,
#  published_on, confidence)
OBSERVATIONS = [
    ("o1", "IND_ENT_COUNT", "规上工业企业", "level", None, "target", ">=", 2000, "家", "2025-01-01", "2025-12-31",
     "2022-04-26", 0.9),
    ("o2", "IND_ENT_COUNT", "规上工业企业", "level", None, "actual", "=", 1783, "家", "2020-01-01", "2020-12-31",
     "2022-04-26", 0.9),
    ("o3", "subject:工业增加值", "工业增加值", "growth", "cagr", "target", "=", 8, "%", "2021-01-01", "2025-12-31",
     "2022-04-26", 0.8),
    # the same key as o2 from a later source: the later publication wins in SDMX
    ("o4", "IND_ENT_COUNT", "规上工业企业", "level", None, "actual", "=", 1790, "家", "2020-01-01", "2020-12-31",
     "2023-01-10", 0.7),
    # no resolved period: left out of SDMX, kept in the table exports
    ("o5", "subject:营业收入", "营业收入", "level", None, "actual", "~", 3.5e11, "元", None, None,
     "2022-04-26", 0.5),
    ("o6", "subject:营业收入", "营业收入", "growth", "yoy", "actual", "~", -4.5, "%", "2025-01-01", "2025-08-31",
     "2025-09-20", 0.6),
]  # fmt: skip


def _observation_rows():
    for oid, ind, subject, measure, basis, status, comp, value, unit, start, end, published, conf in OBSERVATIONS:
        yield {
            "observation_id": oid,
            "document_id": "d1",
            "region_key": "410300",
            "region_name": "洛阳市",
            "indicator_key": ind,
            "subject": subject,
            "chain_key": None,
            "chain_name": None,
            "enterprise_key": None,
            "enterprise_name": None,
            "measure": measure,
            "basis": basis,
            "status": status,
            "comparator": comp,
            "direction": "down" if value < 0 else None,
            "value": abs(value),
            "value_signed": value,
            "value_high_normalised": None,
            "unit_normalised": unit,
            "period_start": start,
            "period_end": end,
            "published_on": published,
            "confidence": conf,
            "file_path": "d1.txt",
        }


def build_warehouse(path: Path, *, with_conflicts: bool = True) -> Path:
    """Write a build database at `path` the way the pipeline would (raw tables + marts)."""
    doc = document()
    bulletin = document("d2", "2024年全市规上工业增加值增长9.3%。", doc_type="bulletin", publisher="洛阳市统计局")
    facts = [
        fact(doc, "2000家", 2000, "家", status="target", comparator=">="),
        fact(bulletin, "9.3%", 9.3, "%", measure="growth", basis="yoy"),
    ]
    bad = QuarantineError("broken.pdf", "broken_pdf", "broken.pdf is not a readable PDF", "re-download the file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        write_raw(con, [doc, bulletin], facts, [bad])
        cols = ", ".join(f'"{c}" {t}' for c, t in OBSERVATION_COLUMNS.items())
        con.execute(f"CREATE TABLE main.fct_observation ({cols})")
        for row in _observation_rows():
            con.execute(f"INSERT INTO main.fct_observation VALUES ({', '.join('?' * len(row))})", list(row.values()))
        con.execute(
            """CREATE TABLE main.dim_time AS
               SELECT DISTINCT period_start, period_end FROM main.fct_observation WHERE period_start IS NOT NULL"""
        )
        con.execute(
            """CREATE TABLE main.mart_plan_progress AS
               SELECT '规上工业企业' AS indicator_zh, 'Industrial enterprises above scale' AS indicator_en,
                      2000.0 AS target_value, 1783.0 AS latest_actual, 0.8915 AS progress_ratio"""
        )
        con.execute("CREATE VIEW main.fct_indicator_observation AS SELECT * FROM main.fct_observation")
        con.execute(
            "CREATE MACRO main.observations_of(k) AS TABLE SELECT * FROM main.fct_observation WHERE indicator_key = k"
        )
        con.execute("CREATE TABLE main.not_a_mart AS SELECT 1 AS x")  # not exported: no mart prefix
        con.execute(
            """CREATE TABLE main.dim_region AS
               SELECT '410300' AS region_key, '洛阳市' AS name_zh, 'Luoyang' AS name_en"""
        )
        if with_conflicts:
            con.execute(
                """CREATE TABLE main.mart_conflicts AS
                   SELECT * FROM (VALUES ('o2~o4', 'real conflict', 1783.0, 1790.0),
                                         ('o1~o7', 'rounding', 2000.0, 2000.4),
                                         ('o3~o8', 'revision', 8.0, 7.5)) t(conflict_id, verdict, value_a, value_b)"""
            )
    return path


@pytest.fixture
def make_warehouse():
    """The builder itself, for tests that need a variant (e.g. without mart_conflicts)."""
    return build_warehouse


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """A published warehouse in a temporary MFGSTATS_WAREHOUSE_DIR; returns the published file."""
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "wh"))
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    build = build_warehouse(tmp_path / "wh" / "build" / "mfgstats.duckdb")
    return publish(build, tmp_path / "wh" / "mfgstats.duckdb")
