"""What the speed-ups resting on private internals buy (mfgstats.orchestration.private_speedups): one new release
per run into one deployment, alternating runs with MFGSTATS_PRIVATE_SPEEDUPS on and off, so both see the same
machine load; prints each run, the median wall and CPU time of each and their ratios.

usage: .venv/bin/python bench/private_speedups.py [--size 1000] [--rounds 5] [--work DIR]

Reuses (or builds) the deployment of bench/cold_build.py for --size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cold_build import DEFAULT_WORK, cold_build
from measure import run
from scenario import VENV_BIN, Scenario, phases

SWITCH = "MFGSTATS_PRIVATE_SPEEDUPS"


def one_release(scenario: Scenario, on: bool) -> dict:
    documents = scenario.count("SELECT count(DISTINCT document_id) FROM raw.documents")
    scenario.add_releases(start=documents)
    started = time.time()
    m = run([str(VENV_BIN / "mfgstats"), "run"], env={**scenario.env(), SWITCH: "1" if on else "0"}, cwd=scenario.root)
    if not m.ok:
        print(f"WARNING: the run failed:\n{m.output[-1500:]}", flush=True)
    steps = phases(scenario.root / "dagster_home", since=started)
    return {"on": on, "wall": m.wall_s, "cpu": m.cpu_s, "ok": m.ok, "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    scenario = Scenario(args.work / f"n{args.size}")
    if not scenario.database.exists():
        cold_build(args.size, args.work)
    os.environ.pop(SWITCH, None)
    rows = []
    for i in range(args.rounds):
        for on in (i % 2 == 0, i % 2 == 1):  # alternate which goes first
            rows.append(one_release(scenario, on))
            r = rows[-1]
            jobs = " ".join(f"{k.removeprefix('job ')}={v:.1f}" for k, v in sorted(r["steps"].items()) if "job" in k)
            print(
                f"speed-ups {'on ' if on else 'off'}  wall {r['wall']:6.1f} s  cpu {r['cpu']:6.1f} s  {jobs}",
                flush=True,
            )
    for measure in ("wall", "cpu"):  # CPU (the run's whole process tree) varies less than wall on a shared machine
        on = [r[measure] for r in rows if r["on"] and r["ok"]]
        off = [r[measure] for r in rows if not r["on"] and r["ok"]]
        if on and off:
            on_s, off_s = statistics.median(on), statistics.median(off)
            print(
                f"median {measure}: on {on_s:.1f} s, off {off_s:.1f} s, off/on {off_s / on_s:.2f} "
                f"({len(on)} + {len(off)} runs)"
            )


if __name__ == "__main__":
    main()
