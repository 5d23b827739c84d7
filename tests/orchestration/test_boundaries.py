"""The library stays below the Dagster code location: nothing in src/ imports `pipelines`; the code location is
found through pyproject.toml's [tool.dagster], as Dagster's own tools find it; the tag names the library writes
for Dagster are the ones the installed Dagster reads."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration import code_location, tags

SRC = PROJECT_ROOT / "src"
CODE_LOCATION_PACKAGE = "pipelines"


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module",
            "__import__",
        }:
            found |= {a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_no_module_of_the_library_imports_the_code_location():
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(m for m in imported_modules(path) if _in_code_location(m))
        for path in sorted(SRC.rglob("*.py"))
    }
    assert {p: m for p, m in offenders.items() if m} == {}


def test_the_scan_sees_every_form_of_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import pipelines.definitions\nfrom pipelines import jobs\nimport importlib\n"
        "importlib.import_module('pipelines.sensors')\nfrom . import pipelines\n",
        encoding="utf-8",
    )
    found = {m for m in imported_modules(probe) if _in_code_location(m)}
    assert found == {"pipelines.definitions", "pipelines", "pipelines.sensors"}


def _in_code_location(module: str) -> bool:
    return module.split(".")[0] == CODE_LOCATION_PACKAGE


def test_the_code_location_is_found_through_pyproject_and_holds_both_jobs():
    assert code_location.module_name() == "pipelines.definitions"
    probe = (
        "from mfgstats.orchestration.code_location import load_definitions\n"
        "defs = load_definitions()\n"
        "print(sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith('__')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "['ingest_job', 'warehouse_job']"


def test_partition_range_tags_are_the_ones_dagster_reads():
    """Dagster exports no constant for them; a Dagster that renames them fails here, not silently at run time."""
    from dagster._core.storage import tags as dagster_tags  # the one place that may look: it pins the names

    assert tags.PARTITION_RANGE_START_TAG == dagster_tags.ASSET_PARTITION_RANGE_START_TAG
    assert tags.PARTITION_RANGE_END_TAG == dagster_tags.ASSET_PARTITION_RANGE_END_TAG


def test_a_range_covers_the_wanted_keys_and_what_lies_between():
    keys = ["a", "b", "c", "d", "e"]
    assert tags.partition_range_tags(keys, {"d", "b"}) == {
        tags.PARTITION_RANGE_START_TAG: "b",
        tags.PARTITION_RANGE_END_TAG: "d",
    }
