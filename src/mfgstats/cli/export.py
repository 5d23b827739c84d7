"""`mfgstats export`: the marts of the published warehouse as Parquet, CSV or SDMX-CSV files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mfgstats.serve.errors import ServeError

EPILOG = """\
formats:
  parquet   one .parquet file per mart (dim_*, fct_*, mart_*), zstd-compressed
  csv       one UTF-8 .csv file per mart, with a header (text that would start a spreadsheet formula,
            = + - @ tab CR, gets a leading ' ; numbers are left as they are)
  sdmx-csv  SDMX-CSV 2.0: DF_MFG_OBS.csv (one observation per series key and period) and
            DF_MFG_OBS.codelists.csv (codes with zh and en labels); see docs/serving.md

Every export also writes manifest.json (files, rows, the warehouse snapshot it came from)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export the marts as parquet, csv or sdmx-csv files",
        description="Export the marts of the published warehouse to files.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", required=True, choices=("parquet", "csv", "sdmx-csv"), help="file format")
    p.add_argument("--out", metavar="DIR", help="output directory (default: data/warehouse/exports/FORMAT)")
    p.add_argument("--db", metavar="PATH", help="a DuckDB file to read instead of the published warehouse")
    p.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mfgstats.config import settings
    from mfgstats.serve.export import export
    from mfgstats.serve.warehouse import open_source

    out_dir = Path(args.out).expanduser().resolve() if args.out else settings().warehouse_dir / "exports" / args.format

    def progress(items, desc):
        # disable=None: a bar on a terminal, silence in pipes and logs
        return tqdm(items, desc=desc, unit=" rows" if desc == "observations" else " tables", disable=None, leave=False)

    try:
        con, source = open_source(args.db, export_dir=out_dir)
        with con:
            files = export(con, args.format, out_dir, source, progress)
    except ServeError as exc:
        print(f"mfgstats export: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"mfgstats export: cannot write to {out_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for f in files:
        print(f"{f.rows:>8} rows  {out_dir / f.path}")
    print(f"manifest: {out_dir / 'manifest.json'}")
    return 0
