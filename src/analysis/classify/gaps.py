"""Lexicon gaps: clause openings that no lexicon phrase opens, as candidates for ``verbs.csv``
(``python -m analysis lexicon-gaps``, codebook_verbs §9 and §11).

Two places are read. An **opening** is the start of a paragraph or the text after ``;``: where no
operative phrase opens it, its first words are a gap for sure. **After a connective** ("... and
salutes ...", "... и приветства ...", codebook R4) a gap is a guess: the word after the connective
is listed when a known operative phrase stands before it in the same clause, when it is not
inside quotation marks or, in a language whose directive complement is finite (Bulgarian "да"),
inside that complement (where verbs are the addressee's), when it is lower case and something
follows it, and when it ends like the verbs of the lexicon (its last three letters are those of
at least two of the language's phrase verbs: "salutes" like "reiterates" and "congratulates").
A plural noun can look the same ("and journalists in ..."): these rows are candidates for a
person to read, not counted as uncoded paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd

from analysis.classify.clauses import opening_words
from analysis.classify.verbs import VerbMatch, VerbMatcher, get_matcher
from analysis.resources import languages
from analysis.resources.lexicon import Lexicon
from analysis.resources.text import fold
from analysis.resources.wildcard import trie_regex

GAP_COLUMNS = ["language", "phrase", "position", "count", "document", "number", "example"]
#: Where a gap was found (the ``position`` column).
OPENING, AFTER_CONNECTIVE = "opening", "after_connective"
#: Letters at the end of a word compared with the lexicon's verbs, and how many verbs must share them.
ENDING, SHARED = 3, 2


class Span(NamedTuple):
    """Where an operative phrase stands in its paragraph (as a :class:`VerbMatch` does)."""

    start: int
    end: int


def gap_rows(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None, words: int = 2,
             phrases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every gap of every paragraph, in text order: ``language, phrase, position, document,
    number, example`` (``phrase``: the first ``words`` words of the gap; ``example``: the first
    100 characters of its clause). ``paragraphs`` needs ``document, number, text, language``;
    ``phrases``, the phrase table the classifier found in them (``document, number, start,
    end``), spares matching them again."""
    rows = []
    chains: dict[str, _Chains] = {}
    spans: dict[tuple[str, str], list[Span]] | None = None
    if phrases is not None:
        spans = {}
        for document, number, start, end in zip(*_columns(phrases, ["document", "number", "start", "end"])):
            spans.setdefault((document, number), []).append(Span(int(start), int(end)))
    for document, number, text, language in zip(*_columns(paragraphs, ["document", "number", "text", "language"])):
        if language not in chains:  # one matcher per language for this call
            chains[language] = _Chains(get_matcher(language, lexicon), language)
        chain = chains[language]
        matcher = chain.matcher
        found = spans.get((document, number), []) if spans is not None else matcher.find(text)
        folded = fold(text)
        gaps = sorted([*_openings(matcher, folded, found), *chain.candidates(text, folded, found)],
                      key=lambda gap: gap[1])
        rows += [(language, opening_words(clause, words), position, document, number, clause[:100])
                 for position, _, clause in gaps]
    return pd.DataFrame(rows, columns=[c for c in GAP_COLUMNS if c != "count"])


def _columns(frame: pd.DataFrame, names: list[str]) -> list[list]:
    """The columns ``names`` of ``frame`` as lists: iterating over them is much faster than
    ``itertuples`` over pandas' string columns (#12)."""
    return [frame[name].tolist() for name in names]


def lexicon_gaps(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Gaps of the lexicon: one row per candidate phrase and position, most frequent first
    (``count``; ``document``, ``number`` and ``example`` of its first occurrence; see
    :func:`gap_rows`)."""
    frame = gap_rows(paragraphs, lexicon)
    if frame.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    keys = ["language", "phrase", "position"]
    counts = frame.groupby(keys).size().rename("count")
    first = frame.drop_duplicates(keys).set_index(keys)
    return (first.join(counts).reset_index()
            .sort_values(["count", "language", "phrase", "position"], ascending=[False, True, True, False],
                         kind="stable")
            .reset_index(drop=True)[GAP_COLUMNS])


def _openings(matcher: VerbMatcher, folded: str, found: list[VerbMatch] | list[Span]) -> Iterator[tuple[str, int, str]]:
    """Clause openings (paragraph start, after ``;``) that no found phrase opens."""
    starts = {item.start for item in found}
    offset = 0
    for clause in folded.split(";"):
        position = offset + len(clause) - len(clause.lstrip())
        stripped = clause.strip()
        offset += len(clause) + 1
        if stripped and not any(matcher.opens(folded, position, start) for start in starts):
            yield OPENING, position, stripped


class _Chains:
    """Unknown verbs after a connective, for one language (see the module docstring)."""

    def __init__(self, matcher: VerbMatcher, language: str):
        profile = languages.get_profile(language)
        self.matcher = matcher
        self.complement = tuple(profile.complement) if profile.finite_complement else ()
        self.connective = re.compile(rf"(?<![\w-])(?:{trie_regex(profile.connectives)})\s+(?=\w)")
        self.word = re.compile(r"\w[\w-]*")
        modifiers = set(matcher.modifiers)
        verbs = {next((w for w in phrase.split() if w not in modifiers), phrase.split()[0])
                 for phrase in matcher.entries}
        endings = Counter(w[-ENDING:] for w in verbs if len(w) > ENDING)
        self.endings = {e for e, n in endings.items() if n >= SHARED}
        self.modifiers = modifiers

    def candidates(self, text: str, folded: str, found: list[VerbMatch] | list[Span]) -> Iterator[tuple[str, int, str]]:
        for connective in self.connective.finditer(folded):
            start = connective.end()
            before = [item for item in found if item.end <= connective.start()]
            if not before or ";" in folded[before[-1].end:start]:
                continue  # no known verb before it in this clause
            if any(self.matcher.opens(folded, start, item.start) for item in found if item.start >= start):
                continue  # a known phrase follows: the matcher codes it
            if self.complement and any(f" {c} " in f" {folded[before[-1].end:connective.start()]} "
                                       for c in self.complement):
                continue  # inside a finite complement: the addressee's verb
            word = self._verb(folded, start)
            if word is None or not text[word.start()].islower():
                continue
            if self.matcher.clauses.inside_quotes(folded, start):
                continue
            clause = folded[word.start():].split(";")[0].strip()
            if len(clause.split()) > 1:  # something follows the verb
                yield AFTER_CONNECTIVE, word.start(), clause

    def _verb(self, folded: str, start: int) -> re.Match[str] | None:
        """The first word after ``start`` that is no modifier, if it ends like the lexicon's verbs."""
        position = start
        while (word := self.word.match(folded, position)) is not None and word.group() in self.modifiers:
            position = word.end() + len(folded[word.end():]) - len(folded[word.end():].lstrip(" ,"))
        if word is None or len(word.group()) <= ENDING or word.group()[-ENDING:] not in self.endings:
            return None
        return word
