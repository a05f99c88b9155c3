"""The corpus registry: the resolutions the project studies, one row each (``data/registry.csv``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import cells
from analysis import paths
from analysis import ids
from analysis.errors import DataError
from analysis.resources.files import LINE, read_table, where

REQUIRED = ["year", "date", "doceo_id", "ta_reference", "procedure", "joint_motion", "title_en"]


def load_registry(path: Path | None = None) -> pd.DataFrame:
    """Load the registry as a DataFrame, one row per resolution, sorted by date.

    ``date`` is parsed to ``datetime64``; ``tabling_groups`` stays a ``;``-joined string.
    """
    path = Path(path) if path else paths.data_dir() / "registry.csv"
    frame = read_table(path, REQUIRED, what="registry file")
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if not row.year.isdigit():
            raise DataError(f"{place}: year {row.year!r} is not a year")
        if pd.to_datetime(row.date, format="%Y-%m-%d", errors="coerce") is pd.NaT:
            raise DataError(f"{place}: date {row.date!r} is not a YYYY-MM-DD date")
        if ids.parse_doceo_id(row.doceo_id) is None:
            raise DataError(f"{place}: doceo_id {row.doceo_id!r} is not a DOCEO id like TA-9-2021-0056")
    frame = frame.drop(columns=LINE)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def tabling_groups(registry: pd.DataFrame) -> pd.DataFrame:
    """Which political groups tabled each joint motion: one row per resolution, one 0/1 column per group.

    Groups are in order of how many motions they tabled (most first), then by name.
    """
    long = cells.explode(registry[["year", "tabling_groups"]], "tabling_groups", into="group")
    table = pd.crosstab(long["year"].to_numpy(), long["group"].to_numpy()).rename_axis(index="year", columns="group")
    order = sorted(table.columns, key=lambda g: (-int(table[g].sum()), g))
    return table.reindex(index=registry["year"], columns=order, fill_value=0).astype(int)


def votes(registry: pd.DataFrame) -> pd.DataFrame:
    """Recorded final votes split into ``for``, ``against``, ``abstentions`` (missing where not recorded)."""
    parts = registry["vote"].fillna("").str.extract(r"^\s*(\d+)\s*-\s*(\d+)\s*-\s*(\d+)\s*$")
    parts.columns = ["for", "against", "abstentions"]
    frame = pd.concat([registry[["year", "ta_reference"]], parts.astype("Int64")], axis=1)
    frame["recorded"] = frame["for"].notna()
    return frame.reset_index(drop=True)
