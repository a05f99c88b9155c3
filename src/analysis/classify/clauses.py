"""The clause filter: is a phrase the index found one of the Parliament's own operative verbs?

A phrase counts only where it opens a clause (codebook_verbs R3): at the start of the paragraph,
after ``;``/``:``/``.``, or after a connective ("и", "но", "and", "but"), with nothing but
modifiers in between; so "..., в които се осъжда ..." (a relative clause), "изразяват" (another
subject) and words inside quotation marks are not coded. In a language whose directive
complement is finite (Bulgarian "призовава X да наблюдава ... и отправя ..."), a verb joined by a
connective after that complement belongs to the addressee. The filter also collects the
modifiers around a phrase ("настоятелно", "обаче").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from analysis.classify.addressees import AddresseeFinder
from analysis.classify.phrases import modifier_regex
from analysis.resources.languages import LanguageProfile
from analysis.resources.text import fold
from analysis.resources.wildcard import reversed_regex

#: The marks after which a phrase opens a clause of its own.
_CLAUSE_ENDS = (";", ":", ".")
#: What the text before a phrase ends with when the phrase opens a clause right after one of them (the
#: general test strips any white space; this is the quick test for the usual cases).
_AFTER_CLAUSE_END = (*_CLAUSE_ENDS, *(f"{end} " for end in _CLAUSE_ENDS))
#: How far back from a phrase to look for the modifiers and connective that open its clause
#: (longer than any modifier or connective of the lexicon, with the spaces and commas around them).
WINDOW = 120


class ClauseFilter:
    """Clause openings, quotations and modifiers of one language.

    ``modifiers`` and ``connectives`` are normalised words (lexicon ``modifiers.csv`` and the
    language profile); ``addressees`` (the finder of the same language, built with the profile's
    complement words) gives those words and tells whether a directive opens a complement of its own.
    """

    def __init__(self, profile: LanguageProfile, modifiers: Sequence[str], connectives: Sequence[str],
                 addressees: AddresseeFinder):
        mod = modifier_regex(modifiers)
        # A hyphen joins words: "категорично" inside "най-категорично" is not a modifier.
        self._mod_word = re.compile(rf"(?<![\w-])(?:{mod})(?![\w-])")
        self._leading_mod = re.compile(rf"(?:^|(?<=[\s,;:]))({mod})\s*,?\s*$")
        self._trailing_mod = re.compile(rf"(?:,?\s+({mod}))(?![\w-])")
        #: ``trails(folded, end)``: is a modifier right after ``end`` (not ``None``)? The quick test
        #: before :meth:`trailing_modifiers`.
        self.trails = self._trailing_mod.match
        # A phrase right after ";", ":" or "." opens a clause with no modifier before it, unless a
        # modifier ends with one of them (then only the general test below can tell).
        #: ``folded.endswith(after_clause_end, 0, start)``: does the phrase at ``start`` follow a clause
        #: end at once, and so open a clause with no modifier before it (if it is not quoted)? The
        #: quick test before :meth:`opening_at`.
        self.after_clause_end = () if any(m.endswith(_CLAUSE_ENDS) for m in modifiers) else _AFTER_CLAUSE_END
        # A connective at the end of a text, after white space, a comma or nothing: matched at the start
        # of the text's end read backwards (see :meth:`_ends_with_connective`).
        self._connective_backwards = re.compile(rf"\s*(?:{reversed_regex(connectives)})(?=[\s,])")
        # A prefix can end with a modifier or connective only if it ends with the last word of one:
        # a test in C before the regexes (#12); none if a word has a wildcard.
        self._modifier_ends = _last_words(modifiers)
        self._connective_ends = _last_words(connectives)
        # Each profile entry is an opening mark followed by the mark(s) that close it: "„“”" means
        # „ closed by “ or ”; "''" is a pair whose two marks are the same.
        self._closers: dict[str, set[str]] = {}
        for entry in profile.quotes:
            if entry:
                self._closers.setdefault(entry[0], set()).update(entry[1:] or entry[0])
        marks = set(self._closers) | {c for closers in self._closers.values() for c in closers}
        self._mark_chars = tuple(sorted(marks))
        #: The quotation marks of the language: where a text has none, no phrase of it is quoted.
        self.marks = "".join(self._mark_chars)
        self._marks = re.compile("[" + "".join(map(re.escape, self._mark_chars)) + "]") if marks else None
        self._quoted_text: str | None = None  # the text whose quotation marks are in _mark_positions
        self._mark_positions: list[int] = []
        self._open_after: list[bool] = []  # after each of them: is a quotation open?
        self._complement = addressees.spaced_complement  # the complement words, as inside a clause
        self._finite_complement = profile.finite_complement
        self._addressees = addressees
        self._plain_inner: dict[str, list[str]] = {}  # inner modifiers of a phrase found as written

    def opening_at(self, folded: str, start: int, end: int, last_end: int = 0,
                   directive: bool = False, unquoted: bool = False) -> list[str] | None:
        """The modifiers before the phrase at ``folded[start:end]`` if it opens a clause of the
        Parliament's own, else ``None``.

        ``last_end`` is where the previous operative phrase ended: in a language whose directive
        complement is finite (Bulgarian "призовава X да наблюдава ... и отправя"), a verb joined by
        a connective after that complement opened belongs to the addressee, unless it is a
        ``directive`` that opens a complement of its own with an addressee ("... да действа, и
        настоятелно призовава Комисията да ..."): then it is the Parliament's again.
        ``unquoted`` is the caller's word that ``folded`` has none of :attr:`marks` (no quotation).
        """
        if not start:
            return []  # the paragraph's first words: no quotation, no modifier before them
        if not unquoted and self.inside_quotes(folded, start):
            return None
        if folded.endswith(self.after_clause_end, 0, start):  # the usual case, without a copy of the prefix (#12)
            return []
        prefix = folded[:start].rstrip()
        leading: list[str] = []
        # Modifiers and connectives are short: search only the end of the prefix (a search from
        # ``pos`` still sees the characters before it, so word boundaries hold). A modifier can
        # stand there only if the prefix, without one comma, ends with it.
        while prefix.rstrip(",").rstrip().endswith(self._modifier_ends) and (
                m := self._leading_mod.search(prefix, max(0, len(prefix) - WINDOW))) is not None and m.group(1):
            leading.insert(0, m.group(1))
            prefix = prefix[:m.start()].rstrip()
        if not prefix or prefix.endswith(_CLAUSE_ENDS):
            return leading
        if prefix.endswith(self._connective_ends) and self._ends_with_connective(prefix):
            if self._finite_complement and last_end:
                clause = folded[max(last_end, prefix.rfind(";"), prefix.rfind(":"), prefix.rfind(".")):start]
                if any(c in clause for c in self._complement) and not (
                        directive and self._addressees.opens_complement(folded, end)):
                    return None
            return leading
        return None

    def _ends_with_connective(self, prefix: str) -> bool:
        """Does ``prefix`` (without white space at its end) end with a connective that starts within
        its last :data:`WINDOW` characters, after white space, a comma or nothing? Its end is read
        backwards: one match at one place, not a search through the window (#12)."""
        tail = prefix[-WINDOW - 1:] if len(prefix) > WINDOW else " " + prefix  # the character before too
        return self._connective_backwards.match(tail[::-1]) is not None

    def opens(self, folded: str, clause_start: int, phrase_start: int) -> bool:
        """True if only modifiers (and commas) stand between a clause start and a phrase."""
        if phrase_start <= clause_start:
            return phrase_start == clause_start  # nothing between them, or the phrase comes first
        between = self._mod_word.sub(" ", folded[clause_start:phrase_start])
        return between.strip(" ,") == ""

    def inner_modifiers_at(self, folded: str, phrase: str, start: int, end: int) -> list[str]:
        """Modifiers between the words of a multi-word ``phrase`` found at ``folded[start:end]``
        ("calls once again on")."""
        if " " not in phrase:
            return []
        if end - start == len(phrase) and folded.startswith(phrase, start):  # as written: the usual case
            plain = self._plain_inner.get(phrase)
            if plain is None:
                plain = self._plain_inner[phrase] = self._inner_modifiers(phrase, phrase)
            return list(plain)
        return self._inner_modifiers(folded[start:end], phrase)

    def _inner_modifiers(self, found: str, phrase: str) -> list[str]:
        """Modifiers in ``found`` (where ``phrase`` was found), not counting the phrase's words."""
        words = phrase.split()
        inside = self._mod_word.findall(found.replace(words[0], " ", 1))
        return [m for m in inside if m not in words]

    def trailing_modifiers(self, folded: str, end: int) -> tuple[list[str], int]:
        """Modifiers right after a phrase ending at ``end`` ("потвърждава обаче") and where they end."""
        trailing = []
        while (extra := self._trailing_mod.match(folded, end)) is not None:
            trailing.append(extra.group(1))
            end = extra.end()
        return trailing, end

    def inside_quotes(self, folded: str, start: int) -> bool:
        """True if ``start`` lies inside a quotation that opened earlier in the paragraph.

        The marks are read left to right. A mark with a letter or digit on both sides is an
        apostrophe ("NGO’s", "NGO's") and neither opens nor closes anything. A mark that closes
        an open quotation closes it (and any quotation opened inside it). A mark whose closer is
        the same character (", ') opens only after a non-word character and before a non-space.
        """
        if folded is not self._quoted_text:  # the marks of this text, and what they leave open, read once (#12)
            self._quoted_text = folded
            self._mark_positions, self._open_after = self._quotations(folded)
        marks = bisect.bisect_left(self._mark_positions, start)  # how many stand before ``start``
        return marks > 0 and self._open_after[marks - 1]

    def _quotations(self, folded: str) -> tuple[list[int], list[bool]]:
        """Where the quotation marks of ``folded`` are, and after each, whether a quotation is open (read as
        :meth:`inside_quotes` says): once per text, so that each phrase is judged by one search (#12: read again
        from the start for each phrase, a long paragraph of many took time that grew with the cube of its length)."""
        if self._marks is None or not any(mark in folded for mark in self._mark_chars):  # ``in``: quicker (#12)
            return [], []
        positions = [m.start() for m in self._marks.finditer(folded)]
        open_marks: list[str] = []
        open_after: list[bool] = []
        for i in positions:
            char = folded[i]
            before = folded[i - 1] if i else " "
            after = folded[i + 1] if i + 1 < len(folded) else " "
            if not (before.isalnum() and after.isalnum()):  # else an apostrophe
                depth = next((d for d in range(len(open_marks) - 1, -1, -1)
                              if char in self._closers[open_marks[d]]), None)
                if depth is not None:
                    del open_marks[depth:]
                elif char in self._closers:
                    symmetric = char in self._closers[char]
                    if not symmetric or (not (before.isalnum() or before == "_") and not after.isspace()):
                        open_marks.append(char)
            open_after.append(bool(open_marks))
        return positions, open_after


def _last_words(words: Sequence[str]) -> tuple[str, ...]:
    """The last word of each of ``words`` (for ``str.endswith``); ``("",)`` (every text) if one has a ``*``."""
    if any("*" in w for w in words):
        return ("",)
    return tuple({w.split()[-1] for w in words if w.split()})


def opening_words(text: str, n: int = 3) -> str:
    """The first ``n`` words of a clause, lower case, without punctuation: a candidate phrase."""
    words = re.findall(r"\w+", fold(text)[:120])
    return " ".join(words[:n])
