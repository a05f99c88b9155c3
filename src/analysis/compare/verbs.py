"""Verb strength per resolution: head acts, strength statistics, whom the directives address,
and the strongest paragraphs.

Measures over head (opening) verbs and over all verb phrases are named apart: ``share_<act>_head``
is a share of paragraphs by their head verb's act, ``share_<act>_phrases`` a share of all verb
phrases. Every mean and share has a percentile bootstrap interval in ``<measure>_ci_low`` and
``<measure>_ci_high`` (:mod:`analysis.compare.uncertainty`, paragraphs resampled).

``strength`` is the strength of a paragraph's head (opening) verb, ``max_strength`` the strongest
verb anywhere in it (see :mod:`analysis.classify.verbs`). An unclassified paragraph (no lexicon
phrase opens it) has no ``strength`` (``NaN``), and no ``max_strength`` either only if no lexicon
phrase stands anywhere in it: one that opens with unknown words and "calls for" later counts in
``n_max_strength`` but not in ``n_strength``. ``NaN`` is skipped by means, medians and maxima; every
paragraph is counted in ``n_paragraphs``. Every mean or share
says over how many paragraphs it was taken: ``n_paragraphs`` (the act shares), ``n_strength``
(head-verb strength), ``n_max_strength`` (strongest verb), ``n_directive`` (addressee shares).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import cells
from analysis.compare.uncertainty import interval_columns, mean_intervals, share_intervals
from analysis.extract.chronology import number_rank, resolutions_of
from analysis.extract.chronology import attach
from analysis.resources.acts import DIRECTIVE, UNCLASSIFIED, act_ids, unscored_acts


#: Directive columns that follow the addressee groups of a case: groups not shown, and no addressee.
OTHER, UNADDRESSED = "other", "unaddressed"
#: Suffixes of the act shares over head verbs and over all phrases; no addressee group may take them.
HEAD, PHRASES = "head", "phrases"
STRONGEST_COLUMNS = ["document", "year", "label", "rank", "number", "head_verb", "act", "strength",
                     "max_strength", "addressees", "themes"]


def verb_profile_columns(groups: Sequence[str]) -> list[str]:
    """Columns of :func:`verb_profile` for the addressee ``groups`` shown (e.g. the case's target first)."""
    targets = [*groups, OTHER, UNADDRESSED]
    acts = act_ids(unclassified=True)
    return (["document", "year", "label", "n_paragraphs"]
            + [c for a in acts for c in interval_columns(f"share_{a}_{HEAD}")] + ["n_phrases"]
            + [c for a in acts if a != UNCLASSIFIED for c in interval_columns(f"share_{a}_{PHRASES}")]
            + ["n_strength", *interval_columns("strength_mean"), "strength_median", "strength_max", "n_max_strength",
               *interval_columns("max_strength_mean"), "n_directive"]
            + [c for t in targets for c in interval_columns(f"share_directive_{t}")] + ["n_unclassified"])


def scored(classified: pd.DataFrame, unscored: Sequence[str] | None = None) -> pd.DataFrame:
    """``classified`` with ``strength`` and ``max_strength`` blanked (NaN) where the head act is in
    ``unscored`` (default: the acts that ``data/taxonomy/acts.csv`` marks unscored, the procedural
    forwarding clause, codebook_verbs §6.4): means, medians and maxima then leave those paragraphs
    out, counts keep them."""
    unscored = unscored_acts() if unscored is None else unscored
    frame = classified.copy()
    keep = ~frame["act"].isin(list(unscored))
    for column in ("strength", "max_strength"):
        frame[column] = frame[column].where(keep)
    return frame



def verb_profile(classified: pd.DataFrame, labels: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Per resolution: head acts, strength statistics and whom its directives address.

    * ``share_<act>_head``: share of the resolution's paragraphs whose head act is ``<act>``
      (the acts of ``data/taxonomy/acts.csv``, ``unclassified`` included; they sum to 1).
    * ``share_<act>_phrases``: share of the resolution's ``n_phrases`` verb phrases (every phrase of
      every paragraph, from its ``acts`` cell) whose act is ``<act>``; they sum to 1.
    * ``strength_mean/median/max``: of the head-verb strength, over ``n_strength`` paragraphs;
      ``max_strength_mean``: mean of each paragraph's strongest verb, over ``n_max_strength``.
      Unclassified paragraphs and those whose head act is unscored in ``data/taxonomy/acts.csv``
      (the procedural forwarding clause) are left out (:func:`scored`).
    * Directives: ``n_directive`` paragraphs have ``directive`` anywhere in ``acts``. Of
      those, ``share_directive_<g>`` name at least one addressee of group ``<g>`` for each of
      the addressee ``groups`` (ids of ``data/lexicons/addressees.csv``, e.g. the case's target
      state and the EU), ``share_directive_other`` of any other group, and
      ``share_directive_unaddressed`` none (impersonal "calls for ..."). A paragraph addressing
      two groups counts in both, so those shares can sum to more than 1; ``unaddressed``
      excludes the others. With no directive paragraph the shares are ``NaN``.
    * ``n_unclassified``: paragraphs with no known head verb.
    * Every mean and share ``<m>`` is followed by ``<m>_ci_low`` and ``<m>_ci_high``: its percentile
      bootstrap interval, the paragraphs of the resolution resampled (a mean or a share over the same
      paragraphs as ``<m>``; :mod:`analysis.compare.uncertainty`).
    """
    groups = list(groups)
    clash = {OTHER, UNADDRESSED, HEAD, PHRASES} & set(groups)
    if clash:
        raise ValueError(f"addressee group may not be called {sorted(clash)[0]!r} (a column of its own)")
    columns = verb_profile_columns(groups)
    if classified.empty:
        return pd.DataFrame(columns=columns)
    frame = attach(scored(classified), labels)
    by_resolution = frame.groupby("_order", sort=True)
    result = resolutions_of(frame)
    result["n_paragraphs"] = by_resolution.size()
    keyed = frame.assign(_key=frame["document"], _one=1.0)
    phrase_acts = frame["acts"].map(cells.split)
    keyed["_phrases"] = phrase_acts.map(len).astype(float)
    for act in act_ids(unclassified=True):
        keyed[f"_{act}"] = (frame["act"] == act).astype(float)
        result[f"share_{act}_{HEAD}"] = keyed.groupby("_order")[f"_{act}"].mean()
        _intervals(result, keyed, share_intervals(keyed, "_key", f"_{act}", "_one", f"share_{act}_{HEAD}"))
    result["n_phrases"] = keyed.groupby("_order")["_phrases"].sum().astype(int)
    for act in act_ids():
        keyed[f"_p_{act}"] = phrase_acts.map(lambda found, act=act: float(found.count(act)))
        measure = f"share_{act}_{PHRASES}"
        result[measure] = keyed.groupby("_order")[f"_p_{act}"].sum() / result["n_phrases"].where(result["n_phrases"] > 0)
        _intervals(result, keyed, share_intervals(keyed, "_key", f"_p_{act}", "_phrases", measure))
    result["n_strength"] = by_resolution["strength"].count().astype(int)
    result["n_max_strength"] = by_resolution["max_strength"].count().astype(int)
    result["strength_mean"] = by_resolution["strength"].mean()
    result["strength_median"] = by_resolution["strength"].median()
    result["strength_max"] = by_resolution["strength"].max()
    result["max_strength_mean"] = by_resolution["max_strength"].mean()
    for column in ("strength", "max_strength"):
        _intervals(result, keyed, mean_intervals(keyed, "_key", column))
    directive = frame[cells.contains(frame["acts"], DIRECTIVE)]
    named = directive["addressee_groups"].map(lambda cell: set(cells.split(cell)))
    to = pd.DataFrame({"_order": directive["_order"], "_key": keyed.loc[directive.index, "_key"]})
    for group in groups:
        to[group] = named.map(lambda g, group=group: group in g)
    to[OTHER] = named.map(lambda g: bool(g - set(groups)))
    to[UNADDRESSED] = named.map(lambda g: not g)
    by_doc = to.groupby("_order", sort=True)
    result["n_directive"] = by_doc.size().reindex(result.index, fill_value=0).astype(int)
    for target in [*groups, OTHER, UNADDRESSED]:
        measure = f"share_directive_{target}"
        result[measure] = by_doc[target].mean().reindex(result.index).astype(float)
        _intervals(result, keyed, mean_intervals(to.assign(**{target: to[target].astype(float)}), "_key", target,
                                                 measure))
    result["n_unclassified"] = (frame["act"] == UNCLASSIFIED).groupby(frame["_order"]).sum().astype(int)
    return result.sort_index()[columns].reset_index(drop=True)


def _intervals(result: pd.DataFrame, keyed: pd.DataFrame, intervals: pd.DataFrame) -> None:
    """Put ``intervals`` (indexed by document key) into ``result`` (indexed by ``_order``); a resolution
    with none (no directive) gets ``NaN``."""
    keys = keyed.groupby("_order", sort=True)["_key"].first()
    for column in intervals.columns:
        result[column] = keys.map(intervals[column]).reindex(result.index).astype(float)


def strongest_paragraphs(classified: pd.DataFrame, labels: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` paragraphs with the strongest head verb in each resolution.

    Ordered by head ``strength`` (highest first), ties by paragraph number (lowest first);
    unclassified paragraphs (no strength) come last. ``rank`` is 1..n within a resolution.
    """
    if classified.empty or n <= 0:
        return pd.DataFrame(columns=STRONGEST_COLUMNS)
    frame = attach(classified, labels)
    frame["_number"] = number_rank(frame["number"])
    frame = frame.sort_values(["_order", "strength", "_number"], ascending=[True, False, True],
                              na_position="last", kind="stable")
    frame["rank"] = frame.groupby("_order").cumcount() + 1
    frame = frame[frame["rank"] <= n]
    return frame.reindex(columns=STRONGEST_COLUMNS).reset_index(drop=True)
