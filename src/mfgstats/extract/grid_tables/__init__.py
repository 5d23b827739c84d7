"""CSV and XLSX tables → grounded Facts: what the cells of a grid (`mfgstats.ingest.tables`) mean.

- `layout` — the long and wide layouts, the sidecar's `table:` mapping (`parse_mapping`, `TableMapping`), value
             forms (comparators, ranges, empty-cell markers) and units in headers;
- `facts`  — one Fact per filled value cell (`table_facts`), and `check_table`, which ingestion calls to quarantine
             a table that does not read and to warn of cells that look like spreadsheet formulas;
- `link`   — catalog codes of a table fact's indicator, region and unit.
"""

from mfgstats.extract.grid_tables.facts import check_table, table_facts
from mfgstats.extract.grid_tables.layout import TableMapping, parse_mapping

__all__ = ["TableMapping", "check_table", "parse_mapping", "table_facts"]
