"""Data quality: suites of Great Expectations over the warehouse's marts, their severities, and the report.

    from mfgstats.quality import check_warehouse, load_suites, write_report
    outcomes = check_warehouse(Path("data/warehouse/mfgstats.duckdb"))
    write_report(outcomes, Path("data/warehouse/quality"), Path("data/warehouse/mfgstats.duckdb"))

No Dagster here: pipelines/checks turns the same suites into asset checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from mfgstats.quality.report import write_report
from mfgstats.quality.results import ERROR, WARN, ExpectationOutcome, SuiteOutcome, tally
from mfgstats.quality.suites import Suite, SuiteError, load_suites


class WarehouseUnreadable(RuntimeError):
    """The warehouse file is missing, locked by a writer, or not a DuckDB database."""


def check_warehouse(
    db: Path, suites: Iterable[Suite] | None = None, models: Iterable[str] | None = None
) -> list[SuiteOutcome]:
    """Run the suites (default: all of expectations/) against the DuckDB file `db`, opened read-only and closed
    before returning, so a writer is blocked only while the checks read."""
    from mfgstats.quality.validate import run_suites  # imports GX (seconds): only when checks actually run

    suites = list(suites) if suites is not None else load_suites()
    if not db.is_file():
        raise WarehouseUnreadable(f"no warehouse at {db}: build it with `mfgstats run` (or pass --db PATH)")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        hint = "wait for the writer to finish" if "lock" in str(exc).lower() else "is it a DuckDB file?"
        raise WarehouseUnreadable(f"cannot open {db} read-only: {' '.join(str(exc).split())} — {hint}") from exc
    try:
        return run_suites(con, suites, models)
    finally:
        con.close()


__all__ = [
    "ERROR",
    "WARN",
    "ExpectationOutcome",
    "Suite",
    "SuiteError",
    "SuiteOutcome",
    "WarehouseUnreadable",
    "check_warehouse",
    "load_suites",
    "tally",
    "write_report",
]
