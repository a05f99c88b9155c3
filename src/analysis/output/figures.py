"""The report's figures: each a function of the report's tables, drawn in the shared style.

A figure that needs more than one resolution still draws with one (a single bar or column),
so the report works on whatever is on disk; every comparison figure says in the image how many of
the registry's resolutions are on disk and compared (:func:`registry_note`). Means and shares carry
their bootstrap intervals as error bars (the ``*_ci_low``/``*_ci_high`` columns of the tables).
What a figure singles out about a case (the addressee groups, the focus resolution, the themes
followed, the language of its labels) is a parameter; :func:`report_figures` takes them from a
:class:`~analysis.resources.cases.Case`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.extract.chronology import focus_document
from analysis.compare.verbs import OTHER, UNADDRESSED, scored
from analysis.output.style import PALETTE, error_bars, new_figure, save_figure
from analysis.output.verb_figures import plot_act_shares, plot_paragraph_strength
from analysis.resources.cases import Case, load_case
from analysis.resources.concepts import theme_labels_in
from analysis.resources.taxonomy import theme_ids

Tables = dict[str, pd.DataFrame]
Figure = Callable[[Tables], object]


def _labels(tables: Tables) -> dict[str, str]:
    frame = tables["resolutions"]
    return dict(zip(frame["document"], frame["label"]))


def registry_note(fig, tables: Tables, total: int | None = None) -> None:
    """Write "n of N resolutions of the registry on disk and compared" under the figure; ``total``
    defaults to the size of the case's registry."""
    from analysis.corpus.registry import load_registry

    frame = tables.get("resolutions", tables.get("structure"))
    n = 0 if frame is None else frame["document"].nunique()
    total = len(load_registry(load_case().registry)) if total is None else total
    fig.canvas.draw()  # place the note under everything drawn (tick labels, axis label, legend)
    bottom = min(ax.get_tightbbox(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted()).y0
                 for ax in fig.axes)
    fig.text(0.01, bottom - 0.02, f"{n} of {total} resolutions of the registry on disk and compared", fontsize=7,
             ha="left", va="top", color="#444444")


def structure_by_resolution(tables: Tables, total: int | None = None):
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
    registry_note(fig, tables, total)
    return fig


def act_shares_by_resolution(tables: Tables, total: int | None = None, language: str = "en"):
    """Stacked bars of speech-act types over all operative verb phrases (not head verbs only) per
    resolution (``share_<act>_phrases`` of the verb profile, with their intervals)."""
    profile = tables["verb_profile"]
    rows = [{"document": row["label"], "act": act, "share": row[f"share_{act}_phrases"],
             "ci_low": row[f"share_{act}_phrases_ci_low"], "ci_high": row[f"share_{act}_phrases_ci_high"]}
            for _, row in profile.iterrows() for act in _phrase_acts(profile)]
    fig = plot_act_shares(pd.DataFrame(rows, columns=["document", "act", "share", "ci_low", "ci_high"]),
                          title="Speech-act types of all operative verb phrases (share_<act>_phrases)",
                          language=language)
    registry_note(fig, tables, total)
    return fig


def _phrase_acts(profile: pd.DataFrame) -> list[str]:
    suffix = "_phrases"
    return [c[len("share_"):-len(suffix)] for c in profile.columns if c.startswith("share_") and c.endswith(suffix)]


