"""Data quality: suites of Great Expectations over the warehouse's marts, their severities, and the report.

    from mfgstats.quality import check_warehouse, load_suites, write_report
    outcomes = check_warehouse(Path("data/warehouse/mfgstats.duckdb"))
    write_report(outcomes, Path("data/warehouse/quality"), Path("data/warehouse/mfgstats.duckdb"))

`check_target(target)` runs the same suites on what a storage target (mfgstats.warehouse.target) built.

No Dagster here: pipelines/checks turns the same suites into asset checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from mfgstats.quality.report import write_report
from mfgstats.quality.results import ERROR, NOTHING_WRITTEN, WARN, ExpectationOutcome, SuiteOutcome, tally
from mfgstats.quality.suites import Suite, SuiteError, load_suites
from mfgstats.warehouse.target import Pinned, Unreadable, WarehouseTarget, read_file


class WarehouseUnreadable(RuntimeError):
    """The warehouse file is missing, locked by a writer, or not a DuckDB database; or the lake cannot be read."""


def check_warehouse(
    db: Path, suites: Iterable[Suite] | None = None, models: Iterable[str] | None = None, scoped: bool = False
) -> list[SuiteOutcome]:
    """Run the suites (default: all of expectations/) against the DuckDB file `db`, opened read-only and closed
    before returning, so a writer is blocked only while the checks read. `scoped`: only the rows the last
    incremental build wrote (mfgstats.quality.scope)."""
    return _check(lambda: read_file(db), suites, models, scoped)[0]


def check_target(
    target: WarehouseTarget,
    suites: Iterable[Suite] | None = None,
    models: Iterable[str] | None = None,
    published: bool = False,
    scoped: bool = False,
) -> tuple[list[SuiteOutcome], Pinned]:
    """Run the suites against what `target` built (or, with `published`, what readers read), held at one state
    for every suite even while writers commit, and return that state, so that publishing names what was checked."""
    return _check(lambda: target.read(published), suites, models, scoped)


def _check(read, suites, models, scoped) -> tuple[list[SuiteOutcome], Pinned]:
    suites = list(suites) if suites is not None else load_suites()
    try:
        con, pinned = read()
    except Unreadable as exc:
        raise WarehouseUnreadable(str(exc)) from exc
    try:
        return check_connection(con, suites, models, scoped, pinned), pinned  # workers open `pinned` too
    finally:
        con.close()


def prewarm() -> None:
    """Start importing Great Expectations (seconds) for the checks, in the process their workers are forked from
    (mfgstats.quality.worker), without waiting: e.g. before dbt builds. Harmless when no check runs."""
    from mfgstats.quality import worker

    worker.prewarm()


def check_connection(
    con: duckdb.DuckDBPyConnection,
    suites: Iterable[Suite] | None = None,
    models: Iterable[str] | None = None,
    scoped: bool = False,
    source: Pinned | None = None,
) -> list[SuiteOutcome]:
    """Run the suites against whatever `con` reads (its default database holds the marts). `source`: the same
    database for worker processes to open (mfgstats.quality.worker); without it every pair runs here."""
    from mfgstats.quality.validate import run_suites  # imports pandas: only when checks actually run

    return run_suites(con, list(suites) if suites is not None else load_suites(), models, scoped, source)


__all__ = [
    "ERROR",
    "NOTHING_WRITTEN",
    "WARN",
    "ExpectationOutcome",
    "Suite",
    "SuiteError",
    "SuiteOutcome",
    "WarehouseUnreadable",
    "check_connection",
    "check_target",
    "check_warehouse",
    "load_suites",
    "prewarm",
    "tally",
    "write_report",
]
