"""Helpers for the ingestion tests: real files in a temporary raw directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the test helpers (ingest_files.py, pdfs.py) import as plain modules


@pytest.fixture
def raw_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty raw directory that settings() (and so the CLI and table_facts) point at."""
    raw = tmp_path / "raw"
    raw.mkdir()
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(raw))
    return raw
