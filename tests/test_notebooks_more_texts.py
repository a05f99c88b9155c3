"""The notebooks keep passing their output checks when more texts are on disk, as after `make data`.

The checked cells hold facts of the shipped 2021 text; they must not change when other
resolutions (and other language versions) sit beside it. Synthetic stand-ins are used
(tests/fixtures/synthetic_corpus and synthetic_versions), in a copy of data/ in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO


def test_notebooks_pass_with_more_resolutions_on_disk(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed"))
    extra = [*(FIXTURES / "synthetic_corpus").glob("synthetic_*.txt"),
             FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt"]
    for path in extra:
        shutil.copy(path, data / "raw" / path.name)
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures"),
           "MPLBACKEND": "Agg"}
    notebooks = sorted(str(p) for p in (REPO / "notebooks").glob("*.ipynb"))
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                             *notebooks], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:]
    assert len(list((tmp_path / "figures").glob("*.png"))) >= 8  # the notebooks wrote there, not to figures/
