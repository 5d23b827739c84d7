"""Ingestion: raw files + metadata sidecars → decoded Documents, or a QuarantineError saying why not.

Public API (the pipeline and the extractor call these):
- `scan(raw_dir)` → the document keys and the files skipped with why; `discover(raw_dir)`: the keys as paths;
  `path_of(raw_dir, key)`: the file a key names (names that cannot be keys as they are get escaped keys)
- `load_document(path, raw_dir)` → Document or QuarantineError
- `is_table(media_type)` / `TABLE_MEDIA_TYPES`: which documents are CSV/XLSX tables (their text parses into grids,
  `mfgstats.ingest.tables`; `mfgstats.extract.grid_tables.table_facts` reads their facts)
- `matching_text(document)`: same-length simplified, width-folded view of the text for matching
- `ingest_file(source, raw_dir, fields)`: copy a file into the raw directory with its sidecar (dedup, vintages)
"""

from mfgstats.ingest.discovery import Scan, Skipped, discover, scan
from mfgstats.ingest.errors import REASONS, QuarantineError
from mfgstats.ingest.formats import MEDIA_TYPES, TABLE_MEDIA_TYPES, is_table
from mfgstats.ingest.loader import load_document
from mfgstats.ingest.matching import matching_text, matching_view
from mfgstats.ingest.names import path_of

__all__ = [
    "MEDIA_TYPES",
    "REASONS",
    "TABLE_MEDIA_TYPES",
    "QuarantineError",
    "Scan",
    "Skipped",
    "discover",
    "is_table",
    "load_document",
    "matching_text",
    "matching_view",
    "path_of",
    "scan",
]
