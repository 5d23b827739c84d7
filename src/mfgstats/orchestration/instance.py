"""The Dagster instance that `mfgstats run` and `mfgstats ui` share (DAGSTER_HOME) and the dagster.yaml written
into it."""

from __future__ import annotations

import os
from pathlib import Path

from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration import speedups_switch

_TEMPLATE = """\
# Written by mfgstats. One run at a time: every run writes the same DuckDB file.
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
{pooled}# The daemon fails runs stuck STARTING or CANCELING (a run worker that never came up or never went down); runs
# whose process died once STARTED are failed by the next run (mfgstats/orchestration/run_guard.py).
run_monitoring:
  enabled: true
  start_timeout_seconds: 180
  cancel_timeout_seconds: 180
  max_resume_run_attempts: 0
  poll_interval_seconds: 60
"""
_POOLED = """\
# Dagster's SQLite event log with pooled connections (mfgstats/orchestration/private_speedups.py).
event_log_storage:
  module: mfgstats.orchestration.private_speedups
  class: PooledSqliteEventLogStorage
  config:
    dagster_home:
      env: DAGSTER_HOME
"""
DAGSTER_YAML = _TEMPLATE.format(pooled=_POOLED)
# MFGSTATS_PRIVATE_SPEEDUPS=0: Dagster's own event log, which reads and writes the same files.
STOCK_DAGSTER_YAML = _TEMPLATE.format(pooled="")

# What earlier versions wrote, oldest first: such a file is replaced by the current one (a file edited by hand is
# left alone). The pooled storage lived in mfgstats.orchestration.event_storage, and before in pipelines.storage.
_V4 = DAGSTER_YAML.replace("private_speedups", "event_storage")
_V3 = (
    _V4.replace(
        "(mfgstats/orchestration/event_storage.py).", "(pipelines/storage.py): ≈ 1.5 ms per event instead of 7."
    )
    .replace("module: mfgstats.orchestration.event_storage", "module: pipelines.storage")
    .replace("(mfgstats/orchestration/run_guard.py)", "(pipelines/run_guard.py)")
)
OLD_DAGSTER_YAMLS = (
    _V3.split("# Dagster's SQLite event log")[0],
    _V3.split("# The daemon fails runs stuck")[0],
    _V3,
    _V4,
)


def dagster_home() -> Path:
    """DAGSTER_HOME if set, else .dagster_home in the project; with a dagster.yaml that turns telemetry off and
    stores events with or without the private speed-ups, as MFGSTATS_PRIVATE_SPEEDUPS says."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = DAGSTER_YAML if speedups_switch.enabled() else STOCK_DAGSTER_YAML
    written = config.read_text(encoding="utf-8") if config.exists() else None
    if written is None or (written != wanted and written in (DAGSTER_YAML, STOCK_DAGSTER_YAML, *OLD_DAGSTER_YAMLS)):
        config.write_text(wanted, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
