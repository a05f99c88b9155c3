"""Batch classification goes on past an unreadable file, names it in one line and exits non-zero;
``--themes model`` trains on the gold (or loads a saved model) explicitly, whatever else is on disk."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from analysis.classify.paragraphs import classify_files
from analysis.errors import AnalysisError, InputError

from conftest import FIXTURES, RAW_2021, REPO, run_cli


@pytest.fixture
def mixed(tmp_path):
    """Two byte copies of the shipped text, an empty file and a binary one."""
    for name in ("a_BG.txt", "c_BG.txt"):
        shutil.copy(RAW_2021, tmp_path / name)
    (tmp_path / "b_BG.txt").write_bytes(b"")
    (tmp_path / "d_BG.txt").write_bytes(bytes(range(256)) * 8)
    return tmp_path


def test_cli_classifies_the_readable_files_and_names_the_others(mixed):
    result = run_cli("classify", str(mixed), "--themes", "none")
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 * 27 and {r["document"] for r in rows} == {"a_BG", "c_BG"}
    lines = result.stderr.strip().splitlines()
    # Each classified document also gets its coverage line (#10); the unreadable ones do not.
    coverage = [line for line in lines if line.startswith("analysis classify: coverage: ")]
    assert [line.split(": ")[2] for line in coverage] == ["a_BG", "c_BG"]
    lines = [line for line in lines if line not in coverage]
    assert lines == [f"analysis classify: error: {mixed / 'b_BG.txt'}: empty file",
                     f"analysis classify: error: {mixed / 'd_BG.txt'}: binary file, not an HTML page or text",
                     "analysis classify: 2 file(s) could not be read and are not in the output"]


def test_cli_with_no_readable_file_fails_in_one_line(mixed):
    result = run_cli("classify", str(mixed / "b_BG.txt"), str(mixed / "d_BG.txt"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "none of the 2 files could be read" in result.stderr


def test_a_file_named_twice_is_classified_once_with_any_number_of_workers(mixed):
    # A folder and a file in it: the file once, where first named (the rows' key, document and number,
    # stays unique), the same output with one worker and two; two files of one document name are
    # refused before any output.
    runs = [run_cli("classify", str(mixed / "c_BG.txt"), str(mixed), "--themes", "none", "--workers", workers)
            for workers in ("1", "2")]
    for result in runs:
        assert result.returncode == 1
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["document"] for r in rows] == ["c_BG"] * 27 + ["a_BG"] * 27
        coverage = [line.split(": ")[2] for line in result.stderr.splitlines() if ": coverage: " in line]
        assert coverage == ["c_BG", "a_BG"] and result.stderr.count(": error: ") == 2
    assert (runs[0].stdout, runs[0].stderr) == (runs[1].stdout, runs[1].stderr)
    other = mixed / "other"
    other.mkdir()
    shutil.copy(RAW_2021, other / "a_BG.txt")
    for workers in ("1", "2"):
        result = run_cli("classify", str(mixed), str(other), "--workers", workers)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == (f"analysis classify: error: {other / 'a_BG.txt'}: document 'a_BG' is named twice: "
                                 f"also {mixed / 'a_BG.txt'}; rename one of the files or leave one out\n")


def test_a_language_the_themes_cannot_label_is_that_files_error_with_any_number_of_workers(mixed):
    # The theme dictionary has bg and en patterns only: a German resolution (synthetic) is not classified
    # and named, the others are, the same with one worker and two, never a run cut off after a batch.
    from test_synthetic_languages import synthetic_text

    german = mixed / "b_DE.txt"
    german.write_text(synthetic_text("de", "urgency"), encoding="utf-8")
    (mixed / "b_BG.txt").unlink()
    (mixed / "d_BG.txt").unlink()
    runs = [run_cli("classify", str(mixed), "--workers", workers) for workers in ("1", "2")]
    for result in runs:
        assert result.returncode == 1
        assert [r["document"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["a_BG"] * 27 + ["c_BG"] * 27
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors == [f"analysis classify: error: {german}: no themes for language 'de': the theme dictionary "
                          "has patterns for bg, en only; classify it with --themes none"]
    assert (runs[0].stdout, runs[0].stderr) == (runs[1].stdout, runs[1].stderr)
    result = run_cli("classify", str(mixed), "--themes", "none")  # verbs only: every language
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 1 + 2 * 27 + 6
    failed: list[InputError] = []
    frame = classify_files([mixed], errors=failed)
    assert sorted(set(frame["document"])) == ["a_BG", "c_BG"] and [str(e) for e in failed] == [errors[0][26:]]


def test_a_file_name_no_table_can_hold_is_that_files_error(mixed):
    # A name with bytes that are not UTF-8 (Python holds them as lone surrogates) or a line break: the
    # file is named and left out, the others classified, the same with one worker and two.
    import os

    (mixed / "b_BG.txt").unlink()
    (mixed / "d_BG.txt").unlink()
    for name in (b"b\xff_BG.txt", b"c\rx_BG.txt", "c\u2028y_BG.txt".encode()):
        shutil.copy(RAW_2021, os.fsdecode(bytes(mixed) + b"/" + name))
    runs = [run_cli("classify", str(mixed), "--themes", "none", "--workers", workers) for workers in ("1", "2")]
    for result in runs:
        assert result.returncode == 1
        assert [r["document"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["a_BG"] * 27 + ["c_BG"] * 27
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert [line[:line.index(": the")].rsplit("/", 1)[1] for line in errors] == [
            "b\\udcff_BG.txt'", "c\\rx_BG.txt'", "c\\u2028y_BG.txt'"]
        assert len(errors) == 3 and all(line.endswith(
            ": the file's name has a control character or bytes that are not UTF-8; rename the file "
            "(its name is the document's id in every table)") for line in errors)
    assert (runs[0].stdout, runs[0].stderr) == (runs[1].stdout, runs[1].stderr)


def test_python_api_strict_or_collecting_errors(mixed):
    with pytest.raises(InputError, match="empty file"):
        classify_files([mixed], themes="none")
    errors: list = []
    frame = classify_files([mixed], themes="none", errors=errors)
    assert len(frame) == 54 and [str(e).split(": ", 1)[1] for e in errors] == [
        "empty file", "binary file, not an HTML page or text"]
    empty = mixed / "empty"
    empty.mkdir()
    with pytest.raises(AnalysisError, match="no resolution files found"):
        classify_files([empty], themes="none", errors=[])


# --- --themes model: trained explicitly on the gold, or loaded ------------------------------------

@pytest.fixture(scope="module")
def model_run(tmp_path_factory):
    """``classify --themes model`` on the shipped text, with a copy of data/ as the data folder."""
    data = tmp_path_factory.mktemp("model") / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed"))
    result = run_cli("classify", str(RAW_2021), "--themes", "model", env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    return data, result.stdout


def test_model_themes_do_not_depend_on_other_files_in_data_raw(model_run):
    data, expected = model_run
    rows = list(csv.DictReader(io.StringIO(expected)))
    assert len(rows) == 27 and all(row["themes"] for row in rows)  # every paragraph gets a theme (R4)
    for name in ("synthetic_2097_BG.txt", "synthetic_2098_EN.txt"):
        shutil.copy(FIXTURES / "synthetic_corpus" / name, data / "raw" / name)
    again = run_cli("classify", str(RAW_2021), "--themes", "model", env={"ANALYSIS_DATA_DIR": str(data)})
    assert again.returncode == 0 and again.stdout == expected


def test_a_saved_model_gives_the_same_output(model_run, tmp_path):
    from analysis.classify.theme_model import save_model
    from analysis.evaluate.themes import fit_gold_model

    _, expected = model_run
    path = save_model(fit_gold_model(), tmp_path / "themes.joblib")
    empty = tmp_path / "data"  # no gold, no raw texts: the saved model needs neither
    shutil.copytree(REPO / "data", empty, ignore=shutil.ignore_patterns("processed", "raw", "annotations"))
    result = run_cli("classify", str(RAW_2021), "--themes", "model", "--model", str(path),
                     env={"ANALYSIS_DATA_DIR": str(empty)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_model_option_needs_themes_model_and_a_model_file(tmp_path):
    result = run_cli("classify", str(RAW_2021), "--model", str(tmp_path / "themes.joblib"))
    assert result.returncode == 2 and result.stderr.strip() == (
        "analysis classify: error: --model is used only with --themes model")
    missing = run_cli("classify", str(RAW_2021), "--themes", "model", "--model", str(tmp_path / "absent.joblib"))
    assert missing.returncode == 2 and "theme model file not found" in missing.stderr


def test_parser_warnings_reach_classify_users(tmp_path):
    """A numbering gap (synthetic copy with paragraph 3 numbered 7) is said on standard error."""
    text = (FIXTURES / "synthetic_corpus" / "synthetic_2097_BG.txt").read_text(encoding="utf-8")
    path = tmp_path / "synthetic_gap_BG.txt"
    path.write_text(text.replace("\n3.", "\n7.", 1), encoding="utf-8")
    result = run_cli("classify", str(path), "--themes", "none")
    assert result.returncode == 0
    assert ("analysis classify: warning: synthetic_gap_BG: operative paragraphs are not numbered 1..5 in order: "
            "1, 2, 7, 4, 5") in result.stderr
    warnings: list = []
    classify_files([path], themes="none", warnings=warnings)
    assert warnings == [("synthetic_gap_BG", "operative paragraphs are not numbered 1..5 in order: 1, 2, 7, 4, 5")]
