"""The switch of the speed-ups that rest on private internals (mfgstats.orchestration.private_speedups), readable
without importing Dagster: `mfgstats run` decides before its heavy imports whether to start a warm dbt process."""

import os

SWITCH = "MFGSTATS_PRIVATE_SPEEDUPS"  # 0 (or false, no, off): public API only; anything else or unset: on


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")
