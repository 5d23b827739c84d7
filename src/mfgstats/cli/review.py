"""`mfgstats review`: what needs a human eye in the published warehouse, most important first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mfgstats.records import REVIEW_THRESHOLD
from mfgstats.serve.errors import ServeError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="list what needs a human eye (open conflicts, quarantine, low-confidence and unresolved facts …)",
        description="List what needs a human eye, most important first: open conflicts, files in quarantine, "
        "corrections that no longer apply, facts below the confidence threshold, subjects/regions/units the "
        "catalogs do not know, targets with no comparable actual. Each item shows the sentence with the figure "
        "marked, the document and the id to give `mfgstats correct`. Reads the published warehouse only.",
    )
    p.add_argument("--db", metavar="PATH", help="a DuckDB file to read instead of the published warehouse")
    p.add_argument("--format", choices=("text", "html"), default="text", help="html: a static page (see --out)")
    p.add_argument(
        "--out", metavar="PATH", help="where --format html writes (default: review.html beside the quality report)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=REVIEW_THRESHOLD,
        help=f"facts below this confidence are listed ({REVIEW_THRESHOLD:g}, calibrated: see docs/extraction.md)",
    )
    p.add_argument("--limit", type=int, default=500, help="items per kind at most (500)")
    p.set_defaults(func=_review)


def _review(args: argparse.Namespace) -> int:
    from mfgstats.config import settings
    from mfgstats.corrections.review import collect
    from mfgstats.serve.warehouse import open_source

    try:
        con, source = open_source(args.db)
        with con:
            items = collect(con, args.threshold, args.limit)
    except ServeError as exc:
        print(f"mfgstats review: {exc}", file=sys.stderr)
        return 1
    if args.format == "html":
        from mfgstats.corrections.review_html import render

        out = Path(args.out) if args.out else settings().quality_report.parent / "review.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(items, source.label), encoding="utf-8")
        print(f"{len(items)} item(s) to review: {out}")
        return 0
    if not items:
        print("nothing to review")
        return 0
    kind = None
    for n, item in enumerate(items, 1):
        if item.kind != kind:
            kind = item.kind
            count = sum(1 for i in items if i.kind == kind)
            print(f"\n== {item.label} ({count}) ==")
        print(f"{n:>4}. {item.title}")
        if item.sentence:
            print(f"      {item.sentence}")
        print(f"      {item.document}")
        print(f"      act on: {item.act_on}")
        print(f"      {item.suggestion}")
    return 0
