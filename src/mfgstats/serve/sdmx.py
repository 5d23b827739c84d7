"""SDMX-CSV 2.0 export of the observations (fct_observation) as one dataflow, plus its code lists.

Data structure (documented for users in docs/serving.md):
  dimensions  REF_AREA, INDICATOR, MEASURE, CHAIN, ENTERPRISE, TIME_PERIOD
  measure     OBS_VALUE (in the base unit; growth or change stated as 下降 is negative)
  attributes  UNIT_MEASURE, OBS_STATUS (A actual, E approximate, F plan target)
  custom      COMPARATOR, OBS_VALUE_HIGH (upper end of a range), PUBLISHED, SOURCE_FILE

SDMX allows one observation per key. Where several statements share a key (the same number in two sources, a
target and the later outturn, two vintages), the export keeps one: an actual before an approximate before a
target, then the latest publication, then the highest confidence. Every statement stays in the Parquet/CSV
export of fct_observation, and disagreements are listed by mart_conflicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from mfgstats.serve import csvsafe
from mfgstats.serve import sdmx_codes as codes
from mfgstats.serve.errors import ServeError
from mfgstats.serve.warehouse import columns, has_table

AGENCY = "MFGSTATS"
DATAFLOW = "DF_MFG_OBS"
VERSION = "1.0"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW}({VERSION})"
SOURCE_TABLE = "fct_observation"

DIMENSIONS = ("REF_AREA", "INDICATOR", "MEASURE", "CHAIN", "ENTERPRISE", "TIME_PERIOD")
HEADER = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    *DIMENSIONS,
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "COMPARATOR",
    "OBS_VALUE_HIGH",
    "PUBLISHED",
    "SOURCE_FILE",
)
NEEDED = (
    "observation_id",
    "region_key",
    "region_name",
    "indicator_key",
    "subject",
    "chain_key",
    "chain_name",
    "enterprise_key",
    "enterprise_name",
    "measure",
    "basis",
    "status",
    "comparator",
    "value_signed",
    "value_high_normalised",
    "direction",
    "unit_normalised",
    "period_start",
    "period_end",
    "published_on",
    "confidence",
    "file_path",
)
_PRECEDENCE = {"A": 0, "E": 1, "F": 2}


@dataclass
class SdmxExport:
    data: Path
    codelists: Path
    observations: int = 0
    without_period: int = 0  # statements whose period the extractor could not fix: no TIME_PERIOD, left out
    superseded: int = 0  # statements sharing a key with the one kept
    labels: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def _source_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    if not has_table(con, "main", SOURCE_TABLE):
        raise ServeError(f"the warehouse has no {SOURCE_TABLE} table: rebuild it with `mfgstats run`")
    missing = [c for c in NEEDED if c not in columns(con, "main", SOURCE_TABLE)]
    if missing:
        raise ServeError(
            f"{SOURCE_TABLE} lacks {', '.join(missing)} needed for SDMX: the warehouse predates this version "
            "of mfgstats; rebuild it with `mfgstats run`"
        )
    cursor = con.execute(f"SELECT {', '.join(NEEDED)} FROM main.{SOURCE_TABLE} ORDER BY observation_id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _high(row: dict) -> float | None:
    high = row["value_high_normalised"]
    if high is None or row["comparator"] != "range":
        return None
    return -high if row["direction"] == "down" else high


def observations(rows: Iterable[dict], export: SdmxExport) -> list[dict]:
    """SDMX records, one per key, in key order; counts what was left out on `export`."""
    best: dict[tuple, tuple[tuple, dict]] = {}
    label = export.labels
    for row in rows:
        period = codes.time_period(row["period_start"], row["period_end"])
        if period is None or row["value_signed"] is None:
            export.without_period += 1
            continue
        record = {
            "REF_AREA": codes.sdmx_id(row["region_key"]),
            "INDICATOR": codes.sdmx_id(row["indicator_key"]),
            "MEASURE": codes.measure_code(row["measure"], row["basis"]),
            "CHAIN": codes.sdmx_id(row["chain_key"]),
            "ENTERPRISE": codes.sdmx_id(row["enterprise_key"]),
            "TIME_PERIOD": period,
            "OBS_VALUE": row["value_signed"],
            "UNIT_MEASURE": codes.unit_code(row["unit_normalised"]),
            "OBS_STATUS": codes.obs_status(row["status"], row["comparator"]),
            "COMPARATOR": row["comparator"],
            "OBS_VALUE_HIGH": _high(row),
            "PUBLISHED": row["published_on"].isoformat() if row["published_on"] else None,
            "SOURCE_FILE": row["file_path"],
        }
        for dim, key, name in (
            ("REF_AREA", "region_key", "region_name"),
            ("INDICATOR", "indicator_key", "subject"),
            ("CHAIN", "chain_key", "chain_name"),
            ("ENTERPRISE", "enterprise_key", "enterprise_name"),
        ):
            if row[key]:
                label.setdefault((dim, record[dim]), (row[name] or row[key], ""))
        if record["UNIT_MEASURE"] not in codes.KNOWN_UNIT_CODES and row["unit_normalised"]:
            label.setdefault(("UNIT_MEASURE", record["UNIT_MEASURE"]), (row["unit_normalised"], ""))
        key = tuple(record[d] for d in DIMENSIONS)
        rank = (
            _PRECEDENCE[record["OBS_STATUS"]],
            -(row["published_on"].toordinal() if row["published_on"] else 0),
            -(row["confidence"] or 0.0),
            row["observation_id"],
        )
        if key in best:
            export.superseded += 1
            if rank >= best[key][0]:
                continue
        best[key] = (rank, record)
    return [best[k][1] for k in sorted(best)]


# Dimension → the dbt dimension table whose name_zh / name_en label its codes, and that table's key column.
LABEL_TABLES = {
    "REF_AREA": ("dim_region", "region_key"),
    "INDICATOR": ("dim_indicator", "indicator_key"),
    "CHAIN": ("dim_chain", "chain_key"),
    "ENTERPRISE": ("dim_enterprise", "enterprise_key"),
}


def dimension_labels(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, str]]:
    """(dimension, SDMX code) → (zh, en) from the dim_* tables that exist and carry name_zh and name_en."""
    labels = {}
    for dim, (table, key) in LABEL_TABLES.items():
        if not has_table(con, "main", table) or not {key, "name_zh", "name_en"} <= set(columns(con, "main", table)):
            continue
        for k, zh, en in con.execute(f"SELECT {key}, name_zh, name_en FROM main.{table}").fetchall():
            if k:
                labels[(dim, codes.sdmx_id(k))] = (zh or k, en or "")
    return labels


def _codelist_rows(records: list[dict], export: SdmxExport) -> list[tuple[str, str, str, str]]:
    fixed = {
        "OBS_STATUS": codes.OBS_STATUS,
        "MEASURE": codes.MEASURE,
        "UNIT_MEASURE": {code: (zh, en) for code, zh, en in codes.UNIT_MEASURE.values()},
    }
    out = set()
    for dim in (*DIMENSIONS[:-1], "UNIT_MEASURE", "OBS_STATUS"):
        for code in {r[dim] for r in records}:
            if code == codes.NOT_APPLICABLE:
                zh, en = "不适用", "Not applicable"
            else:
                zh, en = fixed.get(dim, {}).get(code) or export.labels.get((dim, code), (code, ""))
            out.add((dim, code, zh, en))
    return sorted(out)


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence], numeric: Iterable[str] = ()) -> None:
    """Write through mfgstats.serve.csvsafe: text cells that would start a formula are neutralised; the columns
    named in `numeric` hold numbers (a negative OBS_VALUE stays a number)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        numbers = set(numeric)
        writer = csvsafe.Writer(fh, [c in numbers for c in header], lineterminator="\r\n")  # RFC 4180 line ends
        writer.writeheader(header)
        writer.writerows(rows)
    tmp.replace(path)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return format(value, ".15g")


