"""Lexicon gaps: clause openings that no lexicon phrase opens, as candidates for ``verbs.csv``
(``python -m analysis lexicon-gaps``, codebook_verbs §9 and §11).

Two places are read. An **opening** is the start of a paragraph or the text after ``;``: where no
operative phrase opens it, its first words are a gap for sure, but for a sub-point ("(b) to report
...", "– to monitor ...", lower-case letters: the parser's sub-item markers), whose words are the
addressee's. **After a connective** ("... and
salutes ...", "... и приветства ...", codebook R4) a gap is a guess: the word after the connective
is listed when a known operative phrase stands before it in the same clause, when it is not
inside quotation marks or, in a language whose directive complement is finite (Bulgarian "да"),
inside that complement (where verbs are the addressee's), when it is lower case and something
follows it, and when it ends like the verbs of the lexicon (its last three letters are those of
at least two of the language's phrase verbs: "salutes" like "reiterates" and "congratulates").
Modifiers after the connective are passed over, with or without commas around them ("and once
again salutes", "and, once again, salutes", R6), and a word is
listed once however many connectives stand before it ("и освен това възхвалява").
A plural noun can look the same ("and journalists in ..."): these rows are candidates for a
person to read, not counted as uncoded paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from analysis import lazy
from analysis.classify.clauses import opening_words
from analysis.classify.phrases import modifier_regex
from analysis.classify.verbs import VerbMatcher, get_matcher
from analysis.corpus.parser import is_subitem
from analysis.resources import languages
from analysis.resources.lexicon import Lexicon
from analysis.resources.text import fold
from analysis.resources.wildcard import NEVER, trie_regex

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

GAP_COLUMNS = ["language", "phrase", "position", "count", "document", "number", "example"]
#: Where a gap was found (the ``position`` column).
OPENING, AFTER_CONNECTIVE = "opening", "after_connective"
#: Letters at the end of a word compared with the lexicon's verbs, and how many verbs must share them.
ENDING, SHARED = 3, 2
_SUBITEM_LENGTH = 7  # the longest sub-item marker with the white space after it: "(viii) "
_NONE: tuple[list[int], list[int]] = ([], [])  # the starts and ends of a paragraph without phrases (never changed)


def gap_rows(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None, words: int = 2,
             phrases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every gap of every paragraph, in text order: ``language, phrase, position, document,
    number, example`` (``phrase``: the first ``words`` words of the gap; ``example``: the first
    100 characters of its clause). ``paragraphs`` needs ``document, number, text, language``;
    ``phrases``, the phrase table the classifier found in them (``document, number, start,
    end``), spares matching them again."""
    spans = None if phrases is None else frame_spans(phrases)
    rows = gap_tuples(*_columns(paragraphs, ["document", "number", "text", "language"]), lexicon, words, spans)
    return pd.DataFrame(rows, columns=[c for c in GAP_COLUMNS if c != "count"])


def gap_tuples(documents: Sequence[str], numbers: Sequence[str], texts: Sequence[str], languages: Sequence[str],
               lexicon: Lexicon | None = None, words: int = 2,
               spans: dict[tuple, tuple[list[int], list[int]]] | None = None) -> list[tuple]:
    """:func:`gap_rows` as tuples, for paragraphs given as columns; ``spans``, where the phrases the
    classifier found start and end (:func:`phrase_spans`), spares matching them again."""
    rows = []
    chains: dict[str, _Chains] = {}
    for document, number, text, language in zip(documents, numbers, texts, languages):
        chain = chains.get(language)
        if chain is None:  # one matcher per language for this call
            chain = chains[language] = _Chains(get_matcher(language, lexicon), language)
        folded = fold(text)
        if spans is not None:
            starts, ends = spans.get((document, number), _NONE)
        else:
            found = chain.matcher.find(text, folded)
            starts, ends = [item.start for item in found], [item.end for item in found]
        gaps = _openings(chain.matcher, text, folded, starts)
        gaps += chain.candidates(text, folded, starts, ends)
        if gaps:
            gaps.sort(key=itemgetter(1))
            rows += [(language, opening_words(clause, words), position, document, number, clause[:100])
                     for position, _, clause in gaps]
    return rows


