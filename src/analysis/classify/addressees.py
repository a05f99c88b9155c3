"""The addressee finder: whom a directive addresses ("призовава Комисията ... да" → eu_commission).

Patterns come from ``data/lexicons/addressees.csv`` in the wildcard syntax of
:mod:`analysis.resources.wildcard` ("държавите член*"). Addressees are looked for right
after a directive phrase, up to its complement ("да" / "to"), a comma or the end of the clause
(codebook_verbs §8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analysis.resources.wildcard import pattern_regex

#: How far after a directive phrase its addressees are looked for (characters).
REACH = 250
#: How far after an addressee its complement word is looked for (characters).
COMPLEMENT_REACH = 120

Addressee = tuple[str, str]  # (addressee, group)


class AddresseeFinder:
    """The addressee patterns of one language.

    ``rows`` are ``(pattern, addressee, group)`` with normalised patterns (as in the lexicon; a
    pattern listed twice takes its last row); ``complement`` the words that open a directive's
    complement ("да", "to"). Of patterns matching at the same place the longest is taken.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str]], complement: Sequence[str]):
        self._addressee_of: dict[str, Addressee] = {}
        for pattern, addressee, group in rows:
            self._addressee_of[pattern] = (addressee, group)
        self._patterns = sorted(self._addressee_of, key=lambda s: (-len(s), s))
        self._complement = tuple(complement)
        self._regex = re.compile(
            r"(?<!\w)(?:" + "|".join(f"({pattern_regex(p)})" for p in self._patterns) + r")(?!\w)"
        ) if self._patterns else None

    def find(self, folded: str, start: int, stop: int) -> tuple[Addressee, ...]:
        """Addressees named in ``folded[start:stop]`` before the complement word, a comma or the
        clause end, each once, in order; none if the complement comes first ("призовава да ...")."""
        if self._regex is None:
            return ()
        span = folded[start:min(stop, start + REACH)]
        cut = len(span)
        for mark in [",", ";", ":"] + [f" {c} " for c in self._complement]:
            position = span.find(mark)
            if position != -1:
                cut = min(cut, position)
        span = span[:cut]
        if any(span.lstrip().startswith(f"{c} ") for c in self._complement):
            return ()
        result: list[Addressee] = []
        for match in self._regex.finditer(span):
            pair = self._addressee_of[self._patterns[match.lastindex - 1]]
            if pair not in result:
                result.append(pair)
        return tuple(result)

    def opens_complement(self, folded: str, end: int) -> bool:
        """Does an addressee follow the phrase ending at ``end`` at once, and then its complement
        ("настоятелно призовава Комисията да ...")?"""
        if self._regex is None:
            return False
        span = folded[end:end + REACH]
        span = span[:min((i for i in (span.find(";"), span.find(":")) if i != -1), default=len(span))]
        addressee = self._regex.search(span)
        if addressee is None or span[:addressee.start()].strip(" ,"):
            return False  # something other than the addressee stands right after the phrase
        after = span[addressee.end():addressee.end() + COMPLEMENT_REACH]
        return any(f" {c} " in f"{after} " for c in self._complement)
