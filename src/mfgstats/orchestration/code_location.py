"""The Dagster code location, found the way Dagster's own tools find it: the module that pyproject.toml's
`[tool.dagster]` names (`module_name`), holding one `Definitions` object at top level. The library never imports
the code location by name, so the dependency goes one way: `pipelines` uses the library."""

from __future__ import annotations

import importlib
import tomllib
from functools import cache

from mfgstats.config import PROJECT_ROOT


@cache
def module_name() -> str:
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["dagster"]["module_name"]


def load_definitions():
    """The code location's `Definitions` (importing it reads dbt's manifest: see manifest.ensure_manifest)."""
    from dagster import Definitions

    module = importlib.import_module(module_name())
    found = [value for value in vars(module).values() if isinstance(value, Definitions)]
    if len(found) != 1:
        raise RuntimeError(f"{module_name()} holds {len(found)} Definitions objects; Dagster loads exactly one")
    return found[0]
