"""The one wildcard syntax of every pattern file (theme dictionary, addressees, stop lists).

A pattern is one or more words separated by spaces, matched on :func:`~analysis.resources.text.normalise`-d
text (so case, ``ё`` and runs of spaces do not matter). A pattern starts at a word start and ends at
a word end. A ``*`` at the end of a word stands for any ending of that word ("осъжда*" matches
"осъждат"); anywhere else a ``*`` is an error. Words of a multi-word pattern are separated by white
space only; a pattern starts and ends with a word that has a letter or digit, and between them a
mark may stand as a word of its own ("the vice-president / high representative"). Every other
character is literal (quanteda's ``valuetype = "glob"``, restricted to a trailing ``*``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from analysis.resources.text import normalise

NEVER = r"(?!x)x"
_LEAD = re.compile(r"\w*")


def check_pattern(pattern: str) -> str | None:
    """Why ``pattern`` (normalised) breaks the syntax, or ``None`` if it is well formed."""
    if not pattern:
        return "empty pattern"
    words = pattern.split(" ")
    for i, word in enumerate(words):
        body = word[:-1] if word.endswith("*") else word
        if "*" in body:
            return f"'*' is allowed only at the end of a word: {pattern!r}"
        # A mark between two words ("vice-president / high representative") is literal text; a
        # pattern must start and end with a word, and a '*' must follow some letters.
        if not re.search(r"\w", body) and (word.endswith("*") or i in (0, len(words) - 1)):
            return f"word {word!r} has no letter or digit: {pattern!r}"
    return None


def _pieces(pattern: str, between: str = r"\s+") -> list[str]:
    """Regex pieces of one pattern: escaped characters, ``\\w*`` for a trailing ``*``, ``between`` words."""
    pieces: list[str] = []
    for i, word in enumerate(pattern.split(" ")):
        if i:
            pieces.append(between)
        star = word.endswith("*")
        pieces.extend(re.escape(ch) for ch in (word[:-1] if star else word))
        if star:
            pieces.append(r"\w*")
    return pieces


def pattern_regex(pattern: str, between: str = r"\s+") -> str:
    """Regular-expression source of one pattern, without word boundaries."""
    return "".join(_pieces(pattern, between))


def pattern_pieces(pattern: str) -> list[str]:
    """The regex pieces of one pattern (one escaped character each, ``\\w*``, ``\\s+`` between words),
    for :func:`ordered_alternation`."""
    return _pieces(pattern)


def _trie(patterns: Iterable[str]) -> dict[str, dict]:
    root: dict[str, dict] = {}
    for pattern in set(patterns):
        node = root
        for piece in _pieces(pattern):
            node = node.setdefault(piece, {})
        node[""] = {}  # end of a pattern
    return root


def _emit(node: dict[str, dict], boundary: bool = False) -> str:
    """Regex source of a pattern trie: shared prefixes are written once, so the engine does not retry
    every pattern at every word. With ``boundary`` each first character is checked to start a word
    (``(?<!\\w)``, written after the character so that the search can skip ahead)."""
    alternatives = []
    for piece, child in sorted(node.items()):
        if piece == "":
            continue
        guard = rf"(?<!\w{piece})" if boundary else ""
        alternatives.append(piece + guard + _emit(child))
    if "" in node:
        alternatives.append("")
    if not alternatives:
        return NEVER
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def trie_regex(patterns: Iterable[str]) -> str:
    """Regex source matching any of ``patterns`` (no word boundaries), prefixes shared."""
    return _emit(_trie(patterns))


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression that finds any of ``patterns`` as whole words (leftmost, then longest
    by the trie's order)."""
    return re.compile(r"(?:" + _emit(_trie(patterns), boundary=True) + r")(?!\w)")


def compile_groups(groups: Mapping[str, Sequence[str]]) -> tuple[re.Pattern[str], list[str]]:
    """One regular expression for several named groups of patterns.

    It matches (zero-width) at each word start where some pattern matches, with a named group
    ``g<i>`` set for every group ``i`` (in the order of ``groups``) that has a pattern matching
    there: groups whose patterns overlap or start at the same word are all found, which a plain
    alternation would not do. Returns the regex and the group names in order.
    """
    parts = [r"(?<!\w)(?=" + _emit(_trie(p for ps in groups.values() for p in ps)) + r"(?!\w))"]
    for i, patterns in enumerate(groups.values()):
        parts.append(r"(?:(?=" + _emit(_trie(patterns)) + rf"(?!\w))(?P<g{i}>))?")
    return re.compile("".join(parts)), list(groups)


def word_test(patterns: Iterable[str]) -> Callable[[str], bool]:
    """A test of single words against single-word patterns ("Европейск*" = every word starting
    "европейск"), case-insensitive, for stop lists."""
    patterns = [normalise(p) for p in patterns if p.strip()]
    if not patterns:
        return lambda word: False
    regex = re.compile(trie_regex(patterns))
    return lambda word: regex.fullmatch(normalise(word)) is not None


