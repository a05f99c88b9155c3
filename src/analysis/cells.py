"""How a list of values is written in one cell of a table (``"urge;call_on"``), and read back.

The tidy tables (one row per verb phrase, per paragraph and theme, per phrase and addressee) are
the primary form; the ``;``-joined cells of the wide tables written for people to read are derived
from them. Every join and split of such a cell goes through this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis import lazy

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

SEPARATOR = ";"


def join(items: Iterable[object]) -> str:
    """``["a", "b"]`` -> ``"a;b"``; no items -> ``""``."""
    return SEPARATOR.join(map(str, items))


def split(cell: object) -> list[str]:
    """``"a; b;"`` -> ``["a", "b"]``: items stripped, empty ones dropped; ``""``, ``None``, NaN -> ``[]``."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [item.strip() for item in str(cell).split(SEPARATOR) if item.strip()]


def explode(frame: pd.DataFrame, column: str, into: str | None = None) -> pd.DataFrame:
    """One row per item of the list cells of ``column`` (renamed ``into``), the other columns
    repeated; rows whose cell lists nothing are dropped. Row order is kept."""
    into = into or column
    long = frame.assign(**{into: frame[column].map(split)})
    if into != column:
        long = long.drop(columns=column)
    return long.explode(into).dropna(subset=[into])


def contains(cells: pd.Series, item: str) -> pd.Series:
    """Does each list cell of ``cells`` list ``item``?"""
    return cells.map(lambda cell: item in split(cell))
