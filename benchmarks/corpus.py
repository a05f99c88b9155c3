"""The scaled corpus: a SYNTHETIC SCALE TEST, N byte copies of the one shipped resolution.

The copies (``synthetic_copy_0001_BG.txt`` ...) say nothing about other resolutions; they only
load the code with N times the same work. They live in a temporary folder the caller deletes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.config import SOURCE_TEXT


def make_corpus(folder: Path, n: int, source: Path = SOURCE_TEXT) -> list[Path]:
    """``n`` byte copies of ``source`` in ``folder``, named ``synthetic_copy_<i>_BG.txt``."""
    width = max(4, len(str(n)))
    files = []
    for i in range(1, n + 1):
        target = folder / f"synthetic_copy_{i:0{width}d}_BG.txt"
        shutil.copyfile(source, target)
        files.append(target)
    expected = source.stat().st_size
    if any(f.stat().st_size != expected for f in files):
        raise RuntimeError(f"{folder}: the synthetic copies differ in size from {source}")
    return files


def paragraphs_per_copy(source: Path = SOURCE_TEXT) -> int:
    """Operative paragraphs of one copy: each copy adds this many rows to the classify output."""
    from analysis.corpus.parser import parse

    return int((parse(source).units["kind"] == "paragraph").sum())
