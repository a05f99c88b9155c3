"""Batch classification goes on past an unreadable file, names it in one line and exits non-zero."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from analysis.classify.paragraphs import classify_files, classify_files_reporting
from analysis.errors import AnalysisError, InputError

from conftest import RAW_2021, run_cli


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
    assert lines == [f"analysis classify: error: {mixed / 'b_BG.txt'}: empty file",
                     f"analysis classify: error: {mixed / 'd_BG.txt'}: binary file, not an HTML page or text",
                     "analysis classify: 2 file(s) could not be read and are not in the output"]


def test_cli_with_no_readable_file_fails_in_one_line(mixed):
    result = run_cli("classify", str(mixed / "b_BG.txt"), str(mixed / "d_BG.txt"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "none of the 2 files could be read" in result.stderr


def test_python_api_strict_and_reporting(mixed):
    with pytest.raises(InputError, match="empty file"):
        classify_files([mixed], themes="none")
    frame, errors = classify_files_reporting([mixed], themes="none")
    assert len(frame) == 54 and [str(e).split(": ", 1)[1] for e in errors] == [
        "empty file", "binary file, not an HTML page or text"]
    empty = mixed / "empty"
    empty.mkdir()
    with pytest.raises(AnalysisError, match="no resolution files found"):
        classify_files_reporting([empty], themes="none")
