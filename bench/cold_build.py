"""Cold builds through the real pipeline (`mfgstats run` in a fresh deployment) at several corpus sizes.

usage: .venv/bin/python bench/cold_build.py [--sizes 1000 5000 10000] [--work DIR] [--corpus DIR]

For each size: write the corpus, run `mfgstats run` as a separate process with its own raw directory, warehouse
and Dagster home, then print wall and CPU time, peak RSS of the whole process tree, facts per second, the time
per document relative to the smallest size (1.00 everywhere = linear), where the time went (Dagster steps) and
the recall of the published warehouse against the corpus's stated facts. The deployments stay in --work, so
bench/incremental.py and bench/queries.py can reuse them. `--corpus DIR` (one size only) copies the corpus
DIR holds (raw/ and truth.jsonl, as bench/make_corpus.py writes it) instead of writing it: writing 100,000
releases takes longer than copying them. Targets: 10,000 documents ≤ 300 s, ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recall import read_facts, read_truth, score
from scenario import Scenario, phases

DEFAULT_WORK = Path("/tmp/mfgstats-bench")


def cold_build(size: int, work: Path, corpus: Path | None = None) -> dict:
    if corpus is None:
        scenario = Scenario.fresh(work / f"n{size}", size)
    else:
        scenario = Scenario(work / f"n{size}")
        shutil.rmtree(scenario.root, ignore_errors=True)
        shutil.copytree(corpus / "raw", scenario.raw, symlinks=True)
        shutil.copy2(corpus / "truth.jsonl", scenario.truth)
    started = time.time()
    m = scenario.run_pipeline()
    if not m.ok:  # still worth the numbers (a failed check blocks publishing), but say so loudly
        print(f"WARNING: `mfgstats run` failed on {size} documents:\n{m.output[-1500:]}", flush=True)
    facts = scenario.count("SELECT count(*) FROM raw.facts")
    result = score(read_facts(scenario.database), read_truth(scenario.truth))
    return {
        "size": size,
        "wall": m.wall_s,
        "cpu": m.cpu_s,
        "rss": m.peak_rss_mb,
        "largest": m.largest_processes(),
        "facts": facts,
        "recall": result.recall,
        "observations": scenario.count("SELECT count(*) FROM fct_observation"),
        "published_mb": scenario.database.stat().st_size / 2**20,
        "published": m.ok,
        "phases": phases(scenario.root / "dagster_home", since=started),
    }


def report(rows: list[dict]) -> list[str]:
    base = rows[0]["wall"] / rows[0]["size"]
    lines = [
        f"{'docs':>6} {'wall s':>8} {'cpu s':>8} {'peak RSS MB':>11} {'facts':>8} {'facts/s':>8} "
        f"{'ms/doc':>7} {'ratio':>6} {'recall':>7} {'published MB':>12}"
    ]
    for r in rows:
        per_doc = r["wall"] / r["size"]
        lines.append(
            f"{r['size']:>6} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['rss']:>11.0f} {r['facts']:>8} "
            f"{r['facts'] / r['wall']:>8.0f} {per_doc * 1000:>7.1f} {per_doc / base:>6.2f} {r['recall']:>7.2%} "
            f"{r['published_mb']:>12.1f}" + ("" if r["published"] else "  (run FAILED, build file measured)")
        )
    for r in rows:
        lines.append(f"peak RSS per process at n={r['size']}: {r['largest']}")
    lines.append("where the time went (s): " + ", ".join(f"n={r['size']}" for r in rows))
    for step in sorted({k for r in rows for k in r["phases"]}):
        lines.append(f"  {step:32s} " + " ".join(f"{r['phases'].get(step, 0):8.1f}" for r in rows))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"deployments go here (default {DEFAULT_WORK})")
    parser.add_argument("--corpus", type=Path, help="copy this corpus (raw/, truth.jsonl) instead of writing one")
    args = parser.parse_args()
    if args.corpus and len(args.sizes) != 1:
        parser.error("--corpus holds one corpus: give one size")
    rows = []
    for size in sorted(args.sizes):
        rows.append(cold_build(size, args.work, args.corpus))
        print(f"built {size} documents in {rows[-1]['wall']:.1f} s", flush=True)
    print("\n".join(report(rows)))


if __name__ == "__main__":
    main()
