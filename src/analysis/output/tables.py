"""Writing the report's tables: CSV, Parquet and Stata for every table, LaTeX (booktabs) for the summaries.

Same frames give byte-identical files. A table with a declared key (:data:`TABLE_KEYS`, as in
``docs/architecture.md``) is checked before anything is written: two rows with one key are a bug
upstream (:class:`DuplicateKeyError`), never written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import atomic
from analysis.output.fields import SchemaError, check_columns, ordered, resolve, table
from analysis.output.schema import TABLES
from analysis.output.stata import to_dta
from analysis.resources.cases import Case

Headers = Mapping[str, Mapping[str, str]]

#: The summary tables also written as LaTeX (booktabs) for papers: the columns that fit a page,
#: with readable headers. The CSV and Parquet versions keep every column. The verb profile's
#: columns on the addressees of a case are added by :func:`latex_tables`.
LATEX_TABLES = {
    "structure": {"label": "Resolution", "citations": "Citations", "recitals": "Recitals",
                  "paragraphs": "Paragraphs", "footnotes": "Footnotes", "words": "Words"},
    "verb_profile": {"label": "Resolution", "n_paragraphs": "Paragraphs", "share_directive_head": "Directive (head)",
                     "share_negative_judgement_head": "Neg.\\ judgement (head)",
                     "share_positive_judgement_head": "Pos.\\ judgement (head)",
                     "share_emphasis_head": "Emphasis (head)", "n_strength": "Scored", "strength_mean": "Mean strength",
                     "strength_median": "Median strength"},
    "theme_dynamics": {"theme": "Theme", "status": "Status", "first_year": "First", "last_year": "Last",
                       "n_present": "Resolutions", "years_present": "Years"},
}


#: The key of each of the report's tables: the columns that name one row (see docs/architecture.md),
#: from the one schema of the tables (:data:`analysis.output.schema.TABLES`).
TABLE_KEYS = {spec.name: spec.key for spec in TABLES if spec.key}


class DuplicateKeyError(RuntimeError):
    """Two rows of a table share its key: a bug upstream (exit status 3), so nothing is written."""


def check_keys(tables: Mapping[str, pd.DataFrame], keys: Mapping[str, Sequence[str]] = TABLE_KEYS) -> None:
    """Raise :class:`DuplicateKeyError` naming the first table and key value that occur twice."""
    for name, frame in tables.items():
        key = list(keys.get(name, ()))
        if not key or frame.empty:
            continue
        missing = [column for column in key if column not in frame.columns]
        if missing:
            raise DuplicateKeyError(f"table {name} lacks its key column(s) {', '.join(missing)}")
        twice = frame[frame.duplicated(key, keep=False)]
        if not twice.empty:
            value = tuple(twice.iloc[0][key])
            raise DuplicateKeyError(f"table {name}: {len(twice)} rows share a key ({', '.join(key)}), "
                                    f"e.g. {value}; nothing was written")


def latex_tables(case: Case | None = None) -> dict[str, dict[str, str]]:
    """:data:`LATEX_TABLES` with the verb profile's share of directives to each addressee group of
    ``case`` ("Directives to <short label>")."""
    tables = {name: dict(headers) for name, headers in LATEX_TABLES.items()}
    for group in case.groups if case is not None else ():
        tables["verb_profile"][f"share_directive_{group.group}"] = f"Directives to {group.short}"
    return tables


def write_tables(tables: Mapping[str, pd.DataFrame], directory: Path, latex: Headers = LATEX_TABLES,
                 case: Case | None = None, options: Iterable[str] = ()) -> list[Path]:
    """CSV, Parquet and Stata (:mod:`analysis.output.stata`) for every table; LaTeX (booktabs) for the
    tables of ``latex`` (name -> column -> header). The keys and the columns are checked first
    (:func:`check_keys`, :func:`analysis.output.fields.check_columns` against the schema of a run of
    ``case`` with ``options``): a duplicate key or an undescribed column writes nothing."""
    check_keys(tables)
    check_columns(tables, case, options)
    described = resolve(case, options)
    written = []
    for name, frame in tables.items():
        frame = frame.reset_index(drop=True)
        csv_path = directory / f"{name}.csv"
        atomic.write_text(csv_path, frame.to_csv(index=False, lineterminator="\n"))
        parquet_path = directory / f"{name}.parquet"
        buffer = io.BytesIO()
        columns = ordered(frame, described[name])
        typed, schema = _parquet_typed(frame, columns)
        try:
            typed.to_parquet(buffer, index=False, schema=schema)
        except (TypeError, ValueError) as exc:  # Arrow's own errors derive from these
            raise SchemaError(f"table {name}: a value does not fit its column's type in the schema ({exc})") from exc
        atomic.write_bytes(parquet_path, buffer.getvalue())
        dta_path = directory / f"{name}.dta"
        atomic.write_bytes(dta_path, to_dta(frame, columns, table(name).description))
        written += [csv_path, parquet_path, dta_path]
        if name in latex:
            tex_path = directory / f"{name}.tex"
            atomic.write_text(tex_path, _latex(frame, name, latex[name]))
            written.append(tex_path)
        atomic.kill_point("report:table")  # tests: killed while the tables are written
    return written


def _parquet_typed(frame: pd.DataFrame, columns: list) -> tuple[pd.DataFrame, Any]:
    """``frame`` for Parquet, with the Arrow schema of its described ``columns``: each column has its
    schema type whatever pandas made of it (a date is a date, not text in one table and a time stamp
    in another; an empty table keeps its types, not Arrow's null type). Only object columns are
    converted (numpy columns Arrow casts itself): a string column's other values become text, a
    missing value (None, NaN) stays missing; a value that fits no type is a :class:`SchemaError`."""
    import pyarrow as pa

    arrow = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32()}
    out = frame.copy()
    for column in columns:
        values = out[column.name]
        if column.type == "date":
            stamps = pd.to_datetime(values.replace("", None), errors="raise")
            out[column.name] = pd.Series([None if pd.isna(v) else v.date() for v in stamps], index=out.index,
                                         dtype=object)
        elif values.dtype == object:
            out[column.name] = values.map(lambda v, kind=column.type: _parquet_cell(v, kind))
    return out, pa.schema([pa.field(column.name, arrow[column.type]) for column in columns])


def _parquet_cell(value: Any, kind: str) -> Any:
    """One value of an object column for Parquet: None if missing, text in a string column."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value if kind != "string" or isinstance(value, str) else str(value)


def _latex(frame: pd.DataFrame, name: str, headers: Mapping[str, str]) -> str:
    """A booktabs table of the columns of ``headers``; missing values print as "--"."""
    table = frame[[c for c in headers if c in frame.columns]]
    if "theme" in table.columns:  # English theme labels read better in a paper than ids
        from analysis.resources.taxonomy import theme_labels

        table = table.assign(theme=table["theme"].map(theme_labels("en")).fillna(table["theme"]))
    align = "".join("r" if pd.api.types.is_numeric_dtype(table[c]) else "l" for c in table.columns)
    caption = name.replace("_", " ").capitalize()
    styler = table.rename(columns=dict(headers)).style.hide(axis="index").format(precision=2, escape="latex",
                                                                                  na_rep="--")
    return styler.to_latex(hrules=True, caption=caption, label=f"tab:{name}", position="htbp",
                           column_format=align) + "\n"
