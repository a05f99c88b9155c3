"""The corpus registry: the resolutions the project studies, one row each (``data/registry.csv``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError

REQUIRED = ["year", "date", "doceo_id", "ta_reference", "procedure", "joint_motion", "title_en"]
DOCEO_BASE = "https://www.europarl.europa.eu/doceo/document/"


def load_registry(path: Path | None = None) -> pd.DataFrame:
    """Load the registry as a DataFrame, one row per resolution, sorted by date.

    ``date`` is parsed to ``datetime64``; ``tabling_groups`` stays a ``;``-joined string.
    """
    path = Path(path) if path else paths.data_dir() / "registry.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: registry file not found") from exc
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataError(f"{path}: registry lacks column(s) {', '.join(missing)}")
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def document_url(doceo_id: str, language: str, base: str = DOCEO_BASE) -> str:
    """The official HTML page of a document in one language (``language`` like ``bg`` or ``BG``)."""
    return f"{base.rstrip('/')}/{doceo_id}_{language.upper()}.html"


def doceo_id_from_reference(reference: str) -> str | None:
    """``P9_TA(2021)0056`` -> ``TA-9-2021-0056``; ``None`` if it is not a TA reference."""
    import re

    match = re.fullmatch(r"P(\d+)_TA(?:-PROV)?\((\d{4})\)(\d{4})", reference.strip())
    if not match:
        return None
    term, year, number = match.groups()
    return f"TA-{term}-{year}-{number}"


def tabling_groups(registry: pd.DataFrame) -> pd.DataFrame:
    """Which political groups tabled each joint motion: one row per resolution, one 0/1 column per group.

    Groups are in order of how many motions they tabled (most first), then by name.
    """
    rows = registry.set_index("year")["tabling_groups"].fillna("").str.split(";")
    long = rows.explode().str.strip()
    long = long[long != ""]
    table = pd.crosstab(long.index, long.values).rename_axis(index="year", columns="group")
    order = sorted(table.columns, key=lambda g: (-int(table[g].sum()), g))
    return table.reindex(index=registry["year"], columns=order, fill_value=0).astype(int)


def votes(registry: pd.DataFrame) -> pd.DataFrame:
    """Recorded final votes split into ``for``, ``against``, ``abstentions`` (missing where not recorded)."""
    parts = registry["vote"].fillna("").str.extract(r"^\s*(\d+)\s*-\s*(\d+)\s*-\s*(\d+)\s*$")
    parts.columns = ["for", "against", "abstentions"]
    frame = pd.concat([registry[["year", "ta_reference"]], parts.astype("Int64")], axis=1)
    frame["recorded"] = frame["for"].notna()
    return frame.reset_index(drop=True)
