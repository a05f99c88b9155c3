"""What produced a report run, beyond its inputs: the facts of the manifest and of ``run.json``.

The manifest (:mod:`analysis.output.outputs`) holds what stays the same on every machine for the
same tree: the toolkit version, the codebooks' versions, the command line and which codes were
reviewed (:func:`manifest_facts`). What changes with every commit or machine (the git commit,
Python and key package versions, the platform) goes into ``run.json`` beside it (:func:`run_facts`),
which git ignores, so that re-running ``make report`` on an unchanged tree leaves the committed
outputs byte-identical.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import __version__, paths
#: The packages whose versions can change a table or a figure.
KEY_PACKAGES = ("pandas", "numpy", "scikit-learn", "matplotlib", "pyarrow", "lxml", "charset-normalizer",
                "openpyxl", "krippendorff")
_VERSION = re.compile(r"^\**Version (\d+(?:\.\d+)*)", re.MULTILINE)


def codebook_versions(docs: Path | None = None) -> dict[str, str | None]:
    """``{docs/codebook_<x>.md: version}`` from each codebook's version line ("Version 1.2, ...");
    ``None`` for one without such a line. Empty where the docs are not installed."""
    docs = Path(docs) if docs else paths.REPO_ROOT / "docs"
    found = {}
    for path in sorted(docs.glob("codebook_*.md")):
        match = _VERSION.search(path.read_text(encoding="utf-8"))
        found[f"docs/{path.name}"] = match.group(1) if match else None
    return found


def reviewed_summary(tables: dict[str, pd.DataFrame], coder: str | None) -> dict | None:
    """Which codes were reviewed in a ``report --reviewed`` run: the coder option and the paragraphs
    whose codes a person gave (``document#number``), or ``None`` for the machine's codes only."""
    if not coder:
        return None
    paragraphs = tables.get("paragraphs", pd.DataFrame())
    if "code_source" in paragraphs.columns:
        chosen = paragraphs[paragraphs["code_source"] == "reviewed"]
    else:
        chosen = paragraphs.iloc[0:0]
    keys = sorted(f"{d}#{n}" for d, n in zip(chosen.get("document", []), chosen.get("number", [])))
    return {"coder": coder, "n_paragraphs": len(keys), "paragraphs": keys}


def manifest_facts(tables: dict[str, pd.DataFrame], reviewed: str | None,
                   command: Sequence[str] | None) -> dict:
    """The facts of the manifest beyond inputs and options: toolkit version, codebook versions,
    command line (``None`` when called from Python) and reviewed codes."""
    return {"toolkit": {"name": "analysis", "version": __version__}, "codebooks": codebook_versions(),
            "command": list(command) if command is not None else None,
            "reviewed_codes": reviewed_summary(tables, reviewed)}


def _git_commit() -> str | None:
    """The commit of the checkout the package runs from (``+dirty`` with local changes), if any."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.REPO_ROOT, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.REPO_ROOT,
                                capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if status else head or None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def run_facts(run: str) -> dict:
    """``run.json``: the run id and what changes with the commit or machine (not committed)."""
    return {"run": run, "toolkit_version": __version__, "git_commit": _git_commit(),
            "python": platform.python_version(), "implementation": sys.implementation.name,
            "platform": platform.platform(), "packages": {name: _version(name) for name in KEY_PACKAGES}}
