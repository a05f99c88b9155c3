"""Themes over time: which themes each resolution codes, which appear, persist and disappear, and
how strongly the Parliament words its demands on each.

``themes`` is a ``;``-joined list of theme ids per paragraph: ``uncovered``
(:data:`~analysis.resources.taxonomy.UNCOVERED`) when the classifier found no theme, empty when themes
were not classified. ``uncovered`` is counted in the matrix beside the themes (#14) and is no theme of
the dynamics or the strength tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis import cells
from analysis.extract.chronology import resolutions_of
from analysis.compare.uncertainty import interval_columns, mean_intervals
from analysis.compare.verbs import scored
from analysis.extract.chronology import attach, label_year
from analysis.resources.robustness import load_robustness
from analysis.resources.taxonomy import UNCOVERED, theme_ids

DYNAMICS_COLUMNS = ["theme", "first_year", "last_year", "n_present", "years_present", "status"]
THEME_STRENGTH_COLUMNS = ["document", "year", "label", "theme", "n_paragraphs", "n_strength",
                          *interval_columns("strength_mean"), "n_max_strength", *interval_columns("max_strength_mean"),
                          "few_paragraphs", "rank"]


def _exploded_themes(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (paragraph, theme); paragraphs without a theme are dropped."""
    exploded = cells.explode(frame.assign(theme=frame["themes"]), "theme")
    return exploded.drop_duplicates([c for c in exploded.columns if c != "themes"])


def _theme_order(seen: Iterable[str], themes: Sequence[str] | None) -> list[str]:
    """Taxonomy (or given) order, then any other theme seen, sorted (never :data:`UNCOVERED`)."""
    base = [t for t in (themes if themes is not None else theme_ids()) if t != UNCOVERED]
    return base + sorted(set(seen) - set(base) - {UNCOVERED})


