"""The theme classifiers against the hand-coded gold (``data/annotations/themes_gold.csv``).

* :func:`gold_units`: the gold-coded recitals and paragraphs with their text, parsed from the
  raw file of each gold document, found by its exact name;
* :func:`fit_gold_model`: the theme model trained on all gold units (lenient labels), the one
  ``--themes model`` uses;
* :func:`evaluate_themes`: 5-fold cross-validation over units (stratified by recital/paragraph,
  fixed seed). The model is trained on four folds and predicts the fifth; the dictionary needs
  no training and is scored on the same units. Scores are pooled over the out-of-fold
  predictions, under strict (primary) and lenient (primary and secondary) gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import cells
from analysis import paths
from analysis.classify.theme_dictionary import DictionaryClassifier
from analysis.classify.theme_model import ThemeModel
from analysis.corpus.documents import DOCUMENT_SUFFIXES
from analysis.corpus.parser import parse
from analysis.errors import AnalysisError, DataError
from analysis.evaluate.scores import classifier_agreement, count_themes, score_themes
from analysis.resources.annotations import KINDS, load_themes_gold
from analysis.resources.taxonomy import theme_ids, theme_labels

SCORINGS = ("strict", "lenient")
CLASSIFIERS = ("dictionary", "model")
UNIT_COLUMNS = ["document", "position", "kind", "label", "text", "language", "themes_strict", "themes_lenient"]


def _ordered(themes: Iterable[str], order: dict[str, int]) -> list[str]:
    return sorted(set(themes), key=order.__getitem__)


def gold_file(document: str, raw: str | Path | None = None) -> Path:
    """The raw file of gold document ``document``: ``<raw>/<document><suffix>`` for the first suffix of
    :data:`~analysis.corpus.documents.DOCUMENT_SUFFIXES` that exists (no other file is looked at)."""
    folder = Path(raw) if raw else paths.raw_dir()
    for suffix in DOCUMENT_SUFFIXES:
        if (folder / f"{document}{suffix}").is_file():
            return folder / f"{document}{suffix}"
    raise DataError(f"{document}: the text of this gold-coded resolution is not in {folder} "
                    f"(looked for {', '.join(document + s for s in DOCUMENT_SUFFIXES)}; "
                    "fetch it: python -m analysis fetch)")


def gold_units(gold: pd.DataFrame | None = None, raw: str | Path | None = None) -> pd.DataFrame:
    """The gold units with their text from the parsed resolution: one row per unit.

    Columns ``document, position, kind, label, text, language, themes_strict`` (primary
    themes) and ``themes_lenient`` (primary and secondary), lists in taxonomy order,
    rows in document and text order. ``gold`` defaults to :func:`load_themes_gold`, ``raw``
    to ``data/raw``.
    """
    gold = gold if gold is not None else load_themes_gold()
    order = {t: i for i, t in enumerate(theme_ids())}
    frames = []
    for document, coded in gold.groupby("document", sort=True):
        parsed = parse(gold_file(document, raw))
        units = parsed.units[parsed.units["kind"].isin(KINDS)]
        units = units.assign(language=parsed.metadata["language"])
        by_unit = {key: group for key, group in coded.groupby(["kind", "label"])}
        missing = sorted(set(by_unit) - set(zip(units["kind"], units["label"])))
        if missing:
            raise DataError(f"{document}: gold unit(s) not found in the parsed text: "
                            + ", ".join(f"{k} {label}" for k, label in missing))
        keys = list(zip(units["kind"], units["label"]))
        units = units[[key in by_unit for key in keys]].copy()
        keys = list(zip(units["kind"], units["label"]))
        units["themes_strict"] = [
            _ordered(by_unit[key].loc[by_unit[key]["salience"] == "primary", "theme"], order) for key in keys]
        units["themes_lenient"] = [_ordered(by_unit[key]["theme"], order) for key in keys]
        frames.append(units)
    if not frames:
        raise DataError("the theme gold annotation is empty")
    return pd.concat(frames, ignore_index=True)[UNIT_COLUMNS]


def fit_gold_model(seed: int = 0, units: pd.DataFrame | None = None) -> ThemeModel:
    """The theme model with the fixed hyperparameters, trained on all gold units (lenient labels).

    ``units`` defaults to :func:`gold_units` (the shipped gold and data/raw).
    """
    units = gold_units() if units is None else units
    return ThemeModel(seed=seed).fit(units, list(units["themes_lenient"]))


def theme_folds(units: pd.DataFrame, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds over units: ``[(train_index, test_index), ...]``.

    Stratified by ``kind`` (recitals and paragraphs spread over the folds), shuffled with
    ``seed``. Every unit is in exactly one test fold and never in its own training fold.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    if len(units) < n_splits:
        raise AnalysisError(f"{len(units)} units cannot be split into {n_splits} folds")
    kinds = units["kind"].to_numpy()
    if units["kind"].value_counts().min() >= n_splits:
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        return [(train, test) for train, test in splitter.split(np.zeros(len(units)), kinds)]
    splitter = KFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(train, test) for train, test in splitter.split(np.zeros(len(units)))]


def cross_validated_predictions(units: pd.DataFrame | None = None, n_splits: int = 5, seed: int = 0,
                                estimator: Any = None) -> pd.DataFrame:
    """Out-of-fold predictions for every gold unit: ``fold``, ``dictionary`` and ``model`` lists.

    ``estimator`` (default ``ThemeModel(seed=seed)``) is cloned and fitted on the other folds
    only (lenient labels) to predict each fold.
    """
    from sklearn.base import clone

    units = gold_units() if units is None else units
    estimator = ThemeModel(seed=seed) if estimator is None else estimator
    dictionary = DictionaryClassifier().fit().predict(units)
    model: list[list[str]] = [[] for _ in range(len(units))]
    fold_of = np.full(len(units), -1)
    for number, (train, test) in enumerate(theme_folds(units, n_splits, seed), start=1):
        fitted = clone(estimator).fit(units.iloc[train], list(units["themes_lenient"].iloc[train]))
        for row, themes in zip(test, fitted.predict(units.iloc[test])):
            model[row] = themes
        fold_of[test] = number
    result = units.drop(columns=["text"]).copy()
    result["fold"] = fold_of
    result["dictionary"] = dictionary
    result["model"] = model
    return result


def evaluate_themes(n_splits: int = 5, seed: int = 0, units: pd.DataFrame | None = None,
                    estimator: Any = None) -> dict[str, pd.DataFrame]:
    """Score the dictionary and the model against the gold by cross-validation over units.

    Returns a dict of tables:

    * ``summary``: classifier, scoring (strict/lenient), micro and macro P/R/F1, pooled kappa
      against the gold (out-of-fold predictions pooled over the folds);
    * ``per_theme``: theme, label_en, classifier, scoring, precision, recall, f1, support,
      predicted, kappa (against the gold);
    * ``agreement``: dictionary vs model per theme (Cohen's kappa, raw agreement, positives
      of each) and a pooled row over all unit × theme decisions (theme ``(pooled)``);
    * ``folds``: micro-F1 per fold, classifier and scoring (how much the folds vary);
    * ``predictions``: each unit's fold, gold and predicted themes (";"-joined);
    * ``disagreements``: unit × theme decisions where the gold and the classifiers do not all agree.

    Deterministic: the folds and the model use ``seed``; hyperparameters are fixed.
    """
    units = gold_units() if units is None else units
    themes = theme_ids()
    predictions = cross_validated_predictions(units, n_splits, seed, estimator)
    gold = {"strict": list(units["themes_strict"]), "lenient": list(units["themes_lenient"])}
    per_rows, summary_rows, fold_rows = [], [], []
    for classifier in CLASSIFIERS:
        for scoring in SCORINGS:
            per_theme, summary = score_themes(gold[scoring], list(predictions[classifier]), themes)
            per_rows.append(per_theme.assign(classifier=classifier, scoring=scoring))
            summary_rows.append({"classifier": classifier, "scoring": scoring, **summary})
            for number in sorted(predictions["fold"].unique()):
                mask = (predictions["fold"] == number).to_numpy()
                _, in_fold = score_themes([g for g, m in zip(gold[scoring], mask) if m],
                                          list(predictions.loc[mask, classifier]), themes)
                fold_rows.append({"fold": int(number), "n_units": int(mask.sum()), "classifier": classifier,
                                  "scoring": scoring, "micro_f1": in_fold["micro_f1"],
                                  "macro_f1": in_fold["macro_f1"]})
    per_theme = pd.concat(per_rows, ignore_index=True)
    per_theme.insert(1, "label_en", per_theme["theme"].map(theme_labels("en")))
    per_theme = per_theme[["theme", "label_en", "classifier", "scoring", "precision", "recall", "f1", "support",
                           "predicted", "tp", "fp", "fn", "kappa"]]
    return {
        "summary": pd.DataFrame(summary_rows),
        "per_theme": per_theme,
        "agreement": classifier_agreement(predictions, themes),
        "folds": pd.DataFrame(fold_rows),
        "predictions": _joined(predictions),
        "disagreements": _disagreements(predictions, themes),
    }


def _joined(predictions: pd.DataFrame) -> pd.DataFrame:
    frame = predictions.copy()
    for column in ("themes_strict", "themes_lenient", "dictionary", "model"):
        frame[column] = frame[column].map(cells.join)
    return frame[["document", "kind", "label", "fold", "themes_strict", "themes_lenient", "dictionary", "model"]]


def _disagreements(predictions: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    rows = []
    for unit in predictions.itertuples(index=False):
        for theme in themes:
            gold = "primary" if theme in unit.themes_strict else "secondary" if theme in unit.themes_lenient else ""
            found = (theme in unit.dictionary, theme in unit.model)
            if found != (bool(gold), bool(gold)):
                rows.append({"document": unit.document, "kind": unit.kind, "label": unit.label, "theme": theme,
                             "gold": gold, "dictionary": found[0], "model": found[1]})
    return pd.DataFrame(rows, columns=["document", "kind", "label", "theme", "gold", "dictionary", "model"])


# --- tables for the notebook ----------------------------------------------------------------

def theme_frequencies(units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units per theme: gold (strict, lenient) and dictionary predictions (recitals, paragraphs, all).

    ``units`` defaults to :func:`gold_units`.
    """
    units = gold_units() if units is None else units
    predicted = pd.Series(DictionaryClassifier().fit().predict(units), index=units.index)
    recital = (units["kind"] == "recital").to_numpy()
    frame = pd.DataFrame({
        "gold_strict": count_themes(units["themes_strict"]),
        "gold_lenient": count_themes(units["themes_lenient"]),
        "dictionary_recitals": count_themes(predicted[recital]),
        "dictionary_paragraphs": count_themes(predicted[~recital]),
        "dictionary": count_themes(predicted),
    }).reset_index()
    frame.insert(1, "label_en", frame["theme"].map(theme_labels("en")))
    return frame


def paragraph_theme_table(classified: pd.DataFrame, evaluation: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The themes of each gold-coded paragraph side by side: number, head verb, gold primary and
    secondary themes, dictionary themes and the model's out-of-fold themes.

    ``classified`` is :func:`analysis.classify.paragraphs.classify_paragraphs` output; ``evaluation``
    is :func:`evaluate_themes` output (its model column comes from a model that never saw the unit).
    """
    predictions = evaluation["predictions"]
    paragraphs = predictions[predictions["kind"] == "paragraph"]
    rows = []
    head = {(d, str(n)): v for d, n, v in classified[["document", "number", "head_verb"]].itertuples(index=False)}
    for unit in paragraphs.itertuples(index=False):
        strict = cells.split(unit.themes_strict)
        secondary = [t for t in cells.split(unit.themes_lenient) if t not in strict]
        rows.append({"number": int(unit.label), "head_verb": head.get((unit.document, unit.label), ""),
                     "gold_primary": "; ".join(strict), "gold_secondary": "; ".join(secondary),
                     "dictionary": "; ".join(cells.split(unit.dictionary)),
                     "model_out_of_fold": "; ".join(cells.split(unit.model))})
    return pd.DataFrame(rows).sort_values("number", kind="stable").reset_index(drop=True)
