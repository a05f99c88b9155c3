"""The notebooks run, and their checked cells (``# NBVAL_CHECK_OUTPUT``) still print the stored output.

Each notebook runs once (nbval, ``--nbval-lax``), in a subprocess, on a copy of data/ that also holds
synthetic stand-ins for more resolutions and language versions (tests/fixtures/synthetic_corpus and
synthetic_versions), as after ``make data``: each with a provenance record, and in the case's registry
(the copy's case file names a registry of the real rows plus the synthetic ones). The checked cells
hold facts of the shipped 2021 text and the real registry, which must not change when other texts sit
beside it: the synthetic rows the notebooks print beside the real ones (the case's registry, its groups
and votes) are left out of the comparison, and runs of spaces count as one, since a wider synthetic cell
widens a printed column (:data:`SANITIZE`, nbval's ``--nbval-sanitize-with``). The
notebooks show their figures inline and write no file unless asked (``SAVE_TO``): the figures folder
they are pointed at stays empty, and the run leaves the repository as it was (``git status`` and the
files of ``figures/`` unchanged); nothing synthetic enters data/ or figures/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO, copy_with_records

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# nbval's sanitize file: regex/replace pairs applied to the stored and the new output alike. The synthetic
# registry rows (tests/fixtures/synthetic_corpus/registry.csv) have SYNTHETIC titles and years 2096-2099.
SANITIZE = "\n".join(["[synthetic rows]", r"regex: (?m)^.*SYNTHETIC.*\n?", "replace: ",
                      "[synthetic years]", r"regex: (?m)^[ ]*209[6-9]\b.*\n?", "replace: ",
                      "[column widths]", "regex: [ ]+", "replace:  "]) + "\n"


def test_notebooks_run_with_more_resolutions_on_disk(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed"))
    extra = [*(FIXTURES / "synthetic_corpus").glob("synthetic_*.txt"),
             FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt"]
    copy_with_records(extra, data / "raw")
    synthetic_rows = (FIXTURES / "synthetic_corpus" / "registry.csv").read_text(encoding="utf-8").splitlines()[1:]
    (data / "registry_with_synthetic.csv").write_text(
        (data / "registry.csv").read_text(encoding="utf-8") + "\n".join(synthetic_rows) + "\n", encoding="utf-8")
    case = data / "cases" / "kazakhstan.toml"
    text = case.read_text(encoding="utf-8")
    assert 'registry = "registry.csv"' in text
    case.write_text(text.replace('registry = "registry.csv"', 'registry = "registry_with_synthetic.csv"'),
                    encoding="utf-8")
    figures = tmp_path / "figures"
    before, status = _snapshot(), _git_status()
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(figures), "MPLBACKEND": "Agg"}
    (tmp_path / "sanitize.cfg").write_text(SANITIZE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                             "--nbval-sanitize-with", str(tmp_path / "sanitize.cfg"), *map(str, NOTEBOOKS)], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:]
    assert len(NOTEBOOKS) == 5
    assert not figures.exists() or not any(figures.iterdir())  # no file written where none was asked for
    assert _snapshot() == before and _git_status() == status
    # The figures are embedded in the stored notebooks (shown wherever they are opened), never linked.
    for notebook in NOTEBOOKS[:4]:
        text = notebook.read_text(encoding="utf-8")
        assert "../figures/" not in text, notebook.name
        assert '"image/png"' in text, notebook.name


def _git_status() -> str:
    """``git status`` of the repository (untracked files included), or "" where git is not at hand."""
    try:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                              capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _snapshot() -> dict[str, int]:
    """Modification time of every file in the repository's figures/."""
    return {p.name: p.stat().st_mtime_ns for p in (REPO / "figures").glob("*")}
