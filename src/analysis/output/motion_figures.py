"""One figure per resolution whose group motions are on disk: what became of each group's paragraphs.

A horizontal bar per group motion, split by the ``outcome`` of its operative paragraphs in the
adopted text (:mod:`analysis.compare.motions`): survived stronger, the same, weaker, survived with
an unscored head verb, or not adopted; beside each bar, the themes of the motion that the adopted
text dropped. Drawn from the ``motion_paragraphs`` and ``motion_groups`` tables only, so never any
text; absent tables (no motions on disk) give no figure.
"""

from __future__ import annotations

import pandas as pd

from analysis import cells
from analysis.compare.motions import OUTCOMES
from analysis.output.style import PALETTE, new_figure
from analysis.resources.concepts import theme_labels_in

#: Colour and legend text of each outcome, in :data:`analysis.compare.motions.OUTCOMES` order.
OUTCOME_STYLE = {
    "stronger": (PALETTE[2], "survived, stronger verb"),
    "same": (PALETTE[0], "survived, same strength"),
    "weaker": (PALETTE[1], "survived, weaker verb"),
    "unscored": ("#999999", "survived, verb unscored"),
    "not_adopted": ("#DDDDDD", "not adopted"),
}


def figure_name(document: str) -> str:
    """The file name (without suffix) of the figure of the adopted ``document``."""
    return f"motions_{document}"


def motion_outcomes(tables: dict[str, pd.DataFrame], document: str, language: str = "en"):
    """The figure of one adopted ``document`` (see the module docstring), or ``None`` if it has no motions."""
    paragraphs = tables.get("motion_paragraphs")
    groups = tables.get("motion_groups")
    if paragraphs is None or groups is None or document not in set(groups["document"]):
        return None
    mine = groups[groups["document"] == document].reset_index(drop=True)
    counts = (paragraphs[paragraphs["document"] == document].groupby(["motion", "outcome"]).size()
              .unstack(fill_value=0).reindex(index=mine["motion"], columns=list(OUTCOMES), fill_value=0))
    names = theme_labels_in(language)
    fig, ax = new_figure(6.5, 0.9 + 0.45 * len(mine))
    left = pd.Series(0, index=counts.index)
    for outcome in OUTCOMES:
        colour, text = OUTCOME_STYLE[outcome]
        ax.barh(range(len(mine)), counts[outcome], left=left, color=colour, label=text, height=0.6)
        left = left + counts[outcome]
    for i, row in mine.iterrows():
        dropped = [names.get(t, t) for t in cells.split(row["themes_dropped"])]
        if dropped:
            ax.text(left.iloc[i] + 0.15, i, "dropped: " + ", ".join(dropped), va="center", fontsize=7)
    ax.set_yticks(range(len(mine)), [f"{g} ({r})" for g, r in zip(mine["group"], mine["reference"])])
    ax.invert_yaxis()
    ax.set_axisbelow(True)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("operative paragraphs of the group's motion")
    label = dict(zip(tables["resolutions"]["document"], tables["resolutions"]["label"])).get(document, document)
    ax.set_title(f"Group motions against the adopted text of {label}")
    ax.set_xlim(0, max(1, int(left.max())) * 1.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(mine) < 3 else -0.18), ncol=3, fontsize=7)
    return fig


def motion_figures(tables: dict[str, pd.DataFrame], language: str = "en") -> dict[str, object]:
    """The figure of every resolution with motions on disk, by file name (none without motions)."""
    groups = tables.get("motion_groups")
    if groups is None or groups.empty:
        return {}
    return {figure_name(d): motion_outcomes(tables, d, language) for d in sorted(set(groups["document"]))}
