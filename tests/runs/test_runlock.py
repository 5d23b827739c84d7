"""The warehouse's run lock (mfgstats.warehouse.runlock) between real processes: it names its holder, a second
taker waits then gives up naming it, and a kill -9 of the holder frees it — unless a child that inherited the
descriptor (the warm dbt process) still runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from mfgstats.warehouse.runlock import RunLock, RunLocked, read_holder

HOLD = textwrap.dedent(
    """
    import os, subprocess, sys, time
    from mfgstats.warehouse.runlock import RunLock

    lock = RunLock(sys.argv[1])
    assert lock.try_acquire("test holder")
    lock.set_run("run-123")
    if sys.argv[2] == "child":  # a child that inherits the locked descriptor, as the warm dbt process does
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], pass_fds=[lock.fileno()])
        print(child.pid, flush=True)
    print("locked", flush=True)
    time.sleep(120)
    """
)


def _holder(warehouse, mode: str = "alone") -> tuple[subprocess.Popen, int | None]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse), mode], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline()) if mode == "child" else None
    assert proc.stdout.readline().strip() == "locked"
    return proc, child


def _wait_free(warehouse, timeout_s: float = 10) -> bool:
    deadline = time.monotonic() + timeout_s
    while read_holder(warehouse) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_second_taker_waits_names_the_holder_and_gives_up(tmp_path):
    assert read_holder(tmp_path) is None
    proc, _ = _holder(tmp_path)
    try:
        holder = read_holder(tmp_path)
        assert (holder.pid, holder.command, holder.run_id) == (proc.pid, "test holder", "run-123")
        told = []
        start = time.monotonic()
        with pytest.raises(RunLocked) as refused, RunLock(tmp_path) as lock:
            lock.acquire("second", timeout_s=1.0, waiting=told.append)
        assert time.monotonic() - start >= 1.0
        assert [h.pid for h in told] == [proc.pid]  # said once whom it waits for
        message = str(refused.value)
        assert f"run run-123 (test holder, pid {proc.pid}" in message and "is being built by" in message
    finally:
        proc.kill()
        proc.wait()


def test_kill_9_of_the_holder_frees_the_lock_at_once(tmp_path):
    proc, _ = _holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _wait_free(tmp_path)
    with RunLock(tmp_path) as lock:
        lock.acquire("next", timeout_s=0)
        assert read_holder(tmp_path).pid == os.getpid()
    assert read_holder(tmp_path) is None


def test_a_child_holding_the_descriptor_keeps_the_warehouse_locked_after_its_parent_died(tmp_path):
    proc, child = _holder(tmp_path, "child")
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.2)
        assert read_holder(tmp_path) is not None  # the child still writes: nobody else may
        os.kill(child, signal.SIGKILL)
        assert _wait_free(tmp_path)
    finally:
        for pid in (proc.pid, child):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
