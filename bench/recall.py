"""Did the pipeline find every fact the synthetic corpus states? Recall of raw.facts against truth.jsonl.

usage: .venv/bin/python bench/recall.py WAREHOUSE.duckdb TRUTH.jsonl [-v]

A stated fact counts as found when a fact of the same file overlaps its span and its value agrees after unit
normalisation (1.8万家 = 18000家; magnitudes compared, since 下降3.2% is value 3.2 with direction down) — the
rule of tests/extract/gold/score.py. Facts that overlap no stated fact are counted as unexpected (a rough
precision signal: the corpus's filler prose states nothing).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from mfgstats.catalog import load_catalog


@dataclass
class Recall:
    stated: int = 0
    found: int = 0
    predicted: int = 0
    unexpected: int = 0
    by_form: dict[str, list[int]] = field(default_factory=dict)  # form → [found, stated]
    period_agrees: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.stated if self.stated else 1.0

    def lines(self) -> list[str]:
        out = [
            f"recall {self.recall:.2%} ({self.found} of {self.stated} stated facts found); "
            f"{self.unexpected} of {self.predicted} extracted facts overlap no stated fact; "
            f"period agrees on {self.period_agrees / max(self.found, 1):.1%} of the found"
        ]
        for form, (found, stated) in sorted(self.by_form.items()):
            out.append(f"  {form:12s} {found / stated:7.2%}  ({found}/{stated})")
        return out


def _base(value: float | None, unit: str | None, factors: dict[str, float]) -> float | None:
    if value is None:
        return None
    return abs(value) * factors.get(unit or "", 1.0)


def _agrees(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def score(predicted: list[dict], stated: list[dict]) -> Recall:
    catalog = load_catalog()
    factors = {u.unit: u.factor_to_base for u in catalog.units.values()}
    by_file: dict[str, list[dict]] = defaultdict(list)
    for p in predicted:
        by_file[p["file"]].append(p)
    result = Recall(stated=len(stated), predicted=len(predicted))
    forms: Counter = Counter()
    found_forms: Counter = Counter()
    covered: set[int] = set()
    for s in stated:
        forms[s["form"]] += 1
        want = _base(s["value"], s["unit"], factors)
        hit = None
        for p in by_file.get(s["file"], ()):
            if p["start"] < s["end"] and s["start"] < p["end"]:
                covered.add(id(p))
                if hit is None and _agrees(_base(p["value"], p["unit"], factors), want):
                    hit = p
        if hit is None:
            result.misses.append(s)
            continue
        result.found += 1
        found_forms[s["form"]] += 1
        if str(hit.get("period_start")) == str(s["period_start"]) and str(hit.get("period_end")) == str(
            s["period_end"]
        ):
            result.period_agrees += 1
    result.unexpected = sum(1 for p in predicted if id(p) not in covered)
    result.by_form = {f: [found_forms[f], n] for f, n in forms.items()}
    return result


def read_truth(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def read_facts(db: Path) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute('SELECT file, "start", "end", value, unit, period_start, period_end FROM raw.facts')
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a build or published warehouse with raw.facts")
    parser.add_argument("truth", type=Path, help="truth.jsonl written by bench/make_corpus.py")
    parser.add_argument("-v", "--verbose", action="store_true", help="list up to 30 misses")
    args = parser.parse_args()
    result = score(read_facts(args.db), read_truth(args.truth))
    print("\n".join(result.lines()))
    if args.verbose:
        for miss in result.misses[:30]:
            print(f"  missed {miss['file']} {miss['start']}-{miss['end']} {miss['text']!r} ({miss['form']})")


if __name__ == "__main__":
    main()
