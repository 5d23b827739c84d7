"""`mfgstats extract FILE...`: print the facts of raw files, no warehouse needed.

A file with a metadata sidecar is loaded by ingestion (`mfgstats.ingest.load_document`), which also gives its
publication date; a file without one is read and decoded by ingestion all the same (an HTML page's article, not
its markup; a PDF's text; the detected encoding) and needs `--published`. Facts are linked to the catalogs
(dbt seeds) unless `--no-catalog`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from mfgstats.extract import extract
from mfgstats.ingest import QuarantineError, load_document
from mfgstats.ingest.errors import IngestProblem, internal_error
from mfgstats.ingest.loader import SIDECAR_SUFFIX, read_text
from mfgstats.records import Document, Fact

TABLE_COLUMNS = (
    ("span", 11),
    ("text", 16),
    ("value", 10),
    ("unit", 6),
    ("cmp", 5),
    ("measure", 8),
    ("status", 7),
    ("period", 22),
    ("subject", 30),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print the facts found in raw files (JSON lines or a table)",
        description="Extract grounded facts from raw files without touching the warehouse.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=("jsonl", "table"), default="table")
    parser.add_argument(
        "--published",
        type=_iso_date,
        help="publication date YYYY-MM-DD (overrides the sidecar; required for a file without one)",
    )
    parser.add_argument(
        "--no-catalog",
        action="store_true",
        help="do not link to the catalogs (dbt seeds); subjects, regions and chains stay raw phrases",
    )
    parser.set_defaults(func=run)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def load(path: Path, published: date | None) -> Document:
    """The decoded document for one file, with the publication date that anchors its periods."""
    if not path.is_file():
        raise QuarantineError(path.name, "missing", "no such file", "check the path")
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.exists():
        doc = load_document(path, path.parent)
        return replace(doc, published=published) if published else doc
    if published is None:
        raise QuarantineError(
            path.name,
            "missing_sidecar",
            f"no metadata sidecar {sidecar.name}, so no publication date",
            "pass --published YYYY-MM-DD or add the sidecar",
        )
    try:
        data, media_type, text, encoding = read_text(path)
    except IngestProblem as problem:
        raise QuarantineError.from_problem(path.name, problem) from problem
    except Exception as exc:  # a bug of ours on one file is reported like any bad file; the others go on
        raise QuarantineError.from_problem(path.name, internal_error(exc)) from exc
    return Document(
        document_id=hashlib.sha256(data).hexdigest(),
        file=path.name,
        text=text,
        title=path.stem,
        publisher="",
        published=published,
        region="",
        doc_type="other",
        release_key=path.stem,
        media_type=media_type,
        encoding=encoding,
        size_bytes=len(data),
    )


def _catalog(disabled: bool):
    """The catalogs from the dbt seeds, or None (with a warning) when they cannot be read."""
    if disabled:
        return None
    from mfgstats.catalog import CatalogError, load_catalog

    try:
        return load_catalog()
    except CatalogError as exc:
        print(f"mfgstats extract: catalogs not used: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:  # `mfgstats extract … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    catalog = _catalog(args.no_catalog)
    failures = 0
    # A bar on the terminal while the facts go to a file or a pipe; never mixed into the facts themselves.
    quiet = len(args.files) < 2 or sys.stdout.isatty() or not sys.stderr.isatty()
    for path in tqdm(args.files, desc="extracting", unit=" files", file=sys.stderr, disable=quiet, leave=False):
        try:
            document = load(path, args.published)
        except QuarantineError as exc:
            print(f"mfgstats extract: {exc}", file=sys.stderr)
            failures += 1
            continue
        facts = extract(document, catalog)
        if args.format == "jsonl":
            for fact in facts:
                sys.stdout.write(json.dumps(fact.json(), ensure_ascii=False) + "\n")
        else:
            _print_table(document, facts)
    return 1 if failures else 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text.replace("\n", " "):
        w = _width(ch)
        if used + w > width:
            break
        out += ch
        used += w
    return out + " " * (width - used)


def _row(fact: Fact) -> list[str]:
    period = f"{fact.period_start}..{fact.period_end}" if fact.period_start else ""
    value = f"{fact.value:g}" + (f"–{fact.value_high:g}" if fact.value_high is not None else "")
    return [
        f"{fact.start}-{fact.end}",
        fact.text,
        value,
        fact.unit,
        fact.comparator,
        fact.measure,
        fact.status,
        period,
        fact.subject or "",
    ]


def _print_table(document: Document, facts: list[Fact]) -> None:
    print(f"# {document.file}  published {document.published}  {len(facts)} facts")
    print("  ".join(_cell(name, width) for name, width in TABLE_COLUMNS).rstrip())
    for fact in facts:
        cells = _row(fact)
        print("  ".join(_cell(c, w) for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True)).rstrip())
