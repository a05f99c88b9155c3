"""Coding sheets, agreement and reviewed codes (issue #10): a round trip on the 2021 text.

A sheet is exported for the 2021 text, filled in programmatically as a coder would in a spreadsheet
(the machine's codes copied, with three head acts changed), imported, and the agreement table must
show the figures worked out by hand below; bad sheets give one line naming the cell; ``report
--reviewed`` uses the imported codes and marks them.
"""

from __future__ import annotations

import csv
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from conftest import REPO, run_cli

from analysis.errors import DataError, InputError
from analysis.evaluate.agreement import agreement_table, collect_codes, confusion_table
from analysis.evaluate.sheets import export_sheet, import_sheet
from analysis.resources.annotations import load_coded

DOC = "TA-9-2021-0056_BG"
#: Head acts the coder changes: two directives become emphasis, one emphasis a directive.
CHANGES = {"1": "emphasis", "2": "emphasis", "9": "directive"}


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of data/ (without the generated tables) that the code reads and the import writes into."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder, ignore=shutil.ignore_patterns("processed"))
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(folder))
    return folder


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def fill_workbook(path: Path, changes: dict[str, str] = CHANGES) -> None:
    """Code every row as the machine did, except the head acts in ``changes`` (as a coder in Excel)."""
    book = load_workbook(path)
    paragraphs, phrases = book["paragraphs"], book["phrases"]
    col = _columns(paragraphs)
    for row in range(2, paragraphs.max_row + 1):
        get = lambda name: paragraphs.cell(row=row, column=col[name]).value  # noqa: E731
        number = get("number")
        paragraphs.cell(row=row, column=col["head_act"], value=changes.get(number, get("machine_head_act")))
        paragraphs.cell(row=row, column=col["head_strength"], value=float(get("machine_head_strength")))
        paragraphs.cell(row=row, column=col["themes"], value=get("machine_themes"))
    col = _columns(phrases)
    for row in range(2, phrases.max_row + 1):
        phrases.cell(row=row, column=col["act"], value=phrases.cell(row=row, column=col["machine_act"]).value)
        phrases.cell(row=row, column=col["addressee_groups"],
                     value=phrases.cell(row=row, column=col["machine_addressee_groups"]).value)
    book.save(path)


@pytest.fixture
def imported(data, tmp_path):
    """The filled-in sheet of coder ``anna``, imported."""
    xlsx, *_ = export_sheet([DOC], tmp_path / "sheet")
    fill_workbook(xlsx)
    written = import_sheet(xlsx, "anna", "2026-12-01")
    return xlsx, written


def test_export_writes_a_workbook_with_drop_downs_and_the_csv_pair(data, tmp_path):
    written = export_sheet([DOC], tmp_path / "sheet")
    assert [p.name for p in written] == ["sheet.xlsx", "sheet_paragraphs.csv", "sheet_phrases.csv"]
    book = load_workbook(written[0])
    assert book.sheetnames == ["paragraphs", "phrases", "codes"]
    # 27 operative paragraphs and 53 phrases (as in the hand-coded gold), one header row each
    assert book["paragraphs"].max_row == 28 and book["phrases"].max_row == 54
    codes = [c.value for c in book["codes"]["A"] if c.value][1:]
    acts = pd.read_csv(REPO / "data" / "taxonomy" / "acts.csv")["act"].tolist()
    assert codes == [a for a in acts if a != "unclassified"]
    rules = {str(v.sqref): v.formula1 for v in book["paragraphs"].data_validations.dataValidation}
    col = _columns(book["paragraphs"])
    letter = "ABCDEFGHIJKLMNOP"[col["head_act"] - 1]
    assert rules[f"{letter}2:{letter}28"] == "=codes!$A$2:$A$8"
    blank = pd.read_csv(written[1], dtype=str, keep_default_na=False)
    assert (blank["head_act"] == "").all() and blank.loc[0, "machine_head_act"] == "directive"
    again = export_sheet([DOC], tmp_path / "again")
    assert again[0].read_bytes() == written[0].read_bytes()  # byte-identical on re-run


