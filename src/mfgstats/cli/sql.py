"""`mfgstats sql "SELECT …"`: query the published warehouse read-only."""

from __future__ import annotations

import argparse
import sys

from mfgstats.serve.errors import ServeError

EPILOG = """\
examples:
  mfgstats sql "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
  mfgstats sql --csv "FROM mart_plan_progress" > plan_progress.csv
  echo "SELECT count(*) FROM raw.facts" | mfgstats sql -

Only reading statements run (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT, read-only
PRAGMA/CALL, SET of a session setting such as TimeZone); the result of the last one is printed. Writes, file
access, other settings and extensions are refused (the data changes only through `mfgstats run`), and a
statement stops after MFGSTATS_QUERY_TIMEOUT_S seconds (docs/serving.md)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sql",
        help="run read-only SQL against the published warehouse",
        description="Run read-only SQL against the published warehouse and print the result.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", help='the SQL to run; "-" reads it from standard input')
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help="print CSV with a header")
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="print a JSON array")
    p.add_argument("--db", metavar="PATH", help="a DuckDB file to read instead of the published warehouse")
    p.add_argument(
        "--max-width",
        type=int,
        default=60,
        metavar="CELLS",
        help="clip table cells wider than this (default 60; 0 never clips; CSV and JSON are never clipped)",
    )
    p.set_defaults(func=_sql, format="table")


def _sql(args: argparse.Namespace) -> int:
    from mfgstats.serve import query, render
    from mfgstats.serve.warehouse import open_read_only

    sql = sys.stdin.read() if args.query == "-" else args.query
    try:
        query.checked_statements(sql)  # refuse a write before even opening the warehouse
        with open_read_only(args.db) as con:
            result = query.run(con, sql)
    except ServeError as exc:
        print(f"mfgstats sql: {exc}", file=sys.stderr)
        return 1
    if args.format == "csv":
        render.write_csv(result, sys.stdout)
    elif args.format == "json":
        render.write_json(result, sys.stdout)
    else:
        render.write_table(result, sys.stdout, args.max_width)
    return 0
