"""Comparison over time (analysis.compare) and the facts it compares (analysis.extract: people named,
resolutions cited), on a synthetic corpus and on the shipped 2021 text.

The synthetic corpus (tests/fixtures/synthetic_corpus/) has three invented resolutions:
synthetic_2097_BG (P9_TA(2097)0001, 14.3.2097), synthetic_2098_EN (P9_TA(2098)0002,
10.6.2098, in English) and synthetic_2099_BG (P9_TA(2099)0003, 5.2.2099), and a synthetic
registry that also lists P9_TA(2096)0009 (3.5.2096), which has no text. Every expected value
below is worked out by hand from those files; the reasoning is in the comments.

Head verbs of the paragraphs (strengths from data/lexicons/verbs.csv):
  2097 §1 настоятелно призовава правителството (directive 4.0, kazakh)  §2 осъжда (negative 4.0)
       §3 призовава Комисията (directive 3.0, eu)  §4 отбелязва (observation 1.0)  §5 възлага (procedural 0.0)
  2098 §1 Urges the authorities (directive 4.0, kazakh)  §2 Calls on the European Union (directive 3.0, eu)
       §3 Welcomes (positive 0.6)  §4 "Ponders" (not in the lexicon: unclassified, NaN)  §5 Instructs (procedural 0.0)
  2099 §1 настоятелно призовава правителството (directive 4.0, kazakh)
       §2 изисква органите и Комисията (directive 4.5, kazakh and eu)  §3 призовава за (directive 3.0, no addressee)
       §4 приветства (positive 0.6)  §5 възлага (procedural 0.0)
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from conftest import FIXTURES, RAW_2021, REPO, copy_with_records

from analysis.classify.paragraphs import classify_paragraphs
from analysis.compare import reuse, structure, themes as theme_tables, verbs as verb_tables
from analysis.extract.chronology import LABEL_COLUMNS, focus_document, number_rank, resolution_labels
from analysis.corpus import documents as corpus
from analysis.corpus.registry import load_registry
from analysis.errors import AnalysisError, DataError
from analysis.extract import citations, people as named
from analysis.resources import languages
from analysis.resources.taxonomy import theme_ids

SYNTHETIC = FIXTURES / "synthetic_corpus"
GROUPS = ["kazakh", "eu"]  # the addressee groups shown (those of data/cases/kazakhstan.toml)
D97, D98, D99 = "synthetic_2097_BG", "synthetic_2098_EN", "synthetic_2099_BG"
REGISTRY_COLUMNS = ["year", "date", "doceo_id", "ta_reference", "joint_motion"]
DOC_2021 = "TA-9-2021-0056_BG"
THEMES = ["political_prisoners", "expression_media", "assembly", "civil_society", "justice",
          "eu_relations", "eu_action", "procedural", "death_penalty"]
# Themes set by hand (the theme classifier is someone else's work), per (document, paragraph):
HAND_THEMES = {
    (D97, "1"): "political_prisoners", (D97, "2"): "assembly;civil_society", (D97, "3"): "eu_action;justice",
    (D97, "4"): "", (D97, "5"): "procedural",
    (D98, "1"): "political_prisoners;expression_media", (D98, "2"): "eu_action",
    (D98, "3"): "expression_media;civil_society", (D98, "4"): "", (D98, "5"): "procedural",
    (D99, "1"): "political_prisoners", (D99, "2"): "justice;eu_action", (D99, "3"): "eu_relations;expression_media",
    (D99, "4"): "", (D99, "5"): "procedural",
}


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return load_registry(SYNTHETIC / "registry.csv")


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return corpus.units_frame(corpus.load_documents([SYNTHETIC]))


@pytest.fixture(scope="module")
def labels(units, registry) -> pd.DataFrame:
    return resolution_labels(units, registry)


@pytest.fixture(scope="module")
def classified(units) -> pd.DataFrame:
    frame = classify_paragraphs(units[units["kind"] == "paragraph"].rename(columns={"label": "number"}).reset_index(drop=True), themes="none")
    frame["themes"] = [HAND_THEMES[(d, n)] for d, n in zip(frame["document"], frame["number"])]
    return frame


@pytest.fixture(scope="module")
def units_2021() -> pd.DataFrame:
    return corpus.units_frame(corpus.load_documents([RAW_2021]))


def row(frame: pd.DataFrame, document: str) -> pd.Series:
    return frame.set_index("document").loc[document]


# -- labels -------------------------------------------------------------------------------

def test_resolution_labels_join_the_registry(labels):
    # Each reference is in the synthetic registry, so year and date come from it; rows in date order.
    assert list(labels.columns) == ["document", "year", "date", "reference", "label"]
    assert list(labels["document"]) == [D97, D98, D99]
    assert list(labels["year"]) == [2097, 2098, 2099]
    assert list(labels["label"]) == ["2097", "2098", "2099"]
    assert list(labels["reference"]) == ["P9_TA(2097)0001", "P9_TA(2098)0002", "P9_TA(2099)0003"]
    assert labels.loc[1, "date"] == pd.Timestamp("2098-06-10")


def test_resolution_labels_fall_back_to_the_date(units, registry):
    # Without the 2098 row, synthetic_2098_EN takes the year of its own date (10 June 2098).
    labels = resolution_labels(units, registry[registry["year"] != 2098])
    assert row(labels, D98)["year"] == 2098 and row(labels, D98)["label"] == "2098"
    assert row(labels, D98)["reference"] == "P9_TA(2098)0002"
    # Two resolutions of one year get "a"/"b" in date order; no year at all -> the document id.
    made = pd.DataFrame({"document": ["synthetic_y", "synthetic_x", "synthetic_z"],
                         "reference": [None, None, None], "date": ["2097-05-01", "2097-01-01", None]})
    labels = resolution_labels(made, registry)
    assert list(labels["document"]) == ["synthetic_x", "synthetic_y", "synthetic_z"]
    assert list(labels["label"]) == ["2097a", "2097b", "synthetic_z"]
    assert pd.isna(labels.loc[2, "year"])



def test_focus_document_by_reference_else_the_latest(labels):
    # synthetic_2097_BG is P9_TA(2097)0001, that is TA-9-2097-0001; a focus not on disk gives the latest.
    assert focus_document(labels, "TA-9-2097-0001") == D97
    assert focus_document(labels, "TA-9-2000-0001") == D99
    assert focus_document(labels.iloc[:0], "TA-9-2097-0001") is None
    made = pd.DataFrame({"document": ["TA-9-2096-0009_EN"], "reference": [None], "label": ["2096"]})
    assert focus_document(made, "TA-9-2096-0009") == "TA-9-2096-0009_EN"  # by the file name


def test_number_rank():
    assert list(number_rank(pd.Series(["10", "2a", "1", "x", "2"]))) == [3, 2, 0, 4, 1]

# -- structure ----------------------------------------------------------------------------

def test_structure_table_synthetic(units, registry):
    table = structure.structure_table(units, registry)
    assert list(table.columns) == structure.STRUCTURE_COLUMNS
    assert list(table["document"]) == [D97, D98, D99]
    # Units counted in the fixture files: 2097 has 2 citations, 2 recitals, 5 paragraphs, 1 footnote;
    # 2098 has 2, 1, 5, 0; 2099 has 3, 3, 5, 2.
    assert table[["citations", "recitals", "paragraphs", "footnotes"]].values.tolist() == [
        [2, 2, 5, 1], [2, 1, 5, 0], [3, 3, 5, 2]]
    # \w+ tokens (footnote call-outs removed, "г." is one token "г"):
    # 2097: citations 12 + 10, recitals 13 + 13, paragraphs 8 + 5 + 6 + 6 + 13 = 86
    #   (§1 "настоятелно призовава правителството да освободи незабавно Иван Измислов" = 8).
    # 2098: citations 11 + 10, recital 10, paragraphs 7 + 10 + 6 ("Fictiva's" = Fictiva + s) + 4 + 13 = 71.
    # 2099: citations 15 + 12 + 10, recitals 10 + 13 + 9, paragraphs 9 + 10 + 4 + 3 + 13 = 108.
    assert list(table["words"]) == [86, 71, 108]


def test_structure_table_2021(units_2021):
    table = structure.structure_table(units_2021, load_registry())
    assert len(table) == 1
    got = table.iloc[0]
    assert (got["document"], got["year"], got["label"]) == (DOC_2021, 2021, "2021")
    assert (got["citations"], got["recitals"], got["paragraphs"], got["footnotes"]) == (11, 23, 27, 5)
    # Checked apart from the parser: the 61 lines between "Европейският парламент," and the first
    # footnote, without the leading dash, letter or number and the call-outs "(1)", hold 4700 \w+ tokens.
    assert got["words"] == 4700


# -- verbs ----------------------------------------------------------------------------------

def test_verb_profile(classified, labels):
    profile = verb_tables.verb_profile(classified, labels, GROUPS)
    assert list(profile.columns) == verb_tables.verb_profile_columns(GROUPS)
    assert list(profile["document"]) == [D97, D98, D99]
    assert list(profile["n_paragraphs"]) == [5, 5, 5]
    p97, p98, p99 = (row(profile, d) for d in (D97, D98, D99))
    # 2097 heads: directive x2, negative, observation, procedural -> 0.4, 0.2, 0.2, 0.2.
    assert (p97["share_directive_head"], p97["share_negative_judgement_head"], p97["share_observation_head"],
            p97["share_procedural_head"], p97["share_unclassified_head"]) == pytest.approx((0.4, 0.2, 0.2, 0.2, 0.0))
    # Strength statistics leave out the procedural §5 (codebook §6.4) and unclassified paragraphs.
    # 2097 strengths 4.0, 4.0, 3.0, 1.0 (§5 procedural 0.0 left out): mean 12/4 = 3.0, median 3.5, max 4.0.
    assert (p97["strength_mean"], p97["strength_median"], p97["strength_max"]) == pytest.approx((3.0, 3.5, 4.0))
    # 2098: §4 unclassified (NaN), §5 procedural: 4.0, 3.0, 0.6 -> mean 7.6/3, median 3.0.
    assert (p98["strength_mean"], p98["strength_median"], p98["strength_max"]) == pytest.approx((7.6 / 3, 3.0, 4.0))
    assert p98["share_unclassified_head"] == pytest.approx(0.2) and p98["n_unclassified"] == 1
    assert p98["max_strength_mean"] == pytest.approx(7.6 / 3)  # one verb per paragraph: same as the head
    # Each mean says over how many paragraphs it was taken: 5 paragraphs less the procedural §5 (and,
    # in 2098, the unclassified §4, which has no verb at all): 4, 3, 4 for both strength columns.
    assert list(profile["n_strength"]) == list(profile["n_max_strength"]) == [4, 3, 4]
    # 2099: 4.0, 4.5, 3.0, 0.6 -> mean 12.1/4 = 3.025, max 4.5; directives 3/5 (shares count every paragraph).
    assert (p99["strength_mean"], p99["strength_max"], p99["share_directive_head"]) == pytest.approx((3.025, 4.5, 0.6))
    assert p99["share_procedural_head"] == pytest.approx(0.2)
    # Directive addressees: 2097 §1 kazakh, §3 eu -> 1/2 each; 2098 likewise (§1 the authorities, §2 the EU).
    assert (p97["n_directive"], p97["share_directive_kazakh"], p97["share_directive_eu"],
            p97["share_directive_other"], p97["share_directive_unaddressed"]) == (2, 0.5, 0.5, 0.0, 0.0)
    assert (p98["share_directive_kazakh"], p98["share_directive_eu"]) == (0.5, 0.5)
    # 2099: §1 kazakh, §2 kazakh AND eu (counts in both), §3 "призовава за" has no addressee.
    assert p99["n_directive"] == 3
    assert (p99["share_directive_kazakh"], p99["share_directive_eu"], p99["share_directive_other"],
            p99["share_directive_unaddressed"]) == pytest.approx((2 / 3, 1 / 3, 0.0, 1 / 3))
    # Over all phrases: one verb per synthetic paragraph, none in the unclassified 2098 §4, so 2098 has
    # 4 phrases: directive 2/4, positive 1/4, procedural 1/4 (the head shares are over 5 paragraphs).
    assert p98["n_phrases"] == 4
    assert (p98["share_directive_phrases"], p98["share_positive_judgement_phrases"],
            p98["share_procedural_phrases"]) == pytest.approx((0.5, 0.25, 0.25))
    assert p98["share_directive_head"] == pytest.approx(0.4)
    # Intervals bracket their measure; a share that is 0 in every paragraph has the interval [0, 0].
    for measure in ("share_directive_head", "strength_mean", "share_directive_phrases", "share_directive_kazakh"):
        assert (profile[measure + "_ci_low"] <= profile[measure] + 1e-12).all(), measure
        assert (profile[measure] <= profile[measure + "_ci_high"] + 1e-12).all(), measure
    assert (p97["share_support_head_ci_low"], p97["share_support_head_ci_high"]) == (0.0, 0.0)



def test_verb_profile_follows_the_groups_shown(classified, labels):
    # Only "eu" shown: the directives to the state's authorities (2097 §1) now count as "other".
    profile = verb_tables.verb_profile(classified, labels, ["eu"])
    assert [c for c in profile.columns if c.startswith("share_directive_") and "_ci_" not in c
            and not c.endswith(("_head", "_phrases"))] == [
        "share_directive_eu", "share_directive_other", "share_directive_unaddressed"]
    p97 = row(profile, D97)
    assert (p97["share_directive_eu"], p97["share_directive_other"], p97["share_directive_unaddressed"]) == (
        0.5, 0.5, 0.0)
    with pytest.raises(ValueError, match="may not be called 'other'"):
        verb_tables.verb_profile(classified, labels, ["other"])
    with pytest.raises(ValueError, match="may not be called 'head'"):  # share_directive_head is the act share
        verb_tables.verb_profile(classified, labels, ["head"])

def test_strongest_paragraphs(classified, labels):
    top = verb_tables.strongest_paragraphs(classified, labels, n=2)
    assert list(top.columns) == verb_tables.STRONGEST_COLUMNS
    # 2097: §1 and §2 both 4.0 -> tie broken by number; 2098: §1 4.0, §2 3.0; 2099: §2 4.5, §1 4.0.
    assert list(zip(top["document"], top["number"], top["rank"])) == [
        (D97, "1", 1), (D97, "2", 2), (D98, "1", 1), (D98, "2", 2), (D99, "2", 1), (D99, "1", 2)]
    # With n larger than 2098's paragraphs: 4.0, 3.0, 0.6, 0.0, then the unclassified §4 last.
    all_98 = verb_tables.strongest_paragraphs(classified[classified["document"] == D98], labels, n=10)
    assert list(all_98["number"]) == ["1", "2", "3", "5", "4"]


# -- themes -----------------------------------------------------------------------------------

def test_theme_matrix_counts_and_shares(classified, labels):
    matrix = theme_tables.theme_matrix(classified, labels, themes=THEMES)
    assert list(matrix.columns) == THEMES + ["uncovered"] and list(matrix.index) == ["2097", "2098", "2099"]
    # Counted from HAND_THEMES (paragraphs per theme; 2098 codes expression_media in §1 and §3). The last
    # column counts paragraphs marked uncovered (#14): none here (the untagged §4 was not classified).
    assert matrix.loc["2097"].tolist() == [1, 0, 1, 1, 1, 0, 1, 1, 0, 0]
    assert matrix.loc["2098"].tolist() == [1, 2, 0, 1, 0, 0, 1, 1, 0, 0]
    assert matrix.loc["2099"].tolist() == [1, 1, 0, 0, 1, 1, 1, 1, 0, 0]
    shares = theme_tables.theme_matrix(classified, labels, normalise=True, themes=THEMES)
    # Every resolution has 5 paragraphs (the untagged §4 counts in the denominator).
    assert shares.loc["2098", "expression_media"] == pytest.approx(2 / 5)
    assert shares.loc["2097", "death_penalty"] == 0.0


def test_theme_matrix_default_order(classified, labels, tmp_path, monkeypatch):
    taxonomy = theme_ids()
    assert taxonomy[:3] == ["elections", "pluralism_opposition", "political_prisoners"]  # data/taxonomy/themes.csv
    matrix = theme_tables.theme_matrix(classified, labels)
    assert list(matrix.columns) == taxonomy + ["uncovered"]  # every theme of HAND_THEMES is in the taxonomy
    assert set(THEMES) <= set(taxonomy)
    # No taxonomy file: a clear error naming it, not a silently different column order.
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="themes.csv: theme taxonomy not found"):
        theme_tables.theme_matrix(classified, labels)
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "themes.csv").write_text("theme,label_en\nprocedural,P\njustice,J\n", encoding="utf-8")
    assert list(theme_tables.theme_matrix(classified, labels).columns[:2]) == ["procedural", "justice"]


def test_theme_dynamics(classified, labels):
    dynamics = theme_tables.theme_dynamics(theme_tables.theme_matrix(classified, labels, themes=THEMES))
    assert list(dynamics.columns) == theme_tables.DYNAMICS_COLUMNS
    got = dynamics.set_index("theme")
    # Presence over 2097, 2098, 2099 read off the matrix above:
    expected = {
        "political_prisoners": ("persistent", 2097, 2099, "2097;2098;2099"),  # 1 1 1
        "expression_media": ("new", 2098, 2099, "2098;2099"),                 # 0 1 1
        "assembly": ("single", 2097, 2097, "2097"),                           # 1 0 0
        "civil_society": ("dropped", 2097, 2098, "2097;2098"),                # 1 1 0
        "justice": ("intermittent", 2097, 2099, "2097;2099"),                 # 1 0 1
        "eu_relations": ("new", 2099, 2099, "2099"),                          # 0 0 1: only in the latest
        "eu_action": ("persistent", 2097, 2099, "2097;2098;2099"),
    }
    for theme, (status, first, last, present) in expected.items():
        assert (got.loc[theme, "status"], got.loc[theme, "first_year"], got.loc[theme, "last_year"],
                got.loc[theme, "years_present"]) == (status, first, last, present), theme
    assert got.loc["death_penalty", "status"] == "absent" and pd.isna(got.loc["death_penalty", "first_year"])
    assert list(dynamics["theme"]) == THEMES


def test_theme_strength(classified, labels):
    strength = theme_tables.theme_strength(classified, labels, themes=THEMES)
    assert list(strength.columns) == theme_tables.THEME_STRENGTH_COLUMNS
    # 2098 codes political_prisoners (§1), expression_media (§1, §3), civil_society (§3), eu_action (§2),
    # procedural (§5), in taxonomy order.
    rows_98 = strength[strength["document"] == D98]
    assert list(rows_98["theme"]) == ["political_prisoners", "expression_media", "civil_society", "eu_action",
                                      "procedural"]
    media = rows_98.set_index("theme").loc["expression_media"]
    # §1 urges (4.0) and §3 welcomes (0.6): mean (4.0 + 0.6) / 2 = 2.3.
    assert (media["n_paragraphs"], media["strength_mean"], media["max_strength_mean"]) == (2, pytest.approx(2.3),
                                                                                          pytest.approx(2.3))
    # 2099 justice and eu_action are both only §2 (изисква, 4.5).
    rows_99 = strength[strength["document"] == D99].set_index("theme")
    assert rows_99.loc["justice", "strength_mean"] == rows_99.loc["eu_action", "strength_mean"] == 4.5
    # The procedural §5 is counted under its theme but has no strength (left out of means).
    procedural = rows_98.set_index("theme").loc["procedural"]
    assert procedural["n_paragraphs"] == 1 and pd.isna(procedural["strength_mean"])
    # ... and the means say so: taken over 0 of its 1 paragraph; expression_media's over both.
    assert (procedural["n_strength"], procedural["n_max_strength"]) == (0, 0)
    assert (media["n_strength"], media["n_max_strength"]) == (2, 2)
    # The untagged §4 paragraphs appear nowhere: 6 + 5 + 6 (resolution, theme) rows.
    assert len(strength) == 17
    # Minimum n (data/config/robustness.toml: 3 scored paragraphs): no synthetic theme has 3, so every
    # row is marked and none is ranked; with a minimum of 2, 2098 ranks its one theme with 2 scored
    # paragraphs, expression_media, first, and marks the others.
    assert strength["few_paragraphs"].all() and strength["rank"].isna().all()
    two = theme_tables.theme_strength(classified, labels, themes=THEMES, min_paragraphs=2)
    ranked_98 = two[(two["document"] == D98) & two["rank"].notna()]
    assert ranked_98[["theme", "rank"]].values.tolist() == [["expression_media", 1]]
    # A theme with one scored paragraph has its value as its interval: 2099 justice, §2 only (4.5).
    justice = strength[(strength["document"] == D99) & (strength["theme"] == "justice")].iloc[0]
    assert (justice["strength_mean_ci_low"], justice["strength_mean_ci_high"]) == (4.5, 4.5)


# -- reuse ------------------------------------------------------------------------------------

def test_reuse_pairs(units, labels, classified):
    pairs = reuse.reuse_pairs(units, labels)
    assert list(pairs.columns) == reuse.REUSE_COLUMNS
    # Only two pairs reach 0.5, both 2097 -> 2099 (the English 2098 is never compared with Bulgarian):
    # §5 and §5 are the same forwarding sentence (cosine exactly 1); §1 and §1 differ by one inserted
    # word ("отново"), so they share almost all character n-grams (about 0.94).
    assert list(zip(pairs["doc_a"], pairs["number_a"], pairs["doc_b"], pairs["number_b"])) == [
        (D97, "5", D99, "5"), (D97, "1", D99, "1")]
    assert pairs.loc[0, "similarity"] == 1.0
    assert 0.85 < pairs.loc[1, "similarity"] < 1.0
    assert (pairs.loc[0, "year_a"], pairs.loc[0, "year_b"]) == (2097, 2099)
    assert pairs.loc[1, "text_a"].startswith("настоятелно призовава правителството да освободи")
    # Given the classified paragraphs, the procedural forwarding clause (§5) is no recurring demand.
    demands = reuse.reuse_pairs(units, labels, classified=classified)
    assert list(zip(demands["doc_a"], demands["number_a"], demands["doc_b"], demands["number_b"])) == [
        (D97, "1", D99, "1")]
    # A lower threshold adds weaker pairs, still never within one document or across languages.
    loose = reuse.reuse_pairs(units, labels, threshold=0.2)
    assert len(loose) > 2 and (loose["doc_a"] != loose["doc_b"]).all()
    assert not ({D98} & (set(loose["doc_a"]) | set(loose["doc_b"])))
    assert loose["similarity"].is_monotonic_decreasing


def test_reuse_pairs_same_document_and_language():
    made = pd.DataFrame({
        "document": ["synthetic_a", "synthetic_a", "synthetic_b", "synthetic_c"],
        "number": ["1", "2", "1", "1"], "language": ["en", "en", "en", "bg"],
        "text": ["Calls on the invented body to act;"] * 3 + ["Calls on the invented body to act;"]})
    labels = pd.DataFrame({"document": ["synthetic_a", "synthetic_b", "synthetic_c"], "year": [2097, 2098, 2099],
                           "date": pd.to_datetime(["2097-01-01", "2098-01-01", "2099-01-01"]),
                           "reference": [None] * 3, "label": ["2097", "2098", "2099"]})
    pairs = reuse.reuse_pairs(made, labels)
    # a§1-a§2 is one document, c is "bg": only a§1-b§1 and a§2-b§1 remain, both identical texts.
    assert list(zip(pairs["number_a"], pairs["doc_b"])) == [("1", "synthetic_b"), ("2", "synthetic_b")]
    assert (pairs["similarity"] == 1.0).all()


# -- people -----------------------------------------------------------------------------------

def test_people_named_synthetic(units, labels):
    people = named.people_named(units, labels)
    assert list(people.columns) == named.PEOPLE_COLUMNS
    # 2097: "Иван Измислов" in А, Б and §1; "Стоян Синтетичен" in Б; "Централна Азия" (А) is cut away
    # by the stop list. 2098: "Maria Fictiva" in A, §1 and §3 ("Welcomes" is the unit's first word,
    # "European Union" and "President" are stop words). 2099: Иван Измислов (А, §1), Петра Примерова (Б, §2).
    assert list(zip(people["document"], people["person"], people["count"])) == [
        (D97, "Иван Измислов", 3), (D97, "Стоян Синтетичен", 1), (D98, "Maria Fictiva", 3),
        (D99, "Иван Измислов", 2), (D99, "Петра Примерова", 2)]


def test_prizes_and_organisations_are_not_people():
    # Invented sentences: only the two invented people are names; prizes and NGOs are cut at stop words.
    units = pd.DataFrame({"document": ["synthetic"] * 2, "kind": ["recital"] * 2, "date": "2097-01-01",
                          "reference": None,
                          "text": ["като има предвид, че Иван Измислов получи Награда Сахаров от Open Dialogue",
                                   "whereas Maria Fictiva won the Nobel Peace Prize with the Norwegian Helsinki Committee"]})
    people = named.people_named(units, resolution_labels(units, pd.DataFrame(columns=REGISTRY_COLUMNS)))
    assert sorted(people["person"]) == ["Maria Fictiva", "Иван Измислов"]



@pytest.mark.parametrize("word, problem", [("Central Asia", "one word per row"),
                                           ("Евро*пейск", "only at the end of a word")])
def test_a_bad_stop_word_names_file_and_line(tmp_path, word, problem):
    path = tmp_path / "not_people.csv"
    path.write_text(f"lang,word\nen,Mr\nen,{word}\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"not_people.csv: line 3: .*{problem}"):
        named.load_not_people(path)
    path.write_text("lang,word,example\nen,Mr,\nen,Europ*,Europeans\n", encoding="utf-8")
    assert named.load_not_people(path) == ["Europ*", "Mr"]

def test_people_recurrence(units, labels):
    recurrence = named.people_recurrence(named.people_named(units, labels), labels)
    assert list(recurrence.columns) == named.RECURRENCE_COLUMNS
    got = recurrence.set_index("person")
    # Иван Измислов: 2097 and 2099 (the latest) -> recurring, 3 + 2 mentions; Петра Примерова only in the
    # latest -> new; Стоян Синтетичен only in 2097 and Maria Fictiva only in 2098 -> single.
    assert got.loc["Иван Измислов"].tolist() == [2, "2097;2099", 2097, 2099, 5, "recurring"]
    assert got.loc["Петра Примерова", "status"] == "new"
    assert got.loc["Стоян Синтетичен", "status"] == "single"
    assert got.loc["Maria Fictiva", "status"] == "single"
    # "dropped": named twice, not in the latest resolution (a hand-made frame).
    made = pd.DataFrame({"document": ["a", "b", "c"], "year": [2097, 2098, 2099], "label": ["2097", "2098", "2099"],
                         "person": ["Invented Person", "Invented Person", "Other Invented"], "count": [1, 2, 1]})
    dropped = named.people_recurrence(made).set_index("person")
    assert dropped.loc["Invented Person", "status"] == "dropped"
    assert dropped.loc["Invented Person", "total_count"] == 3


def test_people_named_2021(units_2021):
    labels = resolution_labels(units_2021, load_registry())
    people = named.people_named(units_2021, labels).set_index("person")
    # Political prisoners listed both in recital Е and in paragraph 3 are counted twice.
    assert people.loc["Алмат Жумагулов", "count"] == 2
    assert people.loc["Аскар Каирбек", "count"] == 2
    # Cut at the stop word "Казахстан" ("... на Казахстан Мухтар Аблязов") and first/surname kept.
    assert "Мухтар Аблязов" in people.index
    for not_person in ("Коше Партияси", "Централна Азия", "Transparency International", "Свободна Европа"):
        assert not_person not in people.index
    assert all(2 <= len(name.split()) <= 3 for name in people.index)


# -- citations --------------------------------------------------------------------------------

def test_cited_resolutions_synthetic(units, labels, registry):
    cited = citations.cited_resolutions(units, labels, registry, languages.profiles())
    assert list(cited.columns) == citations.CITED_COLUMNS
    # 2097 cites "3 май 2096 г." (in the registry, no text); 2098 cites "14 March 2097";
    # 2099 cites "14 март 2097 г." and "10 юни 2098 г.". "2 January 2098", "1 януари 2099" (citations)
    # and "2 януари 2099" (a recital) are not registry dates.
    assert list(zip(cited["document"], cited["year"], cited["cited_year"], cited["cited_reference"])) == [
        (D97, 2097, 2096, "P9_TA(2096)0009"), (D98, 2098, 2097, "P9_TA(2097)0001"),
        (D99, 2099, 2097, "P9_TA(2097)0001"), (D99, 2099, 2098, "P9_TA(2098)0002")]


def test_cited_resolutions_2021(units_2021):
    registry = load_registry()
    cited = citations.cited_resolutions(units_2021, resolution_labels(units_2021, registry), registry,
                                        languages.profiles())
    # The first citation names the resolutions of 14.3.2019, 18.4.2013, 15.3.2012 and 17.9.2009.
    assert set(cited["cited_year"]) == {2009, 2012, 2013, 2019}
    assert list(cited["cited_year"]) == [2009, 2012, 2013, 2019]
    assert (cited["document"] == DOC_2021).all() and (cited["year"] == 2021).all()


# -- one resolution, empty input, import cost --------------------------------------------------

def _run_all(units: pd.DataFrame, registry: pd.DataFrame, classified: pd.DataFrame) -> dict[str, pd.DataFrame]:
    labels = resolution_labels(units, registry)
    matrix = theme_tables.theme_matrix(classified, labels)
    people = named.people_named(units, labels)
    return {
        "labels": labels, "structure": structure.structure_table(units, registry),
        "verbs": verb_tables.verb_profile(classified, labels, GROUPS),
        "strongest": verb_tables.strongest_paragraphs(classified, labels),
        "matrix": matrix, "dynamics": theme_tables.theme_dynamics(matrix),
        "theme_strength": theme_tables.theme_strength(classified, labels),
        "reuse": reuse.reuse_pairs(units, labels), "people": people,
        "recurrence": named.people_recurrence(people, labels),
        "cited": citations.cited_resolutions(units, labels, registry),
    }


def test_units_frame_repeats_each_document_metadata_over_its_units():
    motion = FIXTURES / "synthetic_motion_RC_EN.txt"  # a motion whose date the parser cannot read
    documents = corpus.load_documents([RAW_2021, motion])
    units = corpus.units_frame(documents)
    sizes = [len(d.units) for d in documents]
    assert len(units) == sum(sizes) == 66 + 4
    first, second = units.iloc[:sizes[0]], units.iloc[sizes[0]:]
    assert set(first["reference"]) == {"P9_TA(2021)0056"} and set(first["date"]) == {"2021-02-11"}
    assert set(second["reference"]) == {"RC-B9-0002/2099"} and second["date"].isna().all()
    assert set(first["language"]) == {"bg"} and set(second["language"]) == {"en"}
    # None where the date is missing, as in the columns classify's rows read (pandas 3 would make a bare
    # object array a str column with NaN)
    assert second["date"].tolist() == [None] * 4 and units["date"].dtype == object
    columns = corpus.unit_columns(documents)
    assert all(units[key].tolist() == columns[key] for key in corpus.UNIT_METADATA)


def test_units_frame_of_some_kinds_is_the_frame_of_all_filtered():
    """``kinds`` keeps the rows before the frame is built (#12): the same rows, values and types as
    filtering the frame of all units; a kind no document has gives an empty frame of those types."""
    motion = FIXTURES / "synthetic_motion_RC_EN.txt"
    documents = corpus.load_documents([RAW_2021, motion])
    every = corpus.units_frame(documents)
    for kinds in ({"paragraph"}, {"citation", "recital"}, {"no such kind"}):
        expected = every[every["kind"].isin(kinds)].reset_index(drop=True)
        pd.testing.assert_frame_equal(corpus.units_frame(documents, kinds=kinds), expected)
    # by hand: the 2021 text has 27 operative paragraphs, the synthetic motion two (1. and 2.)
    assert len(corpus.units_frame(documents, kinds={"paragraph"})) == 27 + 2


# -- one language version per resolution ------------------------------------------------------

VERSIONS = FIXTURES / "synthetic_versions"  # a synthetic Bulgarian version of synthetic_2098_EN


def _names(documents) -> list[str]:
    return [d.metadata["document"] for d in documents]


def test_one_version_per_resolution_in_order_of_preference():
    documents = corpus.load_documents([SYNTHETIC, VERSIONS])
    assert _names(documents) == [D97, D98, D99, "synthetic_2098_BG"]
    kept, left_out = corpus.one_per_resolution(documents, ["bg", "en"])
    assert _names(kept) == [D97, D99, "synthetic_2098_BG"] and _names(left_out) == [D98]
    kept, left_out = corpus.one_per_resolution(documents, ["en", "bg"])  # English first: 2098 in English
    assert _names(kept) == [D97, D98, D99] and _names(left_out) == ["synthetic_2098_BG"]
    kept, left_out = corpus.one_per_resolution(documents, ["en"])  # other languages are left out
    assert _names(kept) == [D98] and len(left_out) == 3


@pytest.fixture
def recorded(tmp_path):
    """The synthetic corpus and the synthetic Bulgarian version of 2098 in one folder, each with a
    provenance record, as after ``fetch``."""
    return copy_with_records([*sorted(SYNTHETIC.glob("synthetic_*.txt")), *VERSIONS.glob("synthetic_*.txt")],
                             tmp_path / "raw")


def test_exclusion_note_names_what_was_left_out(recorded, registry):
    _, note = corpus.load_for_comparison([recorded], ["bg", "en"], registry)
    assert note == ("Not compared: 1 file(s) on disk: synthetic_2098_EN.txt (another language version of this "
                    "resolution is compared (synthetic_2098_BG)).")


def test_two_versions_of_one_resolution_are_labelled_once(recorded, registry):
    documents, note = corpus.load_for_comparison([recorded], registry=registry)
    labels = resolution_labels(corpus.units_frame(documents), registry)
    assert list(labels["label"]) == ["2097", "2098", "2099"]  # not 2098a / 2098b
    assert "synthetic_2098_EN" in note


def test_comparison_in_a_language_not_on_disk_is_refused(recorded, registry):
    with pytest.raises(AnalysisError, match="no resolution on disk in fr .found: bg, en."):
        corpus.load_for_comparison([recorded], ["fr"], registry)


def test_one_synthetic_resolution_works_everywhere(units, registry, classified):
    out = _run_all(units[units["document"] == D97], registry, classified[classified["document"] == D97])
    assert len(out["labels"]) == len(out["structure"]) == len(out["verbs"]) == len(out["matrix"]) == 1
    assert len(out["strongest"]) == 5 and out["reuse"].empty
    # With one resolution every theme it codes, and every person it names, is "single".
    assert set(out["dynamics"]["status"]) <= {"single", "absent"}
    assert set(out["recurrence"]["status"]) == {"single"}
    assert list(out["cited"]["cited_year"]) == [2096]


def test_the_2021_resolution_alone_works_everywhere(units_2021):
    paragraphs = units_2021[units_2021["kind"] == "paragraph"].rename(columns={"label": "number"}).reset_index(drop=True)
    classified = classify_paragraphs(paragraphs, themes="none")
    classified["themes"] = ["political_prisoners" if n in ("2", "3") else "" for n in classified["number"]]
    out = _run_all(units_2021, load_registry(), classified)
    assert out["verbs"].loc[0, "n_paragraphs"] == 27
    assert len(out["strongest"]) == 5 and out["reuse"].empty
    assert out["matrix"].loc["2021", "political_prisoners"] == 2
    assert out["dynamics"].set_index("theme").loc["political_prisoners", "status"] == "single"
    # 61 distinct names, counted by hand on the 2021 text (see extract.people.people_named)
    assert len(out["recurrence"]) == len(out["people"]) == 61


def test_empty_inputs_give_empty_frames_with_columns():
    empty_units = corpus.units_frame([])
    empty_classified = pd.DataFrame(columns=["document", "number", "head_verb", "verbs", "strengths", "act",
                                             "strength", "addressees", "themes", "acts", "max_strength",
                                             "modifiers", "addressee_groups", "unclassified", "language"])
    registry = load_registry(SYNTHETIC / "registry.csv")
    labels = resolution_labels(empty_units, registry)
    assert labels.empty and list(labels.columns) == LABEL_COLUMNS
    checks = {
        tuple(structure.STRUCTURE_COLUMNS): structure.structure_table(empty_units, registry),
        tuple(verb_tables.verb_profile_columns(GROUPS)): verb_tables.verb_profile(empty_classified, labels, GROUPS),
        tuple(verb_tables.STRONGEST_COLUMNS): verb_tables.strongest_paragraphs(empty_classified, labels),
        tuple(theme_tables.THEME_STRENGTH_COLUMNS): theme_tables.theme_strength(empty_classified, labels),
        tuple(reuse.REUSE_COLUMNS): reuse.reuse_pairs(empty_units, labels),
        tuple(named.PEOPLE_COLUMNS): named.people_named(empty_units, labels),
        tuple(named.RECURRENCE_COLUMNS): named.people_recurrence(named.people_named(empty_units, labels)),
        tuple(citations.CITED_COLUMNS): citations.cited_resolutions(empty_units, labels, registry),
    }
    for columns, frame in checks.items():
        assert frame.empty and tuple(frame.columns) == columns
    matrix = theme_tables.theme_matrix(empty_classified, labels, themes=THEMES)
    assert matrix.empty and list(matrix.columns) == THEMES + ["uncovered"]
    dynamics = theme_tables.theme_dynamics(matrix)
    assert dynamics.empty and list(dynamics.columns) == theme_tables.DYNAMICS_COLUMNS


def test_import_does_not_load_scikit_learn():
    modules = "analysis.extract.chronology, analysis.compare.structure, analysis.compare.verbs, " \
              "analysis.compare.themes, analysis.compare.reuse, analysis.extract.people, analysis.extract.citations"
    code = f"import sys, {modules}; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_reuse_pairs_do_not_depend_on_row_order(units, labels):
    first = reuse.reuse_pairs(units, labels, threshold=0.1)
    second = reuse.reuse_pairs(units.sample(frac=1, random_state=1), labels, threshold=0.1)
    pd.testing.assert_frame_equal(first, second)


def test_the_availability_note_names_two_resolutions_of_one_year_by_their_labels():
    from analysis.corpus.documents import availability_note

    available = pd.DataFrame({"doceo_id": ["TA-9-2099-0001", "TA-9-2099-0002", "TA-9-2098-0003"],
                              "year": [2099, 2099, 2098], "status": ["compared", "compared", "missing"]})
    labels = pd.DataFrame({"document": ["TA-9-2099-0001_EN", "TA-9-2099-0002_BG"], "label": ["2099a", "2099b"]})
    assert availability_note(available, labels=labels).startswith(
        "Resolutions compared: 2099a, 2099b. Missing: 2098; ")
    assert availability_note(available).startswith("Resolutions compared: 2099, 2099. Missing: 2098; ")
