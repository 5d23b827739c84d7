"""Publish the build database as a read-only snapshot, atomically.

Readers (SQL clients, BI tools) only ever open the published file. DuckDB lets one process write a file and a
reader in another process would block that writer, so the pipeline never writes the published file in place: it
checkpoints the build database, copies it next to the published file and renames the copy over it. A reader that
has the old file open keeps its (now unlinked) snapshot; a new connection sees the new one; a failed build never
reaches this step, so the previous snapshot stays.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb


def copy_prefix(published_db: Path) -> str:
    """How the temporary copies of a publish are named, beside the published file."""
    return f".{published_db.name}."


def remove_leftover_copies(published_db: Path) -> list[Path]:
    """Temporary copies a killed publish left behind (call only while holding the run lock: no publish runs)."""
    removed = []
    for tmp in published_db.parent.glob(f"{copy_prefix(published_db)}*.tmp"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def publish(build_db: Path, published_db: Path) -> Path:
    if not build_db.exists():
        raise FileNotFoundError(f"no build database at {build_db}: run the pipeline (`mfgstats run`) first")
    with duckdb.connect(str(build_db)) as con:
        con.execute("CHECKPOINT")  # fold the WAL into the file so a plain copy is complete
    published_db.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=copy_prefix(published_db), suffix=".tmp", dir=published_db.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # copyfile copies in the kernel where it can (sendfile on Linux): ≈ 0.1 s for 300 MB, against 0.7 s
        # through Python's buffers.
        shutil.copyfile(build_db, tmp)
        with tmp.open("r+b") as out:
            os.fsync(out.fileno())
        tmp.chmod(0o644)  # mkstemp makes it private; readers may run as other users
        # Prove the copy opens before it replaces anything.
        with duckdb.connect(str(tmp), read_only=True) as con:
            con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
        os.replace(tmp, published_db)
        _fsync_dir(published_db.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return published_db


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
