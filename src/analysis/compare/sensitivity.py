"""Does the ranking of the resolutions survive another strength scale?

Every scored paragraph (head verb known, act scored, see :func:`analysis.compare.verbs.scored`) is
given its head verb's value on each scale of ``data/taxonomy/scales.csv`` (one row per act and
strength); a resolution's ``score`` on a scale is the mean over its scored paragraphs, with a
bootstrap interval (:mod:`analysis.compare.uncertainty`; the same resamples for every scale, those of
the verb profile's ``strength_mean``). The resolutions are ranked on each scale
(1 = most pressure: highest mean for a ``descending`` scale, lowest for an ``ascending`` one such as
the conflict-cooperation scale; ties share the better rank); ``rank_changed`` marks a resolution
whose rank differs from its rank on the default (first) scale. The method is documented in
``docs/codebook_verbs.md`` §6.5.
"""

from __future__ import annotations

import pandas as pd

from analysis.compare.uncertainty import interval_columns, mean_intervals
from analysis.compare.verbs import scored
from analysis.errors import InputError
from analysis.extract.chronology import attach, resolutions_of
from analysis.resources.robustness import Robustness, load_robustness, load_scales

SENSITIVITY_COLUMNS = ["document", "year", "label", "scale", "scale_label", "n_scored", *interval_columns("score"),
                       "rank", "rank_default", "rank_changed"]


def sensitivity(classified: pd.DataFrame, labels: pd.DataFrame, scales: pd.DataFrame | None = None,
                settings: Robustness | None = None) -> pd.DataFrame:
    """One row per (resolution, scale): the mean head-verb value, its interval and the resolution's rank.

    ``scales`` (default :func:`~analysis.resources.robustness.load_scales`) maps (``act``, ``strength``)
    to one column per scale of ``settings``. A scored paragraph whose (act, strength) has no row is an
    :class:`~analysis.errors.InputError` (e.g. a reviewed code off the lexicon's scale).
    """
    settings = settings or load_robustness()
    scales = load_scales() if scales is None else scales
    if classified.empty:
        return pd.DataFrame(columns=SENSITIVITY_COLUMNS)
    frame = attach(scored(classified), labels)
    resolutions = resolutions_of(frame)
    frame = frame[frame["strength"].notna()]
    valued = frame.merge(scales, on=["act", "strength"], how="left", suffixes=("", "_scale"), indicator=True)
    unknown = valued[valued["_merge"] == "left_only"]
    if not unknown.empty:
        row = unknown.iloc[0]
        raise InputError(f"paragraph {row['document']} {row['number']}: act {row['act']} with strength "
                         f"{row['strength']} has no row in data/taxonomy/scales.csv")
    rows = []
    for scale in settings.scales:
        part = resolutions.copy()
        part["scale"], part["scale_label"] = scale.name, scale.label
        by_resolution = valued.groupby("_order")[scale.name]
        part["n_scored"] = by_resolution.count().reindex(part.index, fill_value=0).astype(int)
        part["score"] = by_resolution.mean().reindex(part.index)
        # keyed like the verb profile's strength_mean: every scale sees the same resamples (paired), and
        # the codebook row's interval is the verb profile's
        intervals = mean_intervals(valued.assign(_key=valued["document"]), "_key", scale.name, "strength_mean",
                                   settings)
        for column, name in zip(intervals.columns, ("score_ci_low", "score_ci_high")):
            part[name] = part["document"].map(intervals[column]).astype(float)
        part["rank"] = part["score"].round(10).rank(method="min", ascending=scale.order == "ascending").astype("Int64")
        rows.append(part)
    result = pd.concat(rows)
    default = rows[0].set_index("document")["rank"]
    result["rank_default"] = result["document"].map(default).astype("Int64")
    result["rank_changed"] = (result["rank"] != result["rank_default"]).fillna(False).astype(bool)
    order = {s.name: i for i, s in enumerate(settings.scales)}
    result = result.reset_index().sort_values(["_order", "scale"], key=lambda c: c.map(order) if c.name == "scale"
                                              else c, kind="stable")
    return result[SENSITIVITY_COLUMNS].reset_index(drop=True)
