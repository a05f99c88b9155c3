"""The I/O floor of the ``classify`` command (#12), and its ratio.

As #12 defines it: read every file of a folder and run one compiled regular-expression
alternation of the language's lexicon phrases (longest first, whole words) over every operative
paragraph, lower-cased, in a fresh process that imports nothing but the standard library: what
any classifier of these files must at least do. Operative paragraphs are told by their number
(a line that opens with ``12.`` or ``12a.``), which holds for the text files the benchmark copies.
``python -m benchmarks.floor FOLDER PHRASES_FILE`` prints the paragraphs scanned and the hits; the
benchmark checks that the paragraphs are those ``classify`` classifies.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: An operative paragraph of a text rendering: its number, a full stop, white space.
PARAGRAPH = re.compile(r"^\d+[a-z]?\.\s", re.MULTILINE)


def scan(folder: Path, phrases: list[str]) -> tuple[int, int]:
    """``(paragraphs, hits)``: the phrase alternation over every operative paragraph in ``folder``."""
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    paragraphs = hits = 0
    for path in sorted(folder.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if PARAGRAPH.match(line):
                paragraphs += 1
                hits += len(regex.findall(line.lower()))
    return paragraphs, hits


def phrases_file(folder: Path, language: str = "bg") -> Path:
    """The language's lexicon phrases, one a line, written to ``folder`` for the floor's process."""
    from analysis.classify.verbs import get_matcher

    path = folder / "phrases.txt"
    path.write_text("\n".join(get_matcher(language).phrases.phrases) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(*scan(Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()))
