"""One new release into an existing deployment: time until the published marts include it, per corpus size.

usage: .venv/bin/python bench/incremental.py [--sizes 1000 10000] [--work DIR] [--releases N] [--batch K]

Reuses the deployments bench/cold_build.py left in --work (builds a missing one first), adds release number N
(the next one of the corpus's fixed order) to the raw directory and runs `mfgstats run` again; with --batch K,
K new releases arrive before the run (a day's releases at once). Prints wall
time, what dominated (Dagster steps: ingest, extract, dbt, checks, publish) and the ratio between sizes
(1.0 = flat in corpus size). Target: ≤ 15 s at 10,000 documents.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cold_build import DEFAULT_WORK, cold_build
from scenario import Scenario, phases


def one_more(size: int, work: Path, batch: int = 1) -> dict:
    scenario = Scenario(work / f"n{size}")
    if not scenario.database.exists():
        cold_build(size, work)
    documents = scenario.count("SELECT count(DISTINCT document_id) FROM raw.documents")
    before = scenario.count("SELECT count(*) FROM fct_observation")
    scenario.add_releases(start=documents, n=batch)
    started = time.time()
    m = scenario.run_pipeline()
    new = scenario.count("SELECT count(*) FROM fct_observation") - before  # the new release's observations
    ingested = re.search(r"ingesting (\d+) of", m.output)
    if ingested and int(ingested.group(1)) != batch:  # another extractor version re-extracts every file
        print(f"WARNING: {ingested.group(1)} files were ingested, not {batch}: the code changed since the last run")
    build = re.search(r"dbt build +: (\w+) \((.*?)\): dbt", m.output)
    if build and build.group(1) == "complete":  # e.g. the first run after a dbt project change: run it again
        print(f"NOTE: n={documents} built completely ({build.group(2)}), not incrementally")
    return {
        "size": documents,
        "batch": batch,
        "wall": m.wall_s,
        "cpu": m.cpu_s,
        "rss": m.peak_rss_mb,
        "largest": m.largest_processes(),
        "ok": m.ok,
        "build": build.group(1) if build else "?",
        "observations": new,
        "phases": phases(scenario.root / "dagster_home", since=started),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--releases", type=int, default=1, help="runs per size, each with new releases (default 1)")
    parser.add_argument("--batch", type=int, default=1, help="new releases before each run (default 1)")
    args = parser.parse_args()
    rows = [one_more(size, args.work, args.batch) for size in sorted(args.sizes) for _ in range(args.releases)]
    print(f"new releases per run: {args.batch}")
    print(f"{'docs':>6} {'wall s':>7} {'cpu s':>7} {'RSS MB':>7} {'ratio':>6} {'new rows':>8} {'dbt build':>11} ok")
    for r in rows:
        ratio = r["wall"] / rows[0]["wall"]
        print(
            f"{r['size']:>6} {r['wall']:>7.1f} {r['cpu']:>7.1f} {r['rss']:>7.0f} {ratio:>6.2f} "
            f"{r['observations']:>8} {r['build']:>11} {r['ok']}"
        )
    for step in sorted({k for r in rows for k in r["phases"]}):
        print(f"  {step:32s} " + " ".join(f"{r['phases'].get(step, 0):7.1f}" for r in rows))
    for r in rows:
        print(f"peak RSS per process at n={r['size']}: {r['largest']}")


if __name__ == "__main__":
    main()
