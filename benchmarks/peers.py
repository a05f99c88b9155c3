"""The naive peer the chosen verb matcher is compared with, in the same run."""

from __future__ import annotations

from collections.abc import Iterable


class NaiveVerbFinder:
    """For each lexicon phrase, ``str.find`` over the folded paragraph.

    Whole-word hits only; no modifiers between the words of a phrase, no clause logic, and a
    sub-phrase inside a longer phrase is counted again.
    """

    def __init__(self, phrases: Iterable[str]):
        self.phrases = list(phrases)

    def find(self, folded: str) -> list[tuple[int, str]]:
        """``(start, phrase)`` of every whole-word hit, phrase by phrase."""
        hits = []
        for phrase in self.phrases:
            i = folded.find(phrase)
            while i != -1:
                end = i + len(phrase)
                if (i == 0 or not folded[i - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                    hits.append((i, phrase))
                i = folded.find(phrase, i + 1)
        return hits
