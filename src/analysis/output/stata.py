"""Stata files (``.dta``, format 118, UTF-8) of the report's tables, labelled from the schema.

Each variable carries its schema label (the description's first sentence) as its variable label;
a column with a code list (acts, themes, statuses, ...) is stored as integer codes with value labels,
in the code list's order, so Stata shows the codes by name (an empty table or a column of no value
stays a string column: pandas cannot label it). A column whose name Stata reserves is
renamed as the schema says (``Field.stata``, e.g. ``end`` -> ``end_char``). Strings longer than
Stata's ``str#`` limit (2045 bytes) are written as ``strL``. The file's time stamp is fixed
(:data:`TIME_STAMP`), so the same table gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import warnings

import pandas as pd

from analysis.output.fields import Column

#: The time stamp written into every file: fixed, so that re-runs are byte-identical.
TIME_STAMP = datetime.datetime(2000, 1, 1)
VERSION = 118
#: Longest string Stata stores as ``str#`` (bytes); longer ones become ``strL``.
STR_LIMIT = 2045
NAME_LIMIT, LABEL_LIMIT = 32, 80


def stata_frame(frame: pd.DataFrame, described: list[Column]) -> pd.DataFrame:
    """``frame`` with Stata's types: coded columns categorical (code list order), strings without
    missing values, integers and numbers numeric, dates as dates; columns renamed to their Stata names."""
    out = pd.DataFrame(index=range(len(frame)))
    for column in described:
        values = frame[column.name].reset_index(drop=True)
        coded = values.where(values != "").notna().any()  # pandas cannot label a column of no value
        if column.values is not None and coded:
            values = pd.Categorical(values.where(values != ""), categories=list(column.values))
        elif column.type == "string":
            values = values.astype(object).where(values.notna(), "").map(str).astype(object)
        elif column.type == "integer":
            values = pd.to_numeric(values).astype("Int64")
        elif column.type == "number":
            values = pd.to_numeric(values).astype(float)
        elif column.type == "boolean":
            values = values.astype("boolean").astype("Int8")  # a missing value stays missing
        elif column.type == "date":
            values = pd.to_datetime(values)
        out[column.stata] = values
    return out


def to_dta(frame: pd.DataFrame, described: list[Column], title: str = "") -> bytes:
    """The bytes of a Stata 118 file of ``frame``, labelled from ``described`` (its columns in order)."""
    data = stata_frame(frame, described)
    too_long = [name for name in data.columns if len(name) > NAME_LIMIT]
    if too_long:
        raise ValueError(f"column name(s) longer than Stata's {NAME_LIMIT} characters: {', '.join(too_long)}")
    labels = {c.stata: _shortened(c.label) for c in described}
    strl = [c.stata for c in described if c.type == "string" and data[c.stata].dtype == object
            and max((len(v.encode("utf-8")) for v in data[c.stata]), default=0) > STR_LIMIT]
    dates = {c.stata: "td" for c in described if c.type == "date"}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a silently renamed column would break the schema's names
        data.to_stata(buffer, write_index=False, version=VERSION, time_stamp=TIME_STAMP, variable_labels=labels,
                      data_label=_shortened(title), convert_dates=dates, convert_strl=strl)
    return buffer.getvalue()


def _shortened(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` within Stata's ``limit`` characters of a label: cut after a whole word, with "...", where
    longer (not in the middle of a word)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 3].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "..."
