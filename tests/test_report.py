"""The main job: tables and figures, written twice identically; the multi-resolution path on the
synthetic corpus; a single resolution works; the console says what is missing."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, REPO, copy_with_records, run_cli

from analysis.output.figures import report_figures
from analysis.output.report import build_tables
from analysis.output.tables import latex_tables, write_tables
from analysis.resources.cases import load_case

SYNTHETIC = FIXTURES / "synthetic_corpus"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """``report`` run twice on the shipped data into two separate folders, by one command line (relative
    folders, each run in its own), which the manifests record."""
    outputs = []
    for i in range(2):
        base = tmp_path_factory.mktemp(f"report{i}")
        result = run_cli("report", "--tables", "tables", "--figures", "figures", cwd=base)
        assert result.returncode == 0, result.stderr
        outputs.append((base, result))
    return outputs


FIGURES = {"structure_by_resolution", "act_shares_by_resolution", "strength_by_resolution", "directive_addressees",
           "theme_heatmap", "theme_strength", "theme_strength_over_time", "focus_paragraph_strength"}
TABLES = {"availability", "warnings", "coverage", "resolutions", "units", "paragraphs", "verbs", "addressees", "themes", "structure", "verb_profile",
          "strongest_paragraphs", "theme_matrix", "theme_dynamics", "theme_strength", "reuse_pairs", "people",
          "people_recurrence", "cited_resolutions", "sensitivity"}


def test_report_writes_figures_and_tables(two_runs):
    base, result = two_runs[0]
    # The 8 figures of output/figures.py (the 2021 text codes themes, so none is skipped), each in 3
    # formats, the reading view of the one resolution on disk, a page in figures/reading/ (#10), and
    # the manifest of the set.
    assert set(_tree(base / "figures")) == ({f"{stem}.{ext}" for stem in FIGURES for ext in ("png", "pdf", "svg")}
                                            | {"reading/TA-9-2021-0056_BG.html", "manifest.json"})
    # The 20 tables of build_tables in CSV, Parquet and Stata, the 3 summary tables in LaTeX, the data
    # package describing them, the manifest and the run's machine facts (run.json, #11).
    tables = _tree(base / "tables")
    assert set(tables) == ({f"{stem}.{ext}" for stem in TABLES for ext in ("csv", "parquet", "dta")}
                           | {"structure.tex", "verb_profile.tex", "theme_dynamics.tex", "manifest.json",
                              "datapackage.json", "run.json"})
    assert ("wrote 20 tables (CSV, Parquet, Stata; LaTeX for 3; datapackage.json) and 8 figures (PNG, PDF, SVG)"
            in result.stdout)
    assert "wrote 1 reading view (HTML, open in a browser) to figures/reading" in result.stdout
    assert b"\\toprule" in tables["structure.tex"]
    for name in ("structure.tex", "verb_profile.tex", "theme_dynamics.tex"):  # paper-ready: no raw missing values
        assert b"nan" not in tables[name] and b"<NA>" not in tables[name], name
    assert b"Mean strength" in tables["verb_profile.tex"] and b"share_" not in tables["verb_profile.tex"]
    assert b"Directives to KZ & Directives to EU" in tables["verb_profile.tex"]  # the short labels of the case
    assert "Political prisoners and arbitrary detention".encode() in tables["theme_dynamics.tex"]


def test_each_parquet_column_has_its_schema_type_empty_tables_too(two_runs):
    # Before, pandas decided: dates were text in two tables and time stamps (ns, us) in two others, and the
    # empty tables (warnings, reuse_pairs on the 2021 text) had Arrow's null type in every column.
    import pyarrow as pa
    import pyarrow.parquet as pq

    base, _ = two_runs[0]
    arrow = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32()}
    package = json.loads((base / "tables" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        found = pq.read_schema(base / "tables" / f"{resource['name']}.parquet")
        expected = [(f["name"], arrow[f["type"]]) for f in resource["schema"]["fields"]]
        assert list(zip(found.names, found.types)) == expected, resource["name"]
    assert pq.read_table(base / "tables" / "resolutions.parquet").column("date").to_pylist() == [
        datetime.date(2021, 2, 11)]


def test_report_is_byte_identical_twice(two_runs):
    (first, _), (second, _) = two_runs
    assert _tree(first) == _tree(second)


def test_report_console_names_what_is_missing(two_runs):
    _, result = two_runs[0]
    assert "Resolutions compared: 2021." in result.stdout
    assert "Missing: 2009, 2012, 2013, 2016, 2019, 2022" in result.stdout and "make data" in result.stdout


def test_report_tables_hold_the_2021_facts(two_runs):
    base, _ = two_runs[0]
    structure = pd.read_csv(base / "tables" / "structure.csv")
    assert structure[["citations", "recitals", "paragraphs", "footnotes"]].values.tolist() == [[11, 23, 27, 5]]
    paragraphs = pd.read_parquet(base / "tables" / "paragraphs.parquet")
    assert len(paragraphs) == 27 and paragraphs["themes"].str.len().gt(0).all()
    cited = pd.read_csv(base / "tables" / "cited_resolutions.csv")
    assert sorted(cited["cited_year"]) == [2009, 2012, 2013, 2019]
    # Head-verb and all-phrase shares named apart: 16 of 27 head verbs are directives (0.59), 34 of the
    # 53 phrases (0.64); the intervals bracket them.
    profile = pd.read_csv(base / "tables" / "verb_profile.csv").iloc[0]
    assert (profile["share_directive_head"], profile["share_directive_phrases"]) == (
        pytest.approx(16 / 27), pytest.approx(34 / 53))
    assert profile["share_directive_head_ci_low"] < 16 / 27 < profile["share_directive_head_ci_high"]
    # The sensitivity table: one resolution, rank 1 on every scale; the codebook row is the verb profile's
    # mean head-verb strength with the same interval (the same resamples).
    sensitivity = pd.read_csv(base / "tables" / "sensitivity.csv").set_index("scale")
    assert list(sensitivity.index) == ["codebook", "ranks", "strong", "conflict"]
    assert sensitivity["rank"].tolist() == [1, 1, 1, 1] and not sensitivity["rank_changed"].any()
    assert sensitivity.loc["codebook", ["score", "score_ci_low", "score_ci_high"]].tolist() == pytest.approx(
        profile[["strength_mean", "strength_mean_ci_low", "strength_mean_ci_high"]].tolist())


def _synthetic_data(tmp_path: Path, texts: list[Path]) -> tuple[Path, dict[str, str]]:
    """A copy of data/ whose registry is the synthetic one and whose raw folder holds ``texts``;
    returns it and the environment that points the command line at it."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    shutil.copy(SYNTHETIC / "registry.csv", data / "registry.csv")
    copy_with_records(texts, data / "raw")  # each with its provenance record, as after fetch
    return data, {"ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures")}