def strength_by_resolution(tables: Tables, total: int | None = None):
    """Head-verb strength of every operative paragraph per resolution (dots) with the mean (line) and
    its bootstrap interval; the procedural forwarding clause is left out, as in the verb profile."""
    frame = scored(tables["paragraphs"]).merge(tables["resolutions"][["document", "label"]], on="document")
    profile = tables["verb_profile"].set_index("label")
    order = list(tables["resolutions"]["label"])
    fig, ax = new_figure(6.5, 3.0)
    for i, label in enumerate(order):
        values = frame.loc[frame["label"] == label, "strength"].dropna().to_numpy()
        if not len(values):
            continue
        offsets = (np.arange(len(values)) % 9 - 4) * 0.04  # deterministic jitter
        ax.scatter(i + offsets, values, s=9, color=PALETTE[0], alpha=0.6, zorder=3)
        ax.hlines(values.mean(), i - 0.3, i + 0.3, color=PALETTE[3], linewidth=2, zorder=4)
        if label in profile.index:
            error_bars(ax, [i + 0.34], profile.loc[[label]], "strength_mean", color=PALETTE[3])
    ax.set_xticks(range(len(order)), order)
    ax.set_xlim(-0.7, len(order) - 0.3)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Head-verb strength (0-5)")
    ax.set_title("Head-verb strength of the operative paragraphs (dots), mean (line) and 95% CI")
    registry_note(fig, tables, total)
    return fig


def directive_addressees(tables: Tables, groups: Sequence[tuple[str, str]], total: int | None = None):
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
        error_bars(ax, x + (i - middle) * width, frame, f"share_directive_{group}")
    # n under each label: a share of 1.0 may rest on one paragraph, and n = 0 explains an empty slot
    ax.set_xticks(x, [f"{label}\n(n = {n})" for label, n in zip(frame["label"], frame["n_directive"])])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Share of directive paragraphs")
    ax.legend(ncol=len(groups), loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8)
    ax.set_title("Whom the Parliament's demands address (paragraphs with a directive; 95% CI)")
    registry_note(fig, tables, total)
    return fig


def theme_heatmap(tables: Tables, total: int | None = None, language: str = "en"):
    """Resolution-by-theme heatmap: share of operative paragraphs that address each theme; ``None`` when
    no resolution is on disk."""
    matrix = tables["theme_matrix"].set_index("resolution")
    if matrix.empty:
        return None
    counts = tables["structure"].set_index("label")["paragraphs"]
    shares = matrix.div(counts.reindex(matrix.index), axis=0).fillna(0.0)
    names = theme_labels_in(language)
    fig, ax = new_figure(6.5, 0.9 + 0.22 * shares.shape[1])
    image = ax.imshow(shares.T.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=max(0.01, shares.to_numpy().max()))
    ax.set_yticks(range(shares.shape[1]), [names.get(t, t) for t in shares.columns], fontsize=7)
    ax.set_xticks(range(shares.shape[0]), shares.index)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="Share of operative paragraphs", shrink=0.6)
    ax.set_title("Themes of the operative paragraphs, by resolution")
    registry_note(fig, tables, total)
    return fig


def theme_strength(tables: Tables, focus: str, total: int | None = None, language: str = "en"):
    """Mean head-verb strength (bar, with its 95% interval) and mean strongest phrase (dot) of the
    paragraphs on each theme of the ``focus`` resolution (a DOCEO id), or of the latest if the focus
    is not on disk. Ranked themes come first, by ``rank``; a theme with too few paragraphs
    (``few_paragraphs``) is shown below them, hatched and marked, never ranked."""
    frame = tables["theme_strength"]
    if frame.empty:
        return None
    label = _labels(tables)[focus_document(tables["resolutions"], focus)]
    frame = frame[(frame["label"] == label) & (frame["n_paragraphs"] > 0)].copy()
    frame["_few"] = frame["few_paragraphs"].astype(bool)
    frame = frame.sort_values(["_few", "rank", "strength_mean", "theme"], ascending=[True, True, False, True],
                              na_position="last", kind="stable").iloc[::-1]  # drawn bottom to top
    names = theme_labels_in(language)
    fig, ax = new_figure(6.5, 1.0 + 0.22 * len(frame))
    ticks = [f"{names.get(t, t)} (n={n}{', too few to rank' if few else ''})"
             for t, n, few in zip(frame["theme"], frame["n_paragraphs"], frame["_few"])]
    y = np.arange(len(frame))
    ax.barh(y, frame["strength_mean"], color=[PALETTE[4] if few else PALETTE[0] for few in frame["_few"]],
            hatch=None, edgecolor="white")
    for bar, few in zip(ax.patches, frame["_few"]):
        bar.set_hatch("///" if few else None)
    error_bars(ax, y, frame, "strength_mean", horizontal=True)
    ax.scatter(frame["max_strength_mean"], y + 0.25, color="black", s=10, zorder=3,
               label="Mean of the strongest phrase")
    ax.set_yticks(y, ticks)
    ax.set_xlim(0, 5)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("Mean head-verb strength (0-5), 95% CI")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=7)  # below the axes: hides no bar or dot
    ax.set_title(f"Which themes get the strongest language ({label}); hatched: too few paragraphs")
    registry_note(fig, tables, total)
    return fig


