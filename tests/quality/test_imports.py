"""The modules of mfgstats.quality import one another without a loop — also through imports inside functions,
which hide a loop until the first call that takes that path (the worker importing what imports the worker)."""

from __future__ import annotations

import ast

from mfgstats.config import PROJECT_ROOT

PACKAGE = "mfgstats.quality"
DIRECTORY = PROJECT_ROOT / "src" / "mfgstats" / "quality"


def imports() -> dict[str, set[str]]:
    """module → the modules of the package it imports, anywhere in its code."""
    modules = {PACKAGE if p.stem == "__init__" else f"{PACKAGE}.{p.stem}": p for p in DIRECTORY.glob("*.py")}
    graph = {}
    for module, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names} & set(modules)  # `from pkg import mod`
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names} & set(modules)
        graph[module] = found - {module}
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    found = []
    for start in graph:
        paths = [[start]]
        while paths:
            path = paths.pop()
            for target in graph.get(path[-1], ()):
                if target == start:
                    found.append([*path, start])
                elif target not in path:
                    paths.append([*path, target])
    return found


def test_the_quality_modules_import_one_another_without_a_loop():
    graph = imports()
    assert f"{PACKAGE}.worker" in graph and f"{PACKAGE}.validate" in graph
    assert loops(graph) == [], "modules of mfgstats.quality that import each other"


def test_a_loop_is_found():
    # The finder itself: the shape this package had (validate → worker → validate).
    graph = {"validate": {"worker"}, "worker": {"validate", "results"}, "results": set()}
    assert ["validate", "worker", "validate"] in loops(graph)
