"""Stop a server started in its own process group (`mfgstats ui`, bi/start.sh) together with everything it
spawned: webservers, daemons, code servers, run workers. Used by the UI and BI tests to prove nothing is left.

Linux: group members are read from /proc, because `killpg(pgid, 0)` also counts exited children that their
parent has not reaped yet (zombies), which would make a clean stop look like a leak.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

# dagster dev shuts down its children on SIGINT; gunicorn on SIGTERM; SIGKILL is the last resort.
DEFAULT_STEPS = ((signal.SIGINT, 60.0), (signal.SIGTERM, 15.0), (signal.SIGKILL, 10.0))


def group_members(pgid: int) -> list[int]:
    """Pids of the live (non-zombie) processes in a process group."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name in parentheses may contain spaces: split after its closing parenthesis
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def stop_group(pgid: int, steps: Sequence[tuple[int, float]] = DEFAULT_STEPS) -> list[int]:
    """Send each signal of `steps` to the group, waiting up to its grace period for the group to empty;
    return the pids still alive at the end (empty when the stop was clean)."""
    for sig, grace in steps:
        if not group_members(pgid):
            break
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and group_members(pgid):
            time.sleep(0.25)
    return group_members(pgid)
