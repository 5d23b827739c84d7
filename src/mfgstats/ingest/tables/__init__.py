"""CSV and XLSX releases: their text rendering, their layouts and the facts of their cells."""

from mfgstats.ingest.tables.facts import check_table, table_facts
from mfgstats.ingest.tables.layout import TableMapping, parse_mapping

__all__ = ["TableMapping", "check_table", "parse_mapping", "table_facts"]
