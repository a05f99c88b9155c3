"""The size and structure of each resolution: citations, recitals, paragraphs, footnotes, words."""

from __future__ import annotations

import re

import pandas as pd

from analysis.extract.chronology import resolution_labels
from analysis.extract.chronology import attach

STRUCTURE_COLUMNS = ["document", "year", "label", "citations", "recitals", "paragraphs", "footnotes", "words"]

_WORD = re.compile(r"\w+")


def structure_table(units: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per resolution (in date order): numbers of citations, recitals, paragraphs, footnotes,
    and words.

    ``units`` are the parser's units (:func:`analysis.corpus.documents.units_frame`); ``registry``
    gives each resolution its year (:func:`~analysis.extract.chronology.resolution_labels`). ``words``
    counts ``\\w+`` tokens (Unicode letters, digits, underscore; "COVID-19" is two) in the
    citations, recitals and operative paragraphs only (not headings or footnotes).
    """
    if units.empty:
        return pd.DataFrame(columns=STRUCTURE_COLUMNS)
    labels = resolution_labels(units, registry)
    kinds = {"citation": "citations", "recital": "recitals", "paragraph": "paragraphs", "footnote": "footnotes"}
    counts = pd.crosstab(units["document"], units["kind"]).reindex(columns=list(kinds), fill_value=0)
    counts = counts.rename(columns=kinds)
    body = units[units["kind"].isin(["citation", "recital", "paragraph"])]
    words = body["text"].fillna("").str.count(_WORD.pattern).groupby(body["document"]).sum()
    counts["words"] = words.reindex(counts.index, fill_value=0)
    table = attach(counts.reset_index(), labels).sort_values("_order", kind="stable")
    for column in STRUCTURE_COLUMNS[3:]:
        table[column] = table[column].astype(int)
    return table[STRUCTURE_COLUMNS].reset_index(drop=True)
