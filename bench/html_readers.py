"""HTML readers side by side: how much of the article and its tables each keeps, how much boilerplate leaks in,
and what the extractor finds in the result.

usage: .venv/bin/python bench/html_readers.py [--corpus bench/real] [--pages bench/out/html_pages] [-v]

Pages come from bench/html_pages.py (written first if the folder is empty): the corpus texts in four page
layouts. Per reader, over all pages:

- body: share of the article's characters (paragraphs and table cells, whitespace ignored) that the output keeps
  in order (difflib alignment);
- noise: share of the output's characters that are not the article's (boilerplate that leaked in);
- cells: share of the table cells found on one output line together with the other cells of their row, in order
  (a table the extractor can read row by row);
- facts: the extractor (with the catalogs and a document dated and placed as the manifest says) on the output,
  against the corpus annotations matched by value and unit (offsets of the plain text do not map into the output):
  recall, precision (every fact the output yields is judged) and the share of matched facts with the annotated
  period. The row "plain text" is the extractor on the corpus text itself: the ceiling of any reader.

Then the repository's own HTML fixtures (tests/ingest): what each reader keeps of them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "ingest")]

from html_pages import DEFAULT_CORPUS, DEFAULT_OUT, write_pages  # noqa: E402
from score_real import DOC_TYPE, Units, read_manifest  # noqa: E402

WHITESPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


# ---------------------------------------------------------------- readers


def read_ingestion(markup: str) -> str:
    from mfgstats.ingest.html import html_text

    return html_text(markup)


def read_heuristics(markup: str) -> str:
    """Ingestion's reader without readability: its own heuristics alone, as it read pages before."""
    from unittest import mock

    from mfgstats.ingest.html import html_text

    with mock.patch("mfgstats.ingest.html.article_elements", return_value=None):
        return html_text(markup)


def read_trafilatura(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_tables=True, include_comments=False) or ""


def read_trafilatura_rendered(markup: str) -> str:
    """trafilatura chooses the article; its HTML is rendered as ingestion renders pages (TSV table rows)."""
    import trafilatura

    from mfgstats.ingest.html import html_text

    kept = trafilatura.extract(markup, include_tables=True, include_comments=False, output_format="html")
    return html_text(kept) if kept else ""


def read_readability(markup: str) -> str:
    """readability-lxml chooses the article; its HTML is rendered as ingestion renders pages."""
    from readability import Document

    from mfgstats.ingest.html import html_text

    return html_text(Document(markup).summary(html_partial=True))


def read_justext(markup: str) -> str:
    """jusText without a stop list (it has none for Chinese): paragraphs judged by length and link density."""
    import justext

    paragraphs = justext.justext(
        markup.encode("utf-8"), frozenset(), encoding="utf-8", stopwords_low=0, stopwords_high=0
    )
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def read_raw(markup: str) -> str:
    """The markup itself, as `mfgstats extract page.html` read a page without a sidecar before."""
    return markup


# Readers for comparison only, not dependencies of the project (docs/extraction.md says how to install them).
OPTIONAL = {"trafilatura": "trafilatura", "trafilatura+render": "trafilatura", "justext": "justext"}

READERS: dict[str, Callable[[str], str]] = {
    "heuristics (before)": read_heuristics,
    "mfgstats (ingestion)": read_ingestion,
    "trafilatura": read_trafilatura,
    "trafilatura+render": read_trafilatura_rendered,
    "readability+render": read_readability,
    "justext": read_justext,
    "raw markup": read_raw,
}


# ---------------------------------------------------------------- measures


