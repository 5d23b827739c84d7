"""What the checks read, named so that a worker process can open it itself (mfgstats.quality.worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mfgstats.lake import LakeSettings


@dataclass(frozen=True)
class Source:
    """What a worker reads: a DuckDB file (read-only) or one snapshot of the DuckLake target."""

    db: str | None = None
    snapshot: int | None = None
    lake: LakeSettings | None = None

    def open(self):
        if self.db is not None:
            import duckdb

            return duckdb.connect(self.db, read_only=True)
        from mfgstats.lake.published import open_snapshot

        return open_snapshot(self.snapshot, lake=self.lake)
