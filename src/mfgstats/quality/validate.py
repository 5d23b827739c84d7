"""Run suites against a warehouse: which (suite, model) pairs, and in which process each is validated.

Given a `Pinned` state of the warehouse (mfgstats.warehouse.target), the pairs are validated in worker processes
forked with GX already imported (mfgstats.quality.worker): two when the frames are small (scoped runs, small
warehouses), one for the whole of a large warehouse, whose frames bound the build's peak memory. Without one, or
when no worker is left, a pair is validated here (mfgstats.quality.evaluate).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from mfgstats.quality.evaluate import Runner
from mfgstats.quality.frames import has_model, relation
from mfgstats.quality.results import SuiteOutcome
from mfgstats.quality.suites import Suite
from mfgstats.quality.worker import run_pairs
from mfgstats.warehouse.target import Pinned

SMALL_ROWS = 50_000  # fewer rows than this in the models of a complete check: two processes may hold its frames


def run_suites(
    con: duckdb.DuckDBPyConnection,
    suites: Iterable[Suite],
    models: Iterable[str] | None = None,
    scoped: bool = False,
    source: Pinned | None = None,
) -> list[SuiteOutcome]:
    """Validate every (suite, model) pair — only the given models when `models` is set, only the rows the last
    incremental build wrote when `scoped` (mfgstats.quality.scope; findings suites are read whole) — in that
    order. With `source` (what `con` reads, for a worker process to open too) pairs run in two processes when
    the frames are small."""
    wanted = set(models) if models is not None else None
    pairs = [(suite, model) for suite in suites for model in suite.models if wanted is None or model in wanted]
    runner: list[Runner] = []  # created on first use: when no worker can validate (GX imported here then)

    def run_here(i: int) -> SuiteOutcome:
        runner or runner.append(Runner())
        return runner[0].run(con, *pairs[i], scoped)

    if source is None or not pairs:
        return [run_here(i) for i in range(len(pairs))]
    # Two workers when the frames are small (scoped checks, small warehouses); one for the whole of a large one:
    # its frames are what bounds the build's peak memory.
    small = scoped or total_rows(con, {m for _, m in pairs}) < SMALL_ROWS
    return run_pairs(pairs, scoped, source, run_here, processes=2 if small else 1)


def total_rows(con: duckdb.DuckDBPyConnection, models: set[str]) -> int:
    total = 0
    for model in models:
        if has_model(con, model):
            total += con.execute(f"SELECT count(*) FROM {relation(model)}").fetchone()[0]
    return total
