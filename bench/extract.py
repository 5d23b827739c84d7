"""Throughput of extract() on the seed documents, against a bare regex scan of the same text in the same run.

usage: .venv/bin/python bench/extract.py [--mb 3] [--repeat 3] [--no-catalog]

The seeds are concatenated and repeated to about --mb million characters, then extracted as one document (and,
separately, document by document, as the pipeline calls it). Two baselines run on the same text in the same run:
the bare scan (one precompiled regex for an Arabic number and a unit: the floor any extractor pays) and the
extractor's own mention regex run alone (its scan without any of the rules). Prints chars/s of CPU time (one
core; the machine may be shared, so wall-clock time is shown beside it) and the ratios.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import replace

from mfgstats.catalog import load_catalog
from mfgstats.config import settings
from mfgstats.extract import extract
from mfgstats.extract.scanner import MASTER_RE
from mfgstats.ingest import discover, load_document

BARE_SCAN = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?\s*(?:%|％|个百分点|万亿元|亿元|万元|元|万吨|吨|家|个|项|件|台|人)")


def best_of(repeat: int, fn) -> tuple[float, float, object]:
    """Best CPU seconds, best wall seconds and the result of fn over `repeat` runs."""
    cpu = wall = float("inf")
    result = None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="million characters to extract (default 3)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--no-catalog", action="store_true", help="measure without catalog linking")
    args = parser.parse_args()

    raw = settings().raw_dir
    docs = [load_document(p, raw) for p in discover(raw)]
    seed_chars = sum(len(d.text) for d in docs)
    copies = max(1, round(args.mb * 1e6 / seed_chars))
    big = replace(docs[0], text="\n\n".join(d.text for d in docs * copies), file="bench.txt")
    n = len(big.text)
    catalog = None if args.no_catalog else load_catalog()

    bare_cpu, bare_wall, bare_hits = best_of(args.repeat, lambda: sum(1 for _ in BARE_SCAN.finditer(big.text)))
    own_cpu, own_wall, own_hits = best_of(args.repeat, lambda: sum(1 for _ in MASTER_RE.finditer(big.text)))
    one_cpu, one_wall, facts = best_of(args.repeat, lambda: extract(big, catalog))
    per_cpu, per_wall, _ = best_of(args.repeat, lambda: [extract(d, catalog) for d in docs * copies])

    def rate(seconds: float) -> str:
        return f"{n / seconds / 1e6:7.2f}"

    print(f"text: {n:,} chars ({len(docs)} seeds × {copies}), catalog linking: {'off' if catalog is None else 'on'}")
    print("                     M chars/s (cpu)  M chars/s (wall)")
    print(f"bare regex scan   :  {rate(bare_cpu)}          {rate(bare_wall)}     ({bare_hits:,} hits)")
    print(f"mention regex only:  {rate(own_cpu)}          {rate(own_wall)}     ({own_hits:,} hits)")
    print(f"extract, one doc  :  {rate(one_cpu)}          {rate(one_wall)}     ({len(facts):,} facts)")
    print(f"extract, per doc  :  {rate(per_cpu)}          {rate(per_wall)}")
    print(f"ratio extract/bare scan     (cpu): 1/{one_cpu / bare_cpu:.1f} one doc, 1/{per_cpu / bare_cpu:.1f} per doc")
    print(f"ratio extract/mention regex (cpu): 1/{one_cpu / own_cpu:.1f} one doc, 1/{per_cpu / own_cpu:.1f} per doc")
    # the targets of issue 4, judged on the slower of the two ways of calling the extractor
    slowest = max(one_cpu, per_cpu)
    speed, ratio = n / slowest / 1e6, slowest / bare_cpu
    print(f"target >= 1 M chars/s on one core      : {'met' if speed >= 1 else 'NOT met'} ({speed:.2f})")
    print(f"target >= 1/15 of the bare regex scan  : {'met' if ratio <= 15 else 'NOT met'} (1/{ratio:.1f})")


if __name__ == "__main__":
    main()
