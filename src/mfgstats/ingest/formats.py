"""Which file extensions we read, and as what."""

from __future__ import annotations

from pathlib import Path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".xlsx": XLSX,
}
# Documents whose facts come from `mfgstats.extract.grid_tables.table_facts`, not from the prose extractor.
TABLE_MEDIA_TYPES = frozenset({"text/csv", XLSX})

# Formats people will try, with the way to make them readable.
_CONVERT_HINTS = {
    ".xls": "open it in a spreadsheet program and save it as .xlsx",
    ".doc": "save it as .pdf, .html or .txt",
    ".docx": "save it as .pdf, .html or .txt",
    ".wps": "save it as .pdf or .txt",
    ".et": "save it as .xlsx",
    ".rtf": "save it as .txt or .pdf",
    ".tsv": "rename it to .csv (tab-separated CSV is read)",
}


def media_type_of(path: Path) -> str | None:
    return MEDIA_TYPES.get(path.suffix.lower())


def is_table(media_type: str) -> bool:
    return media_type in TABLE_MEDIA_TYPES


def conversion_hint(path: Path) -> str:
    return _CONVERT_HINTS.get(path.suffix.lower(), f"convert it to one of {', '.join(sorted(MEDIA_TYPES))}")
