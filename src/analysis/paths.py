"""Where the project's data, tables and figures live.

The defaults are the repository's own folders; ``ANALYSIS_DATA_DIR`` and
``ANALYSIS_FIGURES_DIR`` point them elsewhere (used by tests and by users who keep their
corpus outside the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The ``data/`` folder (registry, lexicons, annotations, raw and processed data)."""
    return Path(os.environ.get("ANALYSIS_DATA_DIR", REPO_ROOT / "data"))


def raw_dir() -> Path:
    """Resolution texts as retrieved, never edited."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Generated tables."""
    return data_dir() / "processed"


def figures_dir() -> Path:
    """Exported figures."""
    return Path(os.environ.get("ANALYSIS_FIGURES_DIR", REPO_ROOT / "figures"))


def lexicon_path(name: str) -> Path:
    """A file under ``data/lexicons/``."""
    return data_dir() / "lexicons" / name


def annotation_path(name: str) -> Path:
    """A file under ``data/annotations/``."""
    return data_dir() / "annotations" / name
