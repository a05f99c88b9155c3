"""The notebooks run, and their checked cells (``# NBVAL_CHECK_OUTPUT``) still print the stored output.

Each notebook runs once (nbval, ``--nbval-lax``), in a subprocess, on a copy of data/ that also holds
synthetic stand-ins for more resolutions and language versions (tests/fixtures/synthetic_corpus and
synthetic_versions), as after ``make data``: the checked cells hold facts of the shipped 2021 text,
which must not change when other texts sit beside it. Figures go to a temporary folder, so that
``figures/`` stays as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_notebooks_run_with_more_resolutions_on_disk(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed"))
    extra = [*(FIXTURES / "synthetic_corpus").glob("synthetic_*.txt"),
             FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt"]
    for path in extra:
        shutil.copy(path, data / "raw" / path.name)
    figures = tmp_path / "figures"
    before = _snapshot()
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(figures), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                             *map(str, NOTEBOOKS)], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:]
    assert len(NOTEBOOKS) == 5
    # A figure of 01, of 02 and of 04 (one of the report's), written to the temporary folder, not figures/.
    assert {"01_structure.png", "02_paragraph_strength_2021.png", "focus_paragraph_strength.png"} <= {
        p.name for p in figures.glob("*.png")}
    assert _snapshot() == before


def _snapshot() -> dict[str, int]:
    """Modification time of every file in the repository's figures/."""
    return {p.name: p.stat().st_mtime_ns for p in (REPO / "figures").glob("*")}
