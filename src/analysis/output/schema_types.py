"""The building blocks of the one schema (:mod:`analysis.output.schema`): a column (``Field``), a
foreign key and a table, and the Frictionless type names. The schema itself, every table and its
columns, is in :mod:`analysis.output.schema`; this module only says what a table description is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One column (or, with ``each``, one column per value of a code list)."""

    name: str
    type: str
    description: str
    values: str | None = None  #: the code list its values come from
    each: str | None = None  #: one column per value of this code list; ``{value}`` in name and description
    only: str | None = None  #: a run option without which the column is absent ("reviewed")
    stata: str | None = None  #: the Stata name where ``name`` is a word Stata reserves
    convenience: bool = False  #: a ``;``-joined list kept for people to read beside a long table
    interval: bool = False  #: followed by ``<name>_ci_low`` and ``<name>_ci_high``, its bootstrap interval


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that name a row of ``table`` (by its columns ``to``)."""

    fields: tuple[str, ...]
    table: str
    to: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table that ``report`` writes (``<name>.csv``, ``.parquet``, ``.dta``)."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    foreign: tuple[ForeignKey, ...] = ()


def foreign_key(fields: str, table: str, to: str | None = None) -> ForeignKey:
    """A foreign key from space-separated column names (``to`` defaults to the same names)."""
    return ForeignKey(tuple(fields.split()), table, tuple((to or fields).split()))


S, I, N, B, D = "string", "integer", "number", "boolean", "date"