@dataclass
class Tally:
    article: int = 0
    kept: int = 0
    output: int = 0
    leaked: int = 0
    cells: int = 0
    cells_kept: int = 0
    gold: int = 0
    found: int = 0
    period_ok: int = 0
    emitted: int = 0
    right: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def body_overlap(article: str, output: str) -> int:
    """Characters of the article (whitespace removed) found in order in the output (whitespace removed)."""
    matcher = SequenceMatcher(None, _squeeze(article), _squeeze(output), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def cells_in_rows(tables: list[list[list[str]]], output: str) -> tuple[int, int]:
    """(table cells, cells found in order on one output line with the rest of their row)."""
    lines = [_squeeze(line) for line in output.splitlines()]
    total = kept = 0
    for table in tables:
        for row in table:
            cells = [_squeeze(c) for c in row if _squeeze(c)]
            total += len(cells)
            kept += max((_in_order(cells, line) for line in lines), default=0)
    return total, kept


def _in_order(cells: list[str], line: str) -> int:
    at = found = 0
    for cell in cells:
        hit = line.find(cell, at)
        if hit >= 0:
            found += 1
            at = hit + len(cell)
    return found


def fact_match(gold: list[dict], got: list[dict], units: Units) -> tuple[int, int, int]:
    """(annotated facts found, of those with the annotated period, extracted facts matched): one to one by value and
    unit family, preferring an extracted fact with the same period."""
    free = [(units.base(float(p["value"]), p.get("unit")), p) for p in got]
    used: set[int] = set()
    found = period_ok = 0
    for g in gold:
        want = units.base(float(g["value"]), g["unit"])
        period = (str(g["period_start"]), str(g["period_end"]))
        candidates = [i for i, (b, _) in enumerate(free) if i not in used and _same(b, want)]
        if not candidates:
            continue
        same_period = [
            i for i in candidates if (str(free[i][1]["period_start"]), str(free[i][1]["period_end"])) == period
        ]
        pick = (same_period or candidates)[0]
        used.add(pick)
        found += 1
        period_ok += bool(same_period)
    return found, period_ok, len(used)


def _same(a: tuple[str, float], b: tuple[str, float]) -> bool:
    return a[0] == b[0] and abs(a[1] - b[1]) <= 1e-6 * max(abs(a[1]), abs(b[1]), 1.0)


def facts_of(text: str, entry, catalog) -> list[dict]:
    from mfgstats.extract import extract
    from mfgstats.records import Document

    document = Document(
        document_id=entry.id,
        file=f"{entry.id}.html",
        text=text,
        title=entry.title,
        publisher=entry.publisher,
        published=date.fromisoformat(entry.published),
        region=entry.region,
        doc_type=DOC_TYPE[entry.kind],
        release_key=entry.id,
    )
    return [fact.json() for fact in extract(document, catalog)]


def gold_facts(corpus: Path, entry_id: str) -> list[dict]:
    path = corpus / "annotations" / f"{entry_id}.jsonl"
    if not path.is_file():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[1:]  # the first line declares the annotated regions


def measure(reader: Callable[[str], str], markup: str, page: dict, entry, gold, catalog, units) -> Tally:
    tally = Tally()
    t0 = time.perf_counter()
    try:
        output = reader(markup)
    except Exception as exc:  # a reader that fails on a page scores nothing on it, and says so
        tally.failures.append(f"{page['id']}: {type(exc).__name__}: {exc}"[:160])
        output = ""
    tally.seconds = time.perf_counter() - t0
    article = "\n".join(page["article"] + ["\n".join("".join(r) for r in t) for t in page["tables"]])
    tally.article = len(_squeeze(article))
    tally.kept = body_overlap(article, output) if output else 0
    tally.output = len(_squeeze(output))
    tally.leaked = tally.output - (body_overlap(output, article) if output else 0)
    tally.cells, tally.cells_kept = cells_in_rows(page["tables"], output)
    try:
        got = facts_of(output, entry, catalog) if output.strip() else []
    except Exception as exc:  # an extractor bug on one output must not hide the other pages' figures
        tally.failures.append(f"{page['id']}: extract: {type(exc).__name__}: {exc}"[:160])
        got = []
    tally.gold = len(gold)
    tally.found, tally.period_ok, tally.right = fact_match(gold, got, units)
    tally.emitted = len(got)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.1f}" if whole else f"{'-':>6s}"


def report_line(name: str, t: Tally, pages: int) -> str:
    return (
        f"{name:20s} {_pct(t.kept, t.article)} {_pct(t.leaked, t.output)} {_pct(t.cells_kept, t.cells)}  "
        f"{_pct(t.found, t.gold)} {_pct(t.right, t.emitted)} {_pct(t.period_ok, t.found)}  "
        f"{t.emitted:6d} {1000 * t.seconds / max(pages, 1):8.1f}"
    )


