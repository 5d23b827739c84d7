"""Adding a file to the raw directory: identity by content, revisions as new vintages, nothing ever overwritten.

- The same bytes already in the raw directory (under any name): nothing changes.
- A file whose name is taken by different content is a revised release: it is stored as `name.v2.ext`
  (`name.v3.ext` …) with the release key of the file it revises, and both stay.
- The file must load (format, encoding, sidecar, table mapping) before anything is written; the sidecar is
  written before the document, so a watcher never sees a document without its metadata.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from mfgstats.config import settings
from mfgstats.ingest.discovery import scan
from mfgstats.ingest.errors import IngestProblem, QuarantineError
from mfgstats.ingest.loader import load_document
from mfgstats.ingest.names import path_of
from mfgstats.ingest.sidecar import (
    SIDECAR_SUFFIX,
    Sidecar,
    default_release_key,
    load_sidecar_yaml,
    parse_sidecar,
    read_sidecar,
    sidecar_path,
    write_sidecar,
)

_VINTAGE = re.compile(r"^(?P<stem>.+?)(?:\.v(?P<n>\d+))?(?P<ext>\.[^.]+)$")


@dataclass(frozen=True)
class IngestOutcome:
    status: str  # added | new_vintage | unchanged
    file: str  # path relative to the raw directory
    document_id: str
    release_key: str

    def describe(self) -> str:
        return {
            "added": f"added {self.file} (release {self.release_key})",
            "new_vintage": f"added {self.file} as a new vintage of release {self.release_key}",
            "unchanged": f"unchanged: the same content is already in the raw directory as {self.file}",
        }[self.status]


def ingest_file(source: Path, fields: dict[str, Any] | None = None, raw_dir: Path | None = None) -> IngestOutcome:
    """Copy `source` into the raw directory with a sidecar built from the source's own sidecar (if any)
    overridden by `fields`. Raises QuarantineError (naming the source) if the file would not load."""
    raw_dir = raw_dir or settings().raw_dir
    raw_dir.mkdir(parents=True, exist_ok=True)
    name = source.name
    try:
        data = source.read_bytes()
    except OSError as exc:
        reason = f"{name}: cannot be read from {source.parent} ({exc.strerror or exc})"
        raise QuarantineError(name, "unreadable", reason, "check the path and its permissions") from exc
    document_id = hashlib.sha256(data).hexdigest()
    existing = _same_content(raw_dir, data, document_id)
    if existing is not None:
        rel = existing.relative_to(raw_dir).as_posix()
        return IngestOutcome("unchanged", rel, document_id, _release_key_of(existing, raw_dir))
    try:
        sidecar = _sidecar_for(source, fields or {})
    except IngestProblem as problem:
        raise QuarantineError.from_problem(name, problem, document_id) from problem
    target = raw_dir / name
    status = "added"
    if target.exists():
        status = "new_vintage"
        sidecar = replace(sidecar, release_key=sidecar.release_key or _release_key_of(target, raw_dir))
        target = _next_vintage(raw_dir, name)
    sidecar = replace(sidecar, ingested_at=datetime.now().replace(microsecond=0))
    document = _check_loads(data, target.name, sidecar)
    _write(target, data, sidecar)
    rel = target.relative_to(raw_dir).as_posix()
    return IngestOutcome(status, rel, document.document_id, sidecar.release_key or default_release_key(rel))


def _same_content(raw_dir: Path, data: bytes, document_id: str) -> Path | None:
    for key in scan(raw_dir).keys:
        path = path_of(raw_dir, key)
        try:
            st = path.lstat()
            same_size = stat.S_ISREG(st.st_mode) and st.st_size == len(data)  # never through a link: raw files only
            if same_size and hashlib.sha256(path.read_bytes()).hexdigest() == document_id:
                return path
        except OSError:
            continue  # a file that cannot be read is not this one; loading it reports it
    return None


def _release_key_of(path: Path, raw_dir: Path) -> str:
    rel = path.relative_to(raw_dir).as_posix()
    try:
        return read_sidecar(path).release_key or default_release_key(rel)
    except IngestProblem:
        return default_release_key(rel)


def _next_vintage(raw_dir: Path, name: str) -> Path:
    """`bulletin.csv` → `bulletin.v2.csv`, or the first free higher number."""
    m = _VINTAGE.match(name)
    if m is None:  # no extension: loading would refuse it anyway
        stem, ext, n = name, "", 1
    else:
        stem, ext, n = m.group("stem"), m.group("ext"), int(m.group("n") or 1)
    taken = {p.name for p in raw_dir.iterdir()}
    n = max(n, 1) + 1
    while f"{stem}.v{n}{ext}" in taken or f"{stem}.v{n}{ext}{SIDECAR_SUFFIX}" in taken:
        n += 1
    return raw_dir / f"{stem}.v{n}{ext}"


def _sidecar_for(source: Path, fields: dict[str, Any]) -> Sidecar:
    """The source's own sidecar (if it has one) with `fields` laid over it, validated."""
    base: dict[str, Any] = {}
    own = sidecar_path(source)
    if own.exists():
        base = load_sidecar_yaml(own)
        if not isinstance(base, dict):
            raise IngestProblem("invalid_sidecar", f"{own.name} is not a YAML mapping", f"fix {own.name}")
    merged = {**base, **{k: v for k, v in fields.items() if v is not None}}
    merged.pop("ingested_at", None)  # set when the file enters this raw directory
    return parse_sidecar(merged, own.name if own.exists() else "the metadata")


def _check_loads(data: bytes, name: str, sidecar: Sidecar):
    """Load the file from a scratch directory exactly as the pipeline will, before touching the raw directory."""
    with tempfile.TemporaryDirectory(prefix="mfgstats-ingest-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        write_sidecar(path, sidecar)
        return load_document(path, Path(tmp))


def _write(target: Path, data: bytes, sidecar: Sidecar) -> None:
    write_sidecar(target, sidecar)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o444)  # raw files are evidence: read-only, never edited in place
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
