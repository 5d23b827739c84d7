"""Print a query result as an aligned text table, CSV or JSON.

Widths are counted in terminal cells, so Chinese text (two cells per character) lines up.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import uuid
from collections.abc import Iterator
from typing import IO, Any

from rich.cells import cell_len

from mfgstats.serve import csvsafe
from mfgstats.serve.query import Result

NULL = "NULL"
_NUMERIC = (int, float, decimal.Decimal)


def text(value: Any) -> str:
    """One cell as a human reads it: no float noise, ISO dates, NULL for missing."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return format(value, ".15g")
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _clip(value: str, width: int) -> str:
    """Cut to at most `width` cells, marking the cut with an ellipsis; newlines would break the grid."""
    value = value.replace("\r", " ").replace("\n", "⏎")
    if width <= 0 or cell_len(value) <= width:
        return value
    out, used = [], 0
    for ch in value:
        if used + cell_len(ch) > width - 1:
            break
        out.append(ch)
        used += cell_len(ch)
    return "".join(out) + "…"


def _pad(value: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(value))
    return gap + value if right else value + gap


def table_lines(result: Result, max_width: int = 60) -> Iterator[str]:
    """A psql-like grid; numbers right-aligned, cells longer than `max_width` cells clipped (0: never)."""
    if not result.columns:
        yield "(statement ran; no result rows)"
        return
    header = [_clip(c, max_width) for c in result.columns]
    body = [[_clip(text(v), max_width) for v in row] for row in result.rows]
    numeric = [
        all(isinstance(row[i], _NUMERIC) and not isinstance(row[i], bool) for row in result.rows if row[i] is not None)
        and any(row[i] is not None for row in result.rows)
        for i in range(len(result.columns))
    ]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in body]) for i, h in enumerate(header)]
    yield " | ".join(_pad(h, w, False) for h, w in zip(header, widths, strict=True)).rstrip()
    yield "-+-".join("-" * w for w in widths)
    for row in body:
        yield " | ".join(_pad(v, w, n) for v, w, n in zip(row, widths, numeric, strict=True)).rstrip()
    n = len(result.rows)
    yield f"({n} row{'s' if n != 1 else ''})"


def write_table(result: Result, out: IO[str], max_width: int = 60) -> None:
    for line in table_lines(result, max_width):
        out.write(line + "\n")


def write_csv(result: Result, out: IO[str]) -> None:
    """RFC 4180 CSV with a header; NULL is an empty field; text that a spreadsheet would run as a formula is
    neutralised (mfgstats.serve.csvsafe), numbers are not."""
    writer = csvsafe.Writer(out, [csvsafe.is_numeric_type(t) for t in result.types], lineterminator="\n")
    writer.writeheader(result.columns)
    writer.writerows(["" if v is None else text(v) for v in row] for row in result.rows)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def unique_names(names: list[str]) -> list[str]:
    """SQL allows `SELECT 1 AS a, 2 AS a`; JSON objects do not: the second becomes a_2."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def write_json(result: Result, out: IO[str]) -> None:
    """A JSON array of objects keyed by column name, UTF-8 text kept readable (no \\u escapes)."""
    names = unique_names(result.columns)
    records = [{c: _json_value(v) for c, v in zip(names, row, strict=True)} for row in result.rows]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")