def test_round_trip_agreement_is_what_was_worked_out_by_hand(imported):
    paragraphs, phrases = load_coded(["anna"])
    assert len(paragraphs) == 27 and len(phrases) == 53 and set(paragraphs["date"]) == {"2026-12-01"}
    codes = collect_codes()
    table = agreement_table(codes)
    row = table[(table["variable"] == "head_act") & (table["coders"] == "anna+machine")].iloc[0]
    # The machine's head acts of the 27 paragraphs: 16 directive, 3 negative_judgement,
    # 3 positive_judgement, 3 emphasis, 1 observation, 1 procedural. The coder changed 3 (§1, §2
    # directive -> emphasis, §9 emphasis -> directive): 15 directive, 4 emphasis, the rest as before.
    # Percent agreement: 24/27 = 88.89 %.
    # Cohen's kappa: p_o = 24/27 = 648/729; p_e = (16*15 + 3*3 + 3*3 + 3*4 + 1*1 + 1*1)/27^2 = 272/729;
    #   kappa = (648 - 272)/(729 - 272) = 376/457 = 0.82276.
    # Krippendorff's alpha (nominal, 2 coders, no missing values): n = 54 pooled values, n_c = 31
    #   directive, 7 emphasis, 6, 6, 2, 2; disagreeing pairs in the coincidence matrix 2*3 = 6;
    #   sum_{c!=k} n_c n_k = 54^2 - (31^2 + 7^2 + 6^2 + 6^2 + 2^2 + 2^2) = 2916 - 1090 = 1826;
    #   alpha = 1 - (n - 1) * 6 / 1826 = 1 - 318/1826 = 754/913 = 0.82585.
    assert (row["n_units"], row["n_agree"]) == (27, 24)
    assert row["percent_agreement"] == pytest.approx(100 * 24 / 27)
    assert row["kappa"] == pytest.approx(float(Fraction(376, 457)))
    assert row["alpha"] == pytest.approx(float(Fraction(754, 913)))
    # the gold agrees with the machine on every head act, so the coder against the gold is the same
    gold = table[(table["variable"] == "head_act") & (table["coders"] == "anna+gold")].iloc[0]
    assert gold["kappa"] == pytest.approx(row["kappa"]) and gold["alpha"] == pytest.approx(row["alpha"])
    # every other variable was copied from the machine: full agreement on 53 phrases
    same = table[(table["variable"] == "phrase_act") & (table["coders"] == "anna+machine")].iloc[0]
    assert (same["n_units"], same["percent_agreement"], same["alpha"]) == (53, 100.0, 1.0)
    confusion = confusion_table(codes, "head_act", "anna", "machine")
    off = confusion[confusion["value_a"] != confusion["value_b"]]
    assert off[["value_a", "value_b", "n"]].values.tolist() == [["directive", "emphasis", 1],
                                                                 ["emphasis", "directive", 2]]


def _long(codes: dict[str, list[str | None]], variable: str) -> pd.DataFrame:
    """A long code table of one variable: each coder's values of units 1, 2, ... (None: not coded)."""
    return pd.DataFrame([(coder, variable, "synthetic_EN", str(unit), 0, value) for coder, values in codes.items()
                         for unit, value in enumerate(values, start=1) if value is not None],
                        columns=["coder", "variable", "document", "number", "order", "value"])


def test_coders_who_did_not_code_the_same_units_are_compared_on_those_both_coded():
    # anna coded units 1-3, bob 1-2 (another resolution, or a coder who stopped). By hand, over units 1 and 2,
    # which both coded: anna directive, emphasis; bob directive, directive. 1 of 2 agree; p_o = 1/2,
    # p_e = (1*2 + 1*0) / 2^2 = 1/2 (anna's directive 1, emphasis 1; bob's directive 2); kappa = 0.
    codes = _long({"anna": ["directive", "emphasis", "observation"], "bob": ["directive", "directive", None]},
                  "head_act")
    row = agreement_table(codes).iloc[0]
    assert (row["coders"], row["n_units"], row["n_agree"], row["percent_agreement"]) == ("anna+bob", 2, 1, 50.0)
    assert row["kappa"] == pytest.approx(0.0)


def test_the_weighted_kappa_of_strengths_is_taken_on_the_codebooks_whole_scale():
    # Strengths 4.5, 4.0, 0.4, 4.0, 4.5 against 4.0, 4.5, 0.4, 4.5, 4.0: on the 13 points of the scale
    # (0.4 is point 1, 4.0 point 10, 4.5 point 11; linear weights |i - j| / 12), by hand: observed weighted
    # disagreement 4 * 1/12 = 1/3; expected, from the margins {1: 1, 10: 2, 11: 2} of both coders,
    # (2*9 + 2*10 + 2*9 + 4*1 + 2*10 + 4*1) / 12 / 5 = 84/60 = 7/5; kappa = 1 - (1/3) / (7/5) = 16/21.
    # On the three points used only it would be 0: the weights must not depend on the points coders used.
    codes = _long({"anna": ["4.5", "4.0", "0.4", "4.0", "4.5"], "bob": ["4.0", "4.5", "0.4", "4.5", "4.0"]},
                  "head_strength")
    row = agreement_table(codes).iloc[0]
    assert (row["kappa_weights"], row["n_units"]) == ("linear", 5)
    assert row["kappa"] == pytest.approx(float(Fraction(16, 21)))


