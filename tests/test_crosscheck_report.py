"""The report's ``crosscheck`` table (issue #15): written only when two or more language versions of
a registry resolution are on disk, from synthetic parallel versions with provenance records.

The versions are those of test_crosscheck.py (the urgency template of tests/fixtures/
synthetic_languages, six paragraphs, agreeing by construction; the planted disagreement turns the
English "Welcomes" of paragraph 4 into "Condemns"). Worked out by hand: Bulgarian is the case's first
language, so it is the version compared and the reference; four other versions of six paragraphs
give 24 rows that all agree; with only Bulgarian and the planted English on disk, 5 of 6 agree
(83%), below the 0.9 of min_crosscheck_agreement, so the report warns.
"""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
from conftest import FIXTURES, REPO, copy_with_records, run_cli

from analysis.output.report import build_tables
from analysis.output.tables import TABLE_KEYS
from analysis.resources.cases import load_case

from test_crosscheck import versions

# A registry row for the synthetic urgency resolution P9_TA(2098)0011 of the language fixtures.
SYNTHETIC_ROW = ("2098,2098-06-10,TA-9-2098-0011,P9_TA(2098)0011,2098/9011(RSP),RC-B9-0011/2098,144,urgency,"
                 "SYNTHETIC: parallel language versions,,,,\n")


def _registry(folder):
    path = folder / "registry.csv"
    text = (FIXTURES / "synthetic_corpus" / "registry.csv").read_text(encoding="utf-8")
    path.write_text(text + SYNTHETIC_ROW, encoding="utf-8")
    return path


def _raw(tmp_path, codes, planted=False):
    """The SYNTHETIC versions in ``codes``, each with a provenance record, in ``tmp_path/raw``."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for code, text in versions(planted).items():
        if code in codes:
            (texts / f"synthetic_urgency_{code.upper()}.txt").write_text(text, encoding="utf-8")
    return copy_with_records(sorted(texts.glob("synthetic_*.txt")), tmp_path / "raw")


def test_parallel_versions_on_disk_give_a_crosscheck_table_of_full_agreement(tmp_path):
    raw = _raw(tmp_path, ("bg", "en", "fr", "it", "pl"))
    case = dataclasses.replace(load_case("kazakhstan"), registry=_registry(tmp_path))
    tables, note = build_tables([raw], themes="none", case=case)
    table = tables["crosscheck"]
    assert TABLE_KEYS["crosscheck"] == ("document", "language", "number")
    assert len(table) == 4 * 6 and table["agree"].all()
    assert set(table["document"]) == {"synthetic_urgency_BG"} and set(table["reference_language"]) == {"bg"}
    assert sorted(set(table["language"])) == ["en", "fr", "it", "pl"]
    assert list(table.loc[table["language"] == "en", "concepts"]) == [
        "urge", "call_on", "condemn", "welcome", "concern", "instruct_president"]
    # the compared version is the Bulgarian one; the others are listed as other_language
    assert list(tables["resolutions"]["document"]) == ["synthetic_urgency_BG"]


def test_one_version_gives_no_crosscheck_table(tmp_path):
    raw = _raw(tmp_path, ("bg",))
    case = dataclasses.replace(load_case("kazakhstan"), registry=_registry(tmp_path))
    tables, _ = build_tables([raw], themes="none", case=case)
    assert "crosscheck" not in tables


def test_report_writes_the_table_and_warns_below_the_threshold(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    _registry(data)  # the synthetic registry in place of the case's
    _raw(tmp_path, ("bg", "en"), planted=True)
    shutil.move(tmp_path / "raw", data / "raw")
    result = run_cli("report", env={"ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures")})
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(data / "processed" / "crosscheck.csv", keep_default_na=False, dtype={"number": str})
    wrong = table[~table["agree"]]
    assert wrong[["language", "number", "head_phrase", "reference_head_phrase"]].values.tolist() == [
        ["en", "4", "Condemns", "Приветства"]]
    assert ("crosscheck: 5 of 6 aligned paragraph(s) of other language versions agree with the version compared "
            "(83%)") in result.stdout
    assert "analysis report: warning: cross-language agreement 83% is below 90%" in result.stderr
