"""The phrase index: where the verb phrases of a lexicon occur in a folded text.

A match is the longest phrase of one language at a word start, with modifiers allowed between its
words ("calls once again on", "calls, in particular, on"): what one regular expression of all the
phrases finds. Most of them are found by an automaton of the plain phrases first
(:mod:`analysis.classify.phrase_keys`), the regex reading on only where it cannot tell. The index knows
nothing of clauses, quotations or addressees (:mod:`analysis.classify.clauses` and
:mod:`analysis.classify.addressees` judge the matches it finds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.classify.phrase_keys import KeyScan, Scanned
from analysis.resources.wildcard import (NEVER, has_astral, is_literal, ordered_alternation,
                                         trie_regex, word_start)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One occurrence of a lexicon phrase: ``folded[start:end]`` (modifiers inside included)."""

    phrase: str
    start: int
    end: int


_FIRST_WORD = re.compile(r"\w*")


def modifier_regex(modifiers: Iterable[str]) -> str:
    """Regex source matching any one modifier (literal words, normalised), longest first."""
    return trie_regex(modifiers)


class PhraseIndex:
    """The phrases of one language, compiled for :meth:`matches`.

    ``phrases`` and ``modifiers`` are normalised (as in the lexicon). A match is the ordered
    alternation of the phrases (longest first) at a word start, followed by a word end, with
    modifiers allowed between their words. With ``prefilter`` (the default) it is found fast (#12):
    first by the automaton of :class:`~analysis.classify.phrase_keys.KeyScan`; where it cannot
    tell, by the scan regex. That holds a marker, for each place where a phrase's first word(s) are
    followed by a modifier, then the phrases with plain white space between their words; small and
    quick to compile. Only at a marker is a text read again, with the regexes that allow modifiers
    inside (one for each phrase, tried in the alternation's order, compiled at first need). The scan
    consumes the non-word character before a phrase, which the engine skips to in C, and shares the
    phrases' first characters (:func:`~analysis.resources.wildcard.ordered_alternation`). Without
    ``prefilter`` it is the plain alternation, modifiers included, tried at every position.
    Both find the same matches (tests check it). ``watch``: single characters (quotation marks) of
    which :meth:`scan` also tells whether a text has none, where its automaton can. ``code_page``: the
    language's single-byte code page, in which the automaton reads the texts it can hold (faster).
    """

    def __init__(self, phrases: Iterable[str], modifiers: Iterable[str], prefilter: bool = True,
                 watch: Iterable[str] = (), code_page: str | None = None):
        self.phrases = sorted(set(phrases), key=lambda s: (-len(s), s))
        self.prefilter = prefilter
        modifiers = list(modifiers)
        mod = modifier_regex(modifiers)
        # Between the words of a phrase: modifiers, each either after a space or set off by commas
        # ("calls once again on", "calls, once again, on"); no bare comma without a modifier.
        modifier = rf"(?:\s*,\s*(?:{mod})\s*,|\s+(?:{mod}))"
        inner = modifier + r"*\s+"
        if prefilter:
            # The scan: first a marker, where a phrase's first word(s) are followed by a modifier,
            # ending in the white space or comma after it (so no phrase reads like it); else the
            # phrases with plain white space between their words. The marker writes the modifiers
            # once, after all the first words (the engine tries each in turn, #12: a fifth of the
            # pattern to compile). \s+ before a literal non-space character can match only one way,
            # so it is tried once for all the words after it.
            starts = sorted({" ".join(words[:k]) for words in map(str.split, self.phrases)
                             for k in range(1, len(words))})
            marker = rf"(?:{trie_regex(starts)})(?:\s*,\s*|\s+)(?:{mod})[\s,]" if starts else NEVER
            phrases = [pieces + [r"(?!\w)"] for pieces in _pieces(self.phrases, r"\s+")]
            # the marker is group 1: a marker whose text reads as a phrase (one ending in a comma) is no phrase
            alternation = f"(?:({marker})|{ordered_alternation(phrases, shared=lambda rest: is_literal(rest[0]))})"
            # where the automaton cannot tell, the regex reads: an object of its own, which the automaton
            # calls (it holds nothing of the index: no reference cycle between the two)
            reader = _RegexReader(self.phrases, alternation, inner)
            self._keys = KeyScan(self.phrases, modifiers, starts, watch, code_page, read_on=reader.read)
            self.scan = self._keys.scan  # :meth:`scan` is the automaton's, called without a step between (#12)
        else:
            patterns = [inner.join(re.escape(w) for w in phrase.split()) for phrase in self.phrases]
            self._regex = re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in patterns) + r")(?!\w)")

    def spans(self, folded: str) -> list[tuple[str, int, int]]:
        """``(phrase, start, end)`` of every phrase in ``folded``, as :meth:`matches` finds them."""
        return self.scan(folded)[0]

    def scan(self, folded: str) -> Scanned:
        """:meth:`spans`, and whether ``folded`` has none of the ``watch`` characters (``False``:
        it has one, or the index could not tell). With the prefilter this is the automaton's
        :meth:`~analysis.classify.phrase_keys.KeyScan.scan`, set on the index when it is built;
        here, the plain alternation, which does not look for the characters."""
        return [(self.phrases[m.lastindex - 1], m.start(), m.end()) for m in self._regex.finditer(folded)], False

    def matches(self, folded: str) -> list[PhraseMatch]:
        """Phrases in ``folded`` (see :func:`~analysis.resources.text.fold`), left to right, the
        longest at each place, not overlapping."""
        return [PhraseMatch(*span) for span in self.spans(folded)]


