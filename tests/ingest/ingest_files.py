"""Files for the ingestion tests: seed texts and documents with sidecars written into a raw directory.

A module of its own (not conftest.py), so that test modules import it by a name no other folder uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mfgstats.config import PROJECT_ROOT

SEED_DIR = PROJECT_ROOT / "data" / "raw"
META = {
    "title": "测试文件",
    "publisher": "洛阳市统计局",
    "published": "2025-09-30",
    "region": "洛阳市",
    "type": "bulletin",
}


def seed_text(prefix: str) -> str:
    """A committed seed document's text, e.g. seed_text("003")."""
    (path,) = SEED_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def write_doc(raw_dir: Path, name: str, data: bytes | str, meta: dict[str, Any] | None = None, **extra) -> Path:
    """Write a document and its sidecar (META overridden by `meta` and keyword fields; `sidecar=False`: none)."""
    path = raw_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if extra.pop("sidecar", True):
        fields = {**META, **(meta or {}), **extra}
        path.with_name(path.name + ".meta.yaml").write_text(
            yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return path
