"""The phrase index: where the verb phrases of a lexicon occur in a folded text.

One compiled regular expression holds every phrase of one language, longest first, with modifiers
allowed between its words ("calls once again on", "calls, in particular, on"). The index knows
nothing of clauses, quotations or addressees (:mod:`analysis.classify.clauses` and
:mod:`analysis.classify.addressees` judge the matches it finds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from analysis.resources.wildcard import trie_regex


@dataclass(frozen=True)
class PhraseMatch:
    """One occurrence of a lexicon phrase: ``folded[start:end]`` (modifiers inside included)."""

    phrase: str
    start: int
    end: int


def modifier_regex(modifiers: Iterable[str]) -> str:
    """Regex source matching any one modifier (literal words, normalised), longest first."""
    return trie_regex(modifiers)


class PhraseIndex:
    """The phrases of one language, compiled for :meth:`matches`.

    ``phrases`` and ``modifiers`` are normalised (as in the lexicon). With ``prefilter`` (the
    default) the index first looks for the few words that phrases start with and tries the
    phrases only there: about 14 times faster than trying them at every position (see
    ``benchmarks/results.md``), with the same matches.
    """

    def __init__(self, phrases: Iterable[str], modifiers: Iterable[str], prefilter: bool = True):
        self.phrases = sorted(set(phrases), key=lambda s: (-len(s), s))
        self.prefilter = prefilter
        mod = modifier_regex(modifiers)
        # Between the words of a phrase: modifiers, each either after a space or set off by commas
        # ("calls once again on", "calls, once again, on"); no bare comma without a modifier.
        inner = rf"(?:\s*,\s*(?:{mod})\s*,|\s+(?:{mod}))*\s+"
        patterns = [inner.join(re.escape(w) for w in phrase.split()) for phrase in self.phrases]
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in patterns) + r")(?!\w)")
        first_words = trie_regex({p.split()[0] for p in self.phrases})
        self._first_word = re.compile(rf"(?<!\w)(?:{first_words})(?!\w)")

    def matches(self, folded: str) -> Iterator[PhraseMatch]:
        """Phrases in ``folded`` (see :func:`~analysis.resources.text.fold`), left to right, the
        longest at each place, not overlapping."""
        if not self.prefilter:
            for match in self._regex.finditer(folded):
                yield self._match(match)
            return
        position = 0
        while (word := self._first_word.search(folded, position)) is not None:
            match = self._regex.match(folded, word.start())
            if match is None:
                position = word.end()
                continue
            yield self._match(match)
            position = match.end()

    def _match(self, match: re.Match[str]) -> PhraseMatch:
        return PhraseMatch(self.phrases[match.lastindex - 1], match.start(), match.end())