def theme_matrix(classified: pd.DataFrame, labels: pd.DataFrame, normalise: bool = False,
                 themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Resolution x theme: number of paragraphs coding each theme (or their share if ``normalise``).

    Rows are indexed by resolution ``label`` (index name ``resolution``) in date order;
    columns (name ``theme``) are every theme of ``themes`` (default: the taxonomy
    ``data/taxonomy/themes.csv``, or the themes seen, sorted, if there is no taxonomy) in
    that order, followed by any other theme seen, and last ``uncovered``: the paragraphs in which
    the classifier found no theme, so that every paragraph is counted somewhere. With
    ``normalise`` a cell is the share of the resolution's paragraphs (those without a theme
    included) that code the theme.
    Works on the classifier's output or on any frame with ``document`` and ``themes`` (for
    parser units with themes, every row given counts: filter to the kinds wanted first).
    """
    seen = _exploded_themes(classified)["theme"] if not classified.empty else []
    columns = _theme_order(seen, themes) + [UNCOVERED]
    if classified.empty:
        empty = pd.DataFrame(columns=columns, dtype=float if normalise else int)
        empty.index.name, empty.columns.name = "resolution", "theme"
        return empty
    frame = attach(classified, labels)
    resolutions = frame[["_order", "label"]].drop_duplicates().sort_values("_order")
    exploded = _exploded_themes(frame)
    counts = pd.crosstab(exploded["label"], exploded["theme"]) if not exploded.empty else pd.DataFrame()
    matrix = counts.reindex(index=resolutions["label"], columns=columns, fill_value=0).fillna(0).astype(int)
    if normalise:
        totals = frame.groupby("label").size().reindex(matrix.index)
        matrix = matrix.div(totals, axis=0).astype(float)
    matrix.index.name, matrix.columns.name = "resolution", "theme"
    return matrix


def _status(present: list[bool]) -> str:
    """Classify a presence pattern over resolutions in date order (see :func:`theme_dynamics`)."""
    n, k = len(present), sum(present)
    if k == 0:
        return "absent"
    if k == 1 and (n == 1 or not present[-1]):
        return "single"
    if k == n:
        return "persistent"
    first = present.index(True)
    last = n - 1 - present[::-1].index(True)
    contiguous = all(present[first:last + 1])
    if contiguous and not present[0] and present[-1]:
        return "new"
    if contiguous and not present[-1]:
        return "dropped"
    return "intermittent"


def theme_dynamics(matrix: pd.DataFrame) -> pd.DataFrame:
    """For each theme of a :func:`theme_matrix`: when it appears and how it evolves.

    Rows of ``matrix`` are read as resolutions in date order; a theme is present in a
    resolution when its cell is > 0. ``status``, first rule that applies:

    * ``absent``: in no resolution;
    * ``single``: in exactly one resolution that is not the latest (or the only one);
    * ``persistent``: in every resolution (at least two);
    * ``new``: not in the first resolution, and in every resolution from its first
      appearance to the latest (a theme seen only in the latest resolution is new);
    * ``dropped``: not in the latest resolution, after one unbroken run of appearances;
    * ``intermittent``: any other pattern (it comes and goes).

    ``first_year``/``last_year`` are the years (from the labels) of its first and last
    appearance, ``years_present`` the ``;``-joined labels of the resolutions coding it.
    """
    if matrix.empty:  # no resolution or no theme
        return pd.DataFrame(columns=DYNAMICS_COLUMNS)
    labels = [str(label) for label in matrix.index]
    rows = []
    for theme in [t for t in matrix.columns if t != UNCOVERED]:  # a count beside the themes, not a theme
        present = [bool(v) for v in (matrix[theme].fillna(0) > 0)]
        where = [label for label, p in zip(labels, present) if p]
        rows.append({"theme": theme,
                     "first_year": label_year(where[0]) if where else None,
                     "last_year": label_year(where[-1]) if where else None,
                     "n_present": len(where), "years_present": cells.join(where),
                     "status": _status(present)})
    frame = pd.DataFrame(rows, columns=DYNAMICS_COLUMNS)
    for column in ("first_year", "last_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def theme_strength(classified: pd.DataFrame, labels: pd.DataFrame,
                   themes: Sequence[str] | None = None, min_paragraphs: int | None = None) -> pd.DataFrame:
    """Long frame: how hard the Parliament pushes on each theme in each resolution.

    One row per (resolution, theme coded in it): ``n_paragraphs`` coding the theme, the
    mean head-verb ``strength`` and the mean ``max_strength`` of those paragraphs, taken over
    ``n_strength`` and ``n_max_strength`` of them (a paragraph with several themes counts for
    each; procedural and unclassified paragraphs are counted in ``n_paragraphs`` but left out of
    the means, see :func:`analysis.compare.verbs.scored`). Rows: date order, then
    theme order as in :func:`theme_matrix`.

    Each mean has a bootstrap interval (``<mean>_ci_low``, ``<mean>_ci_high``; the theme's paragraphs
    of the resolution resampled, :mod:`analysis.compare.uncertainty`). A theme with fewer than
    ``min_paragraphs`` scored paragraphs (default ``themes.min_paragraphs`` of
    ``data/config/robustness.toml``) has ``few_paragraphs`` true and no ``rank``; the others are
    ranked within the resolution by ``strength_mean``, highest first (ties: theme order), from 1.
    """
    if classified.empty:
        return pd.DataFrame(columns=THEME_STRENGTH_COLUMNS)
    exploded = _exploded_themes(attach(scored(classified), labels))
    exploded = exploded[exploded["theme"] != UNCOVERED]
    if exploded.empty:
        return pd.DataFrame(columns=THEME_STRENGTH_COLUMNS)
    order = {t: i for i, t in enumerate(_theme_order(exploded["theme"], themes))}
    exploded["_theme"] = exploded["theme"].map(order)
    grouped = exploded.groupby(["_order", "_theme", "theme"], sort=True)
    result = grouped.agg(n_paragraphs=("theme", "size"), n_strength=("strength", "count"),
                         strength_mean=("strength", "mean"), n_max_strength=("max_strength", "count"),
                         max_strength_mean=("max_strength", "mean")).reset_index()
    result = result.join(resolutions_of(exploded), on="_order")
    for column in ("n_paragraphs", "n_strength", "n_max_strength"):
        result[column] = result[column].astype(int)
    exploded["_key"] = exploded["document"] + "|" + exploded["theme"]
    result["_key"] = result["document"] + "|" + result["theme"]
    for column in ("strength", "max_strength"):
        intervals = mean_intervals(exploded, "_key", column)
        for name in intervals.columns:
            result[name] = result["_key"].map(intervals[name]).astype(float)
    minimum = load_robustness().min_paragraphs if min_paragraphs is None else min_paragraphs
    result["few_paragraphs"] = result["n_strength"] < minimum
    ranked = result[~result["few_paragraphs"] & result["strength_mean"].notna()].sort_values(
        ["_order", "strength_mean", "_theme"], ascending=[True, False, True], kind="stable")
    result["rank"] = (ranked.groupby("_order").cumcount() + 1).reindex(result.index).astype("Int64")
    return result.sort_values(["_order", "_theme"], kind="stable")[THEME_STRENGTH_COLUMNS].reset_index(drop=True)