def theme_strength_over_time(tables: Tables, themes: Sequence[str], total: int | None = None,
                             language: str = "en"):
    """Mean head-verb strength (with its 95% interval) of the paragraphs on the ``themes`` followed,
    per resolution; the themes are dodged sideways so that close points stay visible."""
    frame = tables["theme_strength"]
    frame = frame[frame["theme"].isin(themes) & (frame["n_paragraphs"] > 0)]
    if frame.empty:
        return None
    order = list(tables["resolutions"]["label"])
    names = theme_labels_in(language)
    shown = [t for t in themes if t in set(frame["theme"])]
    fig, ax = new_figure(6.5, 3.2)
    for i, theme in enumerate(shown):
        rows = frame[frame["theme"] == theme].set_index("label").reindex(order)
        x = np.arange(len(order)) + (i - (len(shown) - 1) / 2) * 0.6 / max(len(shown), 1)  # dodge
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(x, rows["strength_mean"], marker="o", color=colour, label=names.get(theme, theme), zorder=3)
        error_bars(ax, x, rows, "strength_mean", color=colour)
    ax.set_xticks(range(len(order)), order)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Mean head-verb strength (0-5), 95% CI")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title("Strength of language on selected themes, by resolution")
    registry_note(fig, tables, total)
    return fig


def focus_paragraph_strength(tables: Tables, focus: str, language: str = "en"):
    """Head-verb strength per paragraph of the ``focus`` resolution (a DOCEO id), or of the latest if
    the focus is not on disk; ``None`` when no resolution is."""
    document = focus_document(tables["resolutions"], focus)
    if document is None:
        return None
    frame = tables["paragraphs"][tables["paragraphs"]["document"] == document]
    return plot_paragraph_strength(frame, title=f"Head-verb strength per operative paragraph ({_labels(tables)[document]})",
                                   language=language)


def report_figures(case: Case, language: str | None = None) -> dict[str, Figure]:
    """The report's figures for ``case``, by file name: each a function of the report's tables, with
    labels in ``language`` (default: the case's)."""
    from analysis.corpus.registry import load_registry

    themes = case.themes or tuple(theme_ids())
    language = language or case.labels
    total = len(load_registry(case.registry))
    part = functools.partial
    return {
        "structure_by_resolution": part(structure_by_resolution, total=total),
        "act_shares_by_resolution": part(act_shares_by_resolution, total=total, language=language),
        "strength_by_resolution": part(strength_by_resolution, total=total),
        "directive_addressees": part(directive_addressees, groups=[(g.group, g.label) for g in case.groups],
                                     total=total),
        "theme_heatmap": part(theme_heatmap, total=total, language=language),
        "theme_strength": part(theme_strength, focus=case.focus, total=total, language=language),
        "theme_strength_over_time": part(theme_strength_over_time, themes=themes, total=total, language=language),
        "focus_paragraph_strength": part(focus_paragraph_strength, focus=case.focus, language=language),
    }


def save(fig, name: str, directory: Path) -> list[Path]:
    """Save a report figure in every format."""
    return save_figure(fig, name, directory)