def fixtures() -> list[tuple[str, str, list[str]]]:
    """(name, markup, texts the reader must keep) from the repository's HTML tests."""
    import hostile
    from test_formats import GOV_PAGE

    cases = [
        (
            "test_formats GOV_PAGE",
            GOV_PAGE,
            ["全年规模以上工业增加值比上年增长", "年末全市规上工业企业2015家", "规上工业营业收入\t亿元\t5230.6"],
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        raw, outside = Path(tmp, "raw"), Path(tmp, "outside")
        raw.mkdir()
        outside.mkdir()
        for case in hostile.CASES:
            if case.outcome != "loaded":
                continue
            key = case.build(raw, outside)
            if key.endswith(".html"):
                cases.append((f"hostile {case.name}", (raw / key).read_text(encoding="utf-8"), [case.says]))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=Path, default=DEFAULT_OUT)
    parser.add_argument("-v", "--verbose", action="store_true", help="per page and layout, and every failure")
    args = parser.parse_args()

    from mfgstats.catalog import load_catalog

    if not list(args.pages.glob("*.json")):
        write_pages(args.corpus, args.pages)
    entries = {e.id: e for e in read_manifest(args.corpus)}
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.pages.glob("*.json"))]
    pages = [p for p in pages if p["id"] in entries]
    if not pages:
        print(f"no pages: bench/real/texts holds none of the corpus texts ({args.corpus})", file=sys.stderr)
        return 1
    catalog = load_catalog()
    units = Units(catalog)
    for name, module in OPTIONAL.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name}: not installed, left out (pip install it beside the project to compare)")
            READERS.pop(name)

    totals = {name: Tally() for name in ["plain text", *READERS]}
    by_layout: dict[tuple[str, str], Tally] = {}
    for page in pages:
        entry = entries[page["id"]]
        gold = gold_facts(args.corpus, entry.id)
        markup = (args.pages / f"{page['id']}.html").read_text(encoding="utf-8")
        plain = (args.corpus / "texts" / f"{entry.id}.txt").read_text(encoding="utf-8")
        for name, reader in [("plain text", lambda _m, text=plain: text), *READERS.items()]:
            tally = measure(reader, markup, page, entry, gold, catalog, units)
            totals[name].add(tally)
            by_layout.setdefault((name, page["layout"]), Tally()).add(tally)
            if args.verbose:
                print(f"{page['id']} {page['layout']:12s} {report_line(name, tally, 1)}")

    layouts = sorted({p["layout"] for p in pages})
    header = (
        f"{'reader':20s} {'body%':>6s} {'noise%':>6s} {'cells%':>6s}  {'recall':>6s} {'prec':>6s} {'period':>6s}  "
        f"{'facts':>6s} {'ms/page':>8s}"
    )
    print(
        f"{len(pages)} pages ({', '.join(layouts)}); facts against {sum(t.gold for t in [totals['plain text']])} "
        "annotations, matched by value and unit"
    )
    print(header)
    for name, tally in totals.items():
        print(report_line(name, tally, len(pages)))
    print("\nby layout: body% / noise% / fact recall% / fact precision%")
    print(f"{'reader':20s} " + " ".join(f"{lay:>27s}" for lay in layouts))
    for name in totals:
        cols = []
        for lay in layouts:
            t = by_layout[(name, lay)]
            cell = f"{_pct(t.kept, t.article)}{_pct(t.leaked, t.output)}"
            cols.append((cell + f"{_pct(t.found, t.gold)}{_pct(t.right, t.emitted)}").rjust(27))
        print(f"{name:20s} " + " ".join(cols))
    for name, tally in totals.items():
        for failure in tally.failures[: None if args.verbose else 3]:
            print(f"  {name}: failed on {failure}")

    print("\nrepository fixtures (tests/ingest): texts kept / texts expected, ms")
    for label, markup, expected in fixtures():
        cells = []
        for name, reader in READERS.items():
            if name == "raw markup":
                continue
            t0 = time.perf_counter()
            try:
                output = reader(markup)
            except Exception as exc:
                output = f"<{type(exc).__name__}>"
            ms = 1000 * (time.perf_counter() - t0)
            kept = sum(_squeeze(e) in _squeeze(output) if "\t" not in e else e in output for e in expected)
            cells.append(f"{name}: {kept}/{len(expected)} {ms:.0f}ms")
        print(f"  {label:34s} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
