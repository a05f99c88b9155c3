"""The package layout follows the pipeline: imports point down the stages, never up, never in a circle.

The stages and their order are those of ``docs/architecture.md``. Every import is read from the
source (imports inside functions included), so a "lazy" import that climbs back up counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "analysis"

#: Stage of each part of the package, lowest first. A module may import its own stage or a lower one.
STAGES = {
    "analysis": 0, "analysis.errors": 0, "analysis.paths": 0, "analysis.atomic": 0, "analysis.cells": 0, "analysis.ids": 0,
    "analysis.progress": 0, "analysis.lazy": 0,
    "analysis.resources": 1,
    "analysis.corpus": 2,
    "analysis.classify": 3,
    "analysis.extract": 4,
    "analysis.compare": 5,
    "analysis.evaluate": 6,
    "analysis.output": 7,
    "analysis.cli": 8,
    "analysis.__main__": 9,
}
MAX_LINES = 350


def module_name(path: Path, root: Path) -> str:
    """``root/analysis/corpus/parser.py`` -> ``analysis.corpus.parser``."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> int:
    """The stage of ``module``: that of its longest prefix in :data:`STAGES`."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in STAGES:
            return STAGES[prefix]
    raise KeyError(f"{module} belongs to no stage; add it to STAGES and docs/architecture.md")


def imports_of(path: Path, module: str, is_package: bool) -> set[tuple[str, str]]:
    """``(module, name)`` pairs that ``path`` imports from the package (absolute and relative, at any
    depth); ``name`` is empty for ``import x.y``."""
    found: set[tuple[str, str]] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.update((target, alias.name) for alias in node.names)
    return {(m, n) for m, n in found if m == "analysis" or m.startswith("analysis.")}


def import_graph(root: Path) -> dict[str, set[str]]:
    """``{module: modules of the package it imports}`` for every module under ``root``.

    ``from analysis.corpus import parser`` imports the module ``analysis.corpus.parser``;
    ``from analysis.corpus.parser import parse`` imports ``analysis.corpus.parser``.
    """
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph = {}
    for module, path in paths.items():
        targets = set()
        for target, name in imports_of(path, module, path.name == "__init__.py"):
            targets.add(f"{target}.{name}" if f"{target}.{name}" in paths else target)
        graph[module] = {t for t in targets if t in paths and t != module}
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """One line per import that points to a later stage."""
    return [f"{module} (stage {stage_of(module)}) imports {target} (stage {stage_of(target)})"
            for module, targets in sorted(graph.items()) for target in sorted(targets)
            if stage_of(target) > stage_of(module)]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles between modules (a package's ``__init__`` importing its own modules is no cycle
    unless they import it back)."""
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_every_module_has_a_stage():
    for module in import_graph(PACKAGE):
        stage_of(module)


def test_imports_point_down_the_stages():
    assert upward_imports(import_graph(PACKAGE)) == []


def test_no_import_cycles():
    assert cycles(import_graph(PACKAGE)) == []


def test_modules_are_small():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "analysis"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.mark.parametrize("statement", [
    "from analysis.output import report",
    "import analysis.output.report",
    "def f():\n    from ..output.report import run\n",
])
def test_the_check_catches_an_upward_import(tmp_path, statement):
    package = _write(tmp_path, {"__init__.py": "", "corpus/__init__.py": "", "corpus/parser.py": statement,
                                "output/__init__.py": "", "output/report.py": "run = 1\n"})
    assert upward_imports(import_graph(package)) == [
        "analysis.corpus.parser (stage 2) imports analysis.output.report (stage 7)"]


def test_the_check_catches_a_cycle(tmp_path):
    package = _write(tmp_path, {"__init__.py": "", "corpus/__init__.py": "",
                                "corpus/a.py": "from analysis.corpus import b\n",
                                "corpus/b.py": "from . import a\n"})
    assert cycles(import_graph(package)) == [["analysis.corpus.a", "analysis.corpus.b", "analysis.corpus.a"]]


def test_no_case_knowledge_in_the_code():
    """The case (target state, focus resolution, ...) is data in data/cases/, never code."""
    hits = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
            if any(word in p.read_text(encoding="utf-8").lower() for word in ("kazakh", "казах"))]
    assert hits == []
