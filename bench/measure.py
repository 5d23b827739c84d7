"""Run a command and measure it: wall time, CPU time of it and its children, and the peak resident memory of its
whole process tree (sampled from /proc, since a pipeline run spawns dbt processes whose memory adds up)."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measurement:
    wall_s: float
    cpu_s: float  # user + system of the command and every child it waited for
    peak_rss_mb: float  # largest sum of RSS over the process tree seen while it ran
    returncode: int
    output: str
    peak_by_process: dict[str, float] = field(default_factory=dict)  # "<pid> <command>" → its own peak RSS in MB

    def largest_processes(self, n: int = 3) -> str:
        top = sorted(self.peak_by_process.items(), key=lambda kv: -kv[1])[:n]
        return ", ".join(f"{name} {mb:.0f} MB" for name, mb in top)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_bytes(root: int, per_process: dict[str, float] | None = None) -> int:
    """RSS of `root` and all its descendants; `per_process` collects each process's own peak (MB)."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        if per_process is not None and rss:  # (a process exiting shows 0)
            name = f"{pid} {_command(pid)}"
            per_process[name] = max(per_process.get(name, 0.0), rss / 2**20)
    return total


def _command(pid: int) -> str:
    """The program's name: the script for Python programs (mfgstats, dbt), else the executable."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if not words:
        return "?"
    program = Path(words[0]).name
    if program.startswith("python") and len(words) > 1:
        return "python -c" if words[1] == "-c" else Path(words[1]).name
    return program


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, every: float = 0.2) -> Measurement:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8"
    )
    peak = 0
    per_process: dict[str, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_bytes(proc.pid, per_process))
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0]
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(wall, cpu, peak / 2**20, proc.returncode, output, per_process)
