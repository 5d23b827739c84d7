"""Re-run the SQL of docs/queries.md and rewrite the result tables under each query, so the documented results
are what the current code produces.

    .venv/bin/python docs/render_queries.py --seeds data/warehouse/mfgstats.duckdb [--fixture FIXTURE.duckdb]

Each ```sql block is followed by one result table per warehouse, headed `*seeds* (N rows):` or
`*fixture* (N rows):`. A table whose warehouse is given is rewritten; the others stay as they are.
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

import duckdb

DOC = Path(__file__).with_name("queries.md")
BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n", re.S)
RESULT = re.compile(r"\n\*(?P<label>seeds|fixture)\* \(\d+ rows?\):\n\n(?:\|.*\|[ \t]*\n)+")
MAX_ROWS = 20


def cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(con: duckdb.DuckDBPyConnection, sql: str, label: str) -> str:
    rel = con.sql(sql)
    rows = rel.fetchall()
    lines = [f"\n*{label}* ({len(rows)} row{'s' if len(rows) != 1 else ''}):\n", "| " + " | ".join(rel.columns) + " |"]
    lines.append("|" + "---|" * len(rel.columns))
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append("| " + " | ".join(["…"] * len(rel.columns)) + " |")
    return "\n".join(lines) + "\n"


def render(text: str, warehouses: dict[str, duckdb.DuckDBPyConnection]) -> str:
    out, pos = [], 0
    for block in BLOCK.finditer(text):
        out.append(text[pos : block.end()])
        pos = block.end()
        existing = {}
        while m := RESULT.match(text, pos):
            existing[m["label"]] = m.group(0)
            pos = m.end()
        for label, old in existing.items():
            out.append(table(warehouses[label], block["sql"], label) if label in warehouses else old)
    out.append(text[pos:])
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, help="a warehouse built from data/raw by `mfgstats run`")
    parser.add_argument("--fixture", type=Path, help="the warehouse tests/dbt builds from its fixture")
    args = parser.parse_args()
    warehouses = {
        label: duckdb.connect(str(path), read_only=True)
        for label, path in (("seeds", args.seeds), ("fixture", args.fixture))
        if path
    }
    DOC.write_text(render(DOC.read_text(encoding="utf-8"), warehouses), encoding="utf-8")


if __name__ == "__main__":
    main()
