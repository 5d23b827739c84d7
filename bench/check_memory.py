"""The quality checks of a warehouse as a run does them: wall, CPU and peak memory.

usage: .venv/bin/python bench/check_memory.py PATH/mfgstats.duckdb [--scoped] [--rounds 1]

Checks the warehouse in a separate process as `mfgstats run` does after its build — every row (a complete build;
as `mfgstats check`), or with --scoped the rows the last incremental build wrote — in the checks' worker
processes, and samples the RSS of its whole process tree (bench/measure.py) and the CPU time of each process in
it (workers are forked from a fork server nobody waits for, so rusage misses them). The warehouse is only read;
keep its file name mfgstats.duckdb (its views name that catalog). The checks inside a whole `mfgstats run`: the
`checks` step of bench/incremental.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import _children, run

TICKS = os.sysconf("SC_CLK_TCK")


class TreeCpu(threading.Thread):
    """CPU seconds of every descendant of this process, each process's last reading kept after it exits."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.seen: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            tree, todo = _children(), list(_children().get(os.getpid(), ()))
            while todo:
                pid = todo.pop()
                todo.extend(tree.get(pid, ()))
                try:
                    stat = Path(f"/proc/{pid}/stat").read_text()
                except OSError:
                    continue
                fields = stat[stat.rindex(")") + 2 :].split()
                self.seen[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime

    def seconds(self) -> float:
        self.done.set()
        self.join()
        return sum(self.seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--scoped", action="store_true", help="only the rows the last incremental build wrote")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # the measured process
    args = parser.parse_args()
    if args.child:
        from mfgstats.quality import check_warehouse, tally

        counts = tally(check_warehouse(args.db, scoped=args.scoped))
        print(f"checked {args.db}: {counts['passed']} passed, {counts['warned']} warned, {counts['failed']} failed")
        return
    command = [sys.executable, __file__, str(args.db), "--child"] + (["--scoped"] if args.scoped else [])
    for i in range(args.rounds):
        load = os.getloadavg()[0]
        cpu = TreeCpu()
        cpu.start()
        m = run(command)
        summary = next((line.strip() for line in m.output.splitlines() if "passed" in line), "")
        seconds = cpu.seconds()
        print(
            f"round {i + 1}: {m.wall_s:.1f} s wall, {seconds:.1f} s CPU, peak {m.peak_rss_mb:,.0f} MB for the tree "
            f"({m.largest_processes()}); load {load:.1f}; exit {m.returncode}; {summary}"
        )


if __name__ == "__main__":
    main()