class RunScan:
    """Which of several named groups of patterns occur anywhere in a text: what :func:`compile_groups`
    finds, about four times as fast as the scan before #12.

    One regex finds each word start (after a non-word character) where some pattern matches and
    the word there (its run of word characters). A pattern that is one run of word characters
    ("избори*", "протест") matches at a word start exactly when that word is the pattern, or
    starts with it for a trailing ``*``, so what a word says is worked out once per distinct word
    and kept (up to ``memo_size`` words, then the store starts afresh). Only the groups whose other
    patterns (several words, or marks) could start with that word are tested, at that position, by
    their own regex. The text is normalised (:func:`~analysis.resources.text.normalise`), or given
    as :func:`~analysis.resources.text.match_form`: the regexes take any run of white space between words.
    """

    def __init__(self, groups: Mapping[str, Sequence[str]], memo_size: int = 200_000):
        self.names = list(groups)
        self.memo_size = memo_size
        self._every = [p for ps in groups.values() for p in ps]
        # first run of word characters -> groups: exact words, and (by length) prefixes of a trailing '*'
        self._exact: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
        self._prefix: tuple[dict[int, dict[str, set[int]]], dict[int, dict[str, set[int]]]] = ({}, {})
        others: dict[int, list[str]] = {}
        for i, patterns in enumerate(groups.values()):
            for pattern in patterns:
                lead = _LEAD.match(pattern).end()  # type: ignore[union-attr]
                alone = lead == len(pattern) or (lead == len(pattern) - 1 and pattern.endswith("*"))
                if not alone:
                    others.setdefault(i, []).append(pattern)
                kind = 0 if alone else 1
                if pattern[lead:lead + 1] == "*":
                    self._prefix[kind].setdefault(lead, {}).setdefault(pattern[:lead], set()).add(i)
                else:
                    self._exact[kind].setdefault(pattern[:lead], set()).add(i)
        self._other_patterns = others
        self._others: dict[int, re.Pattern[str]] = {}  # compiled when first needed (start-up, #12)
        self._lengths = sorted(set(self._prefix[0]) | set(self._prefix[1]))
        self._words: dict[str, tuple[frozenset[int], tuple[int, ...]]] = {}

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """Word starts where a pattern matches, and the word there (compiled at first use: a language
        with no text to scan costs nothing at start-up, #12)."""
        return re.compile(r"\W(?=" + _emit(_trie(self._every)) + r"(?!\w))(\w*)")

    def _learn(self, word: str) -> tuple[frozenset[int], tuple[int, ...]]:
        """``(groups of the one-run patterns matching word, groups whose other patterns may start with it)``."""
        found: list[set[int]] = [set(self._exact[0].get(word, ())), set(self._exact[1].get(word, ()))]
        for length in self._lengths:
            if length > len(word):
                break
            for kind in (0, 1):
                found[kind].update(self._prefix[kind].get(length, {}).get(word[:length], ()))
        if len(self._words) >= self.memo_size:
            self._words.clear()
        known = self._words[word] = (frozenset(found[0]), tuple(sorted(found[1] - found[0])))
        return known

    def found_groups(self, text: str) -> frozenset[int]:
        """The indices of the groups with a pattern matching ``text`` somewhere."""
        return self.found_many([text])[0]

    def found_many(self, texts: Sequence[str], form: Callable[[str], str] | None = None) -> list[frozenset[int]]:
        """:meth:`found_groups` of each of ``texts``, scanned as one string: the texts joined by
        NUL, a non-word character that no white space run crosses, so no match spans two texts.
        ``form`` (e.g. :func:`~analysis.resources.text.match_form`) is applied to the joined texts
        first; it must keep the length and work character by character."""
        joined = " " + "\0".join(texts)
        if form is not None:
            joined = form(joined)
        ends = list(itertools.accumulate(len(text) + 1 for text in texts))  # each text's end in ``joined``
        words = self._words
        result: list[frozenset[int]] = []
        row, end, found, later = 0, ends[0] if ends else 0, set(), []
        for match in self.regex.finditer(joined):
            start = match.start(1)
            while start > end:  # the match is in a later text: close this one
                result.append(self._close(joined, found, later))
                row, found, later = row + 1, set(), []
                end = ends[row]
            word = match[1]
            alone, maybe = words.get(word) or self._learn(word)
            if alone:
                found |= alone
            if maybe:
                later.append((start, maybe))
        while len(result) < len(texts):
            result.append(self._close(joined, found, later))
            found, later = set(), []
        return result

    def _other(self, i: int) -> re.Pattern[str]:
        """The regex of group ``i``'s patterns that are not one run of word characters."""
        if i not in self._others:
            self._others[i] = re.compile(_emit(_trie(self._other_patterns[i])) + r"(?!\w)")
        return self._others[i]

    def _close(self, text: str, found: set[int], later: list[tuple[int, tuple[int, ...]]]) -> frozenset[int]:
        """``found`` with the groups whose longer patterns match at one of the ``later`` word starts."""
        for start, maybe in later:
            for i in maybe:
                if i not in found and self._other(i).match(text, start):
                    found.add(i)
        return frozenset(found)

    def found(self, text: str) -> list[bool]:
        """For each group, in order: does one of its patterns match ``text`` somewhere?"""
        groups = self.found_groups(text)
        return [i in groups for i in range(len(self.names))]


