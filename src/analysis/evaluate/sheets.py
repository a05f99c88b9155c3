"""Coding sheets: the machine's codes of chosen documents beside empty columns for a human coder,
and the completed sheets read back, checked and kept as annotation files.

* :func:`sheet_tables`: one row per operative paragraph (``paragraphs``) and one per verb phrase
  (``phrases``), the text and the machine's codes (columns ``machine_*``) beside the coder's columns
  (:data:`PARAGRAPH_CODER`, :data:`PHRASE_CODER`) and a ``note``;
* :func:`export_sheet`: writes them as XLSX (drop-down lists of the codebook's codes) and CSV;
* :func:`import_sheet`: reads a completed sheet, checks every row against the documents on disk and
  every code against the codebook (:mod:`analysis.resources.codebook`), each problem one
  :class:`~analysis.errors.InputError` naming the cell, and writes the codes to
  ``data/annotations/coded/<coder>/`` (read back by :func:`analysis.resources.annotations.load_coded`);
* :func:`machine_codes`: the classifier's codes in the same columns, coder ``machine``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

import pandas as pd

from analysis import atomic
from analysis.classify import paragraphs as classify
from analysis.corpus.parser import Document, parse
from analysis.errors import DataError, InputError
from analysis.evaluate.themes import gold_file
from analysis.evaluate.workbook import SheetTable, read_sheet, write_sheet
from analysis.resources.annotations import (CODED_PARAGRAPH_COLUMNS, CODED_PHRASE_COLUMNS, DATE, MACHINE,
                                            check_coder, coded_files)
from analysis.resources.codebook import Codebook, check_code, format_strength, load_codebook

PARAGRAPH_SHEET = ["document", "number", "text", "machine_head_verb", "machine_head_act", "machine_head_strength",
                   "machine_acts", "machine_themes", "head_act", "head_strength", "themes", "note"]
PHRASE_SHEET = ["document", "number", "order", "surface", "machine_phrase", "machine_act", "machine_strength",
                "machine_addressee_groups", "act", "addressee_groups", "note"]
#: The coder's columns of each table -> the codebook variable their codes belong to.
PARAGRAPH_CODER = {"head_act": "head_act", "head_strength": "head_strength", "themes": "themes"}
PHRASE_CODER = {"act": "phrase_act", "addressee_groups": "addressee_groups"}
#: The code list (worksheet ``codes``) that each variable's drop-down offers.
CODE_LISTS = {"head_act": "acts", "phrase_act": "acts", "head_strength": "strengths",
              "addressee_groups": "addressee_groups", "themes": "themes"}


def _parse(document: str, raw: str | Path | None) -> Document:
    """The parsed text of ``document`` from ``raw`` (default ``data/raw``), found by its exact name."""
    try:
        return parse(gold_file(document, raw))
    except DataError as exc:
        raise InputError(str(exc).replace("the text of this gold-coded resolution is not in", "no text of this document in")
                         .split(" (looked for")[0]) from None


def sheet_tables(units: pd.DataFrame, classification: classify.Classification) -> dict[str, pd.DataFrame]:
    """The two tables of a blank coding sheet for the operative paragraphs ``units`` (with ``document,
    number, text``, as from :func:`~analysis.classify.paragraphs.operative_paragraphs`) and their
    ``classification``."""
    par = classification.paragraphs
    texts = dict(zip(zip(units["document"], units["number"]), units["text"]))
    paragraphs = pd.DataFrame({
        "document": par["document"], "number": par["number"],
        "text": [texts[key] for key in zip(par["document"], par["number"])],
        "machine_head_verb": par["head_verb"], "machine_head_act": par["act"],
        "machine_head_strength": par["strength"].map(format_strength), "machine_acts": par["acts"],
        "machine_themes": par["themes"], "head_act": "", "head_strength": "", "themes": "", "note": ""})
    verbs = classification.phrases
    phrases = pd.DataFrame({
        "document": verbs["document"], "number": verbs["number"], "order": verbs["order"].astype(str),
        "surface": verbs["surface"], "machine_phrase": verbs["phrase"], "machine_act": verbs["act"],
        "machine_strength": verbs["strength"].map(format_strength),
        "machine_addressee_groups": verbs["addressee_groups"], "act": "", "addressee_groups": "", "note": ""})
    return {"paragraphs": paragraphs[PARAGRAPH_SHEET], "phrases": phrases[PHRASE_SHEET]}


def export_sheet(documents: Sequence[str], stem: str | Path, raw: str | Path | None = None) -> list[Path]:
    """Write a blank coding sheet for ``documents`` as ``<stem>.xlsx`` and two CSV files; return them."""
    if not documents:
        raise InputError("no documents to put in a coding sheet")
    parsed = [_parse(document, raw) for document in documents]
    units = classify.operative_paragraphs(parsed)
    classification = classify.analyse_paragraphs(units)
    codebook = load_codebook()
    codes = {"acts": codebook.acts, "strengths": codebook.strengths, "addressee_groups": codebook.groups,
             "themes": codebook.themes}
    coder_columns = {"paragraphs": {c: CODE_LISTS[v] for c, v in PARAGRAPH_CODER.items()},
                     "phrases": {c: CODE_LISTS[v] for c, v in PHRASE_CODER.items()}}
    return write_sheet(sheet_tables(units, classification), coder_columns, codes, stem)


def machine_codes(classification: classify.Classification) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The classifier's codes in the columns of :func:`analysis.resources.annotations.load_coded`,
    coder ``machine``. An unclassified paragraph's head act is ``unclassified`` and its strength empty."""
    par, verbs = classification.paragraphs, classification.phrases
    paragraphs = pd.DataFrame({"document": par["document"], "number": par["number"], "head_act": par["act"],
                               "head_strength": par["strength"].map(format_strength), "themes": par["themes"],
                               "note": "", "coder": MACHINE, "date": ""})
    phrases = pd.DataFrame({"document": verbs["document"], "number": verbs["number"], "order": verbs["order"],
                            "surface": verbs["surface"], "act": verbs["act"],
                            "addressee_groups": verbs["addressee_groups"], "note": "", "coder": MACHINE,
                            "date": ""})
    return paragraphs[CODED_PARAGRAPH_COLUMNS], phrases[CODED_PHRASE_COLUMNS]