def phrase_spans(documents: Sequence[str], numbers: Sequence[str], starts: Sequence[int], ends: Sequence[int]
                 ) -> dict[tuple, tuple[list[int], list[int]]]:
    """Where the phrases of each paragraph start and end, in the order given: ``{(document,
    number): (starts, ends)}``, gathered over plain lists (a factorised index costs more on a
    batch's small table, #12)."""
    spans: dict[tuple, tuple[list[int], list[int]]] = {}
    for document, number, start, end in zip(documents, numbers, starts, ends):
        found = spans.get((document, number)) or spans.setdefault((document, number), ([], []))
        found[0].append(start)
        found[1].append(end)
    return spans


def frame_spans(phrases: pd.DataFrame) -> dict[tuple, tuple[list[int], list[int]]]:
    """:func:`phrase_spans` of a phrase table (``document, number, start, end``)."""
    return phrase_spans(*_columns(phrases, ["document", "number"]),
                        *(phrases[name].astype("int64").tolist() for name in ("start", "end")))


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


def _openings(matcher: VerbMatcher, text: str, folded: str, starts: Sequence[int]) -> list[tuple[str, int, str]]:
    """Clause openings (paragraph start, after ``;``) that no found phrase (starting at ``starts``)
    opens, but for sub-points ("(b) to report", "– to monitor": the parser's sub-item markers, read
    in ``text``), whose words are the addressee's."""
    position = 0
    while position in starts:  # the usual case: a phrase right at each opening, found without a split (#12)
        end = folded.find(";", position)
        if end < 0 or end == len(folded) - 1:
            return []
        # the next opening, if one space stands before it (else the split below decides)
        position = end + 2 if folded[end + 1] == " " and not folded[end + 2:end + 3].isspace() else -1
    gaps = []
    offset = 0
    for clause in folded.split(";"):
        position = offset + len(clause) - len(clause.lstrip())
        offset += len(clause) + 1
        if position in starts:  # a phrase right at the opening (the usual case) opens it
            continue
        stripped = clause.strip()
        if stripped and not is_subitem(text[position:position + _SUBITEM_LENGTH]) \
                and not any(matcher.opens(folded, position, start) for start in starts):
            gaps.append((OPENING, position, stripped))
    return gaps


