"""Table documents → grounded Facts (origin="table"), one per filled value cell."""

from __future__ import annotations

from mfgstats.catalog import Catalog, load_catalog
from mfgstats.extract.grid_tables.layout import (
    _EMPTY_VALUES,
    TableMapping,
    TableValue,
    _parse_value,
    table_values,
)
from mfgstats.extract.grid_tables.link import link_table_fact
from mfgstats.extract.table_rules import growth_basis, measure_of
from mfgstats.ingest.errors import bounded
from mfgstats.ingest.tables.grid import Sheet, sheets_of
from mfgstats.records import Document, Fact

# A stated table cell is explicit; what can still be wrong is our reading of its row and column.
TABLE_CONFIDENCE = 0.95
_FORMULA_START = ("=", "+", "-", "@")  # tab and CR too, before a cell's blanks are trimmed
_NAMED_CELLS = 3


def read_table(text: str, media_type: str, mapping: TableMapping) -> list[TableValue]:
    return table_values(sheets_of(text, media_type), mapping)


def table_facts(document: Document, catalog: Catalog | None = None) -> list[Fact]:
    """Facts of a CSV or XLSX document; `start`/`end` point at each value's cell in `document.text`.

    The table is read with the mapping ingestion checked and kept with the document (`document.table_mapping`);
    indicator, region and unit are linked through `catalog` (default: the project's catalog, `load_catalog()`).
    Raises IngestProblem (malformed_table) if the table does not read, which load_document has already ruled out
    for documents it loaded."""
    values = read_table(document.text, document.media_type, TableMapping.from_json(document.table_mapping))
    catalog = catalog if catalog is not None else load_catalog()
    facts = [_fact(document, v) for v in values]
    for fact in facts:
        link_table_fact(fact, catalog)
    return facts


def _fact(document: Document, v: TableValue) -> Fact:
    measure = measure_of(v.indicator, v.unit)
    value, direction = v.value, None
    if measure in ("growth", "change"):
        # Facts state a decline as a positive number going down (下降 40.5% → 40.5, down).
        value, direction = abs(v.value), ("down" if v.value < 0 else "up")
    high = abs(v.value_high) if v.value_high is not None and direction else v.value_high
    text = document.text
    return Fact(
        document_id=document.document_id,
        file=document.file,
        start=v.cell.start,
        end=v.cell.end,
        text=text[v.cell.start : v.cell.end],
        value=value,
        unit=v.unit,
        comparator=v.comparator,
        value_high=high,
        measure=measure,
        basis=growth_basis(v.indicator) if measure in ("growth", "change") else None,
        direction=direction,
        status=v.status,
        period_start=v.period.start,
        period_end=v.period.end,
        period_label=v.period.label,
        region=v.region or document.region,
        subject=v.indicator,
        confidence=TABLE_CONFIDENCE,
        sentence=text[v.row.start : v.row.end],
        sentence_start=v.row.start,
        origin="table",
    )


def check_table(text: str, media_type: str, mapping: TableMapping) -> str | None:
    """Raise IngestProblem if the table does not read with its mapping (used at load time). Otherwise return a
    warning to keep with the document when cells look like spreadsheet formulas (None when none do)."""
    sheets = sheets_of(text, media_type)
    table_values(sheets, mapping)
    return formula_warning(sheets)


def formula_cells(sheets: list[Sheet]) -> list[str]:
    """Cells a spreadsheet would run as a formula (CSV injection: `=HYPERLINK(…)`, `=cmd|…`, `@SUM(…)`): text,
    blanks trimmed, that begins with = or @, or with + or - and is not a number, a range or an empty marker (a
    decline "-4.5" and a "-" for no data are values). Named by sheet, line and column."""
    found = []
    for sheet in sheets:
        where = f"sheet {sheet.name}, " if sheet.name else ""
        for row in sheet.rows:
            for column, cell in enumerate(row.cells, 1):
                value = cell.value
                if value.startswith(_FORMULA_START) and value not in _EMPTY_VALUES and _parse_value(value) is None:
                    found.append(f"{where}line {row.number}, column {column}: {bounded(value, 60)!r}")
    return found


def formula_warning(sheets: list[Sheet]) -> str | None:
    """A warning kept with the document (its note) rather than a quarantine: the table's facts stay, every CSV
    the project writes quotes such text (mfgstats.serve.csvsafe), and the reader learns where to look."""
    cells = formula_cells(sheets)
    if not cells:
        return None
    more = f"; and {len(cells) - _NAMED_CELLS} more" if len(cells) > _NAMED_CELLS else ""
    return (
        f"warning: {len(cells)} table cell(s) begin like a spreadsheet formula (= + - @): "
        f"{'; '.join(cells[:_NAMED_CELLS])}{more}. Exports quote them as text; check the source table."
    )
