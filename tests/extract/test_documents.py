"""Whole documents in the styles users ingest, none of them a seed: every fact, hand-checked (table-driven).

documents/<name>.txt is the text; documents/<name>.csv lists every statistic in it, in text order — evidence,
value, unit, comparator, measure, basis, direction, status, period, region, subject. The extractor must find
exactly these: nothing missed, nothing extra. The rules that read them are general (bulletin vocabulary, the
1—N月 cumulatives of a monthly report, a news article about another province, a work report's review and goals);
none is keyed to these texts.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document
from .test_sentences import period

DOCUMENTS = Path(__file__).parent / "documents"
# name → (publication date, the document's region)
META = {
    "county_bulletin": (date(2025, 3, 28), "伊川县"),  # a county's annual statistical bulletin, with a table
    "monthly_report": (date(2025, 6, 20), "洛阳市"),  # a city's monthly industrial report (1—5月)
    "news_chongqing": (date(2025, 7, 29), "重庆市"),  # a news article about another province-level city
    "work_report": (date(2025, 1, 20), "涧西区"),  # a district's work report: last year's results, this year's goals
}
FIELDS = ("evidence", "value", "unit", "comparator", "measure", "basis", "direction", "status", "period", "region")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


def expected(name: str) -> list[tuple]:
    with (DOCUMENTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [
            (*(row[f] or None for f in FIELDS[:1]), float(row["value"]), *(row[f] or None for f in FIELDS[2:]),
             row["subject"])
            for row in csv.DictReader(handle)
        ]  # fmt: skip


def got(fact) -> tuple:
    return (
        fact.text,
        fact.value,
        fact.unit,
        fact.comparator,
        fact.measure,
        fact.basis,
        fact.direction,
        fact.status,
        period(fact),
        fact.region,
        fact.subject,
    )


@pytest.mark.parametrize("name", sorted(META))
def test_every_fact_of_the_document(catalog, name):
    published, region = META[name]
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    facts = extract(make_document(text, published, region), catalog)
    assert [got(f) for f in facts] == expected(name)
    assert all(text[f.start : f.end] == f.text for f in facts)


@pytest.mark.parametrize("name", sorted(META))
def test_without_the_catalog_the_numbers_and_periods_are_the_same(name):
    published, region = META[name]
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    facts = extract(make_document(text, published, region))
    core = [row[:9] for row in expected(name)]  # region and subject names come partly from the catalog
    assert [got(f)[:9] for f in facts] == core
