"""Reviewed codes over the machine's: what ``report --reviewed`` applies to the classification.

A paragraph that a person coded (an imported coding sheet, :func:`analysis.resources.annotations.load_coded`)
or the gold (coder ``gold``) takes that coder's codes in place of the classifier's:

* ``paragraphs``: ``act`` and ``strength`` (the head verb's), ``themes``, ``acts`` (the phrases'
  acts in order) and ``addressee_groups`` (the groups of its phrases); ``max_strength`` is raised to
  the reviewed head strength where that is higher (phrase strengths themselves are the lexicon's);
* ``verbs``: each phrase's ``act`` and ``addressee_groups``;
* ``themes``: the paragraph's rows are the reviewed themes.

Each of these tables gets a column ``code_source``: ``reviewed`` for a row whose codes a coder
reviewed, ``machine`` for the others (``addressees`` too, whose addressee ids are always the
machine's). Where several coders coded a paragraph, the latest (by ``date``, then coder id) wins.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis import cells
from analysis.classify.paragraphs import Classification
from analysis.errors import DataError
from analysis.resources.annotations import GOLD, gold_codes, load_coded
from analysis.resources.taxonomy import theme_ids

MACHINE_SOURCE, REVIEWED_SOURCE = "machine", "reviewed"
#: ``reviewed`` value that takes every imported coder's codes.
ALL = "all"


def reviewed_codes(coder: str = ALL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The codes that override the machine's: every imported sheet (``all``), one coder's, or the
    gold's (``gold``); one coder per paragraph (the latest)."""
    if coder == GOLD:
        paragraphs, phrases = gold_codes()
    else:
        paragraphs, phrases = load_coded(None if coder == ALL else [coder])
        if paragraphs.empty:
            raise DataError(f"no reviewed codes {'' if coder == ALL else 'of coder ' + repr(coder) + ' '}"
                            "in data/annotations/coded/ (import a coding sheet: python -m analysis sheet import)")
    latest = (paragraphs.sort_values(["date", "coder"], kind="stable")
              .drop_duplicates(["document", "number"], keep="last"))
    chosen = set(zip(latest["document"], latest["number"], latest["coder"]))
    phrases = phrases[[key in chosen for key in zip(phrases["document"], phrases["number"], phrases["coder"])]]
    return latest.reset_index(drop=True), phrases.reset_index(drop=True)


def apply_reviewed(classification: Classification, coder: str = ALL) -> Classification:
    """``classification`` with the reviewed codes of ``coder`` (see :func:`reviewed_codes`) in place
    of the machine's, and ``code_source`` columns; documents nobody coded keep the machine's codes."""
    return override(classification, *reviewed_codes(coder))


def override(classification: Classification, paragraphs: pd.DataFrame, phrases: pd.DataFrame) -> Classification:
    """``classification`` with the given codes (columns of :func:`load_coded`) in place of the machine's."""
    par = classification.paragraphs.reset_index(drop=True)
    keys = list(zip(par["document"], par["number"]))
    documents = set(par["document"])
    paragraphs = paragraphs[paragraphs["document"].isin(documents)]
    phrases = phrases[phrases["document"].isin(documents)]
    by_key = {(r.document, r.number): r for r in paragraphs.itertuples(index=False)}
    if unknown := sorted(set(by_key) - set(keys)):
        raise DataError(f"reviewed codes for {unknown[0][0]} paragraph {unknown[0][1]}, which the text does not have")
    verbs = classification.phrases.copy()
    verb_keys = list(zip(verbs["document"], verbs["number"], verbs["order"]))
    phrase_by = {(r.document, r.number, int(r.order)): r for r in phrases.itertuples(index=False)}
    if unknown := sorted(set(phrase_by) - set(verb_keys)):
        document, number, order = unknown[0]
        raise DataError(f"reviewed codes for {document} paragraph {number} phrase {order}, which the classifier "
                        "no longer finds (the lexicon changed since the sheet was exported): export and code it again")
    reviewed = [key in by_key for key in keys]
    verb_reviewed = [key[:2] in by_key and key in phrase_by for key in verb_keys]
    verbs.loc[verb_reviewed, "act"] = [phrase_by[k].act for k, r in zip(verb_keys, verb_reviewed) if r]
    verbs.loc[verb_reviewed, "addressee_groups"] = [phrase_by[k].addressee_groups
                                                    for k, r in zip(verb_keys, verb_reviewed) if r]
    verbs["code_source"] = np.where(verb_reviewed, REVIEWED_SOURCE, MACHINE_SOURCE)
    grouped = verbs.groupby(["document", "number"], sort=False)
    acts = grouped["act"].agg(cells.join)
    groups = grouped["addressee_groups"].agg(
        lambda column: cells.join(dict.fromkeys(g for cell in column for g in cells.split(cell))))
    for i, key in enumerate(keys):
        if not reviewed[i]:
            continue
        code = by_key[key]
        strength = float(code.head_strength)
        par.at[i, "act"] = code.head_act
        par.at[i, "strength"] = strength
        par.at[i, "max_strength"] = np.nanmax([par.at[i, "max_strength"], strength])
        par.at[i, "themes"] = code.themes
        if key in acts.index:
            par.at[i, "acts"], par.at[i, "addressee_groups"] = acts[key], groups[key]
    par["code_source"] = np.where(reviewed, REVIEWED_SOURCE, MACHINE_SOURCE)
    return replace(classification, paragraphs=par, phrases=verbs,
                   addressees=classification.addressees.assign(code_source=MACHINE_SOURCE),
                   themes=_themes(classification.themes, by_key, keys))


def _themes(themes: pd.DataFrame, by_key: dict, keys: list[tuple[str, str]]) -> pd.DataFrame:
    """The theme rows, those of reviewed paragraphs replaced by the reviewed themes (taxonomy order)."""
    order = {t: i for i, t in enumerate(theme_ids())}
    kept = themes[[key not in by_key for key in zip(themes["document"], themes["number"])]]
    added = pd.DataFrame([(d, n, t) for (d, n), code in by_key.items() for t in cells.split(code.themes)],
                         columns=list(themes.columns))
    frame = pd.concat([kept.assign(code_source=MACHINE_SOURCE), added.assign(code_source=REVIEWED_SOURCE)],
                      ignore_index=True)
    position = {key: i for i, key in enumerate(keys)}
    frame["_p"] = [position.get((d, n), len(position)) for d, n in zip(frame["document"], frame["number"])]
    frame["_t"] = frame["theme"].map(order)
    return frame.sort_values(["_p", "_t"], kind="stable").drop(columns=["_p", "_t"]).reset_index(drop=True)
