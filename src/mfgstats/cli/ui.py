"""`mfgstats ui`: the Dagster UI (webserver + daemon, so the schedule and the sensor run) on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ui", help="start the Dagster UI with the daemon (schedule and sensor) on 127.0.0.1")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=3000)
    p.set_defaults(func=_ui)


def _ui(args: argparse.Namespace) -> int:
    from mfgstats.orchestration.code_location import module_name
    from mfgstats.orchestration.instance import dagster_home
    from mfgstats.orchestration.manifest import ensure_manifest

    home = dagster_home()
    ensure_manifest()
    _fail_dead_runs()
    bin_dir = Path(sys.executable).parent
    dagster = bin_dir / "dagster"
    # dagster-dbt parses the project on load under `dagster dev` and looks for `dbt` on the PATH.
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    argv = [str(dagster), "dev", "-m", module_name(), "--host", args.host, "--port", str(args.port)]
    print(f"Dagster UI on http://{args.host}:{args.port} (DAGSTER_HOME={home}); Ctrl-C stops it", flush=True)
    # A shell that starts us in the background leaves SIGINT ignored, and `dagster dev` would then ignore
    # Ctrl-C and SIGTERM alike: restore the default before handing over.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execv(dagster, argv)
    return 0  # not reached


def _fail_dead_runs() -> None:
    """Runs a killed UI or `mfgstats run` left STARTED would hold the daemon's queue (one run at a time) for ever."""
    from dagster import DagsterInstance

    from mfgstats.orchestration.run_guard import fail_dead_runs

    with DagsterInstance.get() as instance:
        fail_dead_runs(instance, say=lambda line: print(line, flush=True))
