"""Data quality: suites of Great Expectations over the warehouse's marts, their severities, and the report.

    from mfgstats.quality import check_warehouse, load_suites, write_report
    outcomes = check_warehouse(Path("data/warehouse/mfgstats.duckdb"))
    write_report(outcomes, Path("data/warehouse/quality"), Path("data/warehouse/mfgstats.duckdb"))

With MFGSTATS_TARGET=ducklake, `check_lake(snapshot)` runs the same suites on one snapshot of the lake.

No Dagster here: pipelines/checks turns the same suites into asset checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from mfgstats.quality.report import write_report
from mfgstats.quality.results import ERROR, NOTHING_WRITTEN, WARN, ExpectationOutcome, SuiteOutcome, tally
from mfgstats.quality.source import Source
from mfgstats.quality.suites import Suite, SuiteError, load_suites


class WarehouseUnreadable(RuntimeError):
    """The warehouse file is missing, locked by a writer, or not a DuckDB database; or the lake cannot be read."""


def check_warehouse(
    db: Path, suites: Iterable[Suite] | None = None, models: Iterable[str] | None = None, scoped: bool = False
) -> list[SuiteOutcome]:
    """Run the suites (default: all of expectations/) against the DuckDB file `db`, opened read-only and closed
    before returning, so a writer is blocked only while the checks read. `scoped`: only the rows the last
    incremental build wrote (mfgstats.quality.scope)."""
    suites = list(suites) if suites is not None else load_suites()
    if not db.is_file():
        raise WarehouseUnreadable(f"no warehouse at {db}: build it with `mfgstats run` (or pass --db PATH)")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        hint = "wait for the writer to finish" if "lock" in str(exc).lower() else "is it a DuckDB file?"
        raise WarehouseUnreadable(f"cannot open {db} read-only: {' '.join(str(exc).split())} — {hint}") from exc
    try:
        source = Source(db=str(db.resolve()))  # workers do not share this process's working directory
        return check_connection(con, suites, models, scoped, source)
    finally:
        con.close()


def check_lake(
    snapshot: int | None = None,
    suites: Iterable[Suite] | None = None,
    models: Iterable[str] | None = None,
    published: bool = False,
    scoped: bool = False,
) -> tuple[list[SuiteOutcome], int]:
    """Run the suites against one snapshot of the DuckLake target — `snapshot`, else the published one when
    `published`, else the newest — and return which: every suite reads that snapshot even while writers commit,
    and publishing can name exactly what was checked."""
    from mfgstats import lake
    from mfgstats.lake.published import current_snapshot, open_published, open_snapshot

    try:
        con = open_published()[0] if published and snapshot is None else open_snapshot(snapshot)
    except (lake.LakeMissing, lake.LakeConfigError, duckdb.Error) as exc:
        raise WarehouseUnreadable(f"cannot read {lake.describe()}: {' '.join(str(exc).split())}") from exc
    try:
        pinned = current_snapshot(con)
        source = Source(snapshot=pinned, lake=lake.lake_settings())  # a worker process reads the same snapshot
        return check_connection(con, suites, models, scoped, source), pinned
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
    source: Source | None = None,
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
    "check_lake",
    "check_warehouse",
    "load_suites",
    "prewarm",
    "tally",
    "write_report",
]
