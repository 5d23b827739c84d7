"""The outcome of one suite on one model as Markdown, for the metadata of its Dagster asset check: the table of
its expectations and a sample of the rows each failing one found (the HTML report, mfgstats.quality.report,
shows more)."""

from __future__ import annotations

from typing import Any

from mfgstats.quality.results import ExpectationOutcome, SuiteOutcome

SAMPLE_ROWS = 20  # failing rows per expectation in a check's metadata


def expectations_table(outcome: SuiteOutcome) -> str:
    """One row per expectation: its result, severity, description and how many rows failed it."""
    if outcome.error:
        return f"**could not run**: {cell(outcome.error)}"
    lines = [f"**{cell(outcome.note)}**", ""] if outcome.note else []
    lines += ["| result | severity | expectation | failing rows |", "|---|---|---|---|"]
    for e in outcome.expectations:
        result = "pass" if e.success else (e.counts_as or "info").lower()
        if not e.evaluated:
            result = "not evaluated"
        count = e.error or ("" if e.unexpected_count is None else str(e.unexpected_count))
        lines.append(f"| {result} | {e.severity} | {cell(e.description)} | {cell(count)} |")
    return "\n".join(lines)


def failing_rows(outcome: SuiteOutcome, limit: int = SAMPLE_ROWS) -> str | None:
    """The rows each failed expectation kept, at most `limit` of each; None when none kept any."""
    failing = [e for e in outcome.failed if e.failing_rows]
    return "\n\n".join(_rows(e, limit) for e in failing) if failing else None


def _rows(e: ExpectationOutcome, limit: int) -> str:
    rows = e.failing_rows[:limit]
    columns = list(rows[0])
    lines = [
        f"**{cell(e.description)}** — {e.unexpected_count} rows"
        + (f", the first {len(rows)} shown" if (e.unexpected_count or 0) > len(rows) else ""),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def cell(value: Any) -> str:
    """A value on one line of a Markdown table: ∅ for none, pipes escaped, line breaks and runs of blanks as one
    space."""
    text = "∅" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())
