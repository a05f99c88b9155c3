"""The conda environment declares every runtime dependency of pyproject.toml, and the layout is complete."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_names() -> set[str]:
    names = set()
    for line in (REPO / "environment.yml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)", line)
        if match:
            names.add(_name(match.group(1)))
    return names


def test_every_runtime_dependency_is_in_environment_yml():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    conda = _conda_names()
    missing = [r for r in project["dependencies"] if _name(r) not in conda]
    assert not missing, f"add to environment.yml: {missing}"
    dev = project["optional-dependencies"]["dev"]
    assert not [r for r in dev if _name(r) not in conda]


def test_environment_installs_the_project_itself():
    assert "- -e ." in (REPO / "environment.yml").read_text(encoding="utf-8")


def test_layout():
    for path in ("src/analysis", "notebooks", "data/raw", "data/processed", "figures", "tests", "docs",
                 "environment.yml", "pyproject.toml", "Makefile", "README.md", "LICENSE", "CITATION.cff", ".ci/run"):
        assert (REPO / path).exists(), path


def test_ci_runs_make_test_only():
    commands = [line for line in (REPO / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert commands[-1].strip() == "make test"
