"""The notebooks run on a second case whose texts are not on disk (issue #14): ``ANALYSIS_CASE=tajikistan``
on a copy of data/ as a fresh clone has it (only the shipped 2021 text of the other case in raw/, no
processed/), and say so plainly.

Each notebook is executed top to bottom with nbclient, without nbval's comparison of stored outputs: the
stored outputs are the default case's, so comparing them here would only fail on what is meant to
differ. What is checked instead: no cell raises, the plain sentence that the case's texts are not on disk
is printed where the notebooks say what is on disk (01 and 04), the case's registry is shown (01), and
nothing is written to the figures folder or the repository. Notebook 05 reads only the hand-coded
annotations (no case, no registry) and is left to tests/test_notebooks.py, which runs it already; the
other four are the ones a case changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO
from test_notebooks import _git_status, _snapshot

NOTEBOOKS = [REPO / "notebooks" / name for name in
             ("01_corpus.ipynb", "02_verb_strength.ipynb", "03_themes.ipynb", "04_comparison.ipynb")]

# Run in a subprocess (the kernels get the environment; nothing of this test's process leaks in): prints,
# per notebook, its name, then every error a cell raised and the text every cell printed.
RUNNER = """
import sys
import nbformat
from nbclient import NotebookClient

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True).execute()
    print("== notebook", path.rsplit("/", 1)[-1])
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                print("!! error", out["ename"], out["evalue"][:500])
            elif out.get("output_type") == "stream":
                print(out["text"])
"""


def test_notebooks_run_on_a_case_whose_texts_are_not_on_disk(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed", ".cache"))
    figures = tmp_path / "figures"
    before, status = _snapshot(), _git_status()
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(figures), "MPLBACKEND": "Agg",
           "ANALYSIS_CASE": "tajikistan"}
    result = subprocess.run([sys.executable, "-c", RUNNER, *map(str, NOTEBOOKS)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-4000:]
    printed = result.stdout
    assert printed.count("== notebook") == 4 and "!! error" not in printed, printed[-6000:]
    # The case's registry (data/registry_tajikistan.csv: 2016 and 2022), neither text on disk; the sentence
    # printed by notebooks 01, 02, 03 (availability) and 04 (the report's note).
    plain = ("The texts of case tajikistan are not on disk: none of its 2 resolutions (2016, 2022) can be compared, "
             "so the results below are empty. Fetch them on a machine with internet: python -m analysis fetch "
             "--case tajikistan --lang bg,en")
    assert printed.count(plain) == 4, printed[-6000:]
    assert "P8_TA(2016)0275" in printed and "P9_TA(2022)0293" in printed  # notebook 01 prints the registry
    assert not figures.exists() or not any(figures.iterdir())
    assert _snapshot() == before and _git_status() == status
