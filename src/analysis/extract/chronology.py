"""Which resolution comes when: the chronological rank of each document, read off a labels frame.

A labels frame has one row per document with ``document, year, date, reference, label`` (as
:func:`analysis.compare.labels.resolution_labels` returns it). The helpers here are shared by the
extraction of facts (people named, resolutions cited) and by the comparisons, so that every table
orders resolutions the same way: by date, then document id.
"""

from __future__ import annotations

import re

import pandas as pd


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
