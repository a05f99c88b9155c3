"""Group motions against the adopted text (#14), end to end on SYNTHETIC documents.

tests/fixtures/synthetic_motions holds an invented adopted text (P10_TA(2099)0096, procedure
2099/2691(RSP)) and two invented group motions of the same procedure: B10-0249/2099 (Verts/ALE) and
B10-0250/2099 (S&D); the invented joint motion tests/fixtures/synthetic_kinds/synthetic_RC_EN.txt
replaced both. The expected survivals and strength changes are worked out by hand from the texts:

Verts/ALE  1  "Strongly condemns ..."  = adopted 1 word for word      4.5 -> 4.5   same
           2  "Urges ... release ..."  = adopted 2 but "Calls on"     4.0 -> 3.0   weaker (-1.0)
           3  "Demands targeted sanctions ..."  shares nothing but formulae    not adopted; theme sanctions dropped
S&D        1  "Condemns the detention ..." = adopted 1 but "Strongly condemns"  4.0 -> 4.5  stronger (+0.5)
           2  "Asks the Commission to monitor ..." = adopted 3 but "Calls on"   3.0 -> 3.0  same
           3  "Encourages civil society ..."  matches nothing   not adopted; theme civil_society dropped
The forwarding clause (4 in each motion) is left out. Strengths are those of the English lexicon
(data/lexicons/verbs.csv: strongly condemns 4.5, condemns 4.0, urges 4.0, demands 4.5, calls on 3.0,
asks 3.0, encourages 2.0); no adopted paragraph speaks of sanctions or civil society.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, copy_with_records
from test_fetch import _args, _no_proxy, page, server  # noqa: F401  (the loopback server of the fetch tests)

from analysis.cli import fetch as fetch_cli
from analysis.compare import motions as versus
from analysis.corpus import provenance, registry as registries
from analysis.corpus.motions import fetch_motions, replaced_motions
from analysis.errors import DataError
from analysis.output import report
from analysis.output.motion_figures import motion_figures
from analysis.resources.cases import load_case

MOTIONS = FIXTURES / "synthetic_motions"
JOINT = FIXTURES / "synthetic_kinds" / "synthetic_RC_EN.txt"
GREENS, SD = "synthetic_motion_greens_EN", "synthetic_motion_sd_EN"


def _case():
    return dataclasses.replace(load_case(), registry=MOTIONS / "registry.csv", languages=("en",), labels="en")


def _raw(tmp_path: Path, motions: bool = True) -> Path:
    texts = [MOTIONS / "synthetic_adopted_EN.txt"]
    if motions:
        texts += [MOTIONS / f"{GREENS}.txt", MOTIONS / f"{SD}.txt", JOINT]
    return copy_with_records(texts, tmp_path / "raw")


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    found, _ = report.build_tables([_raw(tmp_path_factory.mktemp("motions"))], case=_case(), labels="en")
    return found


def test_a_joint_motion_names_the_motions_it_replaced(tmp_path):
    expected = [("B10-0249/2099", "Verts/ALE"), ("B10-0250/2099", "S&D")]
    assert replaced_motions(JOINT) == expected
    assert replaced_motions(FIXTURES / "synthetic_kinds" / "synthetic_RC_EN.html") == expected
    # the other layout of the heading: the group first, the reference in brackets
    other = tmp_path / "synthetic_joint_EN.txt"
    other.write_text(JOINT.read_text(encoding="utf-8").replace("B10\u20110249/2099 (Verts/ALE)",
                                                               "Verts/ALE (B10-0249/2099)"), encoding="utf-8")
    assert replaced_motions(other) == expected
    assert replaced_motions(MOTIONS / f"{SD}.txt") == []  # a motion replaces nothing


def test_each_motion_paragraph_survives_or_not_as_worked_out_by_hand(tables):
    rows = tables["motion_paragraphs"]
    got = list(rows[["motion", "group", "number", "matched_number", "outcome", "themes_dropped"]]
               .itertuples(index=False, name=None))
    assert got == [(GREENS, "Verts/ALE", "1", "1", "same", ""), (GREENS, "Verts/ALE", "2", "2", "weaker", ""),
                   (GREENS, "Verts/ALE", "3", "", "not_adopted", "sanctions"),
                   (SD, "S&D", "1", "1", "stronger", ""), (SD, "S&D", "2", "3", "same", ""),
                   (SD, "S&D", "3", "", "not_adopted", "civil_society")]
    assert rows["reference"].tolist() == ["B10-0249/2099"] * 3 + ["B10-0250/2099"] * 3
    assert set(rows["document"]) == {"synthetic_adopted_EN"}
    np.testing.assert_array_equal(rows["strength_motion"], [4.5, 4.0, 4.5, 4.0, 3.0, 2.0])
    np.testing.assert_array_equal(rows["strength_adopted"], [4.5, 3.0, np.nan, 4.5, 3.0, np.nan])
    np.testing.assert_array_equal(rows["strength_change"], [0.0, -1.0, np.nan, 0.5, 0.0, np.nan])
    similarity = rows["similarity"].tolist()
    assert similarity[0] == 1.0  # word for word
    assert all(0.5 <= s < 1.0 for s in similarity[1:2] + similarity[3:5])  # one verb changed: kept
    assert similarity[2] < 0.5 and similarity[5] < 0.5


def test_the_group_summary(tables):
    groups = tables["motion_groups"].set_index("group")
    assert groups.loc["Verts/ALE", ["n_paragraphs", "n_survived", "n_stronger", "n_same", "n_weaker",
                                    "n_strength_change"]].tolist() == [3, 2, 0, 1, 1, 2]
    assert groups.loc["S&D", ["n_paragraphs", "n_survived", "n_stronger", "n_same", "n_weaker",
                              "n_strength_change"]].tolist() == [3, 2, 1, 1, 0, 2]
    assert groups["share_survived"].tolist() == [0.6667, 0.6667]  # 2 of 3
    assert groups["strength_change_mean"].tolist() == [-0.5, 0.25]  # (0 - 1) / 2, (0.5 + 0) / 2
    assert groups["themes_dropped"].tolist() == ["sanctions", "civil_society"]
    assert "sanctions" in groups.loc["Verts/ALE", "themes_motion"]


def test_motions_are_admitted_with_their_own_status(tables):
    available = tables["availability"].set_index("file")
    assert available.loc[[f"{GREENS}.txt", f"{SD}.txt"], "status"].tolist() == ["motion", "motion"]
    assert "Verts/ALE" in available.loc[f"{GREENS}.txt", "reason"]
    assert available.loc["synthetic_RC_EN.txt", "status"] == "other_kind"
    assert set(available.loc[[f"{GREENS}.txt", f"{SD}.txt"], "doceo_id"]) == {"TA-10-2099-0096"}  # by procedure


def test_a_stricter_threshold_keeps_only_the_word_for_word_paragraph(tables, tmp_path):
    from analysis.classify.paragraphs import classify_files

    config = tmp_path / "motions.toml"
    config.write_text("[matching]\nmin_similarity = 1.0\n", encoding="utf-8")
    adopted = tables["paragraphs"]
    motions = classify_files([MOTIONS / f"{GREENS}.txt", MOTIONS / f"{SD}.txt"])
    links = versus.links_frame([(GREENS, "B10-0249/2099", "Verts/ALE", "synthetic_adopted_EN"),
                                (SD, "B10-0250/2099", "S&D", "synthetic_adopted_EN")])
    rows = versus.motion_paragraphs(adopted, motions, links, threshold=versus.min_similarity(config))
    # Only Verts/ALE 1 is an adopted paragraph word for word (cosine 1.0); every other one is below.
    assert rows["outcome"].tolist() == ["same"] + ["not_adopted"] * 5
    assert rows["matched_number"].tolist() == ["1", "", "", "", "", ""]
    config.write_text("[matching]\nmin_similarity = 1.5\n", encoding="utf-8")
    with pytest.raises(DataError, match="min_similarity"):
        versus.min_similarity(config)


def test_a_motion_paragraph_no_theme_covers_drops_no_theme(tables):
    # "uncovered" marks a paragraph in which the classifier found no theme (#14); it is no theme that the
    # adopted text could drop. S&D's paragraph 3 (civil_society) made uncovered: it drops nothing, and the
    # group's themes are those of its other paragraphs only.
    from analysis.classify.paragraphs import classify_files

    adopted = tables["paragraphs"]
    motions = classify_files([MOTIONS / f"{SD}.txt"])
    motions.loc[motions["number"] == "3", "themes"] = "uncovered"
    links = versus.links_frame([(SD, "B10-0250/2099", "S&D", "synthetic_adopted_EN")])
    rows = versus.motion_paragraphs(adopted, motions, links)
    third = rows.set_index("number").loc["3"]
    assert (third["themes"], third["themes_dropped"], third["outcome"]) == ("uncovered", "", "not_adopted")
    group = versus.motion_groups(rows).iloc[0]
    assert "uncovered" not in group["themes_motion"].split(";") and group["themes_dropped"] == ""


def test_no_motion_tables_or_figures_without_motions_on_disk(tmp_path):
    found, _ = report.build_tables([_raw(tmp_path, motions=False)], case=_case(), labels="en")
    assert "motion_paragraphs" not in found and "motion_groups" not in found
    assert motion_figures(found) == {}


def test_the_report_note_gives_the_motions_their_own_status(tmp_path):
    # The note on the files not compared was made before the motions got their status: it called them
    # "not an adopted text"; it now says what the availability table says of each.
    tables, note = report.build_tables([_raw(tmp_path)], case=_case(), labels="en")
    available = tables["availability"]
    assert sorted(available.loc[available["status"] == "motion", "file"]) == [f"{GREENS}.txt", f"{SD}.txt"]
    left = available[~available["status"].isin(["compared", "missing"])]
    assert len(left) == 3  # the two group motions and the joint motion
    for file, reason in zip(left["file"], left["reason"]):
        assert f"{file} ({reason})" in note


def test_report_writes_the_tables_and_one_figure_per_resolution(tmp_path):
    result = report.run_report(tmp_path / "tables", tmp_path / "figures", sources=[_raw(tmp_path)], case=_case(),
                               labels="en")
    names = {path.name for path in result.written}
    assert {"motion_paragraphs.csv", "motion_groups.csv", "motion_groups.dta"} <= names
    assert {"motions_synthetic_adopted_EN.png", "motions_synthetic_adopted_EN.svg"} <= names
    frame = pd.read_csv(tmp_path / "tables" / "motion_groups.csv", keep_default_na=False)
    assert frame["group"].tolist() == ["Verts/ALE", "S&D"]


def _as_page(path: Path) -> bytes:
    """A synthetic text served as a page: each line a paragraph."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
    return f"<!doctype html><html lang=\"en\"><body>{body}</body></html>".encode()


