"""Split verbs: a verb phrase whose last words stand at the end of its clause, after the addressee
(German "fordert die Kommission nachdrücklich auf, …" urges; "lehnt den Vorschlag ab" rejects).

The lexicon writes them with " … " where the rest of the clause goes ("fordert … nachdrücklich
auf"): the words before it are the phrase's *head*, which the phrase index finds like any phrase;
the words after it, its *tail*, must close a part of the head's clause, right before a comma, a
semicolon, a colon, a full stop or the end of the text (where a separable particle stands), within
:data:`REACH` characters and before the clause's ";" or ":". The first tail that does so wins (of
tails ending at the same place, the longest: "nachdrücklich auf" before "auf"); with none,
the head alone is what was found, if it is a phrase of its own ("fordert": calls for), else nothing
(codebook_verbs §5.10).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.resources.text import clause_part_end

#: The gap marker of a split phrase in ``verbs.csv`` (normalised, with a space on each side).
GAP = " … "
#: How far after the head its tail is looked for (characters).
REACH = 250


def is_split(phrase: str) -> bool:
    """Is ``phrase`` (normalised) written with the gap marker?"""
    return GAP in phrase


def head_of(phrase: str) -> str:
    """The words before the gap ("fordert" of "fordert … auf")."""
    return phrase.split(GAP, 1)[0]


class SplitPhrases:
    """The split phrases of one language, by head, each tail compiled to a regex."""

    def __init__(self, phrases: Iterable[str]):
        self._tails: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):  # longest tail first
            head, tail = phrase.split(GAP, 1)
            words = r"\s+".join(re.escape(word) for word in tail.split())
            regex = re.compile(rf"(?<!\w){words}(?!\w)(?=\s*(?:[,;:.]|$))")
            self._tails.setdefault(head, []).append((regex, phrase))
        #: The heads the phrase index must find.
        self.heads: frozenset[str] = frozenset(self._tails)

    def resolve(self, folded: str, head: str, end: int) -> str | None:
        """The split phrase of ``head`` (found ending at ``end``) whose tail closes its clause part
        in ``folded``; ``None`` if no tail does."""
        tails = self._tails.get(head)
        if not tails:
            return None
        span = folded[end:end + REACH]
        stop = clause_part_end(span)
        # Where the reach, not the clause part or the text, ends the span, a tail that ends with it is read on
        # in the text, up to its clause part's end: there a word may go on ("ab|kommen") or the clause (no
        # ",;:." before the next word).
        whole = clause_part_end(folded, end + REACH) if stop == len(span) and end + REACH < len(folded) else None
        span = span[:stop]
        best: tuple[int, str] | None = None
        for regex, phrase in tails:  # longest first, so a tie keeps the longer
            match = regex.search(span)
            while whole is not None and match is not None and regex.match(folded, end + match.start(), whole) is None:
                match = regex.search(span, match.start() + 1)
            if match is not None and (best is None or match.end() < best[0]):
                best = (match.end(), phrase)
        return None if best is None else best[1]
