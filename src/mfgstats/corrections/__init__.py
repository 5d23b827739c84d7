"""Reviewed corrections: the analyst's decisions on extracted facts and documents, kept as YAML files under
data/corrections/ and applied by dbt on top of raw.facts on every build (docs/corrections.md).

`parse` reads and validates the files, `load` writes them (and the documents removed from the raw directory) into
raw tables, `write` appends a decision (`mfgstats correct`), `review` lists what needs a human eye."""

from __future__ import annotations

import os
from pathlib import Path

from mfgstats.config import PROJECT_ROOT


def corrections_dir() -> Path:
    """Where the reviewed decisions live: MFGSTATS_CORRECTIONS_DIR, else data/corrections/ (read now, so a test can
    point it elsewhere)."""
    value = os.environ.get("MFGSTATS_CORRECTIONS_DIR")
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT / "data" / "corrections"