def test_fetch_with_motions_fetches_the_joint_motion_and_the_motions_it_replaced(server, tmp_path, monkeypatch,
                                                                                 capsys):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(Path(__file__).parents[1] / "data"))
    frame = registries.load_registry(MOTIONS / "registry.csv")
    server.route("TA-10-2099-0096", "en", page(_as_page(MOTIONS / "synthetic_adopted_EN.txt")))
    server.route("RC-10-2099-0249", "en", page(_as_page(JOINT)))
    server.route("B-10-2099-0249", "en", page(_as_page(MOTIONS / f"{GREENS}.txt")))
    server.route("B-10-2099-0250", "en", page(_as_page(MOTIONS / f"{SD}.txt")))
    dest = tmp_path / "raw"
    assert fetch_cli.run(_args("--registry", str(MOTIONS / "registry.csv"), "--lang", "en", "--base-url", server.base,
                               "--dest", str(dest), "--retries", "0", "--with-motions")) == 0
    printed = capsys.readouterr().out
    for doc in ("TA-10-2099-0096", "RC-10-2099-0249", "B-10-2099-0249", "B-10-2099-0250"):
        assert re.search(rf"{doc}\s+EN\s+downloaded", printed), printed
    for name in ("TA-10-2099-0096_EN.html", "RC-10-2099-0249_EN.html", "B-10-2099-0249_EN.html",
                 "B-10-2099-0250_EN.html"):
        assert provenance.verify(dest / name) is True
    # what was fetched is compared: the two motions against their adopted text
    found, _ = report.build_tables([dest], case=_case(), labels="en")
    groups = found["motion_groups"]
    assert groups["motion"].tolist() == ["B-10-2099-0249_EN", "B-10-2099-0250_EN"]
    assert groups["n_survived"].tolist() == [2, 2]
    # a second run finds everything present
    options = dict(dest=dest, base_url=server.base, retries=0, backoff=0.001, timeout=5.0, progress=False)
    again = fetch_motions(frame, ["en"], **options)
    assert again["status"].tolist() == ["present"] * 3