def check_sheet(tables: dict[str, SheetTable], codebook: Codebook | None = None,
                raw: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coder's codes of a completed sheet, checked: ``(paragraphs, phrases)`` frames.

    Every paragraph and phrase of each document named must have its row, once, with the text as
    exported; every coder cell must hold a code of the codebook. The first problem raises an
    :class:`~analysis.errors.InputError` naming its cell.
    """
    codebook = codebook or load_codebook()
    paragraphs, phrases = tables["paragraphs"], tables["phrases"]
    for table, needed in ((paragraphs, PARAGRAPH_SHEET), (phrases, PHRASE_SHEET)):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(f"{table.cell(-1)}: missing column(s) {', '.join(missing)}")
    documents = list(dict.fromkeys(row[paragraphs.columns.index("document")] for row in paragraphs.rows))
    if not documents:
        raise InputError(f"{paragraphs.cell(-1)}: the sheet has no rows")
    expected_paragraphs, expected_phrases = {}, {}
    for document in documents:
        if not document:
            raise InputError(f"{paragraphs.cell(_first_row(paragraphs, document), 'document')}: empty document")
        if document != Path(document).name or document.startswith(".") or "\\" in document:
            raise InputError(f"{paragraphs.cell(_first_row(paragraphs, document), 'document')}: {document!r} is no "
                             "document name (its file's name in data/raw without suffix, as exported: "
                             "TA-9-2021-0056_BG)")
        parsed = _parse(document, raw)
        units = classify.operative_paragraphs([parsed])
        found = classify.analyse_paragraphs(units, themes="none").phrases
        expected_paragraphs.update({(document, n): text for n, text in zip(units["number"], units["text"])})
        expected_phrases.update({(document, n, str(o)): s for n, o, s in
                                 zip(found["number"], found["order"], found["surface"])})
    coded_paragraphs = _check_rows(paragraphs, ["document", "number"], "text", expected_paragraphs,
                                   PARAGRAPH_CODER, codebook)
    coded_phrases = _check_rows(phrases, ["document", "number", "order"], "surface", expected_phrases,
                                PHRASE_CODER, codebook, documents)
    coded_paragraphs["head_strength"] = coded_paragraphs["head_strength"].map(format_strength)
    coded_phrases["order"] = coded_phrases["order"].astype(int)
    return coded_paragraphs, coded_phrases


def _natural(unit: tuple) -> tuple:
    return tuple((0, int(v), "") if str(v).isdigit() else (1, 0, str(v)) for v in unit)


def _first_row(table: SheetTable, document: str) -> int:
    """The first data row of ``table`` whose document cell is ``document`` ("" for an empty one)."""
    column = table.columns.index("document")
    return next(i for i, row in enumerate(table.rows) if row[column] == document)


def _check_rows(table: SheetTable, key: list[str], text_column: str, expected: dict[tuple, str],
                coder: dict[str, str], codebook: Codebook, documents: Sequence[str] | None = None) -> pd.DataFrame:
    """Check one table's rows against the expected keys and texts and its coder cells against the codebook."""
    frame = table.frame()
    seen: dict[tuple, int] = {}
    for i, row in enumerate(frame.to_dict("records")):
        unit = tuple(row[c] for c in key)
        if documents is not None and unit[0] not in documents:
            raise InputError(f"{table.cell(i, 'document')}: document {unit[0]!r} has no row in the paragraphs table")
        if unit not in expected:
            what = " ".join(f"{c} {v}" for c, v in zip(key[1:], unit[1:]))
            raise InputError(f"{table.cell(i, key[-1])}: {unit[0]} has no {what} (rows must stay as exported)")
        if unit in seen:
            raise InputError(f"{table.cell(i, key[-1])}: row given twice (first in row {seen[unit] + 2})")
        seen[unit] = i
        if row[text_column] != expected[unit].strip():
            raise InputError(f"{table.cell(i, text_column)}: the {text_column} was edited; it must stay as exported")
        for column, variable in coder.items():
            if problem := check_code(codebook, variable, row[column]):
                raise InputError(f"{table.cell(i, column)}: {problem}")
    if missing := sorted(set(expected) - set(seen), key=_natural):
        unit = missing[0]
        raise InputError(f"{table.source}: {table.name}: row missing for {unit[0]} "
                         + " ".join(f"{c} {v}" for c, v in zip(key[1:], unit[1:]))
                         + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    return frame[key + list(coder) + ["note"]]


def import_sheet(path: str | Path, coder: str, day: str | None = None,
                 raw: str | Path | None = None) -> list[Path]:
    """Read a completed sheet, check it (:func:`check_sheet`) and keep its codes as annotation files
    ``data/annotations/coded/<coder>/<document>_{paragraphs,phrases}.csv``, dated ``day``
    (default today, ``YYYY-MM-DD``). A second import by the same coder replaces the first."""
    if problem := check_coder(coder):
        raise InputError(problem)
    day = day or Date.today().isoformat()
    try:  # fromisoformat also takes "20261201" and "2026-W48-2", which the annotation files refuse
        if not DATE.fullmatch(day):
            raise ValueError(day)
        Date.fromisoformat(day)
    except ValueError:
        raise InputError(f"date must be YYYY-MM-DD, not {day!r}") from None
    paragraphs, phrases = check_sheet(read_sheet(path), raw=raw)
    written = []
    for document in dict.fromkeys(paragraphs["document"]):
        paragraph_file, phrase_file = coded_files(coder, document)
        for target, frame, columns in ((paragraph_file, paragraphs, CODED_PARAGRAPH_COLUMNS),
                                       (phrase_file, phrases, CODED_PHRASE_COLUMNS)):
            rows = frame[frame["document"] == document].assign(coder=coder, date=day)
            atomic.write_text(target, rows.reindex(columns=columns, fill_value="").to_csv(index=False,
                                                                                           lineterminator="\n"))
            written.append(target)
    return written
