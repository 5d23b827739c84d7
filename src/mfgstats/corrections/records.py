"""What a reviewed correction is, and the raw tables that carry corrections into dbt.

A correction names a fact the way a person can check it in the text: the document's content hash (its
`document_id`, or a prefix of at least 8 hex digits), the character span of the figure and the value stated there.
That survives re-ingesting the same bytes under another name and re-extracting them with another extractor;
`fact_id` does not (it hashes the subject the extractor chose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

ACTIONS = ("reject", "set", "add", "explain", "alias", "withdraw", "supersede")

# Fields `set` may change and `add` may give, and the column of raw.corrections each goes to.
FACT_FIELDS = {
    "value": "set_value",
    "unit": "set_unit",
    "measure": "set_measure",
    "status": "set_status",
    "comparator": "set_comparator",
    "period": "set_period",  # parsed into set_period_start / set_period_end; the text is kept as the label
    "region": "set_region",
    "subject": "set_subject",
    "indicator": "set_indicator_code",
    "chain": "set_chain",
    "enterprise": "set_enterprise",
}
ALIAS_KINDS = ("indicator", "region", "chain", "enterprise")

# A fact reference as the review lists it: <document hash or prefix>:<start>-<end>=<value>
FACT_REF = re.compile(r"^\s*([0-9a-f]{8,64})\s*:\s*(\d+)\s*-\s*(\d+)\s*=\s*(-?[0-9][0-9.,]*(?:[eE][-+]?\d+)?)\s*$")
DOCUMENT_REF = re.compile(r"^[0-9a-f]{8,64}$")
SPAN = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


@dataclass(frozen=True)
class FactRef:
    document: str  # the document_id or a prefix of it
    start: int
    end: int
    value: float

    def __str__(self) -> str:
        return f"{self.document}:{self.start}-{self.end}={format_value(self.value)}"


def format_value(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def parse_fact_ref(text: str) -> FactRef:
    m = FACT_REF.match(str(text))
    if not m:
        raise ValueError(
            f"{text!r} is not a fact reference: write <document hash>:<start>-<end>=<value>, "
            "e.g. a02ff61b1f3992ea:1234-1240=2800 (`mfgstats review` shows it for every fact)"
        )
    start, end = int(m[2]), int(m[3])
    if end <= start:
        raise ValueError(f"{text!r}: the span's end ({end}) must be after its start ({start})")
    return FactRef(m[1], start, end, float(m[4].replace(",", "")))


@dataclass
class Correction:
    """One decision, as parsed from a file under data/corrections/."""

    correction_id: str
    action: str
    reason: str
    who: str
    decided_on: date
    source_file: str  # path relative to the corrections directory
    source_line: int
    fact: FactRef | None = None  # reject, set, explain
    other: FactRef | None = None  # explain: the other side of the conflict
    document_ref: str | None = None  # add, withdraw, supersede
    span: tuple[int, int] | None = None  # add
    alias_kind: str | None = None
    phrase: str | None = None
    alias_code: str | None = None
    superseded_by: str | None = None
    effective_on: date | None = None
    values: dict[str, Any] = field(default_factory=dict)  # FACT_FIELDS column → value (set, add)

    def row(self) -> dict[str, Any]:
        ref = self.fact
        out = {
            "correction_id": self.correction_id,
            "action": self.action,
            "source_file": self.source_file,
            "source_line": self.source_line,
            "document_ref": ref.document if ref else self.document_ref,
            "span_start": ref.start if ref else (self.span[0] if self.span else None),
            "span_end": ref.end if ref else (self.span[1] if self.span else None),
            "target_value": ref.value if ref else None,
            "other_document_ref": self.other.document if self.other else None,
            "other_start": self.other.start if self.other else None,
            "other_end": self.other.end if self.other else None,
            "other_value": self.other.value if self.other else None,
            "alias_kind": self.alias_kind,
            "phrase": self.phrase,
            "alias_code": self.alias_code,
            "superseded_by": self.superseded_by,
            "effective_on": self.effective_on,
            "reason": self.reason,
            "who": self.who,
            "decided_on": self.decided_on,
        }
        for column in CORRECTION_COLUMNS:
            if column.startswith("set_"):
                out[column] = self.values.get(column)
        return out


@dataclass(frozen=True)
class Problem:
    """A record that could not be applied, and what to do about it."""

    source_file: str
    source_line: int
    correction_id: str | None
    problem: str

    def __str__(self) -> str:
        who = f" ({self.correction_id})" if self.correction_id else ""
        return f"{self.source_file}, line {self.source_line}{who}: {self.problem}"

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "detected_at": datetime.now().replace(microsecond=0)
        }


# DuckDB types of the raw tables (schema `raw`) the corrections step writes; dbt's sources mirror them.
CORRECTION_COLUMNS: dict[str, str] = {
    "correction_id": "VARCHAR",
    "action": "VARCHAR",
    "source_file": "VARCHAR",
    "source_line": "INTEGER",
    "document_ref": "VARCHAR",
    "span_start": "INTEGER",
    "span_end": "INTEGER",
    "target_value": "DOUBLE",
    "other_document_ref": "VARCHAR",
    "other_start": "INTEGER",
    "other_end": "INTEGER",
    "other_value": "DOUBLE",
    "alias_kind": "VARCHAR",
    "phrase": "VARCHAR",
    "alias_code": "VARCHAR",
    "superseded_by": "VARCHAR",
    "effective_on": "DATE",
    "set_value": "DOUBLE",
    "set_unit": "VARCHAR",
    "set_measure": "VARCHAR",
    "set_status": "VARCHAR",
    "set_comparator": "VARCHAR",
    "set_period_start": "DATE",
    "set_period_end": "DATE",
    "set_period_label": "VARCHAR",
    "set_region": "VARCHAR",
    "set_subject": "VARCHAR",
    "set_indicator_code": "VARCHAR",
    "set_chain": "VARCHAR",
    "set_enterprise": "VARCHAR",
    "reason": "VARCHAR",
    "who": "VARCHAR",
    "decided_on": "DATE",
}

CORRECTION_PROBLEM_COLUMNS: dict[str, str] = {
    "source_file": "VARCHAR",
    "source_line": "INTEGER",
    "correction_id": "VARCHAR",
    "problem": "VARCHAR",
    "detected_at": "TIMESTAMP",
}

# Documents whose file left the raw directory: they leave the current marts from removed_at on.
DOCUMENT_REMOVAL_COLUMNS: dict[str, str] = {
    "document_id": "VARCHAR",
    "file": "VARCHAR",
    "removed_at": "TIMESTAMP",
}
