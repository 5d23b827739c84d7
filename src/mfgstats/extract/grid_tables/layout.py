"""What a table's cells mean: the long and wide layouts, and the optional `table:` mapping of the sidecar.

Long: one value per row, columns indicator, region, period, value, unit, status (zh or en headers).
Wide: indicators as rows, one column per period (`2020`, `2021年`, `2025年目标` …), optional unit/region columns.
Every problem found is reported with its sheet, line and column, at most a few at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mfgstats.extract.table_periods import Period, parse_period
from mfgstats.extract.table_rules import FIGURE, NO_FIGURE, figure_value, split_unit
from mfgstats.ingest.errors import IngestProblem
from mfgstats.ingest.matching import fold_width
from mfgstats.ingest.tables.grid import Cell, Row, Sheet

ROLES = ("indicator", "region", "period", "value", "unit", "status", "note", "ignore")
_ROLE_LABELS = {
    "indicator": "indicator 指标 指标名称 项目 名称 统计指标",
    "region": "region 地区 区域 地区名称 行政区划",
    "period": "period 时期 期间 时间 年份 年度 统计期 报告期 日期",
    "value": "value 数值 值 数据 数量 本期",
    "unit": "unit 单位 计量单位",
    "status": "status 状态 类别 数据类型",
    "note": "note notes 备注 说明 注释 来源 source",
}
_ROLE_BY_LABEL = {label: role for role, labels in _ROLE_LABELS.items() for label in labels.split()}
_STATUS_WORDS = {
    "actual": "actual 实际 实绩 实际值 完成 完成值 统计",
    "target": "target plan goal forecast expected 目标 目标值 预期 预期值 规划 计划 预计 预测",
}
_STATUS_BY_WORD = {word: status for status, words in _STATUS_WORDS.items() for word in words.split()}
_STATUS_MARK = re.compile(r"[（(]?(" + "|".join(sorted(_STATUS_BY_WORD, key=len, reverse=True)) + r")[)）]?", re.I)
# a spreadsheet's empty cells say more ways than a text table's: the words and marks an export writes for no value
_EMPTY_VALUES = frozenset([*NO_FIGURE, "", "--", "–", "...", "na", "n/a", "null", "none", "×", "x", "*", "空"])
# the figure (table_rules.FIGURE) with what a spreadsheet cell may write around it: a comparator, a range, %
_VALUE = re.compile(
    rf"^(?P<cmp>>=|<=|≥|≤|>|<|~|约|超过|超|不低于|不少于|不超过)?\s*(?P<num>{FIGURE})"
    rf"(?:\s*(?:~|-|—|–|至|到)\s*(?P<high>{FIGURE}))?\s*(?P<pct>%)?$"
)
_COMPARATORS = {">=": ">=", "≥": ">=", "不低于": ">=", "不少于": ">=", "<=": "<=", "≤": "<=", "不超过": "<="}
_COMPARATORS |= {">": ">", "超过": ">", "超": ">", "<": "<", "~": "~", "约": "~"}
_MAX_PROBLEMS = 5


@dataclass(frozen=True)
class TableMapping:
    """The sidecar's `table:` section; every field optional."""

    layout: str | None = None  # long | wide; detected from the header when absent
    sheets: tuple[str, ...] | None = None  # XLSX sheets holding data; default every non-empty sheet
    header_row: int | None = None  # 1-based line of the header within its sheet; default the first non-blank
    columns: Mapping[str, str] = field(default_factory=dict)  # header label → role (see ROLES)
    periods: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)  # header → (period, status)
    region: str | None = None  # defaults for cells the table leaves open
    unit: str | None = None
    status: str | None = None

    def to_json(self) -> str:
        """The mapping as ingestion read and checked it, kept with the document so that extraction reads the
        table the way it was checked, never a sidecar edited since."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return json.dumps({k: dict(v) if isinstance(v, Mapping) else v for k, v in fields.items()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> TableMapping:
        """The mapping `to_json` wrote; the defaults for None (a table without a `table:` section)."""
        if text is None:
            return cls()
        raw = json.loads(text)
        return cls(
            **raw
            | {
                "sheets": tuple(raw["sheets"]) if raw["sheets"] is not None else None,
                "periods": {header: tuple(spec) for header, spec in raw["periods"].items()},
            }
        )


@dataclass(frozen=True)
class TableValue:
    """One number of a table with everything needed to make it a Fact."""

    indicator: str
    unit: str
    region: str | None  # None: the document's region
    period: Period
    status: str
    value: float
    value_high: float | None
    comparator: str
    cell: Cell
    row: Row


def parse_mapping(raw: Mapping[str, Any] | None) -> TableMapping:
    if raw is None:
        return TableMapping()
    known = ("layout", "sheets", "header_row", "columns", "periods", "defaults")
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        _bad(f"unknown field(s) {', '.join(unknown)}", f"use only {', '.join(known)}")
    layout = raw.get("layout")
    if layout not in (None, "long", "wide"):
        _bad(f"layout={layout!r}", "use layout: long or layout: wide")
    sheets = raw.get("sheets")
    if isinstance(sheets, str):
        sheets = [sheets]
    if sheets is not None and not (isinstance(sheets, list) and all(isinstance(s, str) for s in sheets)):
        _bad(f"sheets={sheets!r}", "list the sheet names: sheets: [表1, 表2]")
    header_row = raw.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1):
        _bad(f"header_row={header_row!r}", "give the 1-based line number of the header row")
    columns = raw.get("columns") or {}
    if not isinstance(columns, Mapping) or any(role not in ROLES for role in columns.values()):
        _bad(f"columns={columns!r}", f"map header labels to one of {', '.join(ROLES)}")
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, Mapping) or set(defaults) - {"region", "unit", "status"}:
        _bad(f"defaults={defaults!r}", "defaults may set region, unit and status")
    status = defaults.get("status")
    if status is not None and _status(str(status)) is None:
        _bad(f"defaults.status={status!r}", "use actual or target")
    return TableMapping(
        layout=layout,
        sheets=tuple(sheets) if sheets is not None else None,
        header_row=header_row,
        columns={_norm(str(k)): v for k, v in columns.items()},
        periods=_period_map(raw.get("periods") or {}),
        region=_opt_text(defaults.get("region")),
        unit=_opt_text(defaults.get("unit")),
        status=_status(str(status)) if status is not None else None,
    )


def _period_map(raw: Any) -> dict[str, tuple[str, str | None]]:
    if not isinstance(raw, Mapping):
        _bad(f"periods={raw!r}", "map period column headers to periods: periods: {'2025年目标': {period: '2025'}}")
    out = {}
    for header, spec in raw.items():
        period, status = (spec.get("period"), spec.get("status")) if isinstance(spec, Mapping) else (spec, None)
        if period is None or parse_period(str(period)) is None:
            _bad(f"periods[{header!r}] has no valid period ({period!r})", "write periods as 2020, 2020H1, 2020-08 …")
        if status is not None and _status(str(status)) is None:
            _bad(f"periods[{header!r}].status={status!r}", "use actual or target")
        out[_norm(str(header))] = (str(period), _status(str(status)) if status is not None else None)
    return out


def _bad(what: str, action: str) -> None:
    raise IngestProblem("invalid_sidecar", f"the sidecar's table mapping is invalid: {what}", action)


def _opt_text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _norm(label: str) -> str:
    return re.sub(r"\s+", "", fold_width(label)).lower()


def _status(word: str) -> str | None:
    return _STATUS_BY_WORD.get(_norm(word))


def table_values(sheets: list[Sheet], mapping: TableMapping) -> list[TableValue]:
    """Interpret every data sheet. Raises IngestProblem `malformed_table` listing the first problems."""
    problems: list[str] = []
    values: list[TableValue] = []
    chosen = [s for s in sheets if mapping.sheets is None or s.name in mapping.sheets]
    if mapping.sheets is not None:
        missing = set(mapping.sheets) - {s.name for s in sheets}
        if missing:
            problems.append(f"sheet(s) {', '.join(sorted(missing))} named in the mapping do not exist")
    for sheet in chosen:
        _Sheet(sheet, mapping, problems, values).read()
    if problems:
        more = f" (and {len(problems) - _MAX_PROBLEMS} more)" if len(problems) > _MAX_PROBLEMS else ""
        raise IngestProblem("malformed_table", "; ".join(problems[:_MAX_PROBLEMS]) + more)
    if not values:
        raise IngestProblem("malformed_table", "the table holds no values", "fill in the values or remove the file")
    return values


class _Sheet:
    """Reading one sheet: find the header, decide the layout, turn every filled value cell into a TableValue."""

    def __init__(self, sheet: Sheet, mapping: TableMapping, problems: list[str], out: list[TableValue]):
        self.sheet, self.mapping, self.problems, self.out = sheet, mapping, problems, out
        self.where = f"sheet {sheet.name!r}, " if sheet.name is not None else ""

    def problem(self, row: Row | None, text: str) -> None:
        self.problems.append(f"{self.where}line {row.number}: {text}" if row else f"{self.where.rstrip(', ')}{text}")

    def read(self) -> None:
        rows = [r for r in self.sheet.rows if not r.is_blank()]
        if self.mapping.header_row is not None:
            rows = [r for r in rows if r.number >= self.mapping.header_row]
        if not rows:
            self.problem(None, "no header row")
            return
        header, body = rows[0], rows[1:]
        labels = [c.value for c in header.cells]
        roles = {i: self._role(label) for i, label in enumerate(labels)}
        layout = self.mapping.layout or self._detect(labels, roles)
        if layout == "long":
            self._read_long(header, labels, roles, body)
        elif layout == "wide":
            self._read_wide(header, labels, roles, body)
        else:
            self.problem(
                header,
                f"the header ({' | '.join(labels)}) is neither the long layout (indicator, period, value …) "
                "nor the wide one (indicator, then one column per period)",
            )

    def _role(self, label: str) -> str | None:
        norm = _norm(label)
        if norm in self.mapping.columns:
            return self.mapping.columns[norm]
        paren = split_unit(norm)
        return _ROLE_BY_LABEL.get(norm) or (_ROLE_BY_LABEL.get(paren[0]) if paren else None)

    def _detect(self, labels: list[str], roles: dict[int, str | None]) -> str | None:
        present = set(roles.values())
        if {"indicator", "period", "value"} <= present:
            return "long"
        if any(self._period_column(label) for i, label in enumerate(labels) if roles[i] is None):
            return "wide"
        return None

    def _period_column(self, label: str) -> tuple[Period, str | None, str | None] | None:
        """(period, status, unit) of a wide-layout column header like `2025年目标（亿元）`."""
        norm = _norm(label)
        if norm in self.mapping.periods:
            spec, status = self.mapping.periods[norm]
            period = parse_period(spec)  # checked when the mapping was read
            return Period(period.start, period.end, label.strip()), status, None
        unit = None
        paren = split_unit(norm)
        if paren and parse_period(paren[0]) is None and not _STATUS_MARK.fullmatch(paren[1]):
            norm, unit = paren
        status = None
        marks = _STATUS_MARK.findall(norm)
        if marks:
            status = _status(marks[-1])
            norm = _STATUS_MARK.sub("", norm)
        period = parse_period(norm)
        return (Period(period.start, period.end, label.strip()), status, unit) if period else None

    def _read_long(self, header: Row, labels: list[str], roles: dict[int, str | None], body: list[Row]) -> None:
        col: dict[str, int] = {}
        for i, role in roles.items():
            if role:
                col.setdefault(role, i)  # the first column of a role wins
        missing = [r for r in ("indicator", "period", "value") if r not in col]
        if missing:
            self.problem(header, f"the long layout needs column(s) {', '.join(missing)}")
            return
        value_unit = _header_unit(labels[col["value"]])
        for row in body:
            if not self._check_width(row, len(labels)):
                continue
            raw = row.value(col["value"])
            indicator, label_unit = _indicator(row.value(col["indicator"]))
            if _norm(raw) in _EMPTY_VALUES:
                continue
            if not indicator:
                self.problem(row, f"value {raw!r} has no indicator")
                continue
            period = parse_period(row.value(col["period"]))
            if period is None:
                self.problem(row, f"period {row.value(col['period'])!r} is not a period (2020, 2020H1, 2020-08 …)")
                continue
            status = self._row_status(row, col)
            unit = row.value(col["unit"]) if "unit" in col else ""
            region = row.value(col["region"]) if "region" in col else ""
            self._emit(row, col["value"], indicator, unit or value_unit or label_unit, region, period, status)

    def _read_wide(self, header: Row, labels: list[str], roles: dict[int, str | None], body: list[Row]) -> None:
        periods = {i: self._period_column(label) for i, label in enumerate(labels) if roles[i] is None}
        indicator_col = next((i for i, r in roles.items() if r == "indicator"), None)
        if indicator_col is None and labels and not labels[0] and periods.get(0) is None:
            indicator_col = 0  # the usual blank top-left corner
            periods.pop(0, None)
        if indicator_col is None:
            self.problem(header, "the wide layout needs an indicator column (指标) before the period columns")
            return
        unknown = [labels[i] for i, p in periods.items() if p is None]
        if unknown:
            self.problem(
                header,
                f"column(s) {', '.join(repr(u) for u in unknown)} are neither periods nor known columns; "
                "map them in the sidecar (table: columns / periods) or mark them `ignore`",
            )
            return
        if not periods:
            self.problem(header, "the wide layout has no period columns")
            return
        unit_col = next((i for i, r in roles.items() if r == "unit"), None)
        region_col = next((i for i, r in roles.items() if r == "region"), None)
        status_col = next((i for i, r in roles.items() if r == "status"), None)
        for row in body:
            if not self._check_width(row, len(labels)):
                continue
            indicator, label_unit = _indicator(row.value(indicator_col))
            filled = [i for i in periods if _norm(row.value(i)) not in _EMPTY_VALUES]
            if not filled:
                continue  # a section heading such as 一、工业
            if not indicator:
                self.problem(row, "values without an indicator")
                continue
            row_status = _status(row.value(status_col)) if status_col is not None else None
            unit = row.value(unit_col) if unit_col is not None else ""
            region = row.value(region_col) if region_col is not None else ""
            for i in filled:
                period, column_status, column_unit = periods[i]
                status = column_status or row_status or self.mapping.status or "actual"
                self._emit(row, i, indicator, unit or column_unit or label_unit, region, period, status)

    def _check_width(self, row: Row, width: int) -> bool:
        extra = [c.value for c in row.cells[width:] if c.value]
        if extra:
            self.problem(row, f"{len(row.cells)} cells but the header has {width}: {extra[0]!r} has no column")
        return not extra

    def _row_status(self, row: Row, col: dict[str, int]) -> str:
        if "status" not in col or not row.value(col["status"]):
            return self.mapping.status or "actual"
        status = _status(row.value(col["status"]))
        if status is None:
            self.problem(row, f"status {row.value(col['status'])!r} is neither actual/实际 nor target/目标")
            return "actual"
        return status

    def _emit(self, row: Row, column: int, indicator: str, unit: str, region: str, period: Period, status: str):
        cell = row.cells[column]
        parsed = _parse_value(cell.value)
        if parsed is None:
            self.problem(row, f"{cell.value!r} is not a number")
            return
        value, high, comparator, percent = parsed
        unit = unit or self.mapping.unit or ""
        if percent:
            if unit and unit not in ("%", "％"):
                self.problem(row, f"{cell.value!r} is a percentage but the unit is {unit!r}")
                return
            unit = "%"
        if not unit:
            self.problem(row, f"{indicator!r} has no unit: add a unit column, (单位) to the label or defaults.unit")
            return
        self.out.append(
            TableValue(
                indicator=indicator,
                unit=fold_width(unit),
                region=region or self.mapping.region,
                period=period,
                status=status,
                value=value,
                value_high=high,
                comparator=comparator,
                cell=cell,
                row=row,
            )
        )


def _indicator(label: str) -> tuple[str, str]:
    """`规上工业增加值（亿元）` → (`规上工业增加值`, `亿元`)."""
    paren = split_unit(label.strip())
    return (paren[0].strip(), paren[1]) if paren else (label.strip(), "")


def _header_unit(label: str) -> str:
    paren = split_unit(label.strip())
    return paren[1] if paren else ""


def _parse_value(raw: str) -> tuple[float, float | None, str, bool] | None:
    m = _VALUE.match(re.sub(r"\s+", "", fold_width(raw)).replace("，", ","))
    if not m:
        return None
    high = figure_value(m.group("high")) if m.group("high") is not None else None
    comparator = "range" if high is not None else _COMPARATORS.get(m.group("cmp") or "", "=")
    return figure_value(m.group("num")), high, comparator, bool(m.group("pct"))
