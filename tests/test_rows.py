"""``classify``'s rows without pandas (#12): the same cells as the frames of ``analyse_paragraphs``,
the same coverage as ``coverage_table``, and a ``classify`` that imports neither pandas nor numpy
once its matchers are kept on disk. The documents are the shipped text and synthetic ones."""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.classify.coverage import coverage_lines, coverage_records, coverage_table, coverage_warnings
from analysis.classify.paragraphs import OUTPUT_COLUMNS, analyse_paragraphs, operative_paragraphs
from analysis.classify.rows import classify_rows
from analysis.corpus.documents import load_documents
from analysis.errors import AnalysisError

from conftest import FIXTURES, RAW_2021, REPO


@pytest.fixture(scope="module")
def documents():
    """The shipped text and three synthetic English ones (an HTML page; paragraphs no verb or theme covers)."""
    return load_documents([RAW_2021, FIXTURES / "synthetic_conflict_EN.txt", FIXTURES / "synthetic_resolution_EN.html",
                           FIXTURES / "synthetic_coverage_EN.txt"])


def _same(cell: object, value: object) -> bool:
    """A cell of the frame and the row's value: equal, or both missing."""
    if isinstance(value, float) and math.isnan(value):
        return pd.isna(cell)
    return cell == value


@pytest.mark.parametrize("themes", ["dictionary", "none"])
def test_the_rows_are_the_cells_of_the_paragraph_table(documents, themes):
    rows, records = classify_rows(documents, themes=themes, coverage=True)
    paragraphs = operative_paragraphs(documents)
    classification = analyse_paragraphs(paragraphs, themes=themes)
    table = classification.paragraphs
    assert len(rows) == len(table) == len(paragraphs) and all(len(row) == len(OUTPUT_COLUMNS) for row in rows)
    for row, cells in zip(rows, table.itertuples(index=False)):
        assert all(_same(cell, value) for cell, value in zip(cells, row)), (row, cells)
    # the synthetic texts hold what the shipped one lacks: a paragraph with no lexicon verb (NaN strengths)
    assert any(row[OUTPUT_COLUMNS.index("act")] == "unclassified" and math.isnan(row[OUTPUT_COLUMNS.index("strength")])
               for row in rows)
    assert {row[0] for row in rows} == set(table["document"]) and len({row[0] for row in rows}) == 4
    frame = coverage_table(paragraphs, table, themes=themes != "none", phrases=classification.phrases)
    pd.testing.assert_frame_equal(pd.DataFrame(records, columns=frame.columns).astype(frame.dtypes.to_dict()), frame)
    assert coverage_lines(records) == coverage_lines(frame) and coverage_warnings(records) == coverage_warnings(frame)
    assert any("low coverage" in warning for warning in coverage_warnings(records))  # the synthetic coverage text


def test_no_documents_give_no_rows_and_a_stray_model_is_refused(documents):
    assert classify_rows([], coverage=True) == ([], [])
    with pytest.raises(AnalysisError, match="a theme model is used only with themes='model'"):
        classify_rows(documents, themes="none", model=object())  # as the frames refuse it
    with pytest.raises(AnalysisError, match="a theme model is used only with themes='model'"):
        analyse_paragraphs(operative_paragraphs(documents), themes="none", model=object())


def test_classify_imports_neither_pandas_nor_numpy(tmp_path):
    # The matchers are built (with pandas) by the first run into a copy of data/ and read from their
    # pickles by the second, which loads neither library (modules lazily bound are not loaded).
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed", ".cache"))
    probe = ("import runpy, sys\n"
             f"sys.argv = ['analysis', 'classify', {str(RAW_2021)!r}, {str(FIXTURES / 'synthetic_conflict_EN.txt')!r}]\n"
             "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
             "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
             "loaded = [name for name in ('pandas.core.frame', 'numpy.linalg', 'pyarrow') if name in sys.modules]\n"
             "print('LOADED', loaded, file=sys.stderr)\n")
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300)
            for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert "LOADED ['pandas.core.frame', 'numpy.linalg'" in runs[0].stderr  # built: the lexicon is read with pandas
    assert "LOADED []" in runs[1].stderr
    synthetic = operative_paragraphs(load_documents([FIXTURES / "synthetic_conflict_EN.txt"]))
    assert runs[0].stdout == runs[1].stdout and len(list(csv.reader(io.StringIO(runs[1].stdout)))) == 1 + 27 + len(synthetic)
    assert sorted(path.name.split(".")[0] for path in (data / ".cache" / "built").iterdir()) == [
        "theme-dictionary", "verb-matcher-bg", "verb-matcher-en"]
