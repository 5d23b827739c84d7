"""`mfgstats run`: the whole pipeline on the embedded DuckDB warehouse, then a summary. One run at a time: a second
`mfgstats run` waits for the first (saying which run it waits for), or exits with EXIT_BUSY naming it."""

from __future__ import annotations

import argparse
import shutil
import sys

from mfgstats.summary import print_summary
from mfgstats.warehouse.runlock import RunLocked

EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the warehouse; try again later


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="ingest data/raw, extract, build, check and publish the warehouse")
    p.add_argument("--force", action="store_true", help="re-ingest and re-extract every file, changed or not")
    p.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        default=None,
        help="while another run builds the warehouse, wait up to SECONDS for it (default: MFGSTATS_RUN_WAIT_S, "
        f"else an hour); 0 exits at once with code {EXIT_BUSY}",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from mfgstats.orchestration.runner import run_pipeline  # Dagster loads only for commands that need it

    try:
        outcome = run_pipeline(force=args.force, wait_s=args.wait)
    except RunLocked as exc:
        print(f"mfgstats run: {exc}", file=sys.stderr)
        return EXIT_BUSY
    print_summary(outcome)
    _remove_multiprocessing_dir()
    return 0 if outcome.published and outcome.ingest_ok else 1


def _remove_multiprocessing_dir() -> None:
    """The checks' fork server keeps its socket in a folder of multiprocessing's, which multiprocessing removes when
    the interpreter exits normally; `mfgstats` leaves with os._exit (mfgstats.cli.entry), so remove it here."""
    from multiprocessing import util

    shutil.rmtree(util.get_temp_dir(), ignore_errors=True)
