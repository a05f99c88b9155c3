"""The I/O floor of the ``classify`` command (#12), and its ratio.

The floor reads every file of a folder and runs one compiled regular-expression alternation of
the language's lexicon phrases (longest first, whole words) over every non-empty line, lower-cased,
in a fresh process that imports nothing but the standard library: what any classifier of these
files must at least do. ``python -m benchmarks.floor FOLDER PHRASES_FILE`` prints the hit count.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def scan(folder: Path, phrases: list[str]) -> int:
    """Hits of the phrase alternation over every line of every file in ``folder``."""
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    hits = 0
    for path in sorted(folder.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                hits += len(regex.findall(line.lower()))
    return hits


def phrases_file(folder: Path, language: str = "bg") -> Path:
    """The language's lexicon phrases, one a line, written to ``folder`` for the floor's process."""
    from analysis.classify.verbs import get_matcher

    path = folder / "phrases.txt"
    path.write_text("\n".join(get_matcher(language).phrases.phrases) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(scan(Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()))
