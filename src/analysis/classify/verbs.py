"""Verb-strength classification of operative paragraphs.

The knowledge lives in data files that researchers edit (see ``docs/codebook_verbs.md``), read by
:mod:`analysis.resources.lexicon` and :mod:`analysis.resources.acts`. The :class:`VerbMatcher`
of one language composes three parts, each matching one thing: the phrase index
(:mod:`~analysis.classify.phrases`: where lexicon phrases occur), the clause filter
(:mod:`~analysis.classify.clauses`: which of them open a clause of the Parliament's own, and
their modifiers) and the addressee finder (:mod:`~analysis.classify.addressees`: whom a
directive addresses). The rest of this module turns its :class:`VerbMatch` es into tidy tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from analysis import cells, lazy
from analysis.classify.addressees import Addressee, AddresseeFinder
from analysis.classify.clauses import ClauseFilter, opening_words
from analysis.classify.particles import SplitPhrases, head_of, is_split
from analysis.classify.phrase_keys import Scanned
from analysis.classify.phrases import PhraseIndex
from analysis.errors import DataError
from analysis.resources import languages
from analysis.resources.acts import DIRECTIVE, UNCLASSIFIED, act_ids, acts_path
from analysis.resources.files import cached_on_files
from analysis.resources.kept import load_or_build
from analysis.resources.lexicon import Lexicon, lexicon_files, load_lexicon
from analysis.resources.text import fold

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

VERB_COLUMNS = ["document", "number", "order", "phrase", "concept", "surface", "act", "intensity", "strength",
                "modifiers", "addressees", "addressee_groups", "start", "end"]
ADDRESSEE_COLUMNS = ["document", "number", "order", "addressee", "group"]
PARAGRAPH_COLUMNS = ["document", "number", "head_verb", "concept", "verbs", "strengths", "acts", "act", "strength",
                     "max_strength", "modifiers", "addressees", "addressee_groups", "unclassified"]


class VerbMatch(NamedTuple):
    """One operative verb phrase of a paragraph (a named tuple: quick to make, #12).

    ``surface`` is the original text from the first word of the phrase to its last trailing
    modifier (codebook R10), ``text[start:end]``; ``concept`` is the phrase's language-independent
    key in the lexicon ("urge" for "urges" and "настоятелно призовава"); ``addressees`` are
    ``(addressee, group)`` pairs (directives only).
    """

    phrase: str
    surface: str
    act: str
    intensity: int
    strength: float
    modifiers: tuple[str, ...]
    addressees: tuple[Addressee, ...]
    start: int
    end: int
    concept: str = ""


_new_match = tuple.__new__  # a VerbMatch from a tuple of all its fields, without the call of its __new__ (#12)


class _FindParts(NamedTuple):
    """What :meth:`VerbMatcher.find` calls and reads, fetched once when the matcher is built rather
    than in every call (#12); ``find`` unpacks them in this order."""

    scan: Callable[[str], Scanned]
    #: per phrase the index finds: a directive (a bare head: are its split phrases)? several words
    #: (between which a modifier may stand)? the head of a split phrase?
    kind_of: dict[str, tuple[bool, bool, bool]]
    after_clause_end: tuple[str, ...]
    opening_at: Callable[..., list[str] | None]
    inner_at: Callable[..., list[str]]
    trails: Callable[..., Any]
    trailing_at: Callable[..., tuple[list[str], int]]
    split: SplitPhrases
    bare: frozenset[str]
    entries: dict[str, tuple[str, int, float, str]]  #: per phrase: act, intensity, strength, concept
    find_addressees: Callable[..., tuple[Addressee, ...]]


class VerbMatcher:
    """Finds the Parliament's operative verb phrases in paragraphs of one language."""

    def __init__(self, lexicon: Lexicon, language: str):
        self.language = language.lower()
        profile = languages.get_profile(self.language)
        entries = lexicon.verbs[lexicon.verbs["lang"] == self.language]
        if entries.empty:
            raise DataError(f"the verb lexicon has no phrases for language {self.language!r}")
        self.entries = {row.phrase: (row.act, int(row.intensity), float(row.strength))
                        for row in entries.itertuples(index=False)}
        self.concepts = dict(zip(entries["phrase"], entries["concept"]))
        # Split phrases ("fordert … auf"): the index finds their heads; a head that is no phrase of
        # its own takes its split phrases' act for the clause test and counts only with a tail.
        self.split = SplitPhrases(p for p in self.entries if is_split(p))
        head_acts = {head_of(p): self.entries[p][0] for p in self.entries if is_split(p)}
        bare_heads = frozenset(head_acts) - set(self.entries)
        # Is each phrase the index finds a directive (a bare head: are its split phrases)?
        directive = {phrase: act == DIRECTIVE for phrase, act in
                     (head_acts | {phrase: entry[0] for phrase, entry in self.entries.items()}).items()}
        modifiers = lexicon.modifiers[lexicon.modifiers["lang"] == self.language]
        mods = modifiers["modifier"].tolist()
        self.modifiers = tuple(mods)
        connectives = list(profile.connectives) + modifiers.loc[modifiers["kind"] == "connective", "modifier"].tolist()
        rows = lexicon.addressees[lexicon.addressees["lang"] == self.language]
        self.addressees = AddresseeFinder(rows[["pattern", "addressee", "group"]].itertuples(index=False),
                                          profile.complement)
        self.clauses = ClauseFilter(profile, mods, connectives, self.addressees)
        # the index also tells which paragraphs have no quotation mark (no phrase of theirs is quoted)
        self.phrases = PhraseIndex([p for p in self.entries if not is_split(p)] + sorted(bare_heads), mods,
                                   watch=self.clauses.marks, code_page=languages.code_page(self.language))
        kind_of = {phrase: (directive[phrase], " " in phrase, phrase in self.split.heads)
                   for phrase in self.phrases.phrases}
        self._parts = _FindParts(scan=self.phrases.scan, kind_of=kind_of,
                                 after_clause_end=self.clauses.after_clause_end, opening_at=self.clauses.opening_at,
                                 inner_at=self.clauses.inner_modifiers_at, trails=self.clauses.trails,
                                 trailing_at=self.clauses.trailing_modifiers, split=self.split, bare=bare_heads,
                                 entries={phrase: (*entry, self.concepts[phrase])  # + concept
                                          for phrase, entry in self.entries.items()},
                                 find_addressees=self.addressees.find)

    def find(self, text: str, folded: str | None = None) -> list[VerbMatch]:
        """Operative verb phrases of one paragraph, in order (``folded``: ``fold(text)``, if the
        caller has it already)."""
        (scan, kind_of, after_clause_end, opening_at, inner_at, trails, trailing_at, split, bare, entries,
         find_addressees) = self._parts
        folded = fold(text) if folded is None else folded
        spans, unquoted = scan(folded)
        if not spans:
            return []
        found: list[tuple[str, tuple[str, ...], int, int]] = []  # phrase, modifiers, start, end
        last_end = 0
        # The usual cases are settled here, without a call (#12): a phrase right after a clause end in
        # a paragraph with no quotation mark, or one that opens the paragraph, has no modifier before
        # it; one of a single word none inside; most have none after.
        for phrase, start, end in spans:
            directive, words, split_head = kind_of[phrase]
            if not start or (unquoted and folded.endswith(after_clause_end, 0, start)):
                leading = ()
            else:
                leading = opening_at(folded, start, end, last_end, directive, unquoted)
                if leading is None:
                    continue
            inner = inner_at(folded, phrase, start, end) if words else ()
            if split_head:  # a split verb: its tail closes the clause part ("fordert … auf")
                tailed = split.resolve(folded, phrase, end)
                if tailed is None and phrase in bare:
                    continue
                phrase = tailed or phrase
            if trails(folded, end) is None:
                trailing = ()
            else:
                trailing, end = trailing_at(folded, end)
            found.append((phrase, (*leading, *inner, *trailing) if leading or inner or trailing else (), start, end))
            last_end = end
        result = []
        count = len(found)
        for following, (phrase, modifiers, start, end) in enumerate(found, start=1):
            act, intensity, strength, concept = entries[phrase]
            # a directive's addressees are looked for up to the next phrase
            addressees = (find_addressees(folded, end, found[following][2] if following < count else len(text))
                          if act == DIRECTIVE else ())
            result.append(_new_match(VerbMatch, (phrase, text[start:end], act, intensity, strength, modifiers,
                                                 addressees, start, end, concept)))
        return result

    def opens(self, folded: str, clause_start: int, phrase_start: int) -> bool:
        """True if only modifiers (and commas) stand between a clause start and a phrase."""
        return self.clauses.opens(folded, clause_start, phrase_start)


@cached_on_files(maxsize=4)
def _matchers(*files: Path) -> dict[str, VerbMatcher]:
    """An empty cache of matchers by language, renewed whenever a lexicon file, the act table, a
    language profile (connectives, quotation marks, complements) or the code page table changes."""
    return {}


def get_matcher(language: str, lexicon: Lexicon | None = None) -> VerbMatcher:
    """A matcher for ``language``: built from ``lexicon``, or from the lexicon files, cached until
    one of them changes (so an edited ``verbs.csv`` counts at the next call). The one built from the
    files is kept on disk for the next process too (:mod:`analysis.resources.kept`)."""
    if lexicon is not None:
        return VerbMatcher(lexicon, language)
    language = language.lower()
    files = (*lexicon_files(), acts_path(), *languages.profile_files(), languages.code_pages_path())
    cache = _matchers(*files)
    if language not in cache:
        cache[language] = load_or_build(f"verb-matcher-{language}", files,
                                        lambda: VerbMatcher(load_lexicon(), language))
    return cache[language]


def _verb_rows(document: str, number: str, found: list[VerbMatch]) -> list[tuple]:
    """Tidy rows (``VERB_COLUMNS``, in that order) for the phrases found in one paragraph (an empty
    list cell is written without a join: most phrases have no modifier and no addressee)."""
    return [(document, number, order, phrase, concept, surface, act, intensity, strength,
             cells.join(modifiers) if modifiers else "",
             cells.join([a for a, _ in addressees]) if addressees else "",
             cells.join(dict.fromkeys([g for _, g in addressees])) if addressees else "", start, end)
            for order, (phrase, surface, act, intensity, strength, modifiers, addressees, start, end, concept)
            in enumerate(found, start=1)]


def _paragraph_row(document: str, number: str, text: str, found: list[VerbMatch], matcher: VerbMatcher,
                   folded: str | None = None) -> tuple:
    """The paragraph-level row (``PARAGRAPH_COLUMNS``, in that order) for the phrases found in one
    paragraph (``folded``: ``fold(text)``, if the caller has it already)."""
    if not found:
        return (document, number, "", "", "", "", "", UNCLASSIFIED, float("nan"), float("nan"), "", "", "",
                opening_words(text))
    head = found[0]
    known_head = matcher.opens(fold(text) if folded is None else folded, 0, head.start)
    phrases, _, acts, _, strengths, modifiers, addressees, *_ = zip(*found)  # the columns of ``found``
    modifiers = [m for some in modifiers for m in some] if any(modifiers) else ()
    addressees = [pair for some in addressees for pair in some] if any(addressees) else ()
    return (document, number, head.phrase if known_head else "", head.concept if known_head else "",
            cells.join(phrases), cells.join(map(_ONE_DECIMAL, strengths)), cells.join(acts),
            head.act if known_head else UNCLASSIFIED, head.strength if known_head else float("nan"),
            max(strengths), cells.join(modifiers),
            cells.join(dict.fromkeys([a for a, _ in addressees])) if addressees else "",
            cells.join(dict.fromkeys([g for _, g in addressees])) if addressees else "",
            "" if known_head else opening_words(text))


_ONE_DECIMAL = "{:.1f}".format  # a strength as its cell writes it


class VerbTables(NamedTuple):
    """The verb analysis of operative paragraphs as tables keyed by (``document``, ``number``)."""

    paragraphs: pd.DataFrame  #: one row per paragraph (``PARAGRAPH_COLUMNS``); list cells ``;``-joined
    phrases: pd.DataFrame  #: one row per operative verb phrase (``VERB_COLUMNS``), key + ``order``
    addressees: pd.DataFrame  #: one row per (phrase, addressee) (``ADDRESSEE_COLUMNS``)


def analyse_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> VerbTables:
    """Match every paragraph once; return its paragraph, phrase and phrase-addressee tables.

    ``paragraphs`` needs ``document, number, text, language`` (as from
    :func:`analysis.classify.paragraphs.operative_paragraphs` or :meth:`Document.paragraphs`).
    """
    columns = [paragraphs[c].tolist() for c in ("document", "number", "text", "language")]  # no pandas per row
    paragraph_rows, verb_rows, addressee_rows = verb_tuples(*columns, lexicon=lexicon)
    return VerbTables(pd.DataFrame(paragraph_rows, columns=PARAGRAPH_COLUMNS),
                      pd.DataFrame(verb_rows, columns=VERB_COLUMNS),
                      pd.DataFrame(addressee_rows, columns=ADDRESSEE_COLUMNS))


def verb_tuples(documents: Sequence[str], numbers: Sequence[str], texts: Sequence[str], languages: Sequence[str],
                lexicon: Lexicon | None = None) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The rows of :func:`analyse_verbs`' three tables as tuples (``PARAGRAPH_COLUMNS``, ``VERB_COLUMNS``,
    ``ADDRESSEE_COLUMNS``), for paragraphs given as columns: what it and ``classify``'s rows without
    pandas (:mod:`analysis.classify.rows`) are made of."""
    paragraph_rows, verb_rows, addressee_rows = [], [], []
    matchers: dict[str, VerbMatcher] = {}  # one per language for this call, built once
    for document, number, text, language in zip(documents, numbers, texts, languages):
        matcher = matchers.get(language) or matchers.setdefault(language, get_matcher(language, lexicon))
        folded = fold(text)  # once per paragraph, for the matcher and the head test
        found = matcher.find(text, folded)
        verb_rows += _verb_rows(document, number, found)
        addressee_rows += [(document, number, order, addressee, group)
                           for order, item in enumerate(found, start=1) for addressee, group in item.addressees]
        paragraph_rows.append(_paragraph_row(document, number, text, found, matcher, folded))
    return paragraph_rows, verb_rows, addressee_rows


def find_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per operative verb phrase (tidy), for paragraphs with ``document, number, text, language``."""
    return analyse_verbs(paragraphs, lexicon).phrases


def classify_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per operative paragraph: head verb, all verbs in order, strengths, addressees.

    A paragraph whose opening verb is not in the lexicon gets ``act == "unclassified"`` and
    its opening words in ``unclassified``; it is never dropped.
    """
    return analyse_verbs(paragraphs, lexicon).paragraphs


def act_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Count and share of each act type per document: of every phrase, given the phrase table
    (:func:`find_verbs`), or of the head verbs, given the paragraph table (:func:`classify_verbs`),
    whose ``act`` is ``unclassified`` where no lexicon phrase opens the paragraph. (The phrase of
    ``order`` 1 is the first found, the head verb only where it opens its paragraph.)

    Acts absent from a document appear with count 0, in the order of
    :func:`~analysis.resources.acts.act_ids`; ``unclassified`` is among them where the table has it.
    """
    acts = act_ids(unclassified=bool((table["act"] == UNCLASSIFIED).any()))
    counts = (table.groupby(["document", "act"]).size()
              .unstack(fill_value=0).reindex(columns=list(acts), fill_value=0))
    long = counts.stack().rename("n").reset_index()
    long["share"] = (long["n"] / long.groupby("document")["n"].transform("sum")).round(4)
    return long.sort_values(["document", "act"], key=lambda c: c.map(acts.index) if c.name == "act" else c,
                            kind="stable").reset_index(drop=True)
