"""The supervised theme classifier, a scikit-learn estimator, and how to save and load a fitted one.

TF-IDF of word 1-2-grams and ``char_wb`` 2-5-grams (sublinear tf; the character n-grams catch
Bulgarian endings and articles) feeding a one-vs-rest logistic regression (liblinear, balanced
class weights). The hyperparameters are fixed up front (:data:`MODEL_C`, :data:`MIN_POSITIVES`,
:data:`THRESHOLD`), never tuned on evaluation folds. Training is always an explicit ``fit`` on
labelled units (see :func:`analysis.evaluate.themes.fit_gold_model`); nothing here reads the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from analysis import atomic
from analysis.classify.theme_dictionary import require_columns
from analysis.errors import AnalysisError, DataError
from analysis.resources.taxonomy import theme_ids
from analysis.resources.text import normalise

#: Regularisation of the logistic regression: scikit-learn's default, fixed before any scoring.
MODEL_C = 1.0
#: A theme needs at least this many positive training units to be learned; otherwise it is never predicted.
MIN_POSITIVES = 2
#: Probability from which a theme is assigned.
THRESHOLD = 0.5


def build_pipeline(seed: int = 0, C: float = MODEL_C):
    """The scikit-learn Pipeline: word 1-2-grams + ``char_wb`` 2-5-grams (TF-IDF, sublinear tf)
    feeding a one-vs-rest logistic regression (liblinear, balanced class weights)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("word", TfidfVectorizer(preprocessor=normalise, analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ("char", TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ])
    classifier = OneVsRestClassifier(LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                                        random_state=seed))
    return Pipeline([("features", features), ("classifier", classifier)])


def label_matrix(labels: Sequence[Sequence[str]], themes: Sequence[str] | None = None) -> np.ndarray:
    """Binary unit × theme matrix (columns in ``themes`` order, default the taxonomy); ids not in
    ``themes`` are ignored."""
    themes = list(themes) if themes is not None else theme_ids()
    index = {t: i for i, t in enumerate(themes)}
    matrix = np.zeros((len(labels), len(themes)), dtype=int)
    for row, items in enumerate(labels):
        for theme in items:
            if theme in index:
                matrix[row, index[theme]] = 1
    return matrix


class ThemeModel(BaseEstimator):
    """The supervised theme classifier: ``fit(frame, labels)`` / ``predict(frame)``.

    ``frame`` has ``text`` and ``language``; ``labels`` is one list of theme ids per row. ``themes``
    are the possible ids (default: the taxonomy). Themes with fewer than ``min_positives`` positive
    rows are not learned (``skipped_``) and never predicted. Predictions: every learned theme with
    probability >= ``threshold``; if none, the single most probable one (codebook R4: every unit has
    a theme). The model refuses languages it was not trained on (``languages_``).
    """

    def __init__(self, seed: int = 0, C: float = MODEL_C, min_positives: int = MIN_POSITIVES,
                 threshold: float = THRESHOLD, themes: Sequence[str] | None = None):
        self.seed = seed
        self.C = C
        self.min_positives = min_positives
        self.threshold = threshold
        self.themes = themes

    def fit(self, frame: pd.DataFrame, labels: Sequence[Sequence[str]]) -> ThemeModel:
        """Train on the rows of ``frame`` and their theme lists. Returns ``self``."""
        require_columns(frame)
        if len(labels) != len(frame):
            raise AnalysisError(f"{len(frame)} texts but {len(labels)} label lists")
        self.themes_ = list(self.themes) if self.themes is not None else theme_ids()
        unknown = sorted({t for row in labels for t in row} - set(self.themes_))
        if unknown:
            raise DataError(f"unknown theme id(s) in the training labels: {', '.join(unknown)}")
        matrix = label_matrix(labels, self.themes_)
        positives = matrix.sum(axis=0)
        keep = (positives >= self.min_positives) & (len(frame) - positives >= 1)
        self.learned_ = [t for t, k in zip(self.themes_, keep) if k]
        self.skipped_ = [t for t, k in zip(self.themes_, keep) if not k]
        self.languages_ = {str(lang).lower() for lang in frame["language"]}
        self.pipeline_ = None
        if self.learned_:
            self.pipeline_ = build_pipeline(self.seed, self.C).fit(list(frame["text"]), matrix[:, keep])
        return self

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Probability of each learned theme per row (columns: the learned theme ids)."""
        check_is_fitted(self, "learned_")
        require_columns(frame)
        others = sorted({str(lang).lower() for lang in frame["language"]} - self.languages_)
        if others:
            raise DataError(f"the theme model was trained on {', '.join(sorted(self.languages_)) or 'no'} "
                            f"text only and cannot label language(s) {', '.join(others)}; "
                            "use the dictionary (--themes dictionary)")
        if self.pipeline_ is None or frame.empty:
            return pd.DataFrame(np.zeros((len(frame), len(self.learned_))), columns=self.learned_)
        proba = np.asarray(self.pipeline_.predict_proba(list(frame["text"])))
        if len(self.learned_) == 1 and proba.shape[1] == 2:
            proba = proba[:, 1:]
        return pd.DataFrame(proba, columns=self.learned_)

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        """One list of themes per row, in taxonomy order."""
        proba = self.predict_proba(frame)
        if proba.shape[1] == 0:
            return [[] for _ in range(len(frame))]
        values = proba.to_numpy()
        chosen = values >= self.threshold
        empty = ~chosen.any(axis=1)
        chosen[np.flatnonzero(empty), values[empty].argmax(axis=1)] = True
        return [[t for t, c in zip(self.learned_, row) if c] for row in chosen]


def save_model(model: ThemeModel, path: str | Path) -> Path:
    """Write a fitted ``model`` to ``path`` (joblib pickle, written whole or not at all)."""
    import joblib

    check_is_fitted(model, "learned_")
    with atomic.atomic_open(path, "wb") as handle:
        joblib.dump(model, handle)
    return Path(path)


def load_model(path: str | Path) -> ThemeModel:
    """A model written by :func:`save_model`. Loading a pickle runs code: load only files you made."""
    import joblib

    try:
        model = joblib.load(path)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: theme model file not found") from exc
    except Exception as exc:  # a truncated or foreign file: joblib/pickle raise many kinds
        raise DataError(f"{path}: not a saved theme model ({type(exc).__name__}: {exc})") from exc
    if not isinstance(model, ThemeModel) or not hasattr(model, "learned_"):
        raise DataError(f"{path}: not a fitted theme model (holds a {type(model).__name__})")
    return model
