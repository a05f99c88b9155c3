"""Coding sheets as files: an XLSX workbook with drop-down lists, and the same tables as CSV.

A coding sheet has two tables, ``paragraphs`` and ``phrases`` (see :mod:`analysis.evaluate.sheets`).
:func:`write_sheet` writes them as ``<stem>.xlsx`` (one worksheet each, plus ``codes``: the allowed
codes that the drop-down lists (data validation) of the coder's columns offer) and as
``<stem>_paragraphs.csv`` and ``<stem>_phrases.csv``. :func:`read_sheet` reads either form back as
:class:`SheetTable` s of strings that can name each cell in an error (``sheet.xlsx: paragraphs!F7``).
The workbook is byte-identical for the same tables (fixed timestamps).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import atomic
from analysis.errors import InputError

TABLES = ("paragraphs", "phrases")
CODES_SHEET = "codes"
#: Coder columns whose cell may list several codes (``a;b``): their drop-down warns but accepts.
LIST_COLUMNS = ("themes", "addressee_groups")
_FIXED_TIME = "2000-01-01T00:00:00Z"
_WIDTHS = {"text": 90, "surface": 28, "note": 30, "machine_themes": 30, "themes": 30}


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetTable:
    """One table of a coding sheet as read from a file: header and rows of strings."""

    name: str  #: ``paragraphs`` or ``phrases``
    source: str  #: the file as given
    workbook: bool  #: read from an XLSX worksheet (cells are named ``sheet!A1``) or a CSV file (``A1``)
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def cell(self, row: int, column: str | None = None) -> str:
        """How an error names the cell of data row ``row`` (0-based) in ``column`` (or the whole row)."""
        number = row + 2  # the header is row 1
        where = f"{column_letter(self.columns.index(column))}{number}" if column else f"{number}:{number}"
        return f"{self.source}: {self.name}!{where}" if self.workbook else f"{self.source}: {where}"

    def frame(self) -> pd.DataFrame:
        """The rows as a frame of strings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=object)


def sheet_paths(stem: str | Path) -> tuple[Path, Path, Path]:
    """``<stem>.xlsx``, ``<stem>_paragraphs.csv``, ``<stem>_phrases.csv`` (``stem`` may end in .xlsx)."""
    stem = Path(stem)
    stem = stem.with_suffix("") if stem.suffix.lower() == ".xlsx" else stem
    return (stem.with_name(stem.name + ".xlsx"), stem.with_name(stem.name + "_paragraphs.csv"),
            stem.with_name(stem.name + "_phrases.csv"))


def write_sheet(tables: dict[str, pd.DataFrame], coder_columns: dict[str, dict[str, tuple[str, ...]]],
                codes: dict[str, tuple[str, ...]], stem: str | Path) -> list[Path]:
    """Write the coding sheet ``tables`` as XLSX and CSV; return the paths written.

    ``coder_columns[table][column]`` is the list of allowed codes (a key of ``codes``) that the
    drop-down of that coder column offers; ``codes`` are written to the ``codes`` worksheet.
    """
    xlsx, *csvs = sheet_paths(stem)
    for path, name in zip(csvs, TABLES):
        atomic.write_text(path, tables[name].to_csv(index=False, lineterminator="\n"))
    atomic.write_bytes(xlsx, _workbook_bytes(tables, coder_columns, codes))
    return [xlsx, *csvs]


