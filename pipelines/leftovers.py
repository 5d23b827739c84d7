"""What a killed run leaves behind, removed by the next run while it holds the run lock (so no other run is
writing them): temporary copies of a publish, half-written state and report files, the partial-parse copy, and
the socket folders of warm dbt processes whose run is gone. DuckDB's own WAL is not a leftover: it is replayed."""

from __future__ import annotations

from pathlib import Path

from mfgstats.warehouse.publish import remove_leftover_copies
from pipelines.resources import Warehouse
from pipelines.warm_dbt import remove_dead_socket_dirs


def remove_leftovers(warehouse: Warehouse) -> list[Path]:
    from pipelines.assets.warehouse import PARTIAL_PARSE, dbt_target, state_file

    removed = remove_leftover_copies(warehouse.published_db)
    removed += _remove([state_file(warehouse).with_suffix(".tmp")])  # pipelines/dbt_build.py writes by rename
    removed += _remove(dbt_target(warehouse).glob(f"{PARTIAL_PARSE}.*.tmp"))
    removed += _remove(warehouse.quality_dir.rglob(".*.tmp"))  # the report's files, written by rename
    removed += remove_dead_socket_dirs()
    return removed


def _remove(paths) -> list[Path]:
    found = [p for p in paths if p.is_file()]
    for p in found:
        p.unlink(missing_ok=True)
    return found
