"""Labels of verb concepts, acts and themes in the language a table or figure is shown in.

``data/lexicons/concepts.csv`` (``concept,label_en``) gives one canonical English label per concept
key of ``data/lexicons/verbs.csv``; the load checks that every concept of the lexicon has exactly
one label and that no label names an unknown concept. In another language a concept is shown by
the phrase itself when it is in that language, else by the lexicon's first phrase of the concept in
that language, else by its English label. Act labels come from ``data/taxonomy/acts.csv``
(``label_<lang>`` if present, else ``label_en``), theme labels from ``data/taxonomy/themes.csv``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError, InputError
from analysis.resources.files import LINE, cached_on_files, read_table, where

_LANGUAGE = re.compile(r"[a-z]{2}")


def concepts_path() -> Path:
    """``data/lexicons/concepts.csv`` (under ``ANALYSIS_DATA_DIR`` if set)."""
    return paths.data_dir() / "lexicons" / "concepts.csv"


@cached_on_files(maxsize=4)
def _load(path: Path, verbs: Path) -> dict[str, str]:
    frame = read_table(path, ["concept", "label_en"], what="concept labels")
    known = set(read_table(verbs, ["concept"], what="lexicon file")["concept"])
    labels: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if row.concept in labels:
            raise DataError(f"{place}: concept {row.concept!r} has a second label (one per concept)")
        if row.concept not in known:
            raise DataError(f"{place}: concept {row.concept!r} is in no row of {verbs}")
        if not row.label_en:
            raise DataError(f"{place}: empty label_en for concept {row.concept!r}")
        labels[row.concept] = row.label_en
    missing = sorted(known - set(labels) - {""})
    if missing:
        raise DataError(f"{path}: no label for concept(s) {', '.join(missing)} of {verbs}")
    return labels


def concept_labels(path: str | Path | None = None) -> dict[str, str]:
    """``{concept: canonical English label}``, checked against the lexicon (a copy)."""
    verbs = paths.data_dir() / "lexicons" / "verbs.csv"
    return dict(_load(Path(path) if path else concepts_path(), verbs))


def check_language(language: str) -> str:
    """``language`` as a two-letter code, or :class:`InputError` (e.g. for ``--labels``)."""
    code = (language or "").strip().lower()
    if not _LANGUAGE.fullmatch(code):
        raise InputError(f"labels must be a two-letter language code such as en or bg, got {language!r}")
    return code


def phrase_labels(phrases: pd.DataFrame, language: str, lexicon: pd.DataFrame | None = None) -> pd.Series:
    """The label of each row of ``phrases`` (columns ``phrase``, ``concept`` and ``language``, or a
    ``lang``): see the module docstring. Rows with no concept (unclassified) get ``""``."""
    language = check_language(language)
    english = concept_labels()
    if lexicon is None:
        from analysis.resources.lexicon import load_lexicon

        lexicon = load_lexicon().verbs
    in_language = lexicon[lexicon["lang"] == language].drop_duplicates("concept").set_index("concept")["phrase"]
    own = phrases["language"] if "language" in phrases.columns else pd.Series("", index=phrases.index)
    labels = []
    for phrase, concept, lang in zip(phrases["phrase"], phrases["concept"], own):
        if not isinstance(concept, str) or not concept:
            labels.append("")
        elif language == "en":
            labels.append(english.get(concept, concept))
        elif lang == language and isinstance(phrase, str) and phrase:
            labels.append(phrase)
        else:
            labels.append(in_language.get(concept, english.get(concept, concept)))
    return pd.Series(labels, index=phrases.index, dtype=object)


def act_labels_in(language: str) -> dict[str, str]:
    """``{act: label}`` in ``language`` (``label_<language>`` of the act table if it has one, else English)."""
    from analysis.resources.acts import acts_path

    table = read_table(acts_path(), ["act", "label_en"], what="act table")
    column = f"label_{check_language(language)}"
    column = column if column in table.columns else "label_en"
    return dict(zip(table["act"], table[column]))


def theme_labels_in(language: str) -> dict[str, str]:
    """``{theme: label}`` in ``language`` (the taxonomy's ``label_<language>``, else English)."""
    from analysis.resources.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    column = f"label_{check_language(language)}"
    column = column if column in taxonomy.columns else "label_en"
    return dict(zip(taxonomy["theme"], taxonomy[column]))
