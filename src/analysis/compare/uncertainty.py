"""Percentile bootstrap confidence intervals of per-resolution means and shares.

The paragraphs of one resolution are resampled with replacement (``resamples`` times, numpy's
``default_rng`` seeded by the configured seed, the resolution and the measure, so that a number
depends only on its own resolution's paragraphs and the settings in
``data/config/robustness.toml``). A mean is a ratio whose denominators are 1; a share over verb
phrases is the ratio of a paragraph's phrases of one act to its phrases (the paragraph, not the
phrase, is resampled). The interval is the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2``
percentiles of the resampled ratios; with one paragraph it is the value itself, with none ``NaN``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.resources.robustness import Robustness, load_robustness

#: Suffixes of the two interval columns that follow a measure's column.
LOW, HIGH = "_ci_low", "_ci_high"


def interval_columns(measure: str) -> list[str]:
    """``[measure, measure_ci_low, measure_ci_high]``."""
    return [measure, measure + LOW, measure + HIGH]


def _rng(settings: Robustness, key: Sequence[str]) -> np.random.Generator:
    return np.random.default_rng([settings.seed, *(zlib.crc32(str(k).encode("utf-8")) for k in key)])


def ratio_interval(numerators: Sequence[float], denominators: Sequence[float] | None = None,
                   key: Sequence[str] = (), settings: Robustness | None = None) -> tuple[float, float]:
    """``(low, high)`` of sum(numerators)/sum(denominators) over paragraphs resampled with replacement.

    ``key`` (e.g. resolution and measure) seeds the generator beside the configured seed. Resamples
    whose denominators sum to 0 are left out; with no paragraph the interval is ``(NaN, NaN)``.
    """
    settings = settings or load_robustness()
    num = np.asarray(numerators, dtype=float)
    den = np.ones_like(num) if denominators is None else np.asarray(denominators, dtype=float)
    if num.size == 0 or den.sum() == 0:
        return (float("nan"), float("nan"))
    if num.size == 1:
        value = float(num[0] / den[0])
        return (value, value)
    draws = _rng(settings, key).integers(0, num.size, size=(settings.resamples, num.size))
    totals = den[draws].sum(axis=1)
    ratios = num[draws].sum(axis=1)[totals > 0] / totals[totals > 0]
    tail = (1 - settings.confidence) / 2 * 100
    low, high = np.percentile(ratios, [tail, 100 - tail])
    return (float(low), float(high))


def mean_intervals(frame: pd.DataFrame, by: str, column: str, measure: str | None = None,
                   settings: Robustness | None = None) -> pd.DataFrame:
    """Per value of ``by`` (e.g. ``document``): the interval of the mean of ``column``'s non-missing
    values, as columns ``<measure>_ci_low`` and ``<measure>_ci_high`` indexed by ``by``."""
    measure = measure or f"{column}_mean"
    rows = {}
    for group, values in frame.groupby(by, sort=True)[column]:
        rows[group] = ratio_interval(values.dropna().to_numpy(), key=(str(group), measure), settings=settings)
    return pd.DataFrame.from_dict(rows, orient="index", columns=[measure + LOW, measure + HIGH])


def share_intervals(frame: pd.DataFrame, by: str, numerator: str, denominator: str, measure: str,
                    settings: Robustness | None = None) -> pd.DataFrame:
    """Per value of ``by``: the interval of sum(``numerator``)/sum(``denominator``) over its rows (one
    row per paragraph), as ``<measure>_ci_low``/``_ci_high`` indexed by ``by``."""
    rows = {}
    for group, part in frame.groupby(by, sort=True):
        rows[group] = ratio_interval(part[numerator].to_numpy(), part[denominator].to_numpy(),
                                     key=(str(group), measure), settings=settings)
    return pd.DataFrame.from_dict(rows, orient="index", columns=[measure + LOW, measure + HIGH])
