"""Every runtime dependency of pyproject.toml is used: imported by the library or the code location, or loaded by
name by a tool that says so below. A dependency nothing uses fails here, so it is removed (with its pin in
requirements/constraints.txt) instead of being installed and upgraded for nothing."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib

from mfgstats.config import PROJECT_ROOT

# Used without an import of ours: what loads each.
LOADED_BY_NAME = {
    "dagster-webserver": "`mfgstats ui` runs `dagster dev`, which serves the UI from it",
    "dagster-postgres": "Dagster's instance loads its storage by name from dagster.yaml (docs/deploy.md)",
    "dbt-duckdb": "dbt loads the adapter dbt_project/profiles.yml names",
    "duckdb-extension-ducklake": "mfgstats.lake installs it through duckdb_extensions, by extension name",
    "duckdb-extension-sqlite": "mfgstats.lake installs it through duckdb_extensions, by extension name",
    "duckdb-extension-postgres": "mfgstats.lake installs it through duckdb_extensions, by extension name",
    "duckdb-extension-httpfs": "mfgstats.lake installs it through duckdb_extensions, by extension name (s3 data)",
}


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [_canonical(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]]


def imported_top_modules() -> set[str]:
    found = set()
    for folder in ("src", "pipelines"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_used():
    modules_of: dict[str, set[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(_canonical(dist), set()).add(module)
    imported = imported_top_modules()
    unused = [
        dist
        for dist in runtime_dependencies()
        if dist not in LOADED_BY_NAME and not modules_of.get(dist, set()) & imported
    ]
    assert unused == [], "runtime dependencies nothing imports: remove them, or say what loads them"


def test_what_is_loaded_by_name_is_still_a_dependency():
    assert set(LOADED_BY_NAME) <= set(runtime_dependencies())
