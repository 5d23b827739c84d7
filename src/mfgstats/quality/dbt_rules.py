"""What the dbt project states about each mart, read from the marts' YAML, the one place it is written: its
structure — column types (the enforced contracts) and the generic tests not_null, unique and accepted_values — and
the rows an incremental build writes again (`config.meta.rows_written`, which the models' pre-hook deletes by).

A structure suite (`from_dbt: true`) applies the structure through GX to the rows an incremental build wrote
(mfgstats.quality.scope), where dbt's own tests would re-read every row (dbt_project/selectors.yml leaves them to
complete builds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from mfgstats.config import PROJECT_ROOT

MARTS_DIR = PROJECT_ROOT / "dbt_project" / "models" / "marts"
TESTS = ("not_null", "unique", "accepted_values")  # what a structure suite takes over from dbt


class RuleError(ValueError):
    """A mart's test that a structure suite cannot apply as dbt would."""


@dataclass
class MartRules:
    columns: dict[str, str] = field(default_factory=dict)  # column → DuckDB type, upper case
    not_null: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)
    accepted_values: dict[str, list[Any]] = field(default_factory=dict)
    # {columns, changes[, change_columns, where, refs]}: rows whose columns appear in the change model
    rows_written: list[dict[str, Any]] = field(default_factory=list)


@cache
def mart_rules(directory: Path = MARTS_DIR) -> dict[str, MartRules]:
    """model → its structure rules, from every `_*.yml` of `directory`."""
    rules = {}
    for path in sorted(directory.glob("_*.yml")):
        for model in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader).get("models") or []:
            rules[model["name"]] = _model_rules(path, model)
    return rules


def _model_rules(path: Path, model: dict) -> MartRules:
    found = MartRules(rows_written=list(((model.get("config") or {}).get("meta") or {}).get("rows_written") or []))
    for column in model.get("columns") or []:
        name = column["name"]
        found.columns[name] = str(column.get("data_type", "")).upper()
        for test in column.get("data_tests") or []:
            kind, args = (test, {}) if isinstance(test, str) else next(iter(test.items()))
            if kind not in TESTS:
                continue  # relationships and expressions stay dbt's alone
            if "config" in (args or {}):  # a where or severity changes what the rule means: keep it in dbt only
                raise RuleError(f"{path}: {model['name']}.{name} configures its {kind} test, which GX cannot mirror")
            if kind == "accepted_values":
                found.accepted_values[name] = list((args.get("arguments") or args)["values"])
            else:
                getattr(found, kind).append(name)
    return found