def export_sdmx(
    con: duckdb.DuckDBPyConnection, out_dir: Path, progress: Callable[[Iterable], Iterable] = lambda it: it
) -> SdmxExport:
    """Write `<DATAFLOW>.csv` (SDMX-CSV 2.0) and `<DATAFLOW>.codelists.csv` (code, zh and en label) to out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export = SdmxExport(data=out_dir / f"{DATAFLOW}.csv", codelists=out_dir / f"{DATAFLOW}.codelists.csv")
    export.labels.update(dimension_labels(con))  # catalogued labels first; observations add the rest
    records = observations(progress(_source_rows(con)), export)
    export.observations = len(records)
    _write_csv(
        export.data,
        HEADER,
        (
            [
                "dataflow",
                STRUCTURE_ID,
                "I",
                *(r[d] for d in DIMENSIONS),
                _number(r["OBS_VALUE"]),
                r["UNIT_MEASURE"],
                r["OBS_STATUS"],
                r["COMPARATOR"] or "",
                _number(r["OBS_VALUE_HIGH"]),
                r["PUBLISHED"] or "",
                r["SOURCE_FILE"] or "",
            ]
            for r in records
        ),
        numeric=("OBS_VALUE", "OBS_VALUE_HIGH"),
    )
    _write_csv(export.codelists, ("CODELIST", "CODE", "NAME_ZH", "NAME_EN"), _codelist_rows(records, export))
    return export
