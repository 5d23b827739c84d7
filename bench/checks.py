"""Quality checks of a built warehouse in this process against worker processes (mfgstats.quality.worker): scoped
(the rows the last incremental build wrote) and whole.

usage: .venv/bin/python bench/checks.py PATH/mfgstats.duckdb [--repeat 3] [--scoped-only]

The warehouse is only read (read-only connections); pass a copy of a deployment's build database, keeping the
file name mfgstats.duckdb (its views name that catalog). "one process" validates every pair here; "workers" is
what check_warehouse does, with the workers already forked with GX imported, as `mfgstats run` has them by the
time of its checks. A whole check of a large warehouse uses one worker by design (its frames bound the build's
peak memory), so there the columns compare this process with one other. Each mode runs `--repeat` times,
alternating; the fastest run counts. Asserts that both give the same outcomes (verdicts, counts, observed values,
errors); failing-row samples are compared too and reported, not asserted: a frame built by a join may come back
from DuckDB in another row order from one run to the next, and the sample is its first failing rows.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scoped-only", action="store_true", help="skip the whole check (a minute at 10,000 docs)")
    args = parser.parse_args()

    from mfgstats.quality import check_connection, check_warehouse, load_suites, worker
    from mfgstats.quality.validate import SMALL_ROWS, total_rows

    suites = load_suites()
    log = _WorkerLog()
    logging.getLogger("mfgstats.quality").addHandler(log)
    logging.getLogger("mfgstats.quality").setLevel(logging.INFO)
    started = worker.start(2)
    if len(started) < 2 or not all(w.wait_ready(give_up=lambda: False) for w in started):
        sys.exit("the worker processes did not start")
    with duckdb.connect(str(args.db), read_only=True) as con:
        rows = total_rows(con, {m for s in suites for m in s.models})

    def one_process(scoped: bool):
        with duckdb.connect(str(args.db), read_only=True) as con:
            return check_connection(con, suites, scoped=scoped)  # no source: nothing for a worker to open

    def in_workers(scoped: bool):
        return check_warehouse(args.db, suites, scoped=scoped)

    print(f"{args.db}: {rows:,} rows in the checked models (two workers for whole checks below {SMALL_ROWS:,})")
    # A second process only helps with a core to spare: say how busy the machine was.
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'check':<7} {'pairs':>5} {'one [s]':>8} {'workers':>8} {'ratio':>6} {'by worker':>9} {'samples':>8}")
    for scoped in (True,) if args.scoped_only else (True, False):
        times: dict[str, list[float]] = {"one": [], "workers": []}
        results = {}
        for _ in range(args.repeat):
            for mode, run in (("one", one_process), ("workers", in_workers)):
                log.pairs = 0
                began = time.perf_counter()
                results[mode] = run(scoped)
                times[mode].append(time.perf_counter() - began)
        one, by_workers = results["one"], results["workers"]
        assert [verdicts(o) for o in one] == [verdicts(o) for o in by_workers], "one process and the workers disagree"
        same_samples = [o.json() for o in one] == [o.json() for o in by_workers]
        best_one, best_workers = min(times["one"]), min(times["workers"])
        print(
            f"{'scoped' if scoped else 'whole':<7} {len(one):>5} {best_one:>8.2f} {best_workers:>8.2f} "
            f"{best_one / best_workers:>6.2f} {log.pairs:>9} {'same' if same_samples else 'differ':>8}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def verdicts(outcome) -> tuple:
    """Everything an outcome says but the failing-row samples."""
    return (
        outcome.suite, outcome.model, outcome.rows, outcome.severity, outcome.error, outcome.note,
        [(e.description, e.success, e.element_count, e.unexpected_count, e.observed, e.error)
         for e in outcome.expectations],
    )  # fmt: skip


class _WorkerLog(logging.Handler):
    """How many pairs the workers validated in the last run (run_pairs logs it)."""

    pairs = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "pairs validated by" in message:
            self.pairs = int(message.split()[2])


if __name__ == "__main__":
    main()
