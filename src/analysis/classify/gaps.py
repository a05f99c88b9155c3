"""Lexicon gaps: clause openings that no lexicon phrase opens, as candidates for ``verbs.csv``
(``python -m analysis lexicon-gaps``, codebook_verbs §9)."""

from __future__ import annotations

import pandas as pd

from analysis.classify.clauses import opening_words
from analysis.classify.verbs import get_matcher
from analysis.resources.lexicon import Lexicon
from analysis.resources.text import fold

GAP_COLUMNS = ["language", "phrase", "count", "document", "number", "example"]


def lexicon_gaps(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Clause openings with no lexicon phrase: one row per candidate phrase, most frequent first.

    A clause opening is the start of a paragraph or the text after ``;``. Where no operative
    phrase starts there, its first two words are a candidate for the lexicon (``example``: the
    first 100 characters of the first such clause). ``paragraphs`` needs ``document, number,
    text, language``.
    """
    rows = []
    for document, number, text, language in paragraphs[["document", "number", "text", "language"]].itertuples(index=False):
        matcher = get_matcher(language, lexicon)
        starts = {item.start for item in matcher.find(text)}
        folded = fold(text)
        offset = 0
        for clause in folded.split(";"):
            lead = len(clause) - len(clause.lstrip())
            position = offset + lead
            stripped = clause.strip()
            offset += len(clause) + 1
            if not stripped:
                continue
            if not any(matcher.opens(folded, position, start) for start in starts):
                rows.append({"language": language, "phrase": opening_words(stripped, 2),
                             "document": document, "number": number, "example": stripped[:100]})
    frame = pd.DataFrame(rows, columns=[c for c in GAP_COLUMNS if c != "count"])
    if frame.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    counts = frame.groupby(["language", "phrase"]).size().rename("count")
    first = frame.drop_duplicates(["language", "phrase"]).set_index(["language", "phrase"])
    return (first.join(counts).reset_index()
            .sort_values(["count", "language", "phrase"], ascending=[False, True, True], kind="stable")
            .reset_index(drop=True)[GAP_COLUMNS])
