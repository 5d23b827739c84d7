"""CSV and XLSX releases as grids: the text a workbook is rendered to, and the sheets, rows and cells (with their
offsets in the document's text) that CSV and XLSX texts parse back into. What the cells mean is read by
`mfgstats.extract.grid_tables`."""

from mfgstats.ingest.tables.grid import Cell, Row, Sheet, render_xlsx, sheets_of

__all__ = ["Cell", "Row", "Sheet", "render_xlsx", "sheets_of"]