class _RegexReader:
    """The scan regex of a :class:`PhraseIndex` and the regexes of its phrases with modifiers inside:
    what reads a text where the automaton cannot tell (see :meth:`read`). ``alternation``: the
    marker (group 1) or a phrase, as the index writes it; ``inner``: what may stand between the words
    of a phrase."""

    def __init__(self, phrases: list[str], alternation: str, inner: str):
        self._alternation = alternation
        self._fast = re.compile(word_start(astral=False) + alternation)
        self._fast_astral: re.Pattern[str] | None = None  # compiled for the first text that needs it
        self._padded: tuple = (None, "", None)  # the last text :meth:`read` read, as it reads it, and its regex
        self._found_from: dict[str, tuple[int, int]] = {}  # in that text, by word: where looked from, where found
        # the phrases by their first run of word characters, longest first (only these can match
        # where that run starts): each with its regex pieces, modifiers inside, and its other words
        self._by_word: dict[str, list[tuple[list[str], str, list[str]]]] = {}
        for phrase, alternative in zip(phrases, _pieces(phrases, inner)):
            self._by_word.setdefault(_FIRST_WORD.match(phrase).group(), []).append(
                (alternative, phrase, phrase.split()[1:]))
        self._phrase_regex: dict[str, re.Pattern[str]] = {}  # each compiled at first need
        self._written = {phrase: phrase for phrase in phrases}

    def read(self, folded: str, found: list[tuple[str, int, int]], start: int, until: int) -> int | None:
        """:meth:`_read_on` in ``folded`` (the :data:`~analysis.classify.phrase_keys.ReadOn` of the
        automaton's scan). The regex reads the text with a space in front: a match starts at the
        character before its phrase, so the match of a phrase that starts at ``start`` starts at
        ``start`` in it. That text and its regex are made once per text, not at each place read (#12: a
        long text with many of them took time that grew with the square of its length)."""
        if self._padded[0] is not folded:
            self._padded = (folded, " " + folded, self._regex_for(has_astral(folded)))
            self._found_from = {}
        return self._read_on(self._padded[1], self._padded[2], found, start, until)

    def _regex_for(self, astral: bool) -> re.Pattern[str]:
        """The scan regex for texts with (or without) characters beyond the Basic Multilingual Plane."""
        if not astral:
            return self._fast
        if self._fast_astral is None:
            self._fast_astral = re.compile(word_start() + self._alternation)
        return self._fast_astral

    def _read_on(self, padded: str, regex: re.Pattern[str], found: list[tuple[str, int, int]], position: int,
                 until: int) -> int | None:
        """Add to ``found`` the phrases the regex finds in ``padded`` from ``position`` on, until the
        next may start at ``until`` or after; return where it may start (``None``: there is none). Where
        the scan reads as a phrase, that is the phrase; where it found first words that a modifier
        follows, the regexes of the phrases of that first word tell which phrase matches (if any)."""
        written = self._written
        while position < until:
            match = regex.search(padded, position)
            if match is None:
                return None
            start, end = match.span()
            phrase = written.get(padded[start + 1:end]) if match.start(1) == -1 else None
            if phrase is None:
                phrase, end = self._phrase_at(padded, start)
                if phrase is None:
                    position = start + 1
                    continue
            found.append((phrase, start, end - 1))
            # the next match may take the phrase's last character as the one before its own, if that is
            # no word character (what the plain alternation's look-behind allows: "x.(calls on")
            position = end - 1
        return position

    def _phrase_at(self, padded: str, start: int) -> tuple[str | None, int]:
        """The phrase (modifiers inside allowed) that matches at ``padded[start:]`` and its end, or
        ``(None, start)``: of the phrases that begin with the word there, longest first, the first
        whose regex matches, as their ordered alternation finds it. Only a phrase whose other words
        all occur later in the text can match; only those are tried, each by its own regex, compiled
        at first need (#12: one regex of all the phrases of a first word, with the modifiers written
        into every gap, took tens of milliseconds to compile, in every run)."""
        word = _FIRST_WORD.match(padded, start + 1).group()
        found_from = self._found_from  # by word: where it was looked for from in this text, and found (#12)
        for alternative, phrase, rest in self._by_word.get(word, ()):
            for other in rest:
                kept = found_from.get(other)
                if kept is None or kept[0] > start or -1 < kept[1] < start:  # else it tells: at/after start, or none
                    kept = found_from[other] = (start, padded.find(other, start))  # no copy of the rest (#12)
                if kept[1] == -1:
                    break
            else:
                regex = self._phrase_regex.get(phrase)
                if regex is None:
                    regex = self._phrase_regex[phrase] = re.compile(word_start() + "".join(alternative) + r"(?!\w)")
                match = regex.match(padded, start)
                if match is not None:
                    return phrase, match.end()
        return None, start


def _pieces(phrases: Iterable[str], gap: str) -> list[list[str]]:
    """Each phrase as regex pieces for :func:`~analysis.resources.wildcard.ordered_alternation`:
    its characters escaped one by one, ``gap`` between its words."""
    return [[piece for j, word in enumerate(phrase.split()) for piece in ([gap] if j else []) +
             [re.escape(char) for char in word]] for phrase in phrases]
