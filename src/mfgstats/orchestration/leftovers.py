"""What a killed run leaves behind, removed by the next run while it holds the run lock (so no other run is
writing them): temporary copies of a publish, half-written state and report files, the partial-parse copy, and
the socket folders of warm dbt processes and of the checks' fork servers whose run is gone. DuckDB's own WAL is
not a leftover: it is replayed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mfgstats.orchestration.dbt_files import PARTIAL_PARSE, dbt_target, state_file
from mfgstats.orchestration.warm_dbt import remove_dead_socket_dirs


def remove_leftovers(warehouse) -> list[Path]:
    """`warehouse`: the code location's Warehouse resource."""
    removed = warehouse.target.remove_leftovers()  # e.g. temporary copies of a publish
    removed += _remove([state_file(warehouse).with_suffix(".tmp")])  # mfgstats.changes writes the state by rename
    removed += _remove(dbt_target(warehouse).glob(f"{PARTIAL_PARSE}.*.tmp"))
    removed += _remove(warehouse.quality_dir.rglob(".*.tmp"))  # the report's files, written by rename
    removed += remove_dead_socket_dirs()
    removed += remove_dead_forkserver_dirs()
    return removed


def remove_dead_forkserver_dirs(temp_dir: str | None = None) -> list[Path]:
    """multiprocessing's folders (pymp-*) that hold nothing but the listening socket of a fork server that no
    longer runs (Linux: no process has it bound, per /proc/net/unix). A live process's folder is never touched."""
    bound = _bound_unix_sockets()
    if bound is None:
        return []
    removed = []
    for folder in Path(temp_dir or tempfile.gettempdir()).glob("pymp-*"):
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            entries = list(folder.iterdir())
        except OSError:
            continue
        if entries and all(_dead_listener(e, bound) for e in entries):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _dead_listener(path: Path, bound: set[str]) -> bool:
    return path.name.startswith("listener-") and path.is_socket() and str(path) not in bound


def _bound_unix_sockets() -> set[str] | None:
    try:
        lines = Path("/proc/net/unix").read_text().splitlines()[1:]
    except OSError:
        return None
    return {fields[-1] for fields in (line.split() for line in lines) if len(fields) >= 8}


def _remove(paths) -> list[Path]:
    found = [p for p in paths if p.is_file()]
    for p in found:
        p.unlink(missing_ok=True)
    return found
