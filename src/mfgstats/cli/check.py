"""`mfgstats check`: run the quality suites against a warehouse file and write the offline report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="run the quality suites (expectations/) against a warehouse and write the HTML report",
        description="Validate the marts of a warehouse with the Great Expectations suites in expectations/ and "
        "write an offline HTML report. Exit code 1 when a check fails with ERROR, 0 otherwise (warnings are "
        "findings about the sources).",
    )
    p.add_argument("--db", metavar="PATH", help="the DuckDB file to check (default: the published warehouse)")
    p.add_argument(
        "--report",
        metavar="DIR",
        help="directory for index.html and results.json (default: the warehouse's quality/ directory)",
    )
    p.add_argument("--suites", metavar="DIR", help="a directory of suites instead of the project's expectations/")
    p.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from mfgstats import lake
    from mfgstats.config import settings
    from mfgstats.quality import (
        ERROR,
        SuiteError,
        WarehouseUnreadable,
        check_target,
        check_warehouse,
        load_suites,
        write_report,
    )
    from mfgstats.quality.results import tally
    from mfgstats.warehouse.target import target_from_settings

    cfg = settings()
    report_dir = Path(args.report).expanduser().resolve() if args.report else cfg.quality_report.parent
    try:
        suites = load_suites(Path(args.suites).expanduser().resolve() if args.suites else None)
        if args.db:
            db = Path(args.db).expanduser().resolve()
            outcomes = check_warehouse(db, suites)
        else:  # what readers read: the published file, or the lake's published snapshot
            outcomes, pinned = check_target(target_from_settings(), suites, published=True)
            db = pinned.label
    except (SuiteError, WarehouseUnreadable, lake.LakeConfigError) as exc:
        print(f"mfgstats check: {exc}", file=sys.stderr)
        return 1
    page = write_report(outcomes, report_dir, db)
    counts = tally(outcomes)
    print(f"checked {db}: {counts['passed']} passed, {counts['warned']} warned, {counts['failed']} failed")
    for o in outcomes:
        if not o.passed:
            first, *more = o.summary().splitlines()  # a findings check: one finding a line
            print(f"  {o.severity:<5} {o.model} / {o.suite}: {first}")
            for line in more:
                print(f"        {line}")
    print(f"report: {page}")
    return 1 if any(o.severity == ERROR for o in outcomes) else 0
