"""The notebooks run, and their checked cells (``# NBVAL_CHECK_OUTPUT``) still print the stored output.

Each notebook runs once (nbval, ``--nbval-lax``), in a subprocess, on a copy of data/ that also holds
synthetic stand-ins for more resolutions and language versions (tests/fixtures/synthetic_corpus and
synthetic_versions), as after ``make data``: each with a provenance record, and in the case's registry
(the copy's case file names a registry of the real rows plus the synthetic ones; ``data/registry.csv``
itself is left as it is, so that the registry the notebooks print is the real one). The checked cells
hold facts of the shipped 2021 text, which must not change when other texts sit beside it. Figures go
to a temporary folder, so that ``figures/`` stays as it is; nothing synthetic enters data/ or figures/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO, copy_with_records

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


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
