"""Figures of verb strength (used by notebook 02 and the report). Axis labels are English; acts
and phrases are labelled in the ``language`` asked for (:mod:`analysis.resources.concepts`: in
English a phrase is shown by the canonical label of its concept); with no language, a phrase is
shown as found with its English gloss."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.extract.chronology import number_rank
from analysis.output.style import error_bars, new_figure
from analysis.resources.acts import act_colours, act_ids
from analysis.resources.concepts import act_labels_in, phrase_labels
from analysis.resources.lexicon import Lexicon, load_lexicon

#: Colour of a bar whose act has no row in ``data/taxonomy/acts.csv``.
UNKNOWN_COLOUR = "#DDDDDD"


def plot_act_shares(summary: pd.DataFrame, labels: Mapping[str, str] | None = None, title: str | None = None,
                    language: str = "en"):
    """Stacked horizontal bars: share of each act type over all verb phrases per document (from
    ``verbs.act_summary``); with ``ci_low`` and ``ci_high`` columns, each segment's interval is drawn
    as an error bar at its right end."""
    table = summary.pivot(index="document", columns="act", values="share").fillna(0.0)
    table = table.reindex(columns=[a for a in act_ids() if a in table.columns])
    table.index = [labels.get(d, d) if labels else d for d in table.index]
    table = table.sort_index()
    fig, ax = new_figure(6.5, max(2.0, 0.6 + 0.45 * len(table)))
    left = pd.Series(0.0, index=table.index)
    colours, names = act_colours(), act_labels_in(language)
    has_ci = {"ci_low", "ci_high"} <= set(summary.columns)
    for act in table.columns:
        ax.barh(table.index, table[act], left=left, color=colours[act], label=names[act],
                edgecolor="white", linewidth=0.5)
        if has_ci:
            ci = summary[summary["act"] == act].assign(
                document=lambda f: [labels.get(d, d) if labels else d for d in f["document"]]).set_index("document")
            ci = ci.reindex(table.index)
            shifted = pd.DataFrame({"end": left + table[act], "end_ci_low": left + ci["ci_low"],
                                    "end_ci_high": left + ci["ci_high"]})
            offset = (list(table.columns).index(act) + 0.5) / len(table.columns) * 0.6 - 0.3  # one height per act
            error_bars(ax, [i + offset for i in range(len(table))], shifted[table[act] > 0].reindex(table.index),
                       "end", horizontal=True)
        left += table[act]
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of all operative verb phrases" + (" (error bars: 95% CI)" if has_ci else ""))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ax.set_title(title or "Speech-act types of the Parliament's operative verbs")
    return fig


def plot_paragraph_strength(classified: pd.DataFrame, title: str | None = None, language: str = "en"):
    """Bars of head-verb strength per operative paragraph of one document, coloured by act,
    with a dot for the strongest phrase in the paragraph."""
    frame = classified.assign(_rank=number_rank(classified["number"])).sort_values("_rank", kind="stable")
    x = list(range(len(frame)))  # one slot per paragraph, so "3a" gets its own bar
    fig, ax = new_figure(6.5, 3.0)
    palette, names = act_colours(), act_labels_in(language)
    colours = [palette.get(a, UNKNOWN_COLOUR) for a in frame["act"]]
    ax.bar(x, frame["strength"].fillna(0), color=colours, width=0.8)
    ax.scatter(x, frame["max_strength"], color="black", s=10, zorder=3, label="Strongest phrase")
    ax.set_xticks(x, frame["number"].astype(str))
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel("Operative paragraph")
    ax.set_ylabel("Strength (0-5)")
    ax.set_ylim(0, 5.2)
    handles = [_patch(palette[a], names[a]) for a in act_ids() if a in set(frame["act"])]
    ax.legend(handles=handles + [ax.collections[0]], ncol=3, fontsize=7, loc="upper center",
              bbox_to_anchor=(0.5, -0.2))
    ax.set_title(title or "Strength of the head verb of each operative paragraph")
    return fig


def plot_phrase_frequency(verbs_found: pd.DataFrame, lexicon: Lexicon | None = None, top: int = 15,
                          title: str | None = None, language: str | None = None):
    """Horizontal bars: the most frequent operative phrases, labelled "phrase (English gloss)", or,
    with a ``language``, by their label in it (phrases of one concept counted together in English)."""
    lexicon = lexicon or load_lexicon()
    if language is not None:
        verbs_found = verbs_found.assign(phrase=phrase_labels(verbs_found, language, lexicon.verbs).where(
            verbs_found["concept"].fillna("") != "", verbs_found["phrase"]), language=language)
    gloss = {(r.lang, r.phrase): r.gloss_en for r in lexicon.verbs.itertuples()} if "gloss_en" in lexicon.verbs else {}
    found_in = verbs_found.get("language")
    counts = (verbs_found.assign(lang=found_in if found_in is not None else "bg")
              .groupby(["lang", "phrase", "act"]).size().rename("n").reset_index()
              .sort_values(["n", "phrase"], ascending=[False, True], kind="stable").head(top).iloc[::-1])
    names = [f"{p} ({gloss.get((lang, p), '').split(';')[0].strip()})" if gloss.get((lang, p)) and lang != "en" else p
             for lang, p in zip(counts["lang"], counts["phrase"])]
    fig, ax = new_figure(6.5, 0.6 + 0.25 * len(counts))
    palette = act_colours()
    ax.barh(names, counts["n"], color=[palette[a] for a in counts["act"]])
    ax.set_xlabel("Occurrences")
    ax.grid(axis="y", visible=False)
    handles = [_patch(palette[a], act_labels_in(language or "en")[a]) for a in act_ids() if a in set(counts["act"])]
    ax.legend(handles=handles, fontsize=7, loc="lower right")
    ax.set_title(title or "Most frequent operative phrases")
    return fig


def _patch(colour: str, label: str):
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)
