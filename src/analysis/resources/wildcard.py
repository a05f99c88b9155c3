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

import collections
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from analysis.resources.text import match_form, normalise

NEVER = r"(?!x)x"
_RUN = re.compile(r"(\w+)(\*?)")  # a run of word characters (and a pattern's '*' after it)


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


def reversed_regex(patterns: Iterable[str]) -> str:
    """Regex source matching any of ``patterns`` written backwards (no word boundaries), to test the
    end of a text by one match at the start of the text reversed instead of a search through it (#12)."""
    alternatives = ["".join(reversed(_pieces(pattern))) for pattern in sorted(set(patterns))]
    return "|".join(alternatives) if alternatives else NEVER


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
    finds, by looking words up instead of trying a regex at every word start (#12).

    Each run of word characters in a pattern is a *key*: the run, or the run and ``*`` before a
    ``*``. A text meets a key where one of its own runs of word characters is that run (or, for
    ``*``, starts with it); every such run is at a word start, so a pattern that is one run
    ("избори*", "протест") matches exactly when the text meets its key, and any other pattern
    only in a text that meets all its keys: only there is it looked for, by its own regex. The
    keys (and the groups of the one-run patterns among them) are worked out once for each distinct
    white-space token of the texts and kept (up to ``memo_size`` tokens, then the store starts
    afresh). Texts are taken as written and folded here (:func:`~analysis.resources.text.match_form`).
    """

    def __init__(self, groups: Mapping[str, Sequence[str]], memo_size: int = 200_000):
        self.names = list(groups)
        self.memo_size = memo_size
        self._groups = frozenset(range(len(self.names)))
        self._alone: dict[str, set[int]] = {}  # the key of a one-run pattern -> its groups
        self._anchored: dict[str, list[tuple[int, frozenset[str], str]]] = {}  # key -> (group, keys, pattern)
        self._regexes: dict[str, re.Pattern[str]] = {}  # pattern -> regex, compiled when first needed (#12)
        self._exact: set[str] = set()
        self._stems: dict[int, set[str]] = {}  # the runs of the '*' keys, by length
        keys_of = {p: [run + star for run, star in _RUN.findall(p)] for ps in groups.values() for p in ps}
        uses = collections.Counter(key for keys in keys_of.values() for key in set(keys))
        for i, patterns in enumerate(groups.values()):
            for pattern in patterns:
                keys = keys_of[pattern]
                for key in keys:
                    if key.endswith("*"):
                        self._stems.setdefault(len(key) - 1, set()).add(key[:-1])
                    else:
                        self._exact.add(key)
                if keys[0] == pattern:
                    self._alone.setdefault(pattern, set()).add(i)
                else:  # under the key fewest patterns have (likely a rare word), longest first
                    anchor = min(keys, key=lambda key: (uses[key], -len(key), key))
                    self._anchored.setdefault(anchor, []).append((i, frozenset(keys), pattern))
        self._anchors = frozenset(self._anchored)
        self._lengths = sorted(self._stems)
        self._tokens: dict[str, frozenset] = {}  # token -> its keys and the groups of its one-run patterns
        self._values: dict[frozenset, frozenset] = {}

    def _learn(self, token: str) -> None:
        keys = set()
        for run, _ in _RUN.findall(match_form(token)):
            if run in self._exact:
                keys.add(run)
            for length in self._lengths:
                if length > len(run):
                    break
                if run[:length] in self._stems[length]:
                    keys.add(run[:length] + "*")
        groups = [i for key in keys for i in self._alone.get(key, ())]
        value = frozenset(keys).union(groups)
        self._tokens[token] = self._values.setdefault(value, value)  # one object for each value (memory)

    def _compile(self, pattern: str) -> re.Pattern[str]:
        """The regex finding ``pattern`` at a word start: its first characters, then checked to start a
        word (written after them, so that the search skips ahead to them), then the rest."""
        pieces = _pieces(pattern)
        lead = "".join(itertools.takewhile(lambda piece: piece not in (r"\w*", r"\s+"), pieces))
        regex = self._regexes[pattern] = re.compile(rf"{lead}(?<!\w{lead}){''.join(pieces)[len(lead):]}(?!\w)")
        return regex

    def found_groups(self, text: str) -> frozenset[int]:
        """The indices of the groups with a pattern matching ``text`` somewhere."""
        return self.found_many([text])[0]

    def found_many(self, texts: Iterable[str]) -> list[frozenset[int]]:
        """:meth:`found_groups` of each of ``texts``."""
        tokens_of, anchored, regexes, union = self._tokens, self._anchored, self._regexes, frozenset().union
        groups, anchors = self._groups, self._anchors
        result = []
        for text in texts:
            # U+0130 is the one character whose lower case is longer: fold() then folds the whole
            # text character by character, which may differ from folding its tokens (final sigma)
            tokens = (match_form(text) if "\u0130" in text else text).split()
            try:
                keys = union(*map(tokens_of.__getitem__, tokens))
            except KeyError:  # a token not seen before (or since the store started afresh)
                new = set(tokens).difference(tokens_of)
                if len(tokens_of) + len(new) > self.memo_size:
                    tokens_of.clear()
                    self._values.clear()
                    new = set(tokens)
                for token in new:
                    self._learn(token)
                keys = union(*map(tokens_of.__getitem__, tokens))
            found = keys & groups  # few containers made per text: the collector runs less often
            folded = None
            for anchor in keys & anchors:
                for i, needs, pattern in anchored[anchor]:
                    if i in found or not needs <= keys:
                        continue
                    folded = match_form(text) if folded is None else folded
                    if (regexes.get(pattern) or self._compile(pattern)).search(folded):
                        found = found.union((i,))
            result.append(found)
        return result

    def found(self, text: str) -> list[bool]:
        """For each group, in order: does one of its patterns match ``text`` somewhere?"""
        groups = self.found_groups(text)
        return [i in groups for i in range(len(self.names))]


def is_literal(piece: str) -> bool:
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
    if len(items) > 1 and all(pieces and is_literal(pieces[0]) for pieces, _ in items):
        groups: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for pieces, i in items:
            groups.setdefault(pieces[0], []).append((pieces[1:], i))
        alternatives = [piece + _ordered(rest, order, shared) for piece, rest in groups.items()]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    runs: list[list[tuple[tuple[str, ...], int]]] = []  # neighbours that share their first piece
    for pieces, i in items:
        joins = (shared is not None and len(pieces) > 1 and not is_literal(pieces[0]) and shared(pieces[1:])
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


def word_start(astral: bool = True) -> str:
    """Regex source of one character that may stand before a word start (``(?<!\\w)`` read as a
    character to consume): every non-word character of the Basic Multilingual Plane as one class,
    which the engine skips to in C, faster than testing ``(?<!\\w)`` at every position (#12). Use it
    on the text with a space in front, so that a word at its start is found too. Without
    ``astral`` the characters beyond that plane are left out, which saves a test at every place
    tried: for texts that have none (see :func:`has_astral`)."""
    body = _non_word_ranges()
    if not astral:
        return f"[{body}]"
    # characters beyond the plane are rare: take them all, then keep only the non-word ones
    return f"[{body}\\U00010000-\\U0010FFFF](?<!\\w)"


@functools.cache
def _non_word_ranges() -> str:
    """The non-word characters of the Basic Multilingual Plane as the ranges of a regex class (its
    body): found once per process for both forms of :func:`word_start`."""
    ranges, first = [], None
    for code in range(0x10000):
        char = chr(code)
        word = is_word_char(char)
        if not word and first is None:
            first = code
        elif word and first is not None:
            ranges.append((first, code - 1))
            first = None
    if first is not None:
        ranges.append((first, 0xFFFF))
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


def is_word_char(char: str) -> bool:
    """Is ``char`` a word character (what ``\\w`` matches)?"""
    return char.isalnum() or char == "_"


def has_astral(text: str) -> bool:
    """Does ``text`` have a character beyond the Basic Multilingual Plane (an emoji, say)? Fast:
    only such characters take two UTF-16 code units."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
