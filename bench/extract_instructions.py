"""Instructions the extractor executes on the seeds, counted by valgrind: a speed measure the load of a shared
machine does not move.

usage: .venv/bin/python bench/extract_instructions.py [--rounds 3] [DIR ...]

For each source tree (a `git archive` snapshot, or this tree when none is given) it runs, under
`valgrind --tool=cachegrind --cache-sim=no`, a process that loads the catalog and extracts the seeds `--rounds`
times (all seeds as one document twice over, then each seed alone), and the same process with no rounds; the
difference is the extraction's instructions. With two trees it prints the ratio second/first. Each count takes a
minute or two: valgrind runs the interpreter some 50 times slower.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()


def workload(rounds: int) -> None:
    from dataclasses import replace

    from mfgstats.catalog import load_catalog
    from mfgstats.config import settings
    from mfgstats.extract import extract
    from mfgstats.ingest import discover, load_document

    raw = settings().raw_dir
    docs = [load_document(p, raw) for p in discover(raw)]
    catalog = load_catalog()
    extract(docs[0], catalog)  # compiled patterns and built scanners are not the extraction's
    both = replace(docs[0], text="\n\n".join(d.text for d in docs * 2), file="bench.txt")
    for _ in range(rounds):
        extract(both, catalog)
        for doc in docs:
            extract(doc, catalog)


def instructions(tree: Path, rounds: int) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    command += [sys.executable, str(HERE), "--workload", str(rounds)]
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    run = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or found is None:
        sys.exit(f"valgrind on {tree} failed (is valgrind installed?):\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, help="source trees to compare (default: this one)")
    parser.add_argument("--rounds", type=int, default=3, help="extractions of the seeds counted (default 3)")
    parser.add_argument("--workload", type=int, help=argparse.SUPPRESS)  # the process valgrind runs
    args = parser.parse_args()
    if args.workload is not None:
        workload(args.workload)
        return
    counts = []
    for tree in args.trees or [HERE.parent.parent]:
        count = instructions(tree, args.rounds) - instructions(tree, 0)
        counts.append(count)
        print(f"{tree}: {count / 1e6:,.1f} M instructions for {args.rounds} rounds of the seeds")
    if len(counts) == 2:
        print(f"ratio second/first: {counts[1] / counts[0]:.3f}")


if __name__ == "__main__":
    main()
