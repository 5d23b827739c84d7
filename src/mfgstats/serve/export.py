"""Export the marts of the published warehouse to files: one Parquet or CSV file per mart, or SDMX-CSV.

Files are written under a temporary name and renamed, so a reader of the export directory never sees half a
file; a manifest.json records what was written and from which warehouse snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from mfgstats.serve import csvsafe
from mfgstats.serve.errors import ServeError
from mfgstats.serve.sdmx import export_sdmx
from mfgstats.serve.warehouse import mart_tables
from mfgstats.warehouse.target import Reading

FORMATS = ("parquet", "csv", "sdmx-csv")
_BATCH_ROWS = 10_000


@dataclass
class ExportedFile:
    table: str
    path: str
    rows: int


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def export_table(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path, fmt: str) -> ExportedFile:
    target = out_dir / f"{table}.{fmt}"
    tmp = out_dir / f".{table}.{fmt}.tmp"
    try:
        if fmt == "parquet":
            rows = con.execute(
                f'COPY (SELECT * FROM main."{table}") TO {_sql_string(str(tmp))} (FORMAT parquet, COMPRESSION zstd)'
            ).fetchone()[0]
        else:
            rows = _write_csv(con, table, tmp)
    except duckdb.Error as exc:
        raise ServeError(f"cannot export {table} to {target}: {exc}") from exc
    tmp.replace(target)
    return ExportedFile(table, target.name, int(rows))


def _write_csv(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> int:
    """UTF-8 CSV with a header, written through mfgstats.serve.csvsafe so that no text cell runs as a formula in
    a spreadsheet. Every value is cast to text by DuckDB, so it reads as DuckDB's own CSV writer would write it
    (2000.0, ISO dates, [a, b] lists, NULL as an empty field); numeric columns are never neutralised."""
    described = con.execute(f'DESCRIBE main."{table}"').fetchall()
    names, types = [r[0] for r in described], [r[1] for r in described]
    cast = ", ".join(f'CAST("{n.replace(chr(34), chr(34) * 2)}" AS VARCHAR)' for n in names)
    cursor = con.execute(f'SELECT {cast} FROM main."{table}"')
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csvsafe.Writer(fh, [csvsafe.is_numeric_type(t) for t in types], lineterminator="\n")
        writer.writeheader(names)
        while batch := cursor.fetchmany(_BATCH_ROWS):
            writer.writerows(batch)
            rows += len(batch)
    return rows


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out_dir: Path,
    source: Reading,
    progress: Callable[[Iterable, str], Iterable] = lambda it, _desc: it,
) -> list[ExportedFile]:
    """Export every mart in `fmt` to out_dir; `source` (the warehouse file or lake snapshot that `con` reads) is
    recorded in the manifest."""
    if fmt not in FORMATS:
        raise ServeError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "sdmx-csv":
        sdmx = export_sdmx(con, out_dir, progress=lambda it: progress(it, "observations"))
        files = [
            ExportedFile("fct_observation", sdmx.data.name, sdmx.observations),
            ExportedFile("codelists", sdmx.codelists.name, sum(1 for _ in sdmx.codelists.open(encoding="utf-8")) - 1),
        ]
        notes = {"left_out_without_period": sdmx.without_period, "superseded_by_key": sdmx.superseded}
    else:
        marts = mart_tables(con)
        if not marts:
            raise ServeError("the warehouse has no marts (dim_*, fct_*, mart_*): rebuild it with `mfgstats run`")
        files = [export_table(con, t, out_dir, fmt) for t in progress(marts, "marts")]
        notes = {}
    manifest = {
        "format": fmt,
        "warehouse": source.label,
        "warehouse_published_at": source.published_at.isoformat(timespec="seconds"),
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "files": [asdict(f) for f in files],
        **notes,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return files
