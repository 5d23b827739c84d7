"""`mfgstats ingest PATH…`: copy documents into the raw directory with their metadata sidecars."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mfgstats.config import settings
from mfgstats.ingest.errors import QuarantineError
from mfgstats.ingest.sidecar import DOC_TYPES
from mfgstats.ingest.store import ingest_file

# Option → sidecar field. Options override the fields of a sidecar that sits next to the source file.
_FIELDS = ("title", "publisher", "published", "region", "type", "url", "note", "release_key", "encoding")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add documents (txt, md, html, pdf, csv, xlsx) to the raw directory with their metadata",
        description=(
            "Copy each PATH into the raw directory (MFGSTATS_RAW_DIR, default data/raw) with a metadata sidecar "
            "PATH.meta.yaml. Fields come from a sidecar next to PATH, overridden by the options. The same content "
            "twice changes nothing; new content under a name already taken becomes a new vintage (name.v2.ext). "
            "A file that would not load is refused with the reason. See docs/formats.md."
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--title", help="document title (zh as published)")
    parser.add_argument("--publisher", help="who published it, e.g. 洛阳市统计局")
    parser.add_argument("--published", help="publication date, YYYY-MM-DD")
    parser.add_argument("--region", help="the region the document is about, e.g. 洛阳市")
    parser.add_argument("--type", choices=DOC_TYPES, help="document type")
    parser.add_argument("--url", help="where it was published")
    parser.add_argument("--note", help="anything a reader should know about the source")
    parser.add_argument("--release-key", dest="release_key", help="release this file is a vintage of")
    parser.add_argument("--encoding", help="force the text encoding (default: detected)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raw_dir = settings().raw_dir
    fields = {name: getattr(args, name) for name in _FIELDS}
    failed = 0
    for path in args.paths:
        if not path.is_file():
            print(f"error: {path}: no such file", file=sys.stderr)
            failed += 1
            continue
        try:
            outcome = ingest_file(path, fields, raw_dir)
        except QuarantineError as err:
            print(f"refused [{err.reason_code}] {err.reason}\n  what to do: {err.action}", file=sys.stderr)
            failed += 1
            continue
        print(outcome.describe())
    return 1 if failed else 0
