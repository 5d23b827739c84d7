"""`mfgstats run`: the whole pipeline on the embedded DuckDB warehouse, then a summary."""

from __future__ import annotations

import argparse

from mfgstats.summary import print_summary


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="ingest data/raw, extract, build, check and publish the warehouse")
    p.add_argument("--force", action="store_true", help="re-ingest and re-extract every file, changed or not")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from pipelines.runner import run_pipeline  # Dagster loads only for commands that need it

    outcome = run_pipeline(force=args.force)
    print_summary(outcome)
    return 0 if outcome.published and outcome.ingest_ok else 1