def _literal(piece: str) -> bool:
    """Is ``piece`` one escaped character (as :func:`_pieces` writes them), not ``\\w*`` or a gap?"""
    return len(piece) == 1 or (len(piece) == 2 and piece[0] == "\\")


def ordered_alternation(alternatives: Sequence[Sequence[str]], order: list[int] | None = None,
                        shared: Callable[[tuple[str, ...]], bool] | None = None) -> str:
    """Regex source of an ordered alternation, the same matches as ``(?:a0|a1|...)`` but fast (#12);
    with ``order``, one empty capture group at the end of each alternative (``(?:a0()|a1()|...)``).

    Each alternative is a sequence of regex pieces; a piece of one escaped character is literal.
    Alternatives whose next pieces are different characters cannot both match at one place, so
    they are grouped by that character (a trie) without changing which one wins; where any
    alternative ends or goes on with something else (``\\w*``, a gap between words), the rest is
    tried in the given order. ``order`` receives the alternatives' indices in the order of their
    capture groups, so that ``order[match.lastindex - 1]`` is the alternative that matched (each
    group costs time at every place tried: without ``order`` there are none). Neighbours in that
    order that go on with the same non-literal piece try it once for all if ``shared`` says so of
    each one's rest after it: the caller's promise that no two ways of matching the piece lead to
    a match of those rests (else the engine would try them in another order).
    """
    return _ordered([(tuple(pieces), i) for i, pieces in enumerate(alternatives)], order, shared)


def _ordered(items: list[tuple[tuple[str, ...], int]], order: list[int] | None,
             shared: Callable[[tuple[str, ...]], bool] | None) -> str:
    if len(items) > 1 and all(pieces and _literal(pieces[0]) for pieces, _ in items):
        groups: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for pieces, i in items:
            groups.setdefault(pieces[0], []).append((pieces[1:], i))
        alternatives = [piece + _ordered(rest, order, shared) for piece, rest in groups.items()]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    runs: list[list[tuple[tuple[str, ...], int]]] = []  # neighbours that share their first piece
    for pieces, i in items:
        joins = (shared is not None and len(pieces) > 1 and not _literal(pieces[0]) and shared(pieces[1:])
                 and runs and runs[-1][-1][0][:1] == pieces[:1] and len(runs[-1][-1][0]) > 1
                 and shared(runs[-1][-1][0][1:]))
        runs[-1:] = [runs[-1] + [(pieces, i)]] if joins else runs[-1:] + [[(pieces, i)]]
    alternatives = []
    for run in runs:
        if len(run) > 1:
            alternatives.append(run[0][0][0] + _ordered([(pieces[1:], i) for pieces, i in run], order, shared))
            continue
        (pieces, i), = run
        if order is not None:
            order.append(i)
        alternatives.append("".join(pieces) + ("()" if order is not None else ""))
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


@functools.cache
def word_start(astral: bool = True) -> str:
    """Regex source of one character that may stand before a word start (``(?<!\\w)`` read as a
    character to consume): every non-word character of the Basic Multilingual Plane as one class,
    which the engine skips to in C, faster than testing ``(?<!\\w)`` at every position (#12). Use it
    on the text with a space in front, so that a word at its start is found too. Without
    ``astral`` the characters beyond that plane are left out, which saves a test at every place
    tried: for texts that have none (see :func:`has_astral`)."""
    ranges, first = [], None
    for code in range(0x10000):
        char = chr(code)
        word = char.isalnum() or char == "_"  # what \w matches
        if not word and first is None:
            first = code
        elif word and first is not None:
            ranges.append((first, code - 1))
            first = None
    if first is not None:
        ranges.append((first, 0xFFFF))
    body = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    if not astral:
        return f"[{body}]"
    # characters beyond the plane are rare: take them all, then keep only the non-word ones
    return f"[{body}\\U00010000-\\U0010FFFF](?<!\\w)"


def has_astral(text: str) -> bool:
    """Does ``text`` have a character beyond the Basic Multilingual Plane (an emoji, say)? Fast:
    only such characters take two UTF-16 code units."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
