"""stop_group: a server's whole process group stops, escalating past signals its members ignore."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

from mfgstats.serve.processes import group_members, stop_group

# A parent with two children, all in one new session; each ignores the signals named on the command line.
TREE = textwrap.dedent(
    """
    import signal, subprocess, sys, time
    for name in sys.argv[1:]:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    child = [sys.executable, "-c", "import signal, sys, time\\n"
             "for n in sys.argv[1:]: signal.signal(getattr(signal, n), signal.SIG_IGN)\\n"
             "time.sleep(600)", *sys.argv[1:]]
    kids = [subprocess.Popen(child) for _ in range(2)]
    print("ready", flush=True)
    time.sleep(600)
    """
)

FAST = ((signal.SIGINT, 2.0), (signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0))


@pytest.mark.parametrize("ignored", [[], ["SIGINT"], ["SIGINT", "SIGTERM"]])
def test_the_whole_group_stops(ignored):
    proc = subprocess.Popen(
        [sys.executable, "-c", TREE, *ignored], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert len(group_members(proc.pid)) == 3
        assert stop_group(proc.pid, FAST) == []
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_zombies_do_not_count_as_members():
    proc = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    for _ in range(200):  # until it has exited, unreaped
        if not group_members(proc.pid):
            break
        time.sleep(0.05)
    assert group_members(proc.pid) == []
    proc.wait()


def test_an_empty_group_needs_no_signal():
    assert stop_group(2**22 + 12345) == []  # no such group
