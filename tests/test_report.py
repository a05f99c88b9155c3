"""The main job: tables and figures, written twice identically; the multi-resolution path on the
synthetic corpus; a single resolution works; the console says what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, REPO, run_cli

SYNTHETIC = FIXTURES / "synthetic_corpus"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """``report`` run twice on the shipped data into two separate folders."""
    outputs = []
    for i in range(2):
        base = tmp_path_factory.mktemp(f"report{i}")
        result = run_cli("report", "--tables", str(base / "tables"), "--figures", str(base / "figures"))
        assert result.returncode == 0, result.stderr
        outputs.append((base, result))
    return outputs


def test_report_writes_figures_and_tables(two_runs):
    base, _ = two_runs[0]
    figures = _tree(base / "figures")
    stems = {Path(name).stem for name in figures}
    assert len(stems) >= 4
    for stem in stems:  # every figure in PNG and in PDF and SVG
        assert {f"{stem}.png", f"{stem}.pdf", f"{stem}.svg"} <= set(figures)
    tables = _tree(base / "tables")
    assert len({Path(n).stem for n in tables if n.endswith(".csv")}) >= 3
    for stem in ("structure", "verb_profile", "paragraphs", "theme_matrix"):
        assert f"{stem}.csv" in tables and f"{stem}.parquet" in tables
    assert "structure.tex" in tables and b"\\toprule" in tables["structure.tex"]
    for name in ("structure.tex", "verb_profile.tex", "theme_dynamics.tex"):  # paper-ready: no raw missing values
        assert b"nan" not in tables[name] and b"<NA>" not in tables[name], name
    assert b"Mean strength" in tables["verb_profile.tex"] and b"share_" not in tables["verb_profile.tex"]
    assert "Political prisoners and arbitrary detention".encode() in tables["theme_dynamics.tex"]


def test_report_is_byte_identical_twice(two_runs):
    (first, _), (second, _) = two_runs
    assert _tree(first) == _tree(second)


def test_report_console_names_what_is_missing(two_runs):
    _, result = two_runs[0]
    assert "Resolutions on disk: 2021." in result.stdout
    assert "Missing: 2009, 2012, 2013, 2016, 2019, 2022" in result.stdout and "make data" in result.stdout


def test_report_tables_hold_the_2021_facts(two_runs):
    base, _ = two_runs[0]
    structure = pd.read_csv(base / "tables" / "structure.csv")
    assert structure[["citations", "recitals", "paragraphs", "footnotes"]].values.tolist() == [[11, 23, 27, 5]]
    paragraphs = pd.read_parquet(base / "tables" / "paragraphs.parquet")
    assert len(paragraphs) == 27 and paragraphs["themes"].str.len().gt(0).all()
    cited = pd.read_csv(base / "tables" / "cited_resolutions.csv")
    assert sorted(cited["cited_year"]) == [2009, 2012, 2013, 2019]


def _synthetic_data(tmp_path: Path, texts: list[Path]) -> tuple[Path, dict[str, str]]:
    """A copy of data/ whose registry is the synthetic one and whose raw folder holds ``texts``;
    returns it and the environment that points the command line at it."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    shutil.copy(SYNTHETIC / "registry.csv", data / "registry.csv")
    (data / "raw").mkdir()
    for path in texts:
        shutil.copy(path, data / "raw" / path.name)
    return data, {"ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures")}


def test_report_on_synthetic_multi_resolution_corpus(tmp_path):
    """Three synthetic resolutions (tests/fixtures/synthetic_corpus) through the whole job."""
    data, env = _synthetic_data(tmp_path, sorted(SYNTHETIC.glob("synthetic_*.txt")))
    result = run_cli("report", env=env)
    assert result.returncode == 0, result.stderr
    assert "Missing: 2096" in result.stdout
    structure = pd.read_csv(data / "processed" / "structure.csv")
    assert list(structure["year"]) == [2097, 2098, 2099]
    matrix = pd.read_csv(data / "processed" / "theme_matrix.csv")
    assert list(matrix["resolution"].astype(str)) == ["2097", "2098", "2099"]
    profile = pd.read_csv(data / "processed" / "verb_profile.csv")
    assert len(profile) == 3 and profile["n_paragraphs"].gt(0).all()
    assert len(list((tmp_path / "figures").glob("*.png"))) >= 4


def test_report_counts_each_resolution_once_when_two_languages_are_on_disk(tmp_path):
    """A synthetic Bulgarian version of synthetic_2098_EN beside it: one row for 2098, in Bulgarian."""
    texts = [*sorted(SYNTHETIC.glob("synthetic_*.txt")), FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt"]
    data, env = _synthetic_data(tmp_path, texts)
    result = run_cli("report", env=env)
    assert result.returncode == 0, result.stderr
    assert "left out 1 other version(s): synthetic_2098_EN" in result.stdout
    structure = pd.read_csv(data / "processed" / "structure.csv")
    assert list(structure["document"]) == ["synthetic_2097_BG", "synthetic_2098_BG", "synthetic_2099_BG"]
    assert list(structure["paragraphs"]) == [5, 2, 5]
    result = run_cli("report", "--lang", "en", env=env)
    assert result.returncode == 0, result.stderr
    assert list(pd.read_csv(data / "processed" / "structure.csv")["document"]) == ["synthetic_2098_EN"]
    result = run_cli("report", "--lang", "xx", env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "unknown language code" in result.stderr


def test_paragraph_strength_figure_takes_numbers_like_2a():
    from analysis.output.verb_figures import plot_paragraph_strength

    frame = pd.DataFrame({"number": ["10", "2a", "1", "2"], "act": ["procedural", "directive", "directive", "emphasis"],
                          "strength": [0.0, 3.0, 4.0, 2.0], "max_strength": [0.0, 3.0, 4.0, 2.0]})
    fig = plot_paragraph_strength(frame)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "2a", "10"]
    assert [bar.get_height() for bar in ax.patches] == [4.0, 2.0, 3.0, 0.0]
