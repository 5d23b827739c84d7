"""Tables as text with cell offsets.

A CSV document's text is the decoded CSV itself; an XLSX document's text is a TSV rendering of its used cells
(one block per sheet, each block opened by a line holding a form feed and the sheet name when the workbook has
several sheets). Both parse back into `Sheet`s whose cells know their span in the text, so a table fact points at
its cell exactly like a prose fact points at its words.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from mfgstats.ingest.errors import IngestProblem
from mfgstats.ingest.formats import XLSX

SHEET_MARK = "\f"
_DELIMITERS = (",", "\t", ";")
_CELL_WHITESPACE = re.compile(r"[\t\r\n\f\v]+")


@dataclass(frozen=True)
class Cell:
    start: int  # span of the cell's content in the document text (quotes and surrounding blanks excluded)
    end: int
    value: str  # the content, unescaped


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as a spreadsheet numbers its rows (blank rows count)
    start: int  # the line's span in the document text, newline excluded
    end: int
    cells: tuple[Cell, ...]

    def value(self, column: int) -> str:
        return self.cells[column].value if column < len(self.cells) else ""

    def is_blank(self) -> bool:
        return not any(c.value for c in self.cells)


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None for CSV
    rows: tuple[Row, ...]


def sheets_of(text: str, media_type: str) -> list[Sheet]:
    """The sheets of a table document's text: its XLSX rendering's blocks, or the one sheet of a CSV."""
    return parse_tsv_sheets(text) if media_type == XLSX else [parse_csv(text)]


def parse_csv(text: str) -> Sheet:
    """RFC 4180 CSV (quotes, doubled quotes, line breaks inside quotes), delimiter `,`, tab or `;`."""
    delimiter = _sniff_delimiter(text)
    field = re.compile(rf'"((?:[^"]|"")*)"|([^{re.escape(delimiter)}"\r\n]*)')
    rows: list[Row] = []
    pos, n, number = 0, len(text), 0
    while pos < n:
        number += 1
        line_start, cells = pos, []
        while True:
            m = field.match(text, pos)
            if m.group(1) is not None:
                cells.append(_cell(text, m.start(1), m.end(1), m.group(1).replace('""', '"')))
            else:
                cells.append(_cell(text, m.start(2), m.end(2), m.group(2)))
            pos = m.end()
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            break
        if pos < n and text[pos] not in "\r\n":
            raise IngestProblem(
                "malformed_table",
                f"CSV line {number}: a quote is not closed or stands inside an unquoted cell",
                'quote the whole cell ("…") and double any quote inside it ("")',
            )
        rows.append(Row(number, line_start, pos, tuple(cells)))
        pos += 2 if text.startswith("\r\n", pos) else 1
    return Sheet(None, tuple(rows))


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _cell(text: str, start: int, end: int, value: str) -> Cell:
    """Trim blanks from both the value and its span, so the span is exactly the visible content."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return Cell(start + lead, end - trail, value.strip())


def parse_tsv_sheets(text: str) -> list[Sheet]:
    """Parse the TSV rendering made by `render_xlsx`."""
    sheets: list[Sheet] = []
    name: str | None = None
    rows: list[Row] = []
    pos = 0
    number = 0
    lines = text.split("\n")  # not splitlines(): that would also split at the form feed of a sheet mark
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        body = line.rstrip("\r")
        if body.startswith(SHEET_MARK):
            if rows or name is not None:
                sheets.append(Sheet(name, tuple(rows)))
            name, rows, number = body[len(SHEET_MARK) :], [], 0
        else:
            number += 1
            cells, cell_start = [], pos
            for part in body.split("\t"):
                cells.append(_cell(text, cell_start, cell_start + len(part), part))
                cell_start += len(part) + 1
            rows.append(Row(number, pos, pos + len(body), tuple(cells)))
        pos += len(line) + 1
    if rows or name is not None:
        sheets.append(Sheet(name, tuple(rows)))
    return sheets


# An XLSX file is a zip: a few megabytes can declare gigabytes of XML (a "zip bomb"), and a tiny sheet can declare
# a used range of billions of empty cells. Both are refused before the work, from what the file declares.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all members together, as their zip headers declare
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member over 1 MB; real workbooks stay far below
MAX_MEMBERS = 10_000
MAX_CELLS = 20_000_000  # cells visited (a sheet's used range, filled or not)


