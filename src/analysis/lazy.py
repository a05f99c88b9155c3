"""A module imported where it is first used (#12): ``pd = lazy.module("pandas")`` at the top of a module
stands for ``import pandas as pd``, and pandas is imported at the first ``pd.<name>`` that runs.

The modules that ``classify`` runs bind pandas and numpy so: its CSV is made without them, and
importing pandas took longer than classifying a hundred documents. The stand-in imports by the usual
``importlib.import_module``, under the import system's own locks, and puts nothing in ``sys.modules``
before then. (``lazy_loader.load`` and ``importlib.util.LazyLoader`` put a module there that another
thread may see half-loaded on Python 3.11: CPython gh-114763, fixed in 3.12.3.)
"""

from __future__ import annotations

import importlib
from typing import Any


class Module:
    """Stands for the module ``name``: an attribute of it is the module's, imported on first use."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported where first used>"


def module(name: str) -> Any:
    """A stand-in for the module ``name`` (see :class:`Module`)."""
    return Module(name)
