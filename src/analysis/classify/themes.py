"""Themes of paragraphs by one of the two classifiers (see ``docs/codebook_themes.md``).

* ``dictionary``: :class:`analysis.classify.theme_dictionary.DictionaryClassifier` (the patterns of
  ``data/lexicons/themes.csv``);
* ``model``: a fitted :class:`analysis.classify.theme_model.ThemeModel`, passed in. Training is a
  step of its own (:func:`analysis.evaluate.themes.fit_gold_model`, or
  :func:`analysis.classify.theme_model.load_model`), never done here.

scikit-learn is imported only when a classifier is used, so importing this module stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis import lazy
from analysis.errors import AnalysisError
from analysis.resources.taxonomy import mark_uncovered

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

METHODS = ("dictionary", "model")


def predict_themes(paragraphs: pd.DataFrame, method: str = "dictionary", model: Any = None) -> list[list[str]]:
    """Themes of each row of ``paragraphs`` (``text``, ``language``), in taxonomy order.

    ``method`` is ``dictionary`` or ``model``; ``model`` (only with ``method="model"``, and then
    required) is a fitted theme model with ``predict(frame) -> list of theme lists``.
    """
    _check(method, model)
    if paragraphs.empty:
        return []
    if method == "dictionary":
        from analysis.classify.theme_dictionary import DictionaryClassifier

        return DictionaryClassifier().fit().predict(paragraphs)
    return model.predict(paragraphs)


def label_texts(texts: Sequence[str], languages: Sequence[str], method: str = "dictionary",
                model: Any = None) -> list[list[str]]:
    """:func:`predict_themes` for texts and their languages given as lists: ``classify``'s rows, which
    need no pandas with the dictionary (#12); a model is given a frame of the two columns."""
    _check(method, model)
    if not texts:
        return []
    if method == "dictionary":
        from analysis.classify.theme_dictionary import DictionaryClassifier

        return DictionaryClassifier().fit().labels(texts, languages)
    return model.predict(pd.DataFrame({"text": list(texts), "language": list(languages)}))


def paragraph_themes(texts: Sequence[str], languages: Sequence[str], method: str = "dictionary",
                     model: Any = None) -> list[list[str]]:
    """The themes of each paragraph as the paragraph table holds them (``classify``'s rows and frames):
    none with the ``method`` ``none``; else those of :func:`label_texts`, and ``[UNCOVERED]`` where it
    found none: a paragraph no theme covers is marked, never left empty (#14)."""
    if method == "none":
        if model is not None:
            raise AnalysisError("a theme model is used only with themes='model'")
        return [[] for _ in texts]
    return mark_uncovered(label_texts(texts, languages, method, model) or [[] for _ in texts])


def labelled_languages(method: str = "dictionary", model: Any = None) -> frozenset[str] | None:
    """The languages (lower-case codes) whose text ``method`` can label: those of the theme
    dictionary, or those the ``model`` was trained on (its ``languages_``); ``None`` for any (the
    method ``none``, or a model that does not say)."""
    if method == "none":
        return None
    _check(method, model)
    if method == "dictionary":
        from analysis.classify.theme_dictionary import DictionaryClassifier

        return frozenset(DictionaryClassifier().fit().languages_)
    known = getattr(model, "languages_", None)
    return None if known is None else frozenset(str(language).lower() for language in known)


def cannot_label(language: str, method: str, languages: frozenset[str] | None) -> str | None:
    """Why ``method`` cannot label text in ``language``, in one line, given its
    :func:`labelled_languages`; ``None`` if it can."""
    if languages is None or str(language).lower() in languages:
        return None
    which = "the theme dictionary has patterns for" if method == "dictionary" else "the theme model was trained on"
    return (f"no themes for language {language!r}: {which} {', '.join(sorted(languages)) or 'no language'} only; "
            "classify it with --themes none")


def _check(method: str, model: Any) -> None:
    if method not in METHODS:
        raise AnalysisError(f"unknown theme classifier {method!r}; expected one of {', '.join(METHODS)}")
    if method == "model" and model is None:
        raise AnalysisError("themes by 'model' need a fitted theme model: fit one on the gold "
                            "(analysis.evaluate.themes.fit_gold_model()) or load a saved one "
                            "(analysis.classify.theme_model.load_model) and pass it as model=")
    if method != "model" and model is not None:
        raise AnalysisError(f"a theme model is used only with the 'model' classifier, not {method!r}")
