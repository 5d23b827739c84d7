"""Extraction of a large batch in one process against worker processes, side by side on the same documents.

usage: .venv/bin/python bench/extract_workers.py [--size 10000] [--workers 1 2] [--rounds 1] [--work DIR]

Writes the corpus and ingests it once, then, for each round and each worker count in turn, extracts every
document into a fresh copy of the ingested warehouse (mfgstats.pipeline.extract_pending(workers=N)). Prints wall
seconds, CPU seconds of this process and its workers, documents per second and the wall ratio to the first worker
count, and checks that every run stored the same facts.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus

from mfgstats import pipeline
from mfgstats.ingest import discover

DEFAULT_WORK = Path("/tmp/mfgstats-bench-extract-workers")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    write_corpus(args.size, args.work)
    raw, ingested = args.work / "raw", args.work / "ingested.duckdb"
    keys = [p.relative_to(raw).as_posix() for p in discover(raw)]
    with duckdb.connect(str(ingested)) as con:
        pipeline.ingest(con, raw, keys)
    results: dict[int, list[tuple[float, float]]] = {n: [] for n in args.workers}
    stored: dict[int, int] = {}
    for _ in range(args.rounds):
        for n in args.workers:
            db = args.work / f"w{n}.duckdb"
            shutil.copy(ingested, db)
            with duckdb.connect(str(db)) as con:
                wall, cpu = time.perf_counter(), cpu_seconds()
                report = pipeline.extract_pending(con, keys, workers=n)
                wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
                digest = con.execute("SELECT count(*), sum(hash(COLUMNS(*))) FROM raw.facts").fetchall()
            if report.failed:
                print(f"WARNING: {len(report.failed)} documents failed with {n} workers: {report.failed[:3]}")
            stored.setdefault(n, hash(tuple(digest)))
            results[n].append((wall, cpu))
            print(f"workers={n}: {report.documents} documents, {report.facts} facts, {wall:.1f} s", flush=True)
    same = len(set(stored.values())) == 1
    print(f"{args.size} documents, {args.rounds} round(s); facts identical across worker counts: {same}")
    print(f"{'workers':>7} {'wall s':>7} {'cpu s':>7} {'docs/s':>7} {'wall ratio':>10}")
    base = statistics.median(w for w, _ in results[args.workers[0]])
    for n in args.workers:
        wall = statistics.median(w for w, _ in results[n])
        cpu = statistics.median(c for _, c in results[n])
        print(f"{n:>7} {wall:>7.1f} {cpu:>7.1f} {args.size / wall:>7.0f} {wall / base:>10.2f}")


if __name__ == "__main__":
    main()
