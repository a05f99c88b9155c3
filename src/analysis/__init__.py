"""Computational analysis of European Parliament resolutions.

The main entry points::

    from analysis import parse, load_registry, classify_verbs
    doc = parse("data/raw/TA-9-2021-0056_BG.txt")
    doc.metadata, doc.units          # dict, pandas DataFrame (one row per unit)

Importing the package is light: submodules (and pandas, scikit-learn, matplotlib behind
them) load on first use of a name.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "AnalysisError": "errors", "DataError": "errors", "FetchError": "errors", "InputError": "errors",
    "Document": "corpus.parser", "parse": "corpus.parser", "parse_text": "corpus.parser",
    "load_registry": "corpus.registry",
    "load_documents": "corpus.documents", "units_frame": "corpus.documents",
    "classify_verbs": "classify.verbs", "classify_paragraphs": "classify.paragraphs",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> object:  # no `typing` import: it would double the import time (#12)
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
