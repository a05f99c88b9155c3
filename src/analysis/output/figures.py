"""The report's figures: each a function of the report's tables, drawn in the shared style.

A figure that needs more than one resolution still draws with one (a single bar or column),
so the report works on whatever is on disk. What a figure singles out about a case (the addressee
groups, the focus resolution, the themes followed) is a parameter; :func:`report_figures` takes
them from a :class:`~analysis.resources.cases.Case`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.classify import verbs
from analysis.extract.chronology import focus_document
from analysis.compare.verbs import OTHER, UNADDRESSED, scored
from analysis.output.style import PALETTE, new_figure, save_figure
from analysis.output.verb_figures import plot_act_shares, plot_paragraph_strength
from analysis.resources.cases import Case
from analysis.resources.taxonomy import theme_ids

Tables = dict[str, pd.DataFrame]
Figure = Callable[[Tables], object]


def _labels(tables: Tables) -> dict[str, str]:
    frame = tables["resolutions"]
    return dict(zip(frame["document"], frame["label"]))


def _theme_labels() -> dict[str, str]:
    from analysis.resources.taxonomy import theme_labels

    return theme_labels("en")


def structure_by_resolution(tables: Tables):
    """Grouped bars: citations, recitals and operative paragraphs per resolution."""
    frame = tables["structure"]
    parts = ["citations", "recitals", "paragraphs"]
    fig, ax = new_figure(6.5, 3.0)
    x = np.arange(len(frame))
    width = 0.8 / len(parts)
    for i, part in enumerate(parts):
        ax.bar(x + (i - 1) * width, frame[part], width, label=part.capitalize(), color=PALETTE[i])
    ax.set_xticks(x, frame["label"])
    ax.set_ylabel("Units")
    top = float(frame[parts].to_numpy().max()) if len(frame) else 1.0
    ax.set_ylim(0, top * 1.25 + 1)  # headroom, so that the legend sits above the bars
    ax.legend(ncol=3, loc="upper left")
    ax.set_title("Size and structure of each resolution")
    return fig


def act_shares_by_resolution(tables: Tables):
    """Stacked bars of speech-act types (all operative phrases) per resolution."""
    return plot_act_shares(verbs.act_summary(tables["verbs"]), labels=_labels(tables),
                           title="Speech-act types of the operative verbs, by resolution")


def strength_by_resolution(tables: Tables):
    """Head-verb strength of every operative paragraph per resolution (dots) with the mean (bar);
    the procedural forwarding clause is left out, as in the verb profile."""
    frame = scored(tables["paragraphs"]).merge(tables["resolutions"][["document", "label"]], on="document")
    order = list(tables["resolutions"]["label"])
    fig, ax = new_figure(6.5, 3.0)
    for i, label in enumerate(order):
        values = frame.loc[frame["label"] == label, "strength"].dropna().to_numpy()
        if not len(values):
            continue
        offsets = (np.arange(len(values)) % 9 - 4) * 0.04  # deterministic jitter
        ax.scatter(i + offsets, values, s=9, color=PALETTE[0], alpha=0.6, zorder=3)
        ax.hlines(values.mean(), i - 0.3, i + 0.3, color=PALETTE[3], linewidth=2, zorder=4)
    ax.set_xticks(range(len(order)), order)
    ax.set_xlim(-0.7, len(order) - 0.3)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Head-verb strength (0-5)")
    ax.set_title("Strength of the operative paragraphs (dots) and their mean (line)")
    return fig


def directive_addressees(tables: Tables, groups: Sequence[tuple[str, str]]):
    """Share of directive paragraphs addressed to each of ``groups`` (``(group id, label)``, e.g. the
    target state's authorities and EU actors), to others, and to nobody."""
    frame = tables["verb_profile"]
    groups = [*groups, (OTHER, "Others"), (UNADDRESSED, "No addressee")]
    fig, ax = new_figure(6.5, 3.0)
    x = np.arange(len(frame))
    width = 0.8 / len(groups)
    middle = (len(groups) - 1) / 2
    for i, (group, name) in enumerate(groups):
        ax.bar(x + (i - middle) * width, frame[f"share_directive_{group}"], width, label=name, color=PALETTE[i])
    # n under each label: a share of 1.0 may rest on one paragraph, and n = 0 explains an empty slot
    ax.set_xticks(x, [f"{label}\n(n = {n})" for label, n in zip(frame["label"], frame["n_directive"])])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Share of directive paragraphs")
    ax.legend(ncol=len(groups), loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8)
    ax.set_title("Whom the Parliament's demands address")
    return fig


def theme_heatmap(tables: Tables):
    """Resolution-by-theme heatmap: share of operative paragraphs that address each theme."""
    matrix = tables["theme_matrix"].set_index("resolution")
    counts = tables["structure"].set_index("label")["paragraphs"]
    shares = matrix.div(counts.reindex(matrix.index), axis=0).fillna(0.0)
    names = _theme_labels()
    fig, ax = new_figure(6.5, 0.9 + 0.22 * shares.shape[1])
    image = ax.imshow(shares.T.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=max(0.01, shares.to_numpy().max()))
    ax.set_yticks(range(shares.shape[1]), [names.get(t, t) for t in shares.columns], fontsize=7)
    ax.set_xticks(range(shares.shape[0]), shares.index)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="Share of operative paragraphs", shrink=0.6)
    ax.set_title("Themes of the operative paragraphs, by resolution")
    return fig


