"""The two records every stage exchanges: a decoded Document and a grounded Fact.

This module is the contract between ingestion, extraction, the warehouse loader and dbt's sources
(`dbt_project/models/staging/_raw__sources.yml`). Adding a field means adding it here, in `*_COLUMNS`, and in
the source YAML.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

MEASURES = ("level", "growth", "share", "change", "rank", "multiple")
STATUSES = ("actual", "target")
COMPARATORS = ("=", ">", ">=", "<", "<=", "~", "range")
BASES = ("yoy", "mom", "cagr", "cumulative", "vs_base")  # 同比 环比 年均 累计 较…末
DIRECTIONS = ("up", "down")
ORIGINS = ("text", "table")
# a fact below this confidence waits for a reader's check (`mfgstats review`); calibrated on the real corpus
# (bench/calibrate.py): the facts at or above it are right at least 97 % of the time
REVIEW_THRESHOLD = 0.9


def _shallow(record: Any) -> dict[str, Any]:
    """asdict() for records whose fields are all scalars, without its deep copies (10x faster at 100k facts)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


@dataclass
class Document:
    """One ingested file, decoded. `document_id` is the SHA-256 of the raw bytes: the same bytes are the same
    document, whatever the file is called."""

    document_id: str
    file: str  # path relative to the raw directory, e.g. "003_a02ff61b1f3992ea.txt"
    text: str  # decoded text; every Fact offset points into it
    title: str
    publisher: str
    published: date
    region: str
    doc_type: str  # plan | article | bulletin | press_release | table | other
    release_key: str  # documents sharing a release key are vintages of one release
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    size_bytes: int = 0
    url: str | None = None
    note: str | None = None
    ingested_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    # CSV/XLSX: the sidecar's `table:` mapping as ingestion checked it (JSON), so extraction never reads the
    # sidecar again. Kept per file in raw.ingest_log, not in raw.documents: the same bytes under two names are one
    # document with two sidecars, and an edited sidecar takes effect when its file is ingested again.
    table_mapping: str | None = None

    def row(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass
class Fact:
    """One stated value with its evidence. `text == document.text[start:end]` always holds."""

    document_id: str
    file: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # as stated, canonical spelling: 家 万家 亿元 万亿元 % 百分点 万吨 倍 名次 …
    comparator: str = "="
    value_high: float | None = None  # upper bound of a range
    value_base: float | None = None  # value in base_unit (1.8万家 → 18000 家)
    value_high_base: float | None = None
    base_unit: str | None = None
    measure: str = "level"
    basis: str | None = None  # for growth and change: see BASES
    direction: str | None = None  # up | down, for growth and change (下降 40.5% → 40.5, down)
    status: str = "actual"
    period_start: date | None = None
    period_end: date | None = None
    period_label: str | None = None  # the words that fixed the period: 十三五末, 1—8月, 2025年 …
    # an achieved figure of a period still running when the text was published (“十四五”以来, 今年以来, 如今):
    # the period ends with the month of publication and the figure is to date, not the whole period's
    period_open: bool = False
    region: str | None = None  # canonical zh name from the region seed, or the raw phrase
    region_code: str | None = None
    subject: str | None = None  # what is measured, a short zh label (raw phrase if not in the catalog)
    indicator_code: str | None = None
    chain: str | None = None
    chain_code: str | None = None
    enterprise: str | None = None
    enterprise_code: str | None = None
    confidence: float = 0.5
    confidence_reason: str | None = None  # why the confidence is lower, "; "-separated (extract/confidence.py)
    sentence: str = ""
    sentence_start: int = 0
    origin: str = "text"  # text | table

    @property
    def fact_id(self) -> str:
        """Stable across runs: the same statement in the same document always gets the same id."""
        key = "|".join(
            str(x)
            for x in (
                self.document_id,
                self.start,
                self.end,
                self.measure,
                self.subject,
                self.chain_code or self.chain,
                self.enterprise_code or self.enterprise,
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    def row(self) -> dict[str, Any]:
        return {"fact_id": self.fact_id, **_shallow(self)}

    def json(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO strings."""
        out = self.row()
        for key in ("period_start", "period_end"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


# DuckDB column types of the raw tables the loader writes (schema `raw`).
DOCUMENT_COLUMNS: dict[str, str] = {
    "document_id": "VARCHAR",
    "file": "VARCHAR",
    "text": "VARCHAR",
    "title": "VARCHAR",
    "publisher": "VARCHAR",
    "published": "DATE",
    "region": "VARCHAR",
    "doc_type": "VARCHAR",
    "release_key": "VARCHAR",
    "media_type": "VARCHAR",
    "encoding": "VARCHAR",
    "size_bytes": "BIGINT",
    "url": "VARCHAR",
    "note": "VARCHAR",
    "ingested_at": "TIMESTAMP",
}

FACT_COLUMNS: dict[str, str] = {
    "fact_id": "VARCHAR",
    "document_id": "VARCHAR",
    "file": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "text": "VARCHAR",
    "value": "DOUBLE",
    "unit": "VARCHAR",
    "comparator": "VARCHAR",
    "value_high": "DOUBLE",
    "value_base": "DOUBLE",
    "value_high_base": "DOUBLE",
    "base_unit": "VARCHAR",
    "measure": "VARCHAR",
    "basis": "VARCHAR",
    "direction": "VARCHAR",
    "status": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "period_label": "VARCHAR",
    "period_open": "BOOLEAN",
    "region": "VARCHAR",
    "region_code": "VARCHAR",
    "subject": "VARCHAR",
    "indicator_code": "VARCHAR",
    "chain": "VARCHAR",
    "chain_code": "VARCHAR",
    "enterprise": "VARCHAR",
    "enterprise_code": "VARCHAR",
    "confidence": "DOUBLE",
    "confidence_reason": "VARCHAR",
    "sentence": "VARCHAR",
    "sentence_start": "INTEGER",
    "origin": "VARCHAR",
}

QUARANTINE_COLUMNS: dict[str, str] = {
    "file": "VARCHAR",
    "sha256": "VARCHAR",
    "reason_code": "VARCHAR",  # empty | binary | undecodable | oversized | unsupported | broken_pdf | …
    "reason": "VARCHAR",  # what is wrong, naming the file
    "action": "VARCHAR",  # what the user should do
    "detected_at": "TIMESTAMP",
}
