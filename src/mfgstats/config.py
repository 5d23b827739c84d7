"""Paths and limits, each overridable by an environment variable so tests and deployments can relocate them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_dir: Path
    dbt_project_dir: Path
    seeds_dir: Path
    max_file_bytes: int
    max_text_chars: int  # decoded characters of a prose document (txt, md, html, pdf)
    max_table_chars: int  # characters of a CSV or of an XLSX workbook's rendering
    extract_workers: int = 1  # processes extracting a large batch (mfgstats.pipeline); 1 = in the calling process

    @property
    def quality_report(self) -> Path:
        return self.warehouse_dir / "quality" / "index.html"


def settings() -> Settings:
    """Read the settings now (not at import), so a test can point them elsewhere with monkeypatch.setenv."""
    dbt_dir = _path("MFGSTATS_DBT_PROJECT_DIR", PROJECT_ROOT / "dbt_project")
    return Settings(
        raw_dir=_path("MFGSTATS_RAW_DIR", PROJECT_ROOT / "data" / "raw"),
        warehouse_dir=_path("MFGSTATS_WAREHOUSE_DIR", PROJECT_ROOT / "data" / "warehouse"),
        dbt_project_dir=dbt_dir,
        seeds_dir=_path("MFGSTATS_SEEDS_DIR", dbt_dir / "seeds"),
        max_file_bytes=int(os.environ.get("MFGSTATS_MAX_FILE_BYTES", 50 * 1024 * 1024)),
        # Extraction costs time and memory per fact, and a text holds up to one fact per six characters of prose or
        # two of a table ("1,"): these bound the work per document to under 1 GB (docs/formats.md, "Limits").
        max_text_chars=int(os.environ.get("MFGSTATS_MAX_TEXT_CHARS", 1_000_000)),
        max_table_chars=int(os.environ.get("MFGSTATS_MAX_TABLE_CHARS", 300_000)),
        # Extraction is pure Python: one process uses one core, so a large batch is spread over every core.
        extract_workers=max(1, int(os.environ.get("MFGSTATS_EXTRACT_WORKERS") or os.cpu_count() or 1)),
    )