class _Chains:
    """Unknown verbs after a connective, for one language (see the module docstring)."""

    def __init__(self, matcher: VerbMatcher, language: str):
        profile = languages.get_profile(language)
        self.matcher = matcher
        # the complement words as they stand inside a clause (" да "), where the complement is finite
        self.complement = matcher.addressees.spaced_complement if profile.finite_complement else ()
        self.word = re.compile(r"\w[\w-]*")
        modifiers = set(matcher.modifiers)
        verbs = {next((w for w in phrase.split() if w not in modifiers), phrase.split()[0])
                 for phrase in matcher.entries}
        endings = Counter(w[-ENDING:] for w in verbs if len(w) > ENDING)
        self.endings = {e for e, n in endings.items() if n >= SHARED}
        # modifiers of one word or more ("firmly", "once again"), each with the spaces and commas after it
        self.leading = re.compile(_modifier(modifiers))
        verb_like = _verb_like(modifiers, self.endings)
        # A connective (with a comma right after it: "and, once again, salutes"), and in group 1 what
        # follows it if that looks like a verb.
        self.connective = re.compile(rf"(?<![\w-])(?:{trie_regex(profile.connectives)}),?\s+(?=\w)"
                                     rf"(?:(?=({verb_like}))|)")
        self.chained = _chained(profile.connectives, verb_like)

    def candidates(self, text: str, folded: str, starts: Sequence[int],
                   ends: Sequence[int]) -> list[tuple[str, int, str]]:
        """The gaps after a connective in one paragraph whose phrases start at ``starts`` and end
        at ``ends``."""
        gaps: list[tuple[str, int, str]] = []
        if self.chained is not None and folded.isprintable() and all(
                found.end() in starts for found in self.chained.finditer(folded)):
            # the quick test (#12): no verb-like word after a connective (most paragraphs), or each one
            # found is a known phrase (where the matcher saw "... and calls on"): each word after a
            # connective that the loop below looks at is the end of a match of ``chained``
            return gaps
        for connective in self.connective.finditer(folded):
            start = connective.end()
            if connective.group(1) is None or start in starts:
                continue  # no word like the lexicon's verbs follows (cheaper than _verb), or a known phrase
            last = next((end for end in reversed(ends) if end <= connective.start()), None)
            if last is None or ";" in folded[last:start]:
                continue  # no known verb before it in this clause
            if any(self.matcher.opens(folded, start, item) for item in starts if item >= start):
                continue  # a known phrase follows: the matcher codes it
            if self.complement and any(c in f" {folded[last:connective.start()]} " for c in self.complement):
                continue  # inside a finite complement: the addressee's verb
            # A word is listed once: after "и освен това" both "и" (passing over the modifier "освен
            # това") and the connective "освен това" reach it. The words reached never go back in the text.
            word = self._verb(folded, start)
            if word is None or not text[word.start()].islower() or (gaps and gaps[-1][1] == word.start()):
                continue
            if self.matcher.clauses.inside_quotes(folded, start):
                continue
            clause = folded[word.start():].split(";")[0].strip()
            if len(clause.split()) > 1:  # something follows the verb
                gaps.append((AFTER_CONNECTIVE, word.start(), clause))
        return gaps

    def _verb(self, folded: str, start: int) -> re.Match[str] | None:
        """The first word after ``start`` that is no modifier (of one word or more, codebook R6), if it
        ends like the lexicon's verbs."""
        position = start
        while (modifier := self.leading.match(folded, position)) is not None:
            position = modifier.end()
        word = self.word.match(folded, position)
        if word is None or len(word.group()) <= ENDING or word.group()[-ENDING:] not in self.endings:
            return None
        return word


def _modifier(modifiers: set[str]) -> str:
    """Regex source of one of ``modifiers`` ending at a word end, with the spaces and commas after it
    (to be matched at a word start: the callers match it after a connective's white space or after
    another modifier)."""
    return rf"(?:{modifier_regex(modifiers)})(?![\w-])[ ,]*" if modifiers else NEVER


def _verb_like(modifiers: set[str], endings: set[str]) -> str:
    """Regex source that matches wherever :meth:`_Chains._verb` finds a word (and maybe elsewhere):
    modifiers (:func:`_modifier`), then a word of more than ``ENDING`` letters that ends with one
    of ``endings``."""
    if not endings:
        return NEVER
    skipped = rf"(?:{_modifier(modifiers)})*"
    ending = "|".join(re.escape(e) for e in sorted(endings))
    return rf"{skipped}\w[\w-]*(?:{ending})(?![\w-])"


def _chained(connectives: Sequence[str], verb_like: str) -> re.Pattern[str] | None:
    """A quicker regex for text whose only white space is " " (``str.isprintable``): it matches
    wherever a connective is followed by ``verb_like`` (and maybe elsewhere), scanning for spaces
    and testing the connectives' last words behind them, with or without a comma right after them.
    ``None`` if a connective has a wildcard."""
    lasts = sorted({connective.split()[-1] if connective.split() else "" for connective in connectives})
    if not lasts or "" in lasts or any("*" in connective for connective in connectives):
        return None
    ends = "".join(sorted({re.escape(last[-1]) for last in lasts} | {","}))
    behind = "|".join(rf"(?<={re.escape(last)}{comma} )(?<![\w-]{re.escape(last)}{comma} )"
                      for last in lasts for comma in ("", ","))
    return re.compile(rf" (?<=[{ends}] )(?:{behind}) *(?={verb_like})")
