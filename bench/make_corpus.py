"""Write N synthetic releases (with sidecars) and the facts each one states.

usage: .venv/bin/python bench/make_corpus.py N [--out DIR] [--start K]

DIR/raw/<year>/<file>        the releases: bulletins, monthly reports, articles, plans (txt) and tables (csv),
DIR/raw/...<file>.meta.yaml  their sidecars,
DIR/truth.jsonl              one line per stated fact: file, start, end, text, value, unit, form, status, period.

Releases cover every publishing region of dbt_project/seeds/regions.csv and the years 2006–2026, with the number
forms of the seeds: 万/亿 (1.8万家, 1.23万亿元), ranges (15%—20%), enumerations (分别增长9.2%、7.5%和12.3%),
targets (到2025年…达到…以上), shares, 百分点 gaps, 下降 and comparators (突破, 约). The order is fixed: the corpus of
N + 1 is the corpus of N plus one release, and `--start K` writes releases K … K+N-1 only (appending to the
truth file), which is how a benchmark adds "one new release" to an existing corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus.schedule import releases
from corpus.world import load_regions

from mfgstats.config import settings


def write_corpus(n: int, out: Path, start: int = 0) -> tuple[int, int]:
    """Write releases start … start+n-1 under out/raw and their facts to out/truth.jsonl.
    Returns (documents written, facts stated)."""
    raw = out / "raw"
    regions = load_regions(settings().seeds_dir)
    facts_written = 0
    out.mkdir(parents=True, exist_ok=True)
    with (out / "truth.jsonl").open("a" if start else "w", encoding="utf-8") as truth:
        for release in islice(releases(regions), start, start + n):
            text, facts, sidecar = release.render()
            path = raw / release.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            path.with_name(path.name + ".meta.yaml").write_text(
                yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            for fact in facts:
                assert text[fact.start : fact.end] == fact.text, (release.file, fact)
                truth.write(json.dumps(fact.json(), ensure_ascii=False) + "\n")
            facts_written += len(facts)
    return n, facts_written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of releases")
    parser.add_argument("--out", type=Path, default=Path("bench/out/corpus"), help="output directory")
    parser.add_argument("--start", type=int, default=0, help="skip the first K releases of the fixed order")
    args = parser.parse_args()
    docs, facts = write_corpus(args.n, args.out, args.start)
    print(f"wrote {docs} releases with {facts} stated facts to {args.out}/raw (truth: {args.out}/truth.jsonl)")


if __name__ == "__main__":
    main()
