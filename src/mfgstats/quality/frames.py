"""Read the rows a suite validates from DuckDB into pandas (GX cannot validate DuckDB through its SQL datasource,
see /work/shared/stack item 4), plus the frames derived from a model: its schema and the identity builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from mfgstats.quality import identities
from mfgstats.quality.suites import Suite

MART_SCHEMA = "main"
ROW = "_row"  # position of a row in its frame: how a failing row is found again for the sample

BUILDERS: dict[str, Callable[[dict[str, Any]], tuple[str, list[Any]]]] = {
    "share_identities": identities.share_identities_sql,
    "growth_identities": identities.growth_identities_sql,
}


class FrameError(RuntimeError):
    """The rows could not be read: a missing model, a query that no longer matches the model, …"""


def relation(model: str) -> str:
    return f'{MART_SCHEMA}."{model}"'


def model_frame(con: duckdb.DuckDBPyConnection, suite: Suite, model: str) -> pd.DataFrame:
    frame = suite.frame
    if frame.kind == "table":
        sql, params = f"SELECT * FROM {relation(model)}", []
    elif frame.kind == "sql":
        sql, params = frame.sql.replace("{model}", relation(model)), []
    else:
        builder = BUILDERS.get(frame.builder)
        if builder is None:
            raise FrameError(f"{suite.path}: unknown frame builder {frame.builder!r}; use one of {sorted(BUILDERS)}")
        sql, params = builder({**frame.options, "relation": relation(model)})
    return _query(con, sql, params, f"{suite.label} on {model}")


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
