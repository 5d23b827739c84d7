"""Helpers for the ingestion tests: real files in a temporary raw directory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mfgstats.config import PROJECT_ROOT

sys.path.insert(0, str(Path(__file__).parent))  # the test helpers (pdfs.py) import as plain modules

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


@pytest.fixture
def raw_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty raw directory that settings() (and so the CLI and table_facts) point at."""
    raw = tmp_path / "raw"
    raw.mkdir()
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(raw))
    return raw
