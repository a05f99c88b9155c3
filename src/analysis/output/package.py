"""The schema of the tables for their readers: ``datapackage.json`` (a Frictionless Data Package
that describes every CSV the report writes: fields, types, descriptions, allowed values, primary and
foreign keys) and ``docs/data_dictionary.md``, both generated from :mod:`analysis.output.schema`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis import __version__
from analysis.output.fields import CODE_LISTS, Column, code_list, ordered, resolve
from analysis.output.schema import TABLES
from analysis.resources.cases import Case

PACKAGE = "datapackage.json"
DICTIONARY_COMMAND = "python -m analysis data-dictionary --output docs/data_dictionary.md"
MISSING = [""]


def _field(column: Column, key: Iterable[str]) -> dict:
    """A Table Schema field descriptor."""
    field = {"name": column.name, "type": column.type, "title": column.label.rstrip("."),
             "description": column.description}
    constraints = {}
    if column.name in key:
        constraints["required"] = True
        if column.type == "string":  # an empty string in a key is a value (availability: no file)
            field["missingValues"] = []
    if column.values is not None:
        constraints["enum"] = list(column.values)
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage(tables: Mapping[str, pd.DataFrame], case: Case | None = None, options: Iterable[str] = ()) -> dict:
    """The Data Package descriptor of ``tables`` (each written as ``<name>.csv``), fields in the order
    of each table's columns."""
    described = resolve(case, options)
    resources = []
    for spec in TABLES:
        if spec.name not in tables:
            continue
        fields = ordered(tables[spec.name], described[spec.name])
        schema = {"fields": [_field(c, spec.key) for c in fields], "missingValues": MISSING}
        if spec.key:
            schema["primaryKey"] = list(spec.key)
        foreign = [fk for fk in spec.foreign if fk.table in tables]
        if foreign:
            schema["foreignKeys"] = [{"fields": list(fk.fields), "reference": {"resource": fk.table,
                                                                               "fields": list(fk.to)}}
                                     for fk in foreign]
        resources.append({"name": spec.name, "path": f"{spec.name}.csv", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "description": spec.description, "schema": schema})
    title = case.title if case is not None else "European Parliament resolutions"
    return {"name": f"ep-resolutions-{case.name}" if case is not None else "ep-resolutions", "title": title,
            "description": "Tables written by `python -m analysis report` (analysis toolkit). Each table is also "
                           "written as Parquet and Stata (.dta) beside its CSV; docs/data_dictionary.md "
                           "documents every column; manifest.json records the run.",
            "version": __version__, "resources": resources}


def package_text(tables: Mapping[str, pd.DataFrame], case: Case | None = None, options: Iterable[str] = ()) -> str:
    """``datapackage.json`` as written: indented, keys in a fixed order, UTF-8."""
    return json.dumps(datapackage(tables, case, options), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary(case: Case | None = None) -> str:
    """``docs/data_dictionary.md``: every table and column of the schema (conditional ones marked),
    then the code lists with their values."""
    lines = ["# Data dictionary", "",
             f"<!-- Generated from src/analysis/output/schema.py by `{DICTIONARY_COMMAND}`; do not edit by hand "
             "(tests/test_schema.py checks that this file is up to date). -->", "",
             "Every table below is written by `python -m analysis report` into `data/processed/` as CSV "
             "(`<table>.csv`, UTF-8, empty cell = missing), Parquet and Stata 118 (`<table>.dta`, with variable "
             "labels and value labels for coded columns), and described in `data/processed/datapackage.json` "
             "(Frictionless Data Package). The key of a table names one row; a foreign key names a row of "
             "another table.", "",
             "Paragraphs are keyed by (`document`, `number`). `number` is the paragraph number as printed, a "
             "string by design (`12a` exists); sort paragraphs by `position`. Columns marked *convenience* are "
             "`;`-joined lists kept for reading; the long tables `verbs`, `addressees` and `themes` hold one row "
             "per item and are the ones to analyse. Measures named `strength`/`strength_*` are over head verbs "
             "(a paragraph's first verb phrase), `max_strength*` over all of a paragraph's phrases.", ""]
    for spec in TABLES:
        lines += [f"## {spec.name}", "", spec.description, ""]
        if spec.key:
            lines.append(f"Key: ({', '.join(f'`{k}`' for k in spec.key)}).")
        for fk in spec.foreign:
            lines.append(f"Foreign key: ({', '.join(f'`{f}`' for f in fk.fields)}) -> `{fk.table}` "
                         f"({', '.join(f'`{f}`' for f in fk.to)}).")
        lines += ["", "| column | type | description | values |", "|---|---|---|---|"]
        for field in spec.fields:
            name, text = f"`{field.name}`", field.description
            if field.each:
                name, text = f"`{field.name.format(value='<value>')}`", text.format(value="<value>")
                name += f" (one per value of {field.each})"
            notes = [f"Stata name `{field.stata}`." if field.stata else "",
                     f"Only with `report --{field.only}`." if field.only else "",
                     "*Convenience* column." if field.convenience else ""]
            text = " ".join(filter(None, [text, *notes]))
            lines.append(f"| {_cell(name)} | {field.type} | {_cell(text)} | {field.values or ''} |")
        lines.append("")
    lines += ["## Code lists", "", "The allowed values of coded columns, read from the data files.", ""]
    for name, listed in CODE_LISTS.items():
        values = code_list(name, case)
        lines += [f"### {name}", "", f"From {listed.source}: " + ", ".join(f"`{v}`" for v in values) + ".", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
