"""Suites as files: `expectations/**/*.yml`, one suite per file, reviewed like code.

A suite names the models it guards, how to read the rows it validates (the whole table, a SQL query over the
warehouse, or a named builder such as the identity checks), and its expectations — Great Expectations types with
their keyword arguments, plus shorthands (`not_null`, `unique`, `accepted_values`, `columns`) that expand into
the same GX expectations. A structure suite (`from_dbt: true`) takes those shorthands of its mart from the dbt
project's YAML (mfgstats.quality.dbt_rules) instead of listing them again. Loading needs no GX import, so the
Dagster code location can list the checks quickly; `mfgstats.quality.evaluate` turns the expectations into GX
objects when it runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mfgstats.config import PROJECT_ROOT
from mfgstats.quality.dbt_rules import RuleError, mart_rules

SUITES_DIR = PROJECT_ROOT / "expectations"

# GX's own severities; see mfgstats.quality.results for what each means for a run.
SEVERITIES = ("critical", "warning", "info")

SUITE_KEYS = {
    "name",
    "description",
    "models",
    "severity",
    "blocking",
    "findings",
    "frame",
    "columns",
    "not_null",
    "unique",
    "accepted_values",
    "expectations",
    "parameters",
    "sample_columns",
    "from_dbt",
}
DBT_KEYS = ("columns", "not_null", "unique", "accepted_values")  # what `from_dbt: true` reads from the dbt YAML
FRAME_KINDS = ("table", "sql", "builder")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class SuiteError(ValueError):
    """A suite file that cannot be used, with the file named and what to change."""

    def __init__(self, path: Path, problem: str, action: str = "fix the file"):
        super().__init__(f"{path}: {problem} — {action}")
        self.path = path
        self.problem = problem
        self.action = action


@dataclass(frozen=True)
class Frame:
    """Where a suite's rows come from. `sql` may name the guarded model as {model} (schema-qualified, quoted)."""

    kind: str = "table"  # table | sql | builder
    sql: str | None = None
    builder: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpectationSpec:
    """One GX expectation as written in a suite: its GX type (snake case), keyword arguments, severity."""

    type: str
    kwargs: dict[str, Any]
    severity: str
    description: str


@dataclass(frozen=True)
class Suite:
    name: str  # the Dagster check name; unique per model
    path: Path
    description: str
    models: tuple[str, ...]
    severity: str  # default severity of its expectations
    blocking: bool  # a failed critical expectation stops publishing
    findings: bool  # failing rows are findings about the sources (shown in the report's findings section)
    frame: Frame
    columns: dict[str, str]  # expected DuckDB type per column (checked against the table's own schema)
    expectations: tuple[ExpectationSpec, ...]
    parameters: dict[str, str]  # $PARAMETER name → SQL whose first column gives the value list
    sample_columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


def load_suites(directory: Path | None = None) -> list[Suite]:
    """Every suite under `directory` (default: the project's expectations/), sorted by path. Raises SuiteError
    for the first bad file, and for two suites that would give one model two checks of the same name."""
    root = directory or SUITES_DIR
    if not root.is_dir():
        raise SuiteError(root, "the expectations directory does not exist", "restore expectations/ from git")
    suites = [load_suite(path) for path in sorted(root.rglob("*.yml"))]
    seen: dict[tuple[str, str], Path] = {}
    for suite in suites:
        for model in suite.models:
            other = seen.setdefault((model, suite.name), suite.path)
            if other != suite.path:
                raise SuiteError(
                    suite.path,
                    f"model {model} already has a suite named {suite.name!r} ({other})",
                    "give one of them another name",
                )
    return suites


def load_suite(path: Path) -> Suite:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SuiteError(path, f"cannot read the suite: {exc}", "write it as UTF-8 YAML") from exc
    if not isinstance(raw, dict):
        raise SuiteError(path, "a suite is a YAML mapping", "start with `name:`, `models:` and `expectations:`")
    unknown = sorted(set(raw) - SUITE_KEYS)
    if unknown:
        raise SuiteError(path, f"unknown keys {unknown}", f"use only {sorted(SUITE_KEYS)}")
    name = _required(path, raw, "name", str)
    if not NAME_PATTERN.match(name):
        raise SuiteError(path, f"name {name!r} is not a valid check name", "use lower_snake_case")
    models = raw.get("models")
    if not models or not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise SuiteError(path, "`models` must list the models the suite guards", "e.g. `models: [fct_observation]`")
    severity = raw.get("severity", "critical")
    _check_severity(path, severity)
    if raw.get("from_dbt"):
        raw = {**raw, **_dbt_structure(path, raw, models)}
    frame = _frame(path, raw.get("frame", "table"))
    columns = raw.get("columns") or {}
    if not isinstance(columns, dict):
        raise SuiteError(path, "`columns` maps column names to DuckDB types", "e.g. `observation_id: VARCHAR`")
    parameters = raw.get("parameters") or {}
    if not isinstance(parameters, dict) or not all(isinstance(v, str) for v in parameters.values()):
        raise SuiteError(path, "`parameters` maps a name to a SQL query", "e.g. `units: select unit from …`")
    expectations = _shorthands(path, raw, severity) + [
        _expectation(path, i, item, severity) for i, item in enumerate(raw.get("expectations") or [])
    ]
    if not expectations and not columns:
        raise SuiteError(path, "the suite has no expectations", "add `expectations:` or a shorthand")
    for spec in expectations:
        _check_parameters(path, spec, parameters)
    return Suite(
        name=name,
        path=path,
        description=str(raw.get("description", "")).strip(),
        models=tuple(models),
        severity=severity,
        blocking=bool(raw.get("blocking", False)),
        findings=bool(raw.get("findings", False)),
        frame=frame,
        columns={str(k): str(v).upper() for k, v in columns.items()},
        expectations=tuple(expectations),
        parameters=dict(parameters),
        sample_columns=tuple(raw.get("sample_columns") or ()),
    )