def test_agreement_of_one_coder_or_of_a_coder_with_itself_is_refused_in_one_line(imported, data):
    from analysis.errors import AnalysisError

    codes = _long({"anna": ["directive", "emphasis"]}, "head_act")
    with pytest.raises(AnalysisError, match="^agreement needs the codes of two coders at least; found anna$"):
        agreement_table(codes)
    result = run_cli("agreement", "--confusion", "anna", "anna", env={"ANALYSIS_DATA_DIR": str(data)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip().splitlines() == [
        "analysis agreement: error: a confusion table compares two coders, not 'anna' with itself"]


def test_agreement_command_prints_the_table(imported, data):
    result = run_cli("agreement", "--coders", "anna,machine", "--variables", "head_act",
                     env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [(r["coders"], r["n_units"], r["n_agree"]) for r in rows] == [("anna+machine", "27", "24")]


def test_report_reviewed_uses_the_imported_codes_and_marks_them(imported, data, tmp_path):
    result = run_cli("report", "--reviewed", "anna", "--tables", str(tmp_path / "t"), "--figures",
                     str(tmp_path / "f"), env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    paragraphs = pd.read_csv(tmp_path / "t" / "paragraphs.csv", dtype={"number": str})
    by_number = paragraphs.set_index("number")
    assert by_number.loc["1", "act"] == "emphasis" and by_number.loc["9", "act"] == "directive"
    assert set(paragraphs["code_source"]) == {"reviewed"}
    assert set(pd.read_csv(tmp_path / "t" / "verbs.csv")["code_source"]) == {"reviewed"}
    # the manifest says which codes were reviewed: anna's, all 27 paragraphs of the 2021 text (#11)
    reviewed = json.loads((tmp_path / "t" / "manifest.json").read_text(encoding="utf-8"))["reviewed_codes"]
    assert reviewed["coder"] == "anna" and reviewed["n_paragraphs"] == 27
    assert reviewed["paragraphs"][0] == f"{DOC}#1"
    # 15 directive head acts of 27 after review (16 by the machine)
    profile = pd.read_csv(tmp_path / "t" / "verb_profile.csv")
    assert profile.loc[0, "share_directive_head"] == pytest.approx(15 / 27)
    plain = run_cli("report", "--tables", str(tmp_path / "m"), "--figures", str(tmp_path / "g"),
                    env={"ANALYSIS_DATA_DIR": str(data)})
    assert plain.returncode == 0
    machine = pd.read_csv(tmp_path / "m" / "paragraphs.csv")
    assert "code_source" not in machine.columns and machine.loc[0, "act"] == "directive"


def _csv_sheet(data, tmp_path, edit) -> Path:
    xlsx, paragraphs, phrases = export_sheet([DOC], tmp_path / "sheet")
    fill_workbook(xlsx)
    book = load_workbook(xlsx)
    for name, path in (("paragraphs", paragraphs), ("phrases", phrases)):
        rows = [[c if c is not None else "" for c in row] for row in book[name].iter_rows(values_only=True)]
        edit(name, rows)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return paragraphs


def test_an_unknown_code_in_a_workbook_names_the_cell(data, tmp_path):
    xlsx, *_ = export_sheet([DOC], tmp_path / "sheet")
    fill_workbook(xlsx)
    book = load_workbook(xlsx)
    column = _columns(book["paragraphs"])["head_act"]
    book["paragraphs"].cell(row=7, column=column, value="urgee")
    book.save(xlsx)
    with pytest.raises(InputError) as error:
        import_sheet(xlsx, "anna")
    letter = "ABCDEFGHIJKLMNOP"[column - 1]
    assert str(error.value).startswith(f"{xlsx}: paragraphs!{letter}7: unknown act 'urgee'")
    assert "\n" not in str(error.value)
    assert not (data / "annotations" / "coded").exists()  # nothing kept


def test_bad_csv_sheets_give_one_line_naming_the_cell(data, tmp_path):
    def theme(name, rows):  # row 3 of the CSV = paragraph 2
        if name == "paragraphs":
            rows[2][rows[0].index("themes")] = "torture;prisons"
    with pytest.raises(InputError, match=r"sheet_paragraphs\.csv: K3: unknown theme 'torture'"):
        import_sheet(_csv_sheet(data, tmp_path, theme), "anna")

    def text(name, rows):
        if name == "paragraphs":
            rows[4][2] = rows[4][2] + " (edited)"
    with pytest.raises(InputError, match=r"sheet_paragraphs\.csv: C5: the text was edited"):
        import_sheet(_csv_sheet(data, tmp_path, text), "anna")

    def missing(name, rows):
        if name == "phrases":
            del rows[3]
    with pytest.raises(InputError, match=f"sheet_phrases.csv: phrases: row missing for {DOC} number 2 order 1$"):
        import_sheet(_csv_sheet(data, tmp_path, missing), "anna")

    def group(name, rows):
        if name == "phrases":
            rows[1][rows[0].index("addressee_groups")] = "kazak"
    with pytest.raises(InputError, match=r"sheet_phrases\.csv: J2: unknown addressee group 'kazak'"):
        import_sheet(_csv_sheet(data, tmp_path, group), "anna")

    def rounded(name, rows):  # 0.44 is no point of the scale: never kept as the 0.4 it rounds to
        if name == "paragraphs":
            rows[2][rows[0].index("head_strength")] = "0.44"
    with pytest.raises(InputError, match=r"sheet_paragraphs\.csv: [A-Z]3: unknown strength '0\.44'"):
        import_sheet(_csv_sheet(data, tmp_path, rounded), "anna")

    def unquoted(name, rows):  # "elections,labour" written without quotes: one cell more than the header
        if name == "paragraphs":
            rows[3].append("labour")
    with pytest.raises(InputError, match=r"sheet_paragraphs\.csv: row 4 has 1 cell\(s\) more than the header "):
        import_sheet(_csv_sheet(data, tmp_path, unquoted), "anna")

    def path(name, rows):  # a document cell that names a path would write the codes outside coded/<coder>/
        for row in rows[1:]:
            row[rows[0].index("document")] = "../raw/" + row[rows[0].index("document")]
    with pytest.raises(InputError, match=rf"sheet_paragraphs\.csv: A2: '\.\./raw/{DOC}' is no document name "):
        import_sheet(_csv_sheet(data, tmp_path, path), "anna")

    def twice(name, rows):  # a column copied: which of the two holds the codes is not guessed
        if name == "paragraphs":
            rows[0][rows[0].index("note")] = "head_act"
    with pytest.raises(InputError, match=r"sheet_paragraphs\.csv: the header names column 'head_act' twice$"):
        import_sheet(_csv_sheet(data, tmp_path, twice), "anna")
    assert not (data / "annotations" / "coded").exists()  # nothing kept


@pytest.mark.parametrize("day", ["20261201", "2026-W48-2", "2026-02-30"])
def test_an_import_date_is_a_calendar_date_written_yyyy_mm_dd(data, tmp_path, day):
    xlsx, *_ = export_sheet([DOC], tmp_path / "sheet")
    fill_workbook(xlsx)
    with pytest.raises(InputError, match=f"^date must be YYYY-MM-DD, not '{day}'$"):
        import_sheet(xlsx, "anna", day=day)


def test_import_command_says_one_line_and_exits_2(data, tmp_path):
    xlsx, *_ = export_sheet([DOC], tmp_path / "sheet")  # left blank
    result = run_cli("sheet", "import", str(xlsx), "--coder", "anna", env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"analysis sheet: error: {xlsx}: paragraphs!I2: no act coded"]
    reserved = run_cli("sheet", "import", str(xlsx), "--coder", "machine", env={"ANALYSIS_DATA_DIR": str(data)})
    assert reserved.returncode == 2 and "reserved" in reserved.stderr


def test_an_edited_annotation_file_is_refused_with_file_and_line(imported):
    _, written = imported
    paragraph_file = written[0]
    lines = paragraph_file.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("directive", "urgee", 1)
    paragraph_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"{paragraph_file}: line 4: head_act: unknown act 'urgee'"):
        load_coded()
    # A row copied with another code: which of the two counts is not guessed.
    lines[3] = lines[4].replace("directive", "emphasis", 1)
    paragraph_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{paragraph_file}: line 5: document, number coded twice$"):
        load_coded()
    # anna's folder copied for bob, the coder cells left as they were: refused, not bob's codes.
    lines[3] = lines[3].replace("emphasis", "directive", 1)
    del lines[3]
    paragraph_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(paragraph_file.parent, paragraph_file.parent.with_name("bob"))
    bob = paragraph_file.parent.with_name("bob") / paragraph_file.name
    with pytest.raises(DataError, match=rf"^{bob}: line 2: coder 'anna' in the folder of coder 'bob'$"):
        load_coded()
