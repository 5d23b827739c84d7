"""Ingestion: raw files + metadata sidecars → decoded Documents, or a QuarantineError saying why not."""

from mfgstats.ingest.errors import QuarantineError
from mfgstats.ingest.loader import discover, load_document

__all__ = ["QuarantineError", "discover", "load_document"]
