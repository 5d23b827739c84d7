"""What a suite run found, independent of GX and Dagster: outcomes per expectation and per (suite, model), the
severity they add up to, and a JSON form for the report and for tools.

Severity of a (suite, model) check, as Dagster and the run summary show it:
- ERROR: a failed `critical` expectation, or a suite that could not run at all (a missing model, a query that no
  longer fits it). In a blocking suite it stops publishing.
- WARN: a failed `warning` expectation — a finding about the sources, never a reason to withhold the warehouse.
- passed: nothing failed, or only `info` expectations did (they are listed in the report).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mfgstats.quality.suites import Suite

ERROR, WARN = "ERROR", "WARN"
NOTHING_WRITTEN = "no rows written by this build"  # a scoped check whose model the incremental build left alone
FINDINGS_SHOWN = 12  # finding lines in a check's one-text summary (the report and results.json have them all)


@dataclass
class ExpectationOutcome:
    type: str
    description: str
    severity: str  # critical | warning | info
    success: bool
    columns: list[str] = field(default_factory=list)
    element_count: int | None = None
    unexpected_count: int | None = None
    observed: Any = None  # aggregate expectations (row counts, …): what was measured
    failing_rows: list[dict[str, Any]] = field(default_factory=list)  # a sample, in frame order
    error: str | None = None  # the expectation could not be evaluated
    evaluated: bool = True  # False: not handed to GX (a scoped check whose build wrote no rows); passes

    @property
    def counts_as(self) -> str | None:
        """The check severity this outcome contributes (None when it passed or only informs)."""
        if self.success:
            return None
        if self.error or self.severity == "critical":
            return ERROR
        return WARN if self.severity == "warning" else None


@dataclass
class SuiteOutcome:
    suite: str  # check name
    model: str
    label: str  # folder/file of the suite, e.g. structure/fct_observation
    path: str
    description: str
    blocking: bool
    findings: bool
    rows: int = 0
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    error: str | None = None

    @property
    def note(self) -> str | None:
        """Why expectations were not evaluated (listed as met, without counts), when some were not."""
        skipped = sum(not e.evaluated for e in self.expectations)
        return f"{NOTHING_WRITTEN}: {skipped} expectations not evaluated" if skipped else None

    @property
    def severity(self) -> str | None:
        """ERROR, WARN, or None when the check passed."""
        if self.error:
            return ERROR
        levels = {e.counts_as for e in self.expectations}
        return ERROR if ERROR in levels else WARN if WARN in levels else None

    @property
    def passed(self) -> bool:
        return self.severity is None

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def finding_lines(self) -> list[str]:
        """Each failing row of a findings suite as a reader states it, values and sources (quality.findings)."""
        from mfgstats.quality.findings import finding_line

        if not self.findings:
            return []
        lines = (finding_line(self.suite, row) for e in self.failed for row in e.failing_rows)
        return list(dict.fromkeys(lines))  # a row failing two expectations is one finding

    def summary(self) -> str:
        """What failed, with counts — the check's description in Dagster, the run summary and `mfgstats check`.
        A findings suite gives one line per finding, with its values and sources."""
        if self.error:
            return f"could not run: {self.error}"
        if not self.failed:
            return self.note or f"{len(self.expectations)} expectations met on {self.rows} rows"
        lines = self.finding_lines()
        if lines and not any(e.error for e in self.failed):
            shown = lines[:FINDINGS_SHOWN]
            more = len(lines) - len(shown)
            return "\n".join(shown + ([f"… {more} more in the quality report"] if more else []))
        parts = []
        for e in self.failed:
            count = f"{e.unexpected_count} rows" if e.unexpected_count is not None else f"observed {e.observed}"
            parts.append(f"{e.description} ({e.severity}: {e.error or count})")
        return "; ".join(parts)

    @classmethod
    def start(cls, suite: Suite, model: str, error: str | None = None) -> SuiteOutcome:
        """An outcome for `suite` on `model` with no expectation evaluated yet (or none ever: `error`)."""
        return cls(
            suite=suite.name,
            model=model,
            label=suite.label,
            path=str(suite.path),
            description=suite.description,
            blocking=suite.blocking,
            findings=suite.findings,
            error=error,
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SuiteOutcome:
        """An outcome as `json()` wrote it (the report's results.json)."""
        names = {f.name for f in fields(cls)} - {"expectations"}
        expectation_names = {f.name for f in fields(ExpectationOutcome)}
        outcome = cls(**{k: v for k, v in data.items() if k in names})
        outcome.expectations = [
            ExpectationOutcome(**{k: v for k, v in e.items() if k in expectation_names})
            for e in data.get("expectations", [])
        ]
        return outcome

    def json(self) -> dict[str, Any]:
        out = asdict(self)
        out["severity"] = self.severity
        out["note"] = self.note
        return out


def plain(value: Any) -> Any:
    """A JSON-ready copy of a cell: NaN/NaT → None, dates as ISO strings, numpy scalars as Python numbers."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, datetime):  # pandas Timestamps too; DuckDB DATEs arrive as midnight timestamps
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def tally(outcomes: list[SuiteOutcome]) -> dict[str, int]:
    counts = {"passed": 0, "warned": 0, "failed": 0}
    for o in outcomes:
        counts["passed" if o.passed else "warned" if o.severity == WARN else "failed"] += 1
    return counts