def test_report_on_synthetic_multi_resolution_corpus(tmp_path):
    """Three synthetic resolutions (tests/fixtures/synthetic_corpus) through the whole job, beside four
    files that must not be compared: each is listed with its reason, in the table and on the console."""
    extra = [FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt", FIXTURES / "synthetic_motion_RC_EN.txt",
             FIXTURES / "synthetic_resolution_EN.html"]
    data, env = _synthetic_data(tmp_path, [*sorted(SYNTHETIC.glob("synthetic_*.txt")), *extra])
    (data / "raw" / "synthetic_norecord_BG.txt").write_bytes((SYNTHETIC / "synthetic_2097_BG.txt").read_bytes())
    result = run_cli("report", "--labels", "en", env=env)
    assert result.returncode == 0, result.stderr
    assert "Missing: 2096" in result.stdout
    # --labels en: the label columns are English (no Cyrillic letter), beside the Bulgarian originals.
    cyrillic = re.compile("[\u0400-\u04FF]")
    for table, columns in (("paragraphs", ["head_verb_label", "act_label"]), ("verbs", ["phrase_label", "act_label"]),
                           ("themes", ["theme_label"]), ("theme_strength", ["theme_label"])):
        frame = pd.read_csv(data / "processed" / f"{table}.csv", keep_default_na=False)
        for column in columns:
            assert not frame[column].map(lambda v: bool(cyrillic.search(str(v)))).any(), (table, column)
    paragraphs = pd.read_csv(data / "processed" / "paragraphs.csv", keep_default_na=False).set_index(
        ["document", "number"])
    # 2097 §1 "настоятелно призовава" is concept urge, labelled "urges" (data/lexicons/concepts.csv).
    assert paragraphs.loc[("synthetic_2097_BG", 1), ["head_verb", "head_verb_label"]].tolist() == [
        "настоятелно призовава", "urges"]
    manifest = json.loads((data / "processed" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["labels"] == "en"
    # By hand: registry order (2096 has no file; 2098 is read in Bulgarian, the case's first language),
    # then the files outside the registry by name: the motion's reference RC-B9-0002/2099 and the
    # resolution's P9_TA(2099)0001 are not in the synthetic registry (its 2099 entry is 0003).
    available = pd.read_csv(data / "processed" / "availability.csv", keep_default_na=False)
    assert available[["file", "status"]].values.tolist() == [
        ["", "missing"], ["synthetic_2097_BG.txt", "compared"], ["synthetic_2098_BG.txt", "compared"],
        ["synthetic_2098_EN.txt", "other_language"], ["synthetic_2099_BG.txt", "compared"],
        ["synthetic_motion_RC_EN.txt", "other_kind"], ["synthetic_norecord_BG.txt", "no_record"],
        ["synthetic_resolution_EN.html", "not_in_registry"]]
    lines = [line for line in result.stderr.splitlines() if "not compared:" in line]
    assert lines == [
        "analysis report: not compared: synthetic_2098_EN.txt (other_language): another language version of "
        "this resolution is compared (synthetic_2098_BG)",
        "analysis report: not compared: synthetic_motion_RC_EN.txt (other_kind): the document is a joint motion "
        "for a resolution, not an adopted text (TA)",
        "analysis report: not compared: synthetic_norecord_BG.txt (no_record): no provenance record "
        "(synthetic_norecord_BG.txt.provenance.json)",
        "analysis report: not compared: synthetic_resolution_EN.html (not_in_registry): its reference "
        "P9_TA(2099)0001 is not one of the case registry's adopted texts"]
    structure = pd.read_csv(data / "processed" / "structure.csv")
    assert list(structure["year"]) == [2097, 2098, 2099]
    matrix = pd.read_csv(data / "processed" / "theme_matrix.csv")
    assert list(matrix["resolution"].astype(str)) == ["2097", "2098", "2099"]
    profile = pd.read_csv(data / "processed" / "verb_profile.csv")
    assert len(profile) == 3 and profile["n_paragraphs"].gt(0).all()
    assert {p.stem for p in (tmp_path / "figures").glob("*.png")} == FIGURES
    assert sorted(p.name for p in (tmp_path / "figures" / "reading").iterdir()) == [
        "synthetic_2097_BG.html", "synthetic_2098_BG.html", "synthetic_2099_BG.html"]  # 2098 in BG, as above
    assert "wrote 3 reading views" in result.stdout


def test_report_counts_each_resolution_once_when_two_languages_are_on_disk(tmp_path, monkeypatch):
    """A synthetic Bulgarian version of synthetic_2098_EN beside it: one row for 2098, in Bulgarian
    (the case's first language); with ``languages=["en"]`` only the English version is compared."""
    texts = [*sorted(SYNTHETIC.glob("synthetic_*.txt")), FIXTURES / "synthetic_versions" / "synthetic_2098_BG.txt"]
    data, env = _synthetic_data(tmp_path, texts)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    tables, note = build_tables(themes="none")
    assert "synthetic_2098_EN.txt (another language version of this resolution is compared" in note
    assert list(tables["structure"]["document"]) == ["synthetic_2097_BG", "synthetic_2098_BG", "synthetic_2099_BG"]
    assert list(tables["structure"]["paragraphs"]) == [5, 2, 5]
    tables, _ = build_tables(themes="none", languages=["en"])
    assert list(tables["structure"]["document"]) == ["synthetic_2098_EN"]
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


def test_the_case_file_names_the_groups_and_the_focus(tmp_path, monkeypatch):
    """What tables and figures single out comes from data/cases/, not from the code."""
    data, env = _synthetic_data(tmp_path, sorted(SYNTHETIC.glob("synthetic_*.txt")))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = data / "cases" / "kazakhstan.toml"
    text = path.read_text(encoding="utf-8").replace('short = "KZ"', 'short = "XX"')
    path.write_text(text.replace('focus = "TA-9-2021-0056"', 'focus = "TA-9-2097-0001"'), encoding="utf-8")
    case = load_case()
    tables, _ = build_tables(themes="none", case=case)
    assert [c for c in tables["verb_profile"].columns if c.startswith("share_directive_") and "_ci_" not in c
            and not c.endswith(("_head", "_phrases"))] == [
        "share_directive_kazakh", "share_directive_eu", "share_directive_other", "share_directive_unaddressed"]
    written = write_tables({"verb_profile": tables["verb_profile"]}, tmp_path / "tables", latex_tables(case))
    assert "Directives to XX" in (tmp_path / "tables" / "verb_profile.tex").read_text(encoding="utf-8")
    assert len(written) == 4  # CSV, Parquet, Stata, LaTeX
    fig = report_figures(case)["focus_paragraph_strength"](tables)
    assert fig.axes[0].get_title().endswith("(2097)")  # the focus resolution, not the latest (2099)


def test_a_case_that_follows_every_theme_draws_them():
    """``themes = []`` in the case file means every theme of the taxonomy."""
    import dataclasses

    from analysis.resources.taxonomy import theme_ids

    case = dataclasses.replace(load_case(), themes=())
    tables, _ = build_tables(themes="dictionary", case=case)
    fig = report_figures(case)["theme_strength_over_time"](tables)
    names = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    coded = set(tables["theme_strength"]["theme"])
    assert len(names) == len([t for t in theme_ids() if t in coded]) > 6


def test_report_with_no_text_says_so_in_one_line(tmp_path):
    result = run_cli("report", str(tmp_path), "--tables", str(tmp_path / "t"), "--figures", str(tmp_path / "f"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no resolution text to compare" in result.stderr and "make data" in result.stderr
    assert not (tmp_path / "t").exists() and not (tmp_path / "f").exists()


def test_parser_warnings_are_a_table_and_said_on_the_console(tmp_path, monkeypatch):
    """The report's readers see what the parser could not settle (here a numbering gap)."""
    gap = tmp_path / "synthetic_2097_BG.txt"
    gap.write_text((SYNTHETIC / "synthetic_2097_BG.txt").read_text(encoding="utf-8").replace("\n3.", "\n7.", 1),
                   encoding="utf-8")
    data, env = _synthetic_data(tmp_path, [gap, SYNTHETIC / "synthetic_2099_BG.txt"])
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    tables, _ = build_tables(themes="none")
    assert tables["warnings"].values.tolist() == [
        ["synthetic_2097_BG", "operative paragraphs are not numbered 1..5 in order: 1, 2, 7, 4, 5"]]


# --- the tables for their readers: data package, Stata, manifest (#11) ----------------------------


def test_datapackage_is_valid_under_frictionless(two_runs, monkeypatch):
    """frictionless reads every CSV against its schema (types, allowed values, primary and foreign
    keys) without touching the network."""
    import socket

    from frictionless import validate

    def no_network(*args, **kwargs):
        raise AssertionError("frictionless tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    base, _ = two_runs[0]
    report = validate(base / "tables" / "datapackage.json")
    assert report.valid, [(task.name, error.message) for task in report.tasks for error in task.errors][:5]
    package = json.loads((base / "tables" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} == TABLES
    paragraphs = next(r["schema"] for r in package["resources"] if r["name"] == "paragraphs")
    assert paragraphs["primaryKey"] == ["document", "number"]
    assert {"fields": ["document", "position"], "reference": {"resource": "units", "fields": ["document", "position"]}} \
        in paragraphs["foreignKeys"]
    act = next(f for f in paragraphs["fields"] if f["name"] == "act")
    assert act["constraints"]["enum"][:2] == ["directive", "negative_judgement"]  # data/taxonomy/acts.csv order


def test_datapackage_rejects_a_value_outside_its_code_list(two_runs, tmp_path):
    """The package's constraints are real: an act that data/taxonomy/acts.csv lacks fails validation."""
    from frictionless import validate

    base, _ = two_runs[0]
    copy = tmp_path / "tables"
    shutil.copytree(base / "tables", copy)
    text = (copy / "verbs.csv").read_text(encoding="utf-8")
    (copy / "verbs.csv").write_text(text.replace(",directive,", ",commanding,", 1), encoding="utf-8")
    report = validate(copy / "datapackage.json")
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"constraint-error"}


def test_paragraph_table_has_text_and_a_sortable_position(two_runs):
    base, _ = two_runs[0]
    paragraphs = pd.read_csv(base / "tables" / "paragraphs.csv", dtype={"number": str})
    units = pd.read_csv(base / "tables" / "units.csv")
    joined = paragraphs.merge(units, on=["document", "position"], suffixes=("", "_unit"))
    # each paragraph is the unit at its position: a paragraph unit with the same label and text
    assert len(joined) == 27 and (joined["kind"] == "paragraph").all()
    assert (joined["number"] == joined["label"]).all() and (joined["text"] == joined["text_unit"]).all()
    assert list(paragraphs.sort_values("position")["number"]) == [str(n) for n in range(1, 28)]


def test_stata_files_read_back_with_labels(two_runs):
    base, _ = two_runs[0]
    with pd.io.stata.StataReader(base / "tables" / "verbs.dta") as reader:
        verbs = reader.read()
        labels, values = reader.variable_labels(), reader.value_labels()
    csv = pd.read_csv(base / "tables" / "verbs.csv", dtype={"number": str})
    # end is a word Stata reserves: the schema names it end_char there
    assert list(verbs.columns) == [c if c != "end" else "end_char" for c in csv.columns]
    assert labels["order"] == "Order of the verb phrase in its paragraph (1 = the first found)."
    assert list(values["act"].values())[0] == "directive"  # value labels in the act table's order
    assert list(verbs["act"].astype(str)) == list(csv["act"]) and list(verbs["number"]) == list(csv["number"])
    paragraphs = pd.read_stata(base / "tables" / "paragraphs.dta")
    assert paragraphs["text"].str.len().gt(0).all() and len(paragraphs) == 27


def test_manifest_records_versions_and_command_and_run_json_the_machine(two_runs):
    base, _ = two_runs[0]
    manifest = json.loads((base / "tables" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["toolkit"]["name"] == "analysis"
    # the version lines of the two codebooks: "Version 1.1, ..." (themes) and "Version 1.4, 2026-12-02" (verbs)
    assert manifest["codebooks"] == {"docs/codebook_themes.md": "1.1", "docs/codebook_verbs.md": "1.4"}  # their version lines
    assert manifest["command"] == ["python", "-m", "analysis", "report", "--tables", "tables", "--figures", "figures"]
    assert manifest["reviewed_codes"] is None and "datapackage.json" in manifest["files"]
    assert "run.json" not in manifest["files"]  # the machine's facts stay out of the set
    run = json.loads((base / "tables" / "run.json").read_text(encoding="utf-8"))
    assert run["run"] == manifest["run"] and run["packages"]["pandas"] == pd.__version__
    assert "data/processed/run.json" in (REPO / ".gitignore").read_text(encoding="utf-8")
