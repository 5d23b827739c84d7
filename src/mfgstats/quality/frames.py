"""Read the rows a suite validates from DuckDB into pandas (GX 1.x cannot validate DuckDB through its SQL
datasource: every expectation fails in metric resolution), plus the frames derived from a model: its schema and the
identity builders."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from mfgstats.quality.identities import growth_identities_sql, share_identities_sql
from mfgstats.quality.scope import scoped_builder_sql, scoped_relation
from mfgstats.quality.suites import Suite

MART_SCHEMA = "main"
ROW = "_row"  # position of a row in its frame: how a failing row is found again for the sample
COLUMN_ARGS = ("column", "column_A", "column_B", "column_list")  # expectation arguments that name columns
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # in a row condition (pandas query syntax)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")

BUILDERS: dict[str, Callable[[dict[str, Any]], tuple[str, list[Any]]]] = {
    "share_identities": share_identities_sql,
    "growth_identities": growth_identities_sql,
}


class FrameError(RuntimeError):
    """The rows could not be read: a missing model, a query that no longer matches the model, …"""


def relation(model: str) -> str:
    return f'{MART_SCHEMA}."{model}"'


@dataclass
class Rows:
    """The rows a suite's rules cover (`total`) and those handed to GX (`frame`): all of them, or — when every
    expectation has a row rule DuckDB can judge (`passing_condition`) — only those it cannot call passing."""

    frame: pd.DataFrame
    total: int

    @property
    def passed_in_sql(self) -> int:
        return self.total - len(self.frame)


def model_frame(con: duckdb.DuckDBPyConnection, suite: Suite, model: str, scoped: bool = False) -> Rows:
    """The rows `suite` validates on `model`; `scoped`: only those the last incremental build wrote
    (mfgstats.quality.scope)."""
    frame = suite.frame
    rows = scoped_relation(con, relation(model), model, unique_keys(suite)) if scoped else relation(model)
    if frame.kind == "table":
        sql, params = f"SELECT * FROM {rows}", []
    elif frame.kind == "sql":
        sql, params = frame.sql.replace("{model}", rows), []
    else:
        builder = BUILDERS.get(frame.builder)
        if builder is None:
            raise FrameError(f"{suite.path}: unknown frame builder {frame.builder!r}; use one of {sorted(BUILDERS)}")
        sql, params = builder({**frame.options, "relation": relation(model)})
        if scoped:
            sql = scoped_builder_sql(con, sql, frame.builder)
    what = f"{suite.label} on {model}"
    projected = _projected(con, sql, params, suite)
    try:
        types = {d[0]: str(d[1]) for d in con.execute(f"SELECT * FROM ({projected}) LIMIT 0", params).description}
    except duckdb.Error:
        types = {}  # _query reports the error with the suite's name
    passing = passing_condition(suite, types)
    if passing is not None:
        total = _query(con, f"SELECT count(*) FROM ({sql}) AS frame", params, what).iloc[0, 1]
        candidates = f"SELECT * FROM ({projected}) AS frame WHERE NOT ({passing})"
        return Rows(_query(con, candidates, params, what), int(total))
    frame = _query(con, projected, params, what)
    return Rows(frame, len(frame))


# Expectations whose verdict on a row DuckDB can give exactly as GX's pandas engine does, as the condition a row
# certainly meets it by: a frame of millions of combinations (the growth identities) then reaches GX as the few
# thousand rows that may fail. NULLs and NaNs are never called passing here (GX decides on them); only columns
# whose type compares in DuckDB as in pandas qualify (no 'true' = true, no BIGINT rounded to DOUBLE); any other
# argument (row_condition, mostly …) keeps every row.
EXACT_NUMBERS = ("DOUBLE", "FLOAT", "INTEGER", "SMALLINT", "TINYINT", "DECIMAL")  # exact as pandas' float64


def _in_set(kwargs: dict[str, Any], types: dict[str, str]) -> str | None:
    values, column = kwargs.get("value_set"), kwargs.get("column")
    if not isinstance(values, list) or not values:
        return None  # a $PARAMETER: its values are not known here
    if all(isinstance(v, bool) for v in values) and types.get(column) == "BOOLEAN":
        literals = ", ".join(str(v).lower() for v in values)
    elif all(isinstance(v, str) for v in values) and types.get(column) == "VARCHAR":
        literals = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    else:
        return None
    return f"coalesce({_quote(column)} IN ({literals}), false)"


def _a_greater_than_b(kwargs: dict[str, Any], types: dict[str, str]) -> str | None:
    columns = [kwargs.get("column_A"), kwargs.get("column_B")]
    if not all(types.get(c, "").startswith(EXACT_NUMBERS) for c in columns):
        return None
    a, b = (f"{_quote(c)}::DOUBLE" for c in columns)
    return f"coalesce({a} {'>=' if kwargs.get('or_equal') else '>'} {b} AND NOT isnan({a}) AND NOT isnan({b}), false)"


PASSING_SQL: dict[str, tuple[set[str], Callable[[dict[str, Any], dict[str, str]], str | None]]] = {
    "expect_column_values_to_be_in_set": ({"column", "value_set"}, _in_set),
    "expect_column_pair_values_a_to_be_greater_than_b": ({"column_A", "column_B", "or_equal"}, _a_greater_than_b),
}


def passing_condition(suite: Suite, types: dict[str, str]) -> str | None:
    """The SQL condition a row meets when it passes every expectation of `suite` (`types`: the frame's DuckDB
    column types), or None when one of them is not a row rule DuckDB can judge as GX does: GX reads every row."""
    conditions = []
    for spec in suite.expectations:
        allowed, condition = PASSING_SQL.get(spec.type, (set(), None))
        if condition is None or not set(spec.kwargs) <= allowed or (sql := condition(spec.kwargs, types)) is None:
            return None
        conditions.append(sql)
    return " AND ".join(conditions) if conditions else None


def _projected(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], suite: Suite) -> str:
    """Only the columns the suite reads: those its expectations and row conditions name, its sample columns (or
    the frame's first four, which samples show when a suite names none). A 300,000-row mart with two sentences
    per row costs a gigabyte in pandas when read whole; the values and verdicts are the same."""
    try:
        columns = [d[0] for d in con.execute(f"SELECT * FROM ({sql}) AS frame LIMIT 0", params).description]
    except duckdb.Error:
        return sql  # _query reports the error with the suite's name
    wanted = set(suite.sample_columns or columns[:4])
    for spec in suite.expectations:
        for arg in COLUMN_ARGS:
            value = spec.kwargs.get(arg)
            wanted.update(value if isinstance(value, list) else [value] if value else [])
        condition = spec.kwargs.get("row_condition")
        if isinstance(condition, str):
            wanted.update(IDENTIFIER.findall(QUOTED.sub("", condition)))
    kept = [c for c in columns if c in wanted]
    if len(kept) == len(columns):
        return sql
    return f"SELECT {', '.join(_quote(c) for c in kept)} FROM ({sql}) AS frame"


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def unique_keys(suite: Suite) -> list[list[str]]:
    """The column sets the suite expects to be unique."""
    keys = []
    for spec in suite.expectations:
        if spec.type == "expect_column_values_to_be_unique":
            keys.append([spec.kwargs["column"]])
        elif spec.type == "expect_compound_columns_to_be_unique":
            keys.append(list(spec.kwargs["column_list"]))
    return keys


def schema_frame(con: duckdb.DuckDBPyConnection, suite: Suite, model: str) -> pd.DataFrame:
    """One row per column the suite expects: its expected type and the type the model has (null when missing)."""
    actual = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
            [MART_SCHEMA, model],
        ).fetchall()
    )
    rows = [(name, expected, actual.get(name)) for name, expected in suite.columns.items()]
    frame = pd.DataFrame(rows, columns=["column_name", "expected_type", "actual_type"], dtype=object)
    frame.insert(0, ROW, range(len(frame)))
    return frame


def parameter_values(con: duckdb.DuckDBPyConnection, suite: Suite) -> dict[str, list[Any]]:
    """Values of the suite's $PARAMETERs (e.g. the unit catalog), read from the same warehouse."""
    values = {}
    for name, sql in suite.parameters.items():
        frame = _query(con, sql, [], f"{suite.label} parameter {name}")
        values[name] = frame.iloc[:, 1].dropna().tolist()  # column 0 is ROW
    return values


def has_model(con: duckdb.DuckDBPyConnection, model: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [MART_SCHEMA, model],
    ).fetchone()
    return bool(found[0])


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], what: str) -> pd.DataFrame:
    try:
        frame = con.execute(sql, params).df()
    except duckdb.Error as exc:
        raise FrameError(f"cannot read the rows of {what}: {' '.join(str(exc).split())}") from exc
    frame.insert(0, ROW, range(len(frame)))
    return frame