def check_zip(data: bytes) -> None:
    """Refuse a workbook whose zip declares too much to decompress; zipfile stops at the declared sizes, so
    what it then reads stays within them."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestProblem(
            "malformed_table",
            f"not a readable XLSX workbook (a damaged zip: {exc})",
            "open it in a spreadsheet program and save it again as .xlsx",
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise _too_big(f"the workbook's zip holds {len(members):,} files (the limit is {MAX_MEMBERS:,})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise _too_big(f"the workbook unzips to {total:,} bytes (the limit is {MAX_UNZIPPED_BYTES:,})")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_MEMBER_RATIO * max(m.compress_size, 1):
            raise _too_big(
                f"{m.filename} in the workbook unzips {m.file_size // max(m.compress_size, 1):,} times larger "
                f"than it is stored ({m.compress_size:,} → {m.file_size:,} bytes): a zip bomb, not a table"
            )


def _too_big(reason: str) -> IngestProblem:
    return IngestProblem(
        "oversized", reason, "split the workbook, or save it again from a spreadsheet program if it is a real one"
    )


def render_xlsx(data: bytes, max_chars: int | None = None) -> str:
    """The used cells of every non-empty worksheet as TSV (values as displayed: cached formula results,
    percentages as 12.5%, dates as YYYY-MM-DD). Stops with `oversized` past `max_chars` characters."""
    import openpyxl  # imported here: loading it costs ~0.3 s and only workbooks need it

    check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean "not a readable workbook"
        raise IngestProblem(
            "malformed_table",
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
            "open it in a spreadsheet program and save it again as .xlsx",
        ) from exc
    budget = _Budget(max_chars)
    try:
        blocks = [(ws.title, _sheet_lines(ws, budget)) for ws in book.worksheets]
    except IngestProblem:
        raise
    except Exception as exc:  # read-only mode reads the sheets' XML only now: a damaged sheet fails here
        raise IngestProblem(
            "malformed_table",
            f"a sheet of the workbook cannot be read ({type(exc).__name__}: {exc})",
            "open it in a spreadsheet program and save it again as .xlsx",
        ) from exc
    finally:
        book.close()
    blocks = [(title, lines) for title, lines in blocks if lines]
    if not blocks:
        raise IngestProblem("empty", "the workbook has no filled cells")
    if len(blocks) == 1:
        return "\n".join(blocks[0][1]) + "\n"
    out = []
    for title, lines in blocks:
        out.append(SHEET_MARK + _CELL_WHITESPACE.sub(" ", title))
        out.extend(lines)
    return "\n".join(out) + "\n"


class _Budget:
    """Cells visited and characters rendered so far, over the whole workbook."""

    def __init__(self, max_chars: int | None):
        self.cells = 0
        self.chars = 0
        self.max_chars = max_chars

    def visit(self, cells: int, chars: int) -> None:
        self.cells += cells
        self.chars += chars
        if self.cells > MAX_CELLS:
            raise _too_big(f"the workbook's sheets span more than {MAX_CELLS:,} cells (filled or not)")
        if self.max_chars is not None and self.chars > self.max_chars:
            raise IngestProblem(
                "oversized",
                f"the workbook's cells render to more than {self.max_chars:,} characters "
                "(the limit for one document, MFGSTATS_MAX_TABLE_CHARS)",
                "split the workbook, or raise MFGSTATS_MAX_TABLE_CHARS if it really is one document",
            )


def _sheet_lines(ws, budget: _Budget) -> list[str]:
    grid: list[tuple[int, list[str]]] = []  # (row index, displayed cells) of the rows that hold something
    for r, row in enumerate(ws.iter_rows()):
        budget.visit(len(row), 0)
        if all(c.value is None for c in row):
            continue
        cells = [_display(c.value, getattr(c, "number_format", "General")) for c in row]
        budget.visit(0, sum(map(len, cells)) + len(cells))
        grid.append((r, cells))
    used = [(r, c) for r, row in grid for c, v in enumerate(row) if v]
    if not used:
        return []
    first_row, last_row = min(r for r, _ in used), max(r for r, _ in used)
    first_col, last_col = min(c for _, c in used), max(c for _, c in used)
    filled = dict(grid)
    lines = []
    for r in range(first_row, last_row + 1):
        row = filled.get(r, [])
        cells = (row + [""] * (last_col + 1 - len(row)))[first_col : last_col + 1]
        lines.append("\t".join(cells).rstrip("\t"))
    return lines


def _display(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return _number(value * 100) + "%"
        return _number(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return _CELL_WHITESPACE.sub(" ", str(value)).strip()


def _number(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return format(value, ".15g")
