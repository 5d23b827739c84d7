"""CSV and XLSX releases: their text rendering, their layouts and the facts of their cells."""

from mfgstats.ingest.tables.facts import check_table, table_facts

__all__ = ["check_table", "table_facts"]
