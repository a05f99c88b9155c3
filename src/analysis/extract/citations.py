"""Intertextuality: which earlier resolutions of the registry each resolution's citations refer to."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.corpus.dates import find_dates
from analysis.ids import normalise_reference
from analysis.extract.chronology import attach
from analysis.resources import languages

CITED_COLUMNS = ["document", "year", "cited_year", "cited_reference", "cited_date"]


def cited_resolutions(units: pd.DataFrame, labels: pd.DataFrame, registry: pd.DataFrame,
                      languages_profiles: Mapping[str, languages.LanguageProfile] | None = None) -> pd.DataFrame:
    """Which registry resolutions each resolution's citations refer to.

    ``units`` are the parser's units, ``labels`` their resolutions' dates and references
    (:func:`analysis.extract.chronology.resolution_labels`). Dates written out in the citations
    ("14 март 2019 г.", "of 14 March 2019") are read (:func:`analysis.corpus.dates.find_dates`)
    with the month names of the document's language profile (``languages_profiles``, default:
    all of ``data/languages``; a language without months is read with every profile's months)
    and matched to the registry's ``date``. A date is kept only if it is earlier than the citing
    resolution. The match is by date alone: a citation of another act adopted on the day of a
    registry resolution would be counted too (rare; check ``cited_reference``). Columns:
    ``document, year, cited_year, cited_reference, cited_date``; one row per (document, cited
    resolution), in date order.
    """
    if units.empty or "kind" not in units.columns:
        return pd.DataFrame(columns=CITED_COLUMNS)
    profiles = dict(languages_profiles) if languages_profiles is not None else languages.profiles()
    all_months = [m for p in profiles.values() for m in p.months]
    own = labels.drop_duplicates("document").set_index("document")
    by_date = {pd.Timestamp(d): (int(y), str(r)) for d, y, r in
               zip(pd.to_datetime(registry["date"]), registry["year"], registry["ta_reference"])}
    citations = units[units["kind"] == "citation"]
    language = citations["language"] if "language" in citations.columns else pd.Series("", index=citations.index)
    rows = []
    for document, text, code in zip(citations["document"], citations["text"].fillna(""), language.fillna("")):
        profile = profiles.get(str(code).lower()) or languages.get_profile(str(code) or "und")
        months = profile.months or all_months
        forms = profile.date_forms if profile.months else ()
        if not months:
            continue
        known = document in own.index
        own_date = own.at[document, "date"] if known else pd.NaT
        own_reference = normalise_reference(own.at[document, "reference"] if known else None)
        for when in map(pd.Timestamp, find_dates(text, months, forms)):
            if when not in by_date or (pd.notna(own_date) and when >= own_date):
                continue
            year, reference = by_date[when]
            if normalise_reference(reference) == own_reference:
                continue
            rows.append({"document": document, "cited_year": year, "cited_reference": reference, "cited_date": when})
    if not rows:
        return pd.DataFrame(columns=CITED_COLUMNS)
    frame = attach(pd.DataFrame(rows).drop_duplicates(["document", "cited_reference"]), labels)
    frame = frame.sort_values(["_order", "cited_date", "cited_reference"], kind="stable")
    frame["cited_year"] = frame["cited_year"].astype(int)
    frame["cited_date"] = frame["cited_date"].astype("datetime64[us]")  # one unit, whatever the reader gives
    return frame[CITED_COLUMNS].reset_index(drop=True)
