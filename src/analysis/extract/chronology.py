"""Which resolution each document is and when it comes: year labels ("2021", "2012a"), the
chronological rank of each document, and the order of paragraph numbers.

A labels frame has one row per document with ``document, year, date, reference, label``
(:func:`resolution_labels`). The extraction of facts (people named, resolutions cited) and every
comparison table order resolutions the same way with these helpers: by date, then document id.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.ids import doceo_id_from_reference, normalise_reference, split_name

def chronological(labels: pd.DataFrame) -> pd.DataFrame:
    """``labels`` sorted by date (when it has one), then document id."""
    if "date" not in labels.columns:
        return labels.reset_index(drop=True)
    ordered = labels.assign(_date=pd.to_datetime(labels["date"], errors="coerce"))
    ordered = ordered.sort_values(["_date", "document"], kind="stable", na_position="last")
    return ordered.drop(columns="_date").reset_index(drop=True)


def attach(frame: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``year``, ``label`` and an ``_order`` column (chronological rank).

    Documents absent from ``labels`` come after the known ones, by id, labelled by their id.
    """
    meta = chronological(labels)[["document", "year", "label"]].drop_duplicates("document").reset_index(drop=True)
    meta["_order"] = range(len(meta))
    merged = frame.drop(columns=[c for c in ("year", "label", "_order") if c in frame.columns])
    merged = merged.merge(meta, on="document", how="left")
    missing = merged["_order"].isna()
    if missing.any():
        extra = sorted(merged.loc[missing, "document"].astype(str).unique())
        rank = {d: len(meta) + i for i, d in enumerate(extra)}
        merged.loc[missing, "_order"] = merged.loc[missing, "document"].astype(str).map(rank)
        merged.loc[missing, "label"] = merged.loc[missing, "document"].astype(str)
    merged["_order"] = merged["_order"].astype(int)
    merged["year"] = merged["year"].astype("Int64")
    return merged


def label_year(label: str) -> int | None:
    """The year a label starts with ("2012b" -> 2012), or ``None`` (a label that is a document id)."""
    match = re.match(r"(\d{4})", str(label))
    return int(match.group(1)) if match else None


LABEL_COLUMNS = ["document", "year", "date", "reference", "label"]


def _registry_keys(registry: pd.DataFrame) -> dict[str, tuple[int, pd.Timestamp, str]]:
    """Lookup of a registry row by its TA reference, joint motion or DOCEO id."""
    keys: dict[str, tuple[int, pd.Timestamp, str]] = {}
    dates = pd.to_datetime(registry["date"])
    for row, date in zip(registry.itertuples(index=False), dates):
        value = (int(row.year), date, str(row.ta_reference))
        for column in ("ta_reference", "joint_motion", "doceo_id"):
            key = normalise_reference(getattr(row, column, ""))
            if key:
                keys.setdefault(key, value)
    return keys


def resolution_labels(units: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per document: ``document, year, date, reference, label``, in date order.

    The document's ``reference`` is looked up in the registry's ``ta_reference`` (then
    ``joint_motion``; then the document id's DOCEO prefix, e.g. ``TA-9-2021-0056`` of
    ``TA-9-2021-0056_BG``); a document not in the registry takes the year of its own
    ``date`` column. ``label`` is the year ("2021"); two resolutions of one year are
    "2012a", "2012b" in date order; a document with no known year is labelled by its id.
    """
    if units.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(LABEL_COLUMNS, [object, "Int64", "datetime64[ns]", object, object])})
    keys = _registry_keys(registry)
    docs = units.drop_duplicates("document").copy()
    for column in ("reference", "date"):
        if column not in docs.columns:
            docs[column] = None
    rows = []
    for document, reference, date in docs[["document", "reference", "date"]].itertuples(index=False):
        candidates = [normalise_reference(reference), split_name(str(document))[0]]
        found = next((keys[k] for k in candidates if k in keys), None)
        if found:
            year, when, reference = found
        else:
            when = pd.to_datetime(date, errors="coerce") if date is not None else pd.NaT
            year = when.year if pd.notna(when) else None
            reference = None if normalise_reference(reference) == "" else reference
        rows.append({"document": document, "year": year, "date": when, "reference": reference})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame = chronological(frame)
    frame["label"] = year_labels(frame)
    return frame[LABEL_COLUMNS]


def year_labels(frame: pd.DataFrame) -> list[str]:
    """Labels of ``document, year`` rows in date order: "2021"; "2021a", "2021b" ... for several
    resolutions of one year; the document id where the year is unknown."""
    counts = frame["year"].value_counts()
    seen: dict[int, int] = {}
    labels = []
    for document, year in frame[["document", "year"]].itertuples(index=False):
        if pd.isna(year):
            labels.append(str(document))
        elif counts[year] == 1:
            labels.append(str(year))
        else:
            seen[year] = seen.get(year, 0) + 1
            labels.append(f"{year}{chr(ord('a') + seen[year] - 1)}")
    return labels


def focus_document(labels: pd.DataFrame, focus: str) -> str | None:
    """The document of the resolution with DOCEO id ``focus`` (by its file name or its TA reference),
    else the latest resolution; ``None`` for no resolution."""
    if labels.empty:
        return None
    documents = labels["document"].astype(str)
    references = labels["reference"].map(lambda r: doceo_id_from_reference(str(r)) if isinstance(r, str) else None)
    hit = labels[(documents.map(lambda d: split_name(d)[0]) == focus) | (references == focus)]
    return str((hit if len(hit) else labels)["document"].iloc[0 if len(hit) else -1])


def resolutions_of(frame: pd.DataFrame) -> pd.DataFrame:
    """``document, year, label`` of each resolution of an attached frame (one with ``_order``), indexed
    by ``_order``."""
    return frame.drop_duplicates("_order").set_index("_order")[["document", "year", "label"]].sort_index()


def number_rank(numbers: pd.Series) -> pd.Series:
    """Sort key for paragraph numbers: "2" < "3" < "3a" < "3b" < "10" (non-numbers last)."""
    def key(value: str) -> tuple[int, str]:
        match = re.match(r"(\d+)(.*)", value)
        return (int(match.group(1)), match.group(2)) if match else (10**9, value)

    values = numbers.astype(str)
    rank = {v: i for i, v in enumerate(sorted(set(values), key=key))}
    return values.map(rank)
