"""The peers the chosen verb matcher is compared with, in the same run: a naive finder, and the
established phrase matchers of #12 (spaCy's PhraseMatcher, pyahocorasick)."""

from __future__ import annotations

from collections.abc import Iterable


class NaiveVerbFinder:
    """For each lexicon phrase, ``str.find`` over the folded paragraph.

    Whole-word hits only; no modifiers between the words of a phrase, no clause logic, and a
    sub-phrase inside a longer phrase is counted again.
    """

    def __init__(self, phrases: Iterable[str]):
        self.phrases = list(phrases)

    def find(self, folded: str) -> list[tuple[int, str]]:
        """``(start, phrase)`` of every whole-word hit, phrase by phrase."""
        hits = []
        for phrase in self.phrases:
            i = folded.find(phrase)
            while i != -1:
                end = i + len(phrase)
                if (i == 0 or not folded[i - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                    hits.append((i, phrase))
                i = folded.find(phrase, i + 1)
        return hits


class AhoCorasickPhrases:
    """The established peer of the phrase scan (#12): pyahocorasick over the folded paragraph, whole
    words only, then leftmost-longest non-overlapping hits (what the phrase index returns, except
    that it also allows modifiers inside a phrase). Needs the ``bench`` extra."""

    def __init__(self, phrases: Iterable[str]):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for phrase in phrases:
            self.automaton.add_word(phrase, (len(phrase), phrase))
        self.automaton.make_automaton()

    def find(self, folded: str) -> list[tuple[int, str]]:
        """``(start, phrase)`` of the leftmost-longest whole-word hits, left to right."""
        hits = []
        for end, (length, phrase) in self.automaton.iter(folded):
            start = end - length + 1
            if (start == 0 or not folded[start - 1].isalnum()) and \
                    (end + 1 == len(folded) or not folded[end + 1].isalnum()):
                hits.append((start, -length, phrase))
        hits.sort()
        chosen, last_end = [], 0
        for start, negative, phrase in hits:
            if start >= last_end:
                chosen.append((start, phrase))
                last_end = start - negative
        return chosen


class SpacyPhrases:
    """The peer #12 names for the phrase scan: spaCy's ``PhraseMatcher`` on a blank pipeline of the
    language (its tokenizer only; nothing is downloaded), then ``filter_spans``, which keeps the
    longest of overlapping matches. The texts are made into ``Doc`` s by :meth:`docs`, apart from
    :meth:`find`, so that a timing of ``find`` leaves spaCy's tokenizer out (the phrase index gets
    the text). Needs the ``bench`` extra."""

    def __init__(self, phrases: Iterable[str], language: str = "bg"):
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.util import filter_spans

        self.filter_spans = filter_spans
        self.nlp = spacy.blank(language)
        self.matcher = PhraseMatcher(self.nlp.vocab)
        self.matcher.add("phrase", list(self.nlp.tokenizer.pipe(phrases)))

    def docs(self, folded: Iterable[str]) -> list:
        """The folded paragraphs as spaCy ``Doc`` s (tokenized, nothing else)."""
        return [self.nlp.make_doc(text) for text in folded]

    def find(self, doc) -> list[tuple[int, str]]:
        """``(start, phrase)`` of the longest non-overlapping matches in ``doc``, left to right."""
        return [(span.start_char, span.text) for span in self.filter_spans(self.matcher(doc, as_spans=True))]


def version(distribution: str) -> str:
    """The installed version of ``distribution``, or "not installed"."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


class GroupdictThemes:
    """The theme dictionary's matching before #12, for the before/after row: the zero-width
    :func:`analysis.resources.wildcard.compile_groups` regex tried at every position, and
    ``groupdict`` read at every match."""

    def __init__(self, language: str = "bg"):
        from analysis.resources.taxonomy import load_dictionary, theme_ids
        from analysis.resources.wildcard import compile_groups

        dictionary = load_dictionary()
        entries = dictionary[dictionary["lang"] == language]
        patterns = entries.groupby("theme")["pattern"].apply(list)
        self.regex, self.themes = compile_groups({t: patterns[t] for t in theme_ids() if t in patterns.index})

    def match(self, text: str) -> list[str]:
        from analysis.resources.text import normalise

        found: set[str] = set()
        for match in self.regex.finditer(normalise(text)):
            found.update(name for name, value in match.groupdict().items() if value is not None)
        return [theme for i, theme in enumerate(self.themes) if f"g{i}" in found]
