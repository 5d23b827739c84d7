"""The Dagster instance that `mfgstats run` and `mfgstats ui` share (DAGSTER_HOME) and the dagster.yaml written
into it."""

from __future__ import annotations

import os
from pathlib import Path

from mfgstats.config import PROJECT_ROOT

DAGSTER_YAML = """\
# Written by mfgstats. One run at a time: every run writes the same DuckDB file.
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
# Dagster's SQLite event log with pooled connections (mfgstats/orchestration/event_storage.py).
event_log_storage:
  module: mfgstats.orchestration.event_storage
  class: PooledSqliteEventLogStorage
  config:
    dagster_home:
      env: DAGSTER_HOME
# The daemon fails runs stuck STARTING or CANCELING (a run worker that never came up or never went down); runs
# whose process died once STARTED are failed by the next run (mfgstats/orchestration/run_guard.py).
run_monitoring:
  enabled: true
  start_timeout_seconds: 180
  cancel_timeout_seconds: 180
  max_resume_run_attempts: 0
  poll_interval_seconds: 60
"""
# What earlier versions wrote: such a file is replaced by the current one (a file edited by hand is left alone).
# The storage class lived in the code location's package before (pipelines.storage).
_V3 = (
    DAGSTER_YAML.replace(
        "(mfgstats/orchestration/event_storage.py).", "(pipelines/storage.py): ≈ 1.5 ms per event instead of 7."
    )
    .replace("module: mfgstats.orchestration.event_storage", "module: pipelines.storage")
    .replace("(mfgstats/orchestration/run_guard.py)", "(pipelines/run_guard.py)")
)
_V2 = _V3.split("# The daemon fails runs stuck")[0]
OLD_DAGSTER_YAMLS = (_V3.split("# Dagster's SQLite event log")[0], _V2, _V3)


def dagster_home() -> Path:
    """DAGSTER_HOME if set, else .dagster_home in the project; with a dagster.yaml that turns telemetry off."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") in OLD_DAGSTER_YAMLS:
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
