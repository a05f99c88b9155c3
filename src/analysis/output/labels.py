"""Label columns for the report's tables, in the language chosen with ``report --labels``.

The original columns stay (``head_verb``, ``phrase``, ``act``, ``theme`` keep the text's words and
the ids, so the keys do not change); beside them come ``head_verb_label``, ``phrase_label``,
``act_label`` and ``theme_label`` (:mod:`analysis.resources.concepts`: a verb by its concept, in
English the canonical label of ``data/lexicons/concepts.csv``). The default language is the case's
(``labels`` in ``data/cases/<case>.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.resources.concepts import act_labels_in, check_language, phrase_labels, theme_labels_in

#: Which label columns each table gains: table -> [(label column, kind, source column)], inserted
#: after the source column.
LABELLED = {
    "paragraphs": [("head_verb_label", "verb", "head_verb"), ("act_label", "act", "act")],
    "verbs": [("phrase_label", "verb", "phrase"), ("act_label", "act", "act")],
    "themes": [("theme_label", "theme", "theme")],
    "strongest_paragraphs": [("head_verb_label", "verb", "head_verb"), ("act_label", "act", "act")],
    "theme_strength": [("theme_label", "theme", "theme")],
    "theme_dynamics": [("theme_label", "theme", "theme")],
}


def label_tables(tables: Mapping[str, pd.DataFrame], language: str) -> dict[str, pd.DataFrame]:
    """``tables`` with the label columns of :data:`LABELLED` in ``language`` (a new dict; frames copied)."""
    language = check_language(language)
    acts, themes = act_labels_in(language), theme_labels_in(language)
    concepts = _head_concepts(tables.get("paragraphs"))
    out = dict(tables)
    for name, columns in LABELLED.items():
        if name not in out:
            continue
        frame = out[name].copy()
        for label, kind, source in columns:
            if source not in frame.columns:
                continue
            if kind == "act":
                values = frame[source].map(acts).fillna(frame[source])
            elif kind == "theme":
                values = frame[source].map(themes).fillna(frame[source])
            else:
                values = _verb_labels(frame, source, concepts, language)
            if label in frame.columns:
                frame = frame.drop(columns=label)
            frame.insert(frame.columns.get_loc(source) + 1, label, values.astype(object))
        out[name] = frame
    return out


def _head_concepts(paragraphs: pd.DataFrame | None) -> pd.DataFrame:
    columns = ["document", "number", "concept", "language"]
    if paragraphs is None or not set(columns) <= set(paragraphs.columns):
        return pd.DataFrame(columns=columns)
    return paragraphs[columns]


def _verb_labels(frame: pd.DataFrame, source: str, concepts: pd.DataFrame, language: str) -> pd.Series:
    """Labels of the verb phrases in ``frame[source]`` (with their concept, or the head's, joined on
    the paragraph key when the table lacks one)."""
    rows = frame[["document", "number"]].merge(concepts, on=["document", "number"], how="left")
    rows.index = frame.index
    for column in ("concept", "language"):  # the table's own, where it has them (a phrase's concept)
        if column in frame.columns:
            rows[column] = frame[column]
    rows["phrase"] = frame[source]
    return phrase_labels(rows, language)
