"""The `mfgstats` command line. Each subcommand lives in its own module here and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int` as the default."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import logging
import os
import sys
import warnings

COMMANDS = ("run", "ingest", "extract", "sql", "check", "export", "ui", "status", "review", "correct")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mfgstats",
        description="Manufacturing statistics from Chinese prose and tables into a checked DuckDB warehouse.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = f"mfgstats.cli.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Nothing we run may phone home: dbt and Dagster read these at import time.
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    # One "planned" event per asset and run instead of one per partition: a 10,000-file load otherwise writes
    # 10,000 extra events to Dagster's storage before any work starts.
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
    # Dagster hands the storage a run's planned events as one batch, which mfgstats.orchestration.private_speedups
    # writes in one transaction (≈ 350 events for a warehouse run: 0.5 s one by one).
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", "1000")
    # Library deprecation/beta notices are for us, not for the analyst at the terminal.
    warnings.filterwarnings("ignore")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `mfgstats sql … | head`: the reader left; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def entry() -> None:
    """The `mfgstats` console script: `main`, then leave without tearing the interpreter down. After a pipeline
    run the process holds Dagster, dbt's and Great Expectations' modules and Dagster's state for every partition;
    freeing them one by one takes over a second (measured: 1.2 s after importing those libraries alone) and
    changes nothing on disk — every file and connection is closed by then. Tests call `main` instead."""
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # the reader left (`… | head`), or it is closed
            stream.flush()
    os._exit(code)
