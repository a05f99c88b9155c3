"""The addressee finder: whom a directive addresses ("призовава Комисията ... да" → eu_commission).

Patterns come from ``data/lexicons/addressees.csv`` in the wildcard syntax of
:mod:`analysis.resources.wildcard` ("държавите член*"). Addressees are looked for right
after a directive phrase, up to its complement ("да" / "to"), a comma or the end of the clause
(codebook_verbs §8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analysis.resources.text import clause_part_end
from analysis.resources.wildcard import is_word_char, ordered_alternation, pattern_pieces, word_start

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
        # where the addressees end: a comma, a clause end or the complement word, whichever comes first
        #: The complement words as they stand inside a clause (" да "), for this finder and the clause filter.
        self.spaced_complement = tuple(f" {c} " for c in self._complement)
        ends = (",", ";", ":", *self.spaced_complement)
        self._cut = re.compile("|".join(re.escape(mark) for mark in ends))
        self._complement_first = tuple(f"{c} " for c in self._complement)
        # The ordered alternation (longest pattern first) at a word start; written for speed (#12):
        # it consumes the character before the addressee (the span gets a space in front). It is the
        # form for any text, characters beyond the Basic Multilingual Plane included: on the short
        # spans it reads, that costs less than asking each paragraph whether it has such characters.
        order: list[int] = []
        alternation = ordered_alternation([pattern_pieces(p) for p in self._patterns], order)
        self._regex = re.compile(word_start() + alternation + r"(?!\w)") if self._patterns else None
        self._pair_of_group = [self._addressee_of[self._patterns[i]] for i in order]
        # The same with the marks that end the addressees before it, as an alternative without a group:
        # one pass finds the addressees and where they end (#12). It finds what the two passes find
        # unless a match of a pattern could run over a mark: only a pattern that holds one, or a pattern
        # word that could be read where a word of a complement stands, can do that (and any pattern,
        # if a complement is not plain words); then the two passes are kept.
        complement_words = [word for c in self._complement for word in c.split(" ")]
        crossing = (any(not word or not all(map(is_word_char, word)) for word in complement_words)
                    or any(mark in pattern for pattern in self._patterns for mark in ",;:")
                    or any(_may_read(word, complement_word) for pattern in self._patterns
                           for word in pattern.split() for complement_word in complement_words))
        self._reader = (re.compile(f"(?:{self._cut.pattern})|{self._regex.pattern}")
                        if self._regex is not None and not crossing else None)

    def find(self, folded: str, start: int, stop: int) -> tuple[Addressee, ...]:
        """Addressees named in ``folded[start:stop]`` before the complement word, a comma or the
        clause end, each once, in order; none if the complement comes first ("призовава да ...")."""
        if self._regex is None:
            return ()
        stop = _within_reach(folded, start, stop)
        if self._reader is not None and folded.startswith(" ", start) and not folded[start + 1:start + 2].isspace():
            # The usual case, read in place in one pass (#12): one space, then a word. The regex takes
            # that space as the character before an addressee, and the complement cannot come first
            # (the mark " да " would be found at ``start``).
            matches = self._reader.finditer(folded, start, stop)
        else:
            cut = self._cut.search(folded, start, stop)  # its marks are plain strings: as in the span
            span = folded[start:stop if cut is None else cut.start()]
            if span.lstrip().startswith(self._complement_first):
                return ()
            matches = self._regex.finditer(" " + span)
        result: list[Addressee] = []
        for match in matches:
            group = match.lastindex
            if group is None:  # a mark that ends the addressees
                break
            pair = self._pair_of_group[group - 1]
            if pair not in result:
                result.append(pair)
        return tuple(result)

    def opens_complement(self, folded: str, end: int) -> bool:
        """Does an addressee follow the phrase ending at ``end`` at once, and then its complement
        ("настоятелно призовава Комисията да ...")?"""
        if self._regex is None:
            return False
        span = folded[end:_within_reach(folded, end, len(folded))]
        span = span[:clause_part_end(span)]
        addressee = self._regex.search(" " + span)  # positions one on, for the space in front
        if addressee is None or span[:addressee.start()].strip(" ,"):
            return False  # something other than the addressee stands right after the phrase
        after = span[addressee.end() - 1:addressee.end() - 1 + COMPLEMENT_REACH]
        after += " "  # a complement word that ends the span
        return any(c in after for c in self.spaced_complement)


def _within_reach(folded: str, start: int, stop: int) -> int:
    """Where the addressees after ``start`` are read up to: ``stop``, or :data:`REACH` characters on, and then
    before a word that the reach would cut (else "the council" would be read in "the councillors")."""
    end = start + REACH
    if end >= stop:
        return stop
    while end > start and is_word_char(folded[end]) and is_word_char(folded[end - 1]):
        end -= 1
    return end


def _may_read(word: str, text_word: str) -> bool:
    """Could the pattern word ``word`` ("член*") be read where ``text_word`` stands in a text?"""
    return text_word.startswith(word[:-1]) if word.endswith("*") else word == text_word