def _workbook_bytes(tables: dict[str, pd.DataFrame], coder_columns: dict[str, dict[str, str]],
                    codes: dict[str, tuple[str, ...]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    code_sheet = book.create_sheet(CODES_SHEET)
    ranges = {}
    for i, (name, values) in enumerate(codes.items()):
        letter = column_letter(i)
        code_sheet.cell(row=1, column=i + 1, value=name).font = Font(bold=True)
        for j, value in enumerate(values, start=2):
            code_sheet.cell(row=j, column=i + 1, value=value)
        ranges[name] = f"{CODES_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    for name in TABLES:
        frame = tables[name]
        sheet = book.create_sheet(name, index=TABLES.index(name))
        coder = coder_columns[name]
        for j, column in enumerate(frame.columns, start=1):
            head = sheet.cell(row=1, column=j, value=column)
            head.font = Font(bold=True)
            sheet.column_dimensions[column_letter(j - 1)].width = _WIDTHS.get(column, 16)
            if column in coder or column == "note":
                head.fill = PatternFill("solid", fgColor="FFF2CC")
        for i, row in enumerate(frame.itertuples(index=False), start=2):
            for j, value in enumerate(row, start=1):
                cell = sheet.cell(row=i, column=j, value="" if value is None else str(value))
                cell.number_format = "@"  # text: "4.0" and "2a" stay as written
                cell.alignment = Alignment(wrap_text=frame.columns[j - 1] == "text", vertical="top")
        last = len(frame) + 1
        for column, code in coder.items():
            letter = column_letter(list(frame.columns).index(column))
            several = column in LIST_COLUMNS
            check = DataValidation(type="list", formula1=f"={ranges[code]}", allow_blank=True,
                                   errorStyle="warning" if several else "stop", showErrorMessage=True,
                                   promptTitle=column, showInputMessage=True,
                                   prompt=("one or more codes, separated by ;" if several else "one code"))
            check.add(f"{letter}2:{letter}{max(last, 2)}")
            sheet.add_data_validation(check)
        sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The XLSX with its save time and the zip entries' times fixed, so that it is byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_TIME.encode(),
                                 content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read_sheet(path: str | Path) -> dict[str, SheetTable]:
    """The two tables of a completed sheet: ``<stem>.xlsx``, or either CSV of the pair (the other is
    found beside it). A missing file, a workbook without a table or an unreadable file is an
    :class:`~analysis.errors.InputError` naming it."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    match = re.fullmatch(r"(.*)_(paragraphs|phrases)\.csv", path.name, flags=re.IGNORECASE)
    if not match:
        raise InputError(f"{path}: a coding sheet is an .xlsx file or a <name>_paragraphs.csv / <name>_phrases.csv pair")
    return {name: _read_csv(path.with_name(f"{match.group(1)}_{name}.csv"), name) for name in TABLES}


def _read_csv(path: Path, name: str) -> SheetTable:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except FileNotFoundError:
        raise InputError(f"{path}: coding sheet not found") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable UTF-8 CSV file ({exc})") from None
    if not rows:
        raise InputError(f"{path}: empty file")
    return _table(name, str(path), False, rows)


def _read_workbook(path: Path) -> dict[str, SheetTable]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(f"{path}: coding sheet not found") from None
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from None
    tables = {}
    for name in TABLES:
        if name not in book.sheetnames:
            raise InputError(f"{path}: the workbook has no worksheet {name!r}")
        rows = [[_text(value) for value in row] for row in book[name].iter_rows(values_only=True)]
        tables[name] = _table(name, str(path), True, rows)
    book.close()
    return tables


def _text(value: object) -> str:
    """A cell as text: ``None`` -> ``""``, ``4.0`` -> ``"4.0"``, ``7`` (a number typed in) -> ``"7"``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:.1f}"
    return str(value).strip()


def _table(name: str, source: str, workbook: bool, rows: list[list[str]]) -> SheetTable:
    """The rows of one sheet under its header. A column named twice, and in a CSV a row with filled cells
    beyond the header (a comma in a cell not quoted), are refused: which cell holds a code is not guessed."""
    header = tuple(rows[0])
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    named = [column for column in header[:width] if column]
    if twice := next((column for column in named if named.count(column) > 1), None):
        raise InputError(f"{source}: the header names column {twice!r} twice")
    if not workbook:
        for number, row in enumerate(rows[1:], start=2):
            if extra := sum(1 for cell in row[width:] if cell):
                raise InputError(f"{source}: row {number} has {extra} cell(s) more than the header "
                                 "(a comma in a cell that is not quoted?)")
    body = [tuple((list(row) + [""] * width)[:width]) for row in rows[1:]]
    while body and not any(body[-1]):  # a workbook keeps formatted empty rows at the end
        body.pop()
    return SheetTable(name, source, workbook, header[:width], tuple(body))