def theme_strength(tables: Tables, focus: str):
    """Mean head-verb strength of the paragraphs on each theme of the ``focus`` resolution (a DOCEO
    id), or of the latest if the focus is not on disk."""
    frame = tables["theme_strength"]
    if frame.empty:
        return None
    label = _labels(tables)[focus_document(tables["resolutions"], focus)]
    frame = frame[(frame["label"] == label) & (frame["n_paragraphs"] > 0)].sort_values(
        ["strength_mean", "theme"], ascending=[True, True], kind="stable")
    names = _theme_labels()
    fig, ax = new_figure(6.5, 0.8 + 0.22 * len(frame))
    ax.barh([f"{names.get(t, t)} (n={n})" for t, n in zip(frame["theme"], frame["n_paragraphs"])],
            frame["strength_mean"], color=PALETTE[0])
    ax.scatter(frame["max_strength_mean"], range(len(frame)), color="black", s=10, zorder=3,
               label="Mean of the strongest phrase")
    ax.set_xlim(0, 5)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("Mean head-verb strength (0-5)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(f"Which themes get the strongest language ({label})")
    return fig


def theme_strength_over_time(tables: Tables, themes: Sequence[str]):
    """Mean head-verb strength of the paragraphs on the ``themes`` followed, per resolution (lines over
    years)."""
    frame = tables["theme_strength"]
    frame = frame[frame["theme"].isin(themes) & (frame["n_paragraphs"] > 0)]
    if frame.empty:
        return None
    order = list(tables["resolutions"]["label"])
    names = _theme_labels()
    fig, ax = new_figure(6.5, 3.2)
    for i, theme in enumerate(t for t in themes if t in set(frame["theme"])):
        rows = frame[frame["theme"] == theme].set_index("label").reindex(order)
        ax.plot(range(len(order)), rows["strength_mean"], marker="o", color=PALETTE[i % len(PALETTE)],
                label=names.get(theme, theme))
    ax.set_xticks(range(len(order)), order)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Mean head-verb strength (0-5)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title("Strength of language on selected themes, by resolution")
    return fig


def focus_paragraph_strength(tables: Tables, focus: str):
    """Head-verb strength per paragraph of the ``focus`` resolution (a DOCEO id), or of the latest if
    the focus is not on disk."""
    document = focus_document(tables["resolutions"], focus)
    frame = tables["paragraphs"][tables["paragraphs"]["document"] == document]
    return plot_paragraph_strength(frame, title=f"Head-verb strength per operative paragraph ({_labels(tables)[document]})")


def report_figures(case: Case) -> dict[str, Figure]:
    """The report's figures for ``case``, by file name: each a function of the report's tables."""
    themes = case.themes or tuple(theme_ids())
    return {
        "structure_by_resolution": structure_by_resolution,
        "act_shares_by_resolution": act_shares_by_resolution,
        "strength_by_resolution": strength_by_resolution,
        "directive_addressees": functools.partial(directive_addressees,
                                                  groups=[(g.group, g.label) for g in case.groups]),
        "theme_heatmap": theme_heatmap,
        "theme_strength": functools.partial(theme_strength, focus=case.focus),
        "theme_strength_over_time": functools.partial(theme_strength_over_time, themes=themes),
        "focus_paragraph_strength": functools.partial(focus_paragraph_strength, focus=case.focus),
    }


def save(fig, name: str, directory: Path) -> list[Path]:
    """Save a report figure in every format."""
    return save_figure(fig, name, directory)
