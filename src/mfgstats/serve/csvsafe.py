"""CSV that a spreadsheet opens as data, never as formulas: one rule for every CSV file the project writes
(`mfgstats export --format csv|sdmx-csv`, `mfgstats sql --csv`).

Text from documents ends up in cells (subjects, titles, publishers, file names), and Excel or LibreOffice run a
cell that begins with = + - @ (or a tab or carriage return before one) as a formula: `=HYPERLINK(…)`, `=cmd|…`,
`@SUM(…)`. OWASP's rule (CSV injection) is applied: such a text cell gets a leading single quote, which the
spreadsheet shows as text. Cells of numeric columns (integers, decimals, floats) are written as they are, so a
decline of -6.7 stays the number -6.7; a text column holding "-6.7" is text and is quoted like any other.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# DuckDB's numeric type names (DECIMAL(p,s) included); their cells are numbers, never formulas
_NUMERIC_TYPE = re.compile(
    r"^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|BIGNUM|VARINT)$",
    re.IGNORECASE,
)


def neutralise(text: str) -> str:
    """`text` as a spreadsheet must show it: prefixed with ' when it would start a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def is_numeric_type(duckdb_type: str) -> bool:
    return bool(_NUMERIC_TYPE.match(duckdb_type.strip()))


class Writer:
    """A csv.writer whose text cells are neutralised. `numeric[i]` marks column i as numeric (written as is);
    the header row is text.

    Python's csv module quotes a cell only for the characters of its own line terminator: with "\n", a cell
    holding a carriage return would go out unquoted, and a reader that ends lines at CR would see the rest of
    the cell (`=cmd|…`) start a new row. A row with a CR or LF in any cell is therefore written fully quoted."""

    def __init__(self, out: IO[str], numeric: Sequence[bool], **fmtparams: Any):
        self._writer = csv.writer(out, **fmtparams)
        self._quoted = csv.writer(out, **{**fmtparams, "quoting": csv.QUOTE_ALL})
        self._numeric = list(numeric)

    def writeheader(self, names: Iterable[str]) -> None:
        self._write([neutralise(n) for n in names])

    def writerow(self, row: Sequence[Any]) -> None:
        cells = zip(row, self._numeric, strict=True)
        self._write([v if number or not isinstance(v, str) else neutralise(v) for v, number in cells])

    def _write(self, cells: list[Any]) -> None:
        breaks = any(isinstance(v, str) and ("\r" in v or "\n" in v) for v in cells)
        (self._quoted if breaks else self._writer).writerow(cells)

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)
