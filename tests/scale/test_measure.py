"""bench/measure.py counts the memory of the whole process tree, not just the process it started."""

from __future__ import annotations

import sys

from measure import run

# The child starts a grandchild that holds ~300 MB for a moment; the child itself stays small.
GRANDCHILD = "import time; b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
CHILD = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {GRANDCHILD!r}], check=True)"


def test_peak_rss_includes_grandchildren():
    m = run([sys.executable, "-c", CHILD], every=0.1)
    assert m.ok
    assert m.peak_rss_mb >= 300
    # each process's own peak: the grandchild held the memory, the child did not
    peaks = sorted(m.peak_by_process.values(), reverse=True)
    assert len(peaks) >= 2 and peaks[0] >= 300 > max(peaks[1:])
    assert all(name.endswith(" python -c") for name in m.peak_by_process)
    assert m.cpu_s > 0 and m.wall_s >= 1.5


def test_failure_is_reported_with_its_output():
    m = run([sys.executable, "-c", "import sys; print('bad input'); sys.exit(3)"])
    assert (m.ok, m.returncode) == (False, 3)
    assert "bad input" in m.output
