"""Scores of multi-label theme predictions: against the gold, and of one classifier against another."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.classify.theme_model import label_matrix
from analysis.resources.taxonomy import theme_ids, theme_labels

POOLED = "(pooled)"


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two binary vectors; NaN when both are constant (undefined)."""
    from sklearn.metrics import cohen_kappa_score

    if len(set(a.tolist()) | set(b.tolist())) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b, labels=[0, 1]))


def score_themes(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                 themes: Sequence[str] | None = None) -> tuple[pd.DataFrame, dict[str, float]]:
    """Per-theme and averaged scores of ``predicted`` against ``gold`` (lists of themes per unit).

    Returns ``(per_theme, summary)``: per theme ``tp, fp, fn, support, predicted, precision,
    recall, f1, kappa``; the summary has micro (pooled counts) and macro (mean over themes
    with gold support) precision, recall and F1, and the pooled kappa over all unit × theme
    decisions. Precision of a theme never predicted is 0.
    """
    themes = list(themes) if themes is not None else theme_ids()
    g, p = label_matrix(gold, themes), label_matrix(predicted, themes)
    tp = (g & p).sum(axis=0)
    fp = ((1 - g) & p).sum(axis=0)
    fn = (g & (1 - p)).sum(axis=0)
    precision = np.divide(tp, tp + fp, out=np.zeros(len(themes)), where=(tp + fp) > 0)
    recall = np.divide(tp, tp + fn, out=np.zeros(len(themes)), where=(tp + fn) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(len(themes)),
                   where=(precision + recall) > 0)
    per_theme = pd.DataFrame({
        "theme": themes, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "predicted": tp + fp,
        "precision": precision, "recall": recall, "f1": f1,
        "kappa": [kappa(g[:, i], p[:, i]) for i in range(len(themes))],
    })
    TP, FP, FN = int(tp.sum()), int(fp.sum()), int(fn.sum())
    micro_p = TP / (TP + FP) if TP + FP else 0.0
    micro_r = TP / (TP + FN) if TP + FN else 0.0
    micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    supported = per_theme[per_theme["support"] > 0]
    summary = {
        "micro_p": micro_p, "micro_r": micro_r, "micro_f1": micro_f,
        "macro_p": float(supported["precision"].mean()) if len(supported) else 0.0,
        "macro_r": float(supported["recall"].mean()) if len(supported) else 0.0,
        "macro_f1": float(supported["f1"].mean()) if len(supported) else 0.0,
        "kappa": kappa(g.ravel(), p.ravel()),
        "themes_scored": len(supported),
    }
    return per_theme, summary


def classifier_agreement(predictions: pd.DataFrame, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Dictionary vs model (columns ``dictionary`` and ``model``, lists of themes) per theme: Cohen's
    kappa over units, raw agreement, positives of each; last row ``(pooled)``: kappa over all
    unit × theme decisions. Kappa is NaN where both classifiers are constant."""
    themes = list(themes) if themes is not None else theme_ids()
    labels = theme_labels("en")
    d = label_matrix(list(predictions["dictionary"]), themes)
    m = label_matrix(list(predictions["model"]), themes)
    rows = [{"theme": t, "label_en": labels.get(t, t), "kappa": kappa(d[:, i], m[:, i]),
             "agreement": float((d[:, i] == m[:, i]).mean()), "n_dictionary": int(d[:, i].sum()),
             "n_model": int(m[:, i].sum()), "n_units": len(d)} for i, t in enumerate(themes)]
    rows.append({"theme": POOLED, "label_en": "All themes (pooled decisions)", "kappa": kappa(d.ravel(), m.ravel()),
                 "agreement": float((d == m).mean()), "n_dictionary": int(d.sum()), "n_model": int(m.sum()),
                 "n_units": len(d)})
    return pd.DataFrame(rows)


def count_themes(labels: Iterable[Sequence[str]], themes: Sequence[str] | None = None) -> pd.Series:
    """Number of units carrying each theme, indexed by theme id in taxonomy order."""
    themes = list(themes) if themes is not None else theme_ids()
    return pd.Series(label_matrix(list(labels), themes).sum(axis=0), index=pd.Index(themes, name="theme"))
