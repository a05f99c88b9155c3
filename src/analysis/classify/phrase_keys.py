"""The first pass of the phrase index (#12): the phrases as plain keys of one Aho-Corasick automaton.

:class:`~analysis.classify.phrases.PhraseIndex` finds phrases with a regular expression that also
allows modifiers inside a phrase ("calls once again on"). Most texts have none there, and an
automaton (the Rust ``aho-corasick`` crate, through ``ahocorasick_rs``) finds the leftmost-longest
keys of a text several times faster than a regex. :meth:`KeyScan.scan` keeps its hits where they are
what the regex finds too; where it cannot tell, the regex reads that stretch, and the automaton
goes on after it:

- a hit that does not start and end at word boundaries (the regex wants both: "calls" in "recalls");
- a place where a modifier may stand inside a phrase (a *marker* of the regex: the first word(s) of
  a phrase, white space or a comma, a modifier). Every modifier is a key too (a *probe*). Where a
  probe, or a phrase with a modifier's first word(s) at one of its word starts (or at its end), has
  such first words right before that place, the regex reads from where they start (and the hit);
- a probe under which another key could start, or that is no whole word over a shorter key (the
  regex reads from a little before it);
- white space other than single plain spaces (the keys have single spaces): the regex reads all.

The automaton can also watch for a few single characters that no key holds (the quotation marks of
:mod:`analysis.classify.clauses`): where it reads the whole text and meets none, the scan says so,
and no later test need look for them (#12).

Given the language's single-byte code page ("cp1251"), the keys are also an automaton over its
bytes (:mod:`analysis.classify.automata`), which reads a text the page can hold: one byte a character, so its offsets are the text's,
about half the bytes of UTF-8 for Cyrillic or Greek, and no table from UTF-8 offsets to characters
(ahocorasick-rs builds one for every ``str``). A text with a character the page lacks is read by the
automaton of the text (#12).

Tests check on random synthetic texts that the result is the regex's.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from typing import Any

from analysis.classify.automata import Automata
from analysis.resources.text import WHITE_SPACE
from analysis.resources.wildcard import is_word_char, trie_regex

Span = tuple[str, int, int]
#: A hit of the automaton: ``(key, start, end)``, the key's index in :class:`KeyScan`'s keys.
Hit = tuple[int, int, int]
#: What :meth:`KeyScan.scan` finds in a text: ``(phrase, start, end)`` of its phrases, left to right,
#: and whether the automaton read all of it and met none of the watched characters (a plain tuple:
#: made once per paragraph, #12).
Scanned = tuple[list[Span], bool]
#: ``read_on(folded, found, start, until)``: the regex reads ``folded`` from ``start`` on (no phrase of
#: ``found`` reaches it), adding the phrases it finds to ``found``, until the next may start at ``until``
#: or after; it returns where that is, or ``None`` when there is no phrase after.
ReadOn = Callable[[str, list[Span], int, int], "int | None"]

#: White space the keys cannot stand for: every other white-space character, and two spaces.
_ODD_SPACE = [space for space in WHITE_SPACE if space != " "] + ["  "]
_SEPARATORS = " ,"  # what may stand before a modifier inside a phrase (white space, a comma)
_GO_ON = -1  # :meth:`KeyScan._judge`: on with the next hit
_charmap_encode = codecs.charmap_encode  # called once per paragraph (#12)


def _stem(modifier: str) -> str:
    """The literal beginning of a modifier pattern (up to its first ``*``)."""
    return modifier.split("*", 1)[0]


def _may_start(rest: str, modifier: str) -> bool:
    """Could ``modifier`` (a pattern) be read where ``rest`` (the end of a key) starts, as a whole
    word, within it or going on after its last word?"""
    stem = _stem(modifier)
    literal = stem == modifier
    if stem.startswith(rest) and (len(stem) == len(rest) or not is_word_char(stem[len(rest)])):
        return True  # the key ends with the modifier's first word(s)
    return rest.startswith(stem) and (not literal or len(rest) == len(stem) or not is_word_char(rest[len(stem)]))


def _by_first_character(modifiers: Iterable[str]) -> dict[str, list[str]]:
    """``modifiers`` by the first character of their stem, for :func:`_may_start` (which holds only
    where the text and the stem begin alike); those with an empty stem (``*...``) may start anywhere
    and are in every list, and alone under ``""``."""
    stems = [(modifier, _stem(modifier)) for modifier in modifiers]
    anywhere = [modifier for modifier, stem in stems if not stem]
    grouped: dict[str, list[str]] = {"": anywhere}
    for modifier, stem in stems:
        if stem:
            grouped.setdefault(stem[0], list(anywhere)).append(modifier)
    return grouped


class _Overlaps:
    """Could a text and one of ``keys`` be read at one place (one begins the other)? Told by set
    lookups, not by a loop over the keys (#12: building the scan is part of every run's start-up)."""

    def __init__(self, keys: Iterable[str]):
        self.keys = set(keys)
        self.prefixes = {key[:j] for key in self.keys for j in range(len(key) + 1)}

    def any(self, text: str) -> bool:
        """Does a key begin ``text``, or ``text`` begin a key?"""
        return text in self.prefixes or any(text[:j] in self.keys for j in range(len(text) + 1))


def _key_starts(key: str) -> list[int]:
    """Where another key could start inside ``key``: after any character that is no word character
    (the regex wants one before a phrase)."""
    return [i for i in range(1, len(key)) if not is_word_char(key[i - 1])]


def _inner_starts(key: str) -> list[int]:
    """Where a word starts inside ``key`` after white space or a comma (a modifier could start there)."""
    return [i for i in range(1, len(key)) if key[i - 1] in _SEPARATORS and key[i] not in _SEPARATORS]


class KeyScan:
    """The phrases, modifier probes and odd white space of one language as one automaton.

    ``phrases`` are normalised and single-spaced, longest first (as the index orders them),
    ``modifiers`` normalised patterns, ``starts`` the first word(s) of the phrases that go on after
    them (where the regex has markers). ``watch``: single characters to watch for (see
    :data:`Scanned`); none are watched if a key holds one of them (its hits would hide it).
    ``code_page``: the language's single-byte code page, whose automaton reads the texts it can hold.
    ``read_on``: what :meth:`scan` reads with where it cannot tell (the regex), unless a call gives its own.
    """

    #: The most characters the automaton reads at a time (at least twice the longest key): a paragraph's
    #: whole text as a rule. A long text is read a stretch at a time, so that going on after each place
    #: the regex read costs a stretch, not the rest of the text (#12: a text with many of them took time
    #: that grew with the square of its length). After such a place the first stretch is an eighth of
    #: that, and each next one twice the one before.
    CHUNK = 2048

    def __init__(self, phrases: list[str], modifiers: Iterable[str], starts: list[str], watch: Iterable[str] = (),
                 code_page: str | None = None, *, read_on: ReadOn):
        modifiers = sorted(set(modifiers))
        stems = sorted({_stem(m) for m in modifiers} - {""})
        keys = list(phrases) + stems
        self.phrases, self.probes_from, self.odd_from = phrases, len(phrases), len(keys)
        watched = sorted(set(watch))
        if any(len(char) != 1 for char in watched):  # a longer one could hide a key under it
            raise ValueError(f"only single characters can be watched for, not {watched!r}")
        #: Are the ``watch`` characters watched (no key holds one)?
        self.watching = bool(watched) and not any(char in key for key in keys + _ODD_SPACE for char in watched)
        watched = watched if self.watching else []
        #: The index of the first watched character among the keys (past the others; past all keys
        #: when none are watched).
        self.watched_from = len(keys) + len(_ODD_SPACE)
        #: Per phrase: where in it a modifier may start (checked for first words of a phrase before it).
        by_first = _by_first_character(modifiers)
        self.offsets = [tuple(i for i in [0, *_inner_starts(phrase)]
                              if any(_may_start(phrase[i:], m) for m in by_first.get(phrase[i], by_first[""])))
                        for phrase in phrases]
        #: Per key: a phrase whose hits stand as found where they are whole words (no modifier inside).
        others = [False] * (len(stems) + len(_ODD_SPACE) + len(watched))  # the keys that are no phrase
        self.plain = [not offsets for offsets in self.offsets] + others
        #: Per key: a phrase that only begins like a modifier, whose hits stand as found where they are
        #: whole words that begin the text, follow no space or comma, or follow one of :attr:`closing`
        #: and a space or comma (no first words of a phrase can stand right before them then).
        self.lead = [offsets == (0,) for offsets in self.offsets] + others
        #: The marks after which no first words of a phrase end (then a space): a lead phrase after
        #: them stands as found.
        self.closing = "".join(mark for mark in ";:." if not any(s.rstrip(_SEPARATORS).endswith(mark) for s in starts))
        #: Per phrase: the shorter phrases that begin it, longest first, and where a word starts inside
        #: it at which another key could start, for a hit of it that is no whole word.
        self.shorter = [[p for p in phrases if phrase.startswith(p) and p != phrase] for phrase in phrases]
        overlaps = _Overlaps(keys)
        self.under = [[i for i in _key_starts(phrase) if overlaps.any(phrase[i:])] for phrase in phrases]
        #: Per key: may a hit of it that is no whole word be passed over (no shorter phrase begins it,
        #: no key can start under it)?
        self.passed = [not shorter and not under for shorter, under in zip(self.shorter, self.under)]
        #: Per probe: is it only a whole modifier (the stem of no wildcard), which must end at a word end?
        self.literal = [stem in modifiers and not any(m != stem and _stem(m) == stem for m in modifiers)
                        for stem in stems]
        #: Per probe: could another key start under it (a shorter phrase where it starts, or a key inside it)?
        self.hides = [any(overlaps.any(stem[i:]) for i in _key_starts(stem))
                      or any(stem.startswith(p) and stem != p for p in phrases) for stem in stems]
        #: Per probe: does a shorter probe start where it starts (a modifier there even where it is no
        #: whole word: "once" under "once again" in "once against")?
        self.shorter_probe = [any(stem.startswith(other) and stem != other for other in stems) for stem in stems]
        #: Every key (phrases, probes, odd white space, watched characters) in one automaton over the
        #: text, and one over its bytes in the code page.
        self._automata = Automata(keys + _ODD_SPACE + watched, code_page)
        #: The longest of those keys: no hit that starts more than that before the end of a stretch runs past it.
        self.longest = max(map(len, keys + _ODD_SPACE + watched))
        #: First words of a phrase and a separator, right before a place (``search(text, pos, place)``).
        self._before = re.compile(r"(?<!\w)(?:" + trie_regex(starts) + r")(?:\s*,\s*|\s+)\Z") if starts else None
        #: The first words without a separator at their end: what the text before a marker ends with.
        self._words = tuple(sorted({start.rstrip(_SEPARATORS) for start in starts} - {""}))
        #: How far before a place the first words of a marker may start: the longest, and a separator.
        self.window = max(map(len, starts), default=0) + 4
        #: What :meth:`scan` reads with where it cannot tell (the regex), unless a call gives another.
        self.read_on = read_on
        self._build()

    def _build(self) -> None:
        """What :meth:`scan` reads in every call, fetched from one tuple (#12: a call per paragraph); left
        out of a pickle (the automata's methods cannot be pickled) and made again when it is read."""
        automata = self._automata
        self._hot = (automata.find_text, automata.find_bytes, automata.encoding_map, self.phrases, self.plain,
                     self.lead, self.passed, self.closing, self.watched_from, self.watching)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "_hot"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build()

    def scan(self, folded: str, read_on: ReadOn | None = None) -> Scanned:
        """The phrases in ``folded``, left to right: the automaton's hits, and where it cannot tell,
        what ``read_on`` (the regex; default :attr:`read_on`) finds; and whether it has none of the
        watched characters."""
        found: list[Span] = []
        (find_text, find_bytes, encoding_map, phrases, plain, lead, passed, closing, watched_from,
         unmarked) = self._hot
        length = len(folded)
        encoded = None  # the code page's bytes of ``folded``, if it holds it: read again from where the regex stops
        if encoding_map is not None:
            try:
                encoded = _charmap_encode(folded, "strict", encoding_map)[0]
            except UnicodeEncodeError:  # a character the page lacks: the automaton of the text reads it
                pass
        position: int | None = 0
        chunk = self.CHUNK
        while True:
            # the rest of the text (a paragraph's whole text, as a rule), or a stretch of it (see CHUNK)
            stop = length if position + chunk >= length else min(position + max(chunk, 2 * self.longest), length)
            if encoded is not None:  # one byte a character: the bytes from ``position`` on, not copied
                hits = find_bytes(memoryview(encoded)[position:stop] if position or stop < length else encoded)
            else:
                try:
                    hits = find_text(folded[position:stop] if position or stop < length else folded)
                except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot hold: the regex reads all
                    hits = [(self.odd_from, 0, 0)]
            if stop < length:
                hits, after = self._standing(hits, position, stop)
            else:
                after = None  # the automaton reads to the end of the text
                if position:
                    hits = [(key, start + position, end + position) for key, start, end in hits]
            for key, start, end in hits:  # most hits: a phrase as found, a whole word (is_word_char inlined)
                if plain[key] or (lead[key] and (
                        start < 2 or folded[start - 1] not in " ," or folded[start - 2] in closing)):
                    if start == 0 or (c := folded[start - 1]) == " " or not (c.isalnum() or c == "_"):
                        if end == length or (c := folded[end]) == " " or not (c.isalnum() or c == "_"):
                            found.append((phrases[key], start, end))
                            continue
                        if passed[key]:
                            continue
                    elif passed[key]:
                        continue
                if key >= watched_from:  # a watched character: noted, passed over
                    unmarked = False
                    continue
                position = self._judge(folded, key, start, end, found, read_on or self.read_on)
                if position != _GO_ON:
                    break
            else:
                if after is None:
                    return found, unmarked
                # on after the stretch: from the end of its last hit that stood, or where one could start
                position, chunk = max(after, hits[-1][2]) if hits else after, min(2 * chunk, self.CHUNK)
                continue
            unmarked = False  # the regex read on: the watched characters were not looked for there
            if position is None:
                return found, unmarked
            chunk = self.CHUNK // 8

    def _standing(self, hits: list[Hit], position: int, stop: int) -> tuple[list[Hit], int]:
        """Of the automaton's ``hits`` in the stretch ``[position, stop)`` of a longer text (#12, see
        :attr:`CHUNK`), those that stand as the whole text's (in its offsets): those that start where no key
        that starts as early can run past the stretch. And where the automaton goes on after them, if they end
        before it: where the first hit that could run past the stretch may start."""
        trusted = stop - position - self.longest  # in the stretch
        return [(key, start + position, end + position) for key, start, end in hits if start <= trusted], \
            position + trusted + 1

    def _judge(self, folded: str, key: int, start: int, end: int, found: list[Span],
               read_on: ReadOn) -> int | None:
        """A hit that may not be what the regex finds there: :data:`_GO_ON` with the next hit (it is
        passed over, or a phrase added to ``found``), or where the automaton must read on after the
        regex has read past it (``None``: nowhere)."""
        length = len(folded)
        if key < self.probes_from:  # a phrase that a modifier may stand inside, or no whole word
            limit = self._marker(folded, start, self.offsets[key]) if self.offsets[key] else None
            if limit is not None:  # the regex reads the hit too (keys under it were not looked for)
                limit = min(limit, start)
            else:
                starts_word = start == 0 or not is_word_char(folded[start - 1])
                if starts_word and (end == length or not is_word_char(folded[end])):
                    found.append((self.phrases[key], start, end))
                    return _GO_ON
                resume = self._within(folded, key, start, starts_word, found)
                return _GO_ON if resume is None else resume
        elif key < self.odd_from:  # a probe: a modifier, after the first words of a phrase or not
            probe = key - self.probes_from
            modifier = (not self.literal[probe] or self.shorter_probe[probe] or end == length
                        or not is_word_char(folded[end]))  # a modifier may start here
            limit = self._marker(folded, start, (0,)) if modifier else None
            if limit is None:
                if not self.hides[probe]:
                    return _GO_ON
                limit = start - self.window
        else:  # white space the keys do not have: the regex reads all
            found.clear()
            read_on(folded, found, 0, length)
            return None
        while found and found[-1][1] >= limit:
            found.pop()
        return read_on(folded, found, max(limit, found[-1][2] if found else 0), end)

    def _within(self, folded: str, key: int, start: int, starts_word: bool, found: list[Span]) -> int | None:
        """For a hit of a phrase that is no whole word: what the regex finds where it starts (the
        longest shorter phrase that begins it and ends a word, added to ``found``), and where the
        automaton must read on: at the first word inside the hit, after that phrase, where another
        key could start (``None``: none can, the hits after this one stand)."""
        after = 1
        if starts_word:
            for shorter in self.shorter[key]:
                end = start + len(shorter)
                if end == len(folded) or not is_word_char(folded[end]):
                    found.append((shorter, start, end))
                    after = len(shorter)
                    break
        return next((start + i for i in self.under[key] if i >= after), None)

    def _marker(self, folded: str, start: int, offsets: tuple[int, ...]) -> int | None:
        """Where the first words of a phrase start that stand right before a modifier at one of
        ``offsets`` from ``start`` (the first such), or ``None``."""
        before = self._before
        if before is None:
            return None
        for offset in offsets:
            place = start + offset
            words_end = place - 1  # a separator, then the end of a word?
            while words_end >= 0 and folded[words_end] in _SEPARATORS:
                words_end -= 1
            if words_end == place - 1 or words_end < 0 or not folded.endswith(self._words, 0, words_end + 1):
                continue
            marker = before.search(folded, max(0, place - self.window), place)
            if marker is not None:
                return marker.start()
        return None


