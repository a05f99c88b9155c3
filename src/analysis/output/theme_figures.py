"""Figures of the theme evaluation (notebook 03); the report's theme figures are in
:mod:`analysis.output.figures`. Axis labels are English; themes are shown by their label in the
``language`` asked for (``data/taxonomy/themes.csv``, English by default). The scores of the
dictionary are in-sample (it is not fitted on the gold), those of the model out-of-fold (5-fold
cross-validation); the legends and titles say so."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.output.style import PALETTE, new_figure
from analysis.resources.concepts import theme_labels_in

SERIES_LABELS = {
    "gold_strict": "Gold, primary only (strict)", "gold_lenient": "Gold, primary + secondary (lenient)",
    "dictionary": "Dictionary (in-sample)", "dictionary_recitals": "Dictionary, recitals (in-sample)",
    "dictionary_paragraphs": "Dictionary, paragraphs (in-sample)",
    "model": "Supervised model (5-fold cross-validation)",
}
SERIES_COLOURS = {
    "gold_strict": PALETTE[7], "gold_lenient": "#999999", "dictionary": PALETTE[0],
    "dictionary_recitals": PALETTE[4], "dictionary_paragraphs": PALETTE[0], "model": PALETTE[1],
}


def _grouped_barh(ax, categories: Sequence[str], series: dict[str, Sequence[float]]) -> None:
    """Horizontal grouped bars, first category at the top."""
    n = len(series)
    height = 0.8 / max(n, 1)
    y = np.arange(len(categories))[::-1]
    for i, (name, values) in enumerate(series.items()):
        ax.barh(y + (n - 1 - 2 * i) * height / 2, values, height=height, label=SERIES_LABELS.get(name, name),
                color=SERIES_COLOURS.get(name, PALETTE[i % len(PALETTE)]))
    ax.set_yticks(y)
    ax.set_yticklabels(categories, fontsize=7)
    ax.grid(axis="y", visible=False)


def plot_theme_frequencies(frequencies: pd.DataFrame,
                           columns: Sequence[str] = ("gold_strict", "gold_lenient", "dictionary"),
                           title: str | None = None, language: str = "en"):
    """Units per theme, one bar per column of :func:`analysis.evaluate.themes.theme_frequencies`."""
    labels = theme_labels_in(language)
    names = [labels.get(t, t) for t in frequencies["theme"]]
    fig, ax = new_figure(6.5, 0.8 + 0.1 * len(columns) * len(frequencies))
    _grouped_barh(ax, names, {c: frequencies[c].to_numpy() for c in columns})
    ax.set_xlabel("Units (recitals and operative paragraphs)")
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(title or "Themes of the 2021 resolution: gold annotation and dictionary")
    return fig


def plot_evaluation_f1(per_theme: pd.DataFrame, scoring: str = "lenient", title: str | None = None,
                       language: str = "en"):
    """Per-theme F1 of the dictionary (in-sample) and the model (cross-validated), with the gold support."""
    frame = per_theme[per_theme["scoring"] == scoring]
    wide = frame.pivot(index="theme", columns="classifier", values="f1")
    support = frame.drop_duplicates("theme").set_index("theme")["support"]
    order = list(dict.fromkeys(frame["theme"]))
    labels = theme_labels_in(language)
    names = [f"{labels.get(t, t)} (n={int(support[t])})" for t in order]
    fig, ax = new_figure(6.5, 0.8 + 0.2 * len(order))
    _grouped_barh(ax, names, {c: wide.loc[order, c].to_numpy() for c in ("dictionary", "model") if c in wide})
    ax.set_xlim(0, 1.02)
    ax.set_xlabel(f"F1 against the gold ({scoring}; n = gold units with the theme)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: bars reach 1.0
    ax.set_title(title or f"Theme classifiers per theme ({scoring} scoring): dictionary in-sample, "
                          "model 5-fold cross-validated", fontsize=9)
    return fig


def plot_evaluation_summary(summary: pd.DataFrame, title: str | None = None):
    """Micro and macro F1 of each classifier under strict and lenient scoring."""
    fig, ax = new_figure(5.0, 2.8)
    groups = [(s, a) for s in ("strict", "lenient") for a in ("micro", "macro")]
    x = np.arange(len(groups))
    for i, classifier in enumerate(("dictionary", "model")):
        rows = summary[summary["classifier"] == classifier].set_index("scoring")
        values = [rows.loc[s, f"{a}_f1"] for s, a in groups]
        bars = ax.bar(x + (i - 0.5) * 0.38, values, width=0.38, color=SERIES_COLOURS[classifier],
                      label=SERIES_LABELS[classifier])
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    ax.set_xticks(x)
    ax.set_xticklabels([f"{a}-F1\n{s}" for s, a in groups])
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("F1")
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=1)  # below: no bar hidden
    ax.set_title(title or "Theme classifiers against the gold:\ndictionary in-sample, model 5-fold cross-validated")
    return fig
