"""Find documents in the raw directory and load each one with its sidecar."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import yaml

from mfgstats.ingest.errors import QuarantineError
from mfgstats.records import Document

SIDECAR_SUFFIX = ".meta.yaml"
REQUIRED_FIELDS = ("title", "publisher", "published", "region", "type")


def discover(raw_dir: Path) -> list[Path]:
    """Every document file under raw_dir (sidecars and hidden files excluded), in a stable order."""
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX) and not p.name.startswith(".")
    )


def read_sidecar(path: Path, rel: str) -> dict:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        raise QuarantineError(
            rel,
            "missing_sidecar",
            f"no metadata sidecar {sidecar.name}",
            f"create {sidecar.name} with {', '.join(REQUIRED_FIELDS)} (or use `mfgstats ingest`)",
        )
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    missing = [f for f in REQUIRED_FIELDS if not meta.get(f)]
    if missing:
        raise QuarantineError(
            rel,
            "invalid_sidecar",
            f"sidecar {sidecar.name} lacks {', '.join(missing)}",
            f"add {', '.join(missing)} to {sidecar.name}",
        )
    if not isinstance(meta["published"], date):
        raise QuarantineError(
            rel,
            "invalid_sidecar",
            f"sidecar {sidecar.name}: published={meta['published']!r} is not a date",
            "write the publication date as YYYY-MM-DD",
        )
    return meta


def load_document(path: Path, raw_dir: Path) -> Document:
    rel = path.relative_to(raw_dir).as_posix()
    data = path.read_bytes()
    meta = read_sidecar(path, rel)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QuarantineError(rel, "undecodable", f"not valid UTF-8 ({exc.reason})", "save it as UTF-8") from exc
    return Document(
        document_id=hashlib.sha256(data).hexdigest(),
        file=rel,
        text=text,
        title=str(meta["title"]),
        publisher=str(meta["publisher"]),
        published=meta["published"],
        region=str(meta["region"]),
        doc_type=str(meta["type"]),
        release_key=str(meta.get("release_key") or Path(rel).stem),
        size_bytes=len(data),
        url=meta.get("url"),
        note=meta.get("note"),
    )
