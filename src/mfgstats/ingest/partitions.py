"""Which ingest partition a raw file belongs to: `<publisher>/<year>`, from its sidecar's publisher and
publication date (docs/scale.md, partitioning of the raw files).

The key is read leniently, so that a file whose sidecar fails validation (and which ingestion will quarantine)
still lands in the partition an analyst expects, and fixing the sidecar then re-running that partition picks it up.
What cannot be read gives a fixed placeholder, never the file's mtime: a copy or a `touch` would otherwise move an
unchanged file into another partition.
- no sidecar, or one that is not a readable YAML mapping: `unknown/undated`
- no publisher, or one that cannot be a Dagster partition key (control characters, `...`): `unknown/<year>`
- no publication date, or one that is not a date: `<publisher>/undated`
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from mfgstats.ingest.errors import IngestProblem
from mfgstats.ingest.names import path_of
from mfgstats.ingest.sidecar import load_sidecar_yaml, sidecar_path

UNKNOWN_PUBLISHER = "unknown"
UNDATED = "undated"
MAX_PUBLISHER_CHARS = 200  # a partition key is shown in the UI's lists; a longer "publisher" is not one
# Dagster refuses partition keys holding these (dagster's INVALID_PARTITION_SUBSTRINGS, which it does not export).
_NOT_IN_KEY = re.compile(r"\.\.\.|[\x00-\x1f\x7f]")


def partition_key(publisher: str, year: int | str) -> str:
    return f"{publisher}/{year}"


def split_key(key: str) -> tuple[str, str]:
    """(publisher, year) of a partition key; the publisher may itself hold a slash, the year never does."""
    publisher, _, year = key.rpartition("/")
    return publisher, year


def partition_of(path: Path) -> str:
    """The partition of the document at `path` (its sidecar beside it)."""
    side = sidecar_path(path)
    try:
        st = os.lstat(side)
    except OSError:
        return partition_key(UNKNOWN_PUBLISHER, UNDATED)
    # One process asks for the same file several times (the planner, then the ingest asset): read it once per
    # state of the sidecar.
    return _partition_of_sidecar(str(side), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@lru_cache(maxsize=200_000)
def _partition_of_sidecar(side: str, size: int, mtime_ns: int, ctime_ns: int, ino: int) -> str:
    try:
        raw = load_sidecar_yaml(Path(side))
    except IngestProblem:
        raw = None
    if not isinstance(raw, Mapping):
        return partition_key(UNKNOWN_PUBLISHER, UNDATED)
    return partition_key(_publisher(raw.get("publisher")), _year(raw.get("published")))


def _publisher(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return UNKNOWN_PUBLISHER
    text = str(value).strip()
    if not text or len(text) > MAX_PUBLISHER_CHARS or _NOT_IN_KEY.search(text):
        return UNKNOWN_PUBLISHER
    return text


def _year(value: Any) -> str:
    if isinstance(value, date):  # datetime is a date too
        return str(value.year)
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return str(parse(value.strip()).year)
            except ValueError:
                continue
    return UNDATED


Logged = Mapping[str, tuple[str | None, str | None]]  # file -> (its partition, its stat) when last ingested


def partitions_of(
    raw_dir: Path, keys: Iterable[str], logged: Logged, stat_of: Callable[[Path], str | None]
) -> dict[str, str]:
    """The partition of each file `keys` names. A file whose stat is the one logged with its partition keeps
    that partition without its sidecar being read (the stat covers the sidecar: mfgstats.changes.file_stat)."""
    found = {}
    for key in keys:
        path = path_of(raw_dir, key)
        part, stat = logged.get(key, (None, None))
        found[key] = part if part is not None and stat is not None and stat == stat_of(path) else partition_of(path)
    return found


def files_of_partitions(
    raw_dir: Path, keys: Sequence[str], wanted: Iterable[str], logged: Logged, stat_of: Callable[[Path], str | None]
) -> list[str]:
    """The files of the `wanted` partitions: those of `keys` (the files in the raw directory now) whose partition
    is wanted, then the files logged in a wanted partition that are gone (ingesting them records them gone)."""
    wanted = set(wanted)
    present = partitions_of(raw_dir, keys, logged, stat_of)
    files = [k for k in keys if present[k] in wanted]
    return files + sorted(k for k, (part, _) in logged.items() if part in wanted and k not in present)