def _dbt_structure(path: Path, raw: dict, models: list[str]) -> dict[str, Any]:
    """The shorthands of the one mart a `from_dbt` suite guards, as its dbt YAML states them."""
    written = [k for k in DBT_KEYS if k in raw]
    if written:
        raise SuiteError(
            path, f"`from_dbt: true` takes {written} from the dbt YAML", "write them in dbt_project/models/marts/"
        )
    if len(models) != 1:
        raise SuiteError(path, "a `from_dbt` suite guards one mart", "one suite file per mart")
    try:
        rules = mart_rules().get(models[0])
    except RuleError as exc:
        raise SuiteError(path, str(exc), "leave that test out of the suite's mart or drop its config") from exc
    if rules is None:
        raise SuiteError(path, f"dbt_project/models/marts/ documents no model {models[0]!r}", "fix `models:`")
    return {
        "columns": rules.columns,
        "not_null": rules.not_null,
        "unique": rules.unique,
        "accepted_values": rules.accepted_values,
    }


def _required(path: Path, raw: dict, key: str, kind: type) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind) or not value:
        raise SuiteError(path, f"`{key}` is missing or not a {kind.__name__}", f"add `{key}:`")
    return value


def _check_severity(path: Path, severity: Any) -> None:
    if severity not in SEVERITIES:
        raise SuiteError(path, f"severity {severity!r} is not one of {list(SEVERITIES)}", "pick one of those")


def _frame(path: Path, raw: Any) -> Frame:
    if raw == "table":
        return Frame()
    if not isinstance(raw, dict) or len({"sql", "builder"} & set(raw)) != 1:
        raise SuiteError(path, "`frame` is `table`, `{sql: …}` or `{builder: …, …options}`", "fix `frame:`")
    if "sql" in raw:
        if set(raw) != {"sql"}:
            raise SuiteError(path, "a SQL frame takes only `sql`", "move options into the query")
        return Frame(kind="sql", sql=str(raw["sql"]))
    options = {k: v for k, v in raw.items() if k != "builder"}
    return Frame(kind="builder", builder=str(raw["builder"]), options=options)


def _shorthands(path: Path, raw: dict, severity: str) -> list[ExpectationSpec]:
    specs = []
    for column in raw.get("not_null") or []:
        specs.append(
            ExpectationSpec("expect_column_values_to_not_be_null", {"column": column}, severity, f"{column} is set")
        )
    for key in raw.get("unique") or []:
        if isinstance(key, list):
            specs.append(
                ExpectationSpec(
                    "expect_compound_columns_to_be_unique",
                    {"column_list": key},
                    severity,
                    f"({', '.join(key)}) identifies a row",
                )
            )
        else:
            specs.append(
                ExpectationSpec("expect_column_values_to_be_unique", {"column": key}, severity, f"{key} is unique")
            )
    accepted = raw.get("accepted_values") or {}
    if not isinstance(accepted, dict):
        raise SuiteError(path, "`accepted_values` maps a column to its values", "e.g. `status: [actual, target]`")
    for column, values in accepted.items():
        shown = values if isinstance(values, dict) else ", ".join(map(str, values))
        specs.append(
            ExpectationSpec(
                "expect_column_values_to_be_in_set",
                {"column": column, "value_set": values},
                severity,
                f"{column} is one of {shown}",
            )
        )
    return specs


def _expectation(path: Path, index: int, item: Any, default_severity: str) -> ExpectationSpec:
    where = f"expectation #{index + 1}"
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise SuiteError(path, f"{where} has no `type`", "e.g. `type: expect_column_values_to_be_between`")
    kwargs = {k: v for k, v in item.items() if k not in ("type", "severity", "description")}
    severity = item.get("severity", default_severity)
    _check_severity(path, severity)
    description = item.get("description")
    if not description:
        raise SuiteError(path, f"{where} ({item['type']}) has no `description`", "say in words what must hold")
    return ExpectationSpec(item["type"], kwargs, severity, str(description).strip())


def _check_parameters(path: Path, spec: ExpectationSpec, parameters: dict[str, str]) -> None:
    for value in spec.kwargs.values():
        if isinstance(value, dict) and "$PARAMETER" in value and value["$PARAMETER"] not in parameters:
            raise SuiteError(
                path,
                f"{spec.type} uses $PARAMETER {value['$PARAMETER']!r}, which `parameters` does not define",
                "add it under `parameters:` with the SQL that gives its values",
            )
