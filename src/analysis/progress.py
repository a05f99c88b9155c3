"""Progress bars on standard error, one rule for every command (``tqdm``).

``progress`` is a command's ``--progress``/``--no-progress`` choice: ``True`` shows the bar,
``False`` hides it, ``None`` (neither given) shows it only when standard error is a terminal.
"""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(iterable: Any = None, *, progress: bool | None = None, **options: Any):
    """A ``tqdm`` bar over ``iterable`` (or counting to ``total=``) on standard error."""
    from tqdm import tqdm

    disable = None if progress is None else not progress
    return tqdm(iterable, file=sys.stderr, disable=disable, **options)
