"""Paper-ready numbers (#11): bootstrap intervals, the sensitivity of the ranking to the strength
scale, one English label per verb concept, labels in a chosen language. Expected values are worked
out by hand in the comments; the frames are synthetic (named so), never a resolution's text."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import REPO

from analysis.compare import sensitivity as sens
from analysis.compare.uncertainty import ratio_interval
from analysis.errors import DataError, InputError
from analysis.output.labels import label_tables
from analysis.resources import concepts, robustness
from analysis.resources.robustness import Robustness

SETTINGS = Robustness(seed=7, resamples=2000, confidence=0.95, min_paragraphs=3,
                      scales=robustness.load_robustness().scales)


def test_interval_of_constant_values_is_the_value_and_empty_has_none():
    # Every resample of (2, 2, 2) has mean 2; one paragraph is its own interval; none gives NaN.
    assert ratio_interval([2.0, 2.0, 2.0], settings=SETTINGS) == (2.0, 2.0)
    assert ratio_interval([3.5], settings=SETTINGS) == (3.5, 3.5)
    assert all(np.isnan(ratio_interval([], settings=SETTINGS)))


def test_cluster_interval_of_a_share_over_phrases():
    # Two paragraphs: the first has 2 phrases, both directives, the second 2 phrases, none. A resample
    # takes (first, first) -> 4/4 = 1 with p 1/4, (second, second) -> 0 with p 1/4, mixed -> 2/4 with
    # p 1/2: the 2.5th percentile of 2,000 such ratios is 0 and the 97.5th is 1.
    assert ratio_interval([2, 0], [2, 2], key=("synthetic",), settings=SETTINGS) == (0.0, 1.0)


def test_intervals_are_seeded_and_keyed():
    values = [0, 1, 0, 1, 1, 0, 0, 1, 1, 1]
    first = ratio_interval(values, key=("synthetic_a", "m"), settings=SETTINGS)
    assert first == ratio_interval(values, key=("synthetic_a", "m"), settings=SETTINGS)  # reproducible
    # 0/1 values: the interval lies in [0, 1] and brackets the mean 0.6.
    assert 0.0 <= first[0] <= 0.6 <= first[1] <= 1.0
    # The key and the seed enter the generator: continuous values give different percentiles.
    spread = [0.1, 0.25, 0.7, 1.3, 2.9, 3.1, 4.4]
    other_seed = Robustness(**{**SETTINGS.__dict__, "seed": 8})
    assert ratio_interval(spread, key=("x",), settings=SETTINGS) != ratio_interval(spread, key=("y",), settings=SETTINGS)
    assert ratio_interval(spread, key=("x",), settings=SETTINGS) != ratio_interval(spread, key=("x",), settings=other_seed)


def _synthetic(rows):
    """Paragraphs (document, number, act, strength) of two synthetic resolutions, and their labels."""
    frame = pd.DataFrame(rows, columns=["document", "number", "act", "strength"])
    labels = pd.DataFrame({"document": ["synthetic_a", "synthetic_b"], "year": [2097, 2098],
                           "date": pd.to_datetime(["2097-01-01", "2098-01-01"]), "reference": ["", ""],
                           "label": ["2097", "2098"]})
    return frame.assign(max_strength=frame["strength"]), labels


def test_sensitivity_says_where_the_ranking_changes():
    classified, labels = _synthetic([("synthetic_a", "1", "directive", 3.5), ("synthetic_a", "2", "directive", 3.5),
                                     ("synthetic_b", "1", "directive", 5.0), ("synthetic_b", "2", "directive", 1.5)])
    raw = sens.sensitivity(classified, labels, settings=SETTINGS)
    assert list(raw.columns) == sens.SENSITIVITY_COLUMNS
    assert raw[["document", "scale"]].values.tolist()[:5] == [  # date order, then the scales in their order
        ["synthetic_a", "codebook"], ["synthetic_a", "ranks"], ["synthetic_a", "strong"], ["synthetic_a", "conflict"],
        ["synthetic_b", "codebook"]]
    table = raw.set_index(["document", "scale"])
    # codebook: a 3.5, b (5.0 + 1.5) / 2 = 3.25 -> a first. strong (>= 4.0): a 0, b 1/2 -> b first.
    # ranks (data/taxonomy/scales.csv): 3.5 is level 10, 5.0 level 13, 1.5 level 6 -> a 10, b 9.5 -> a first.
    # conflict: directive -2 x strength: a -7, b (-10 - 3) / 2 = -6.5; lowest first -> a first.
    assert table.loc[("synthetic_a", "codebook"), "score"] == pytest.approx(3.5)
    assert table.loc[("synthetic_b", "strong"), "score"] == pytest.approx(0.5)
    assert table.loc[("synthetic_b", "ranks"), "score"] == pytest.approx(9.5)
    assert table.loc[("synthetic_b", "conflict"), "score"] == pytest.approx(-6.5)
    ranks = table["rank"].unstack()
    assert ranks.loc["synthetic_a"].to_dict() == {"codebook": 1, "ranks": 1, "strong": 2, "conflict": 1}
    assert table["rank_changed"].unstack()["strong"].tolist() == [True, True]
    assert not table["rank_changed"].unstack()[["codebook", "ranks", "conflict"]].to_numpy().any()


def test_sensitivity_takes_a_reviewed_code_off_the_lexicon():
    # A coder may give emphasis the strength 4.0 (no emphasis phrase has it): scales.csv has the pair
    # (every act with every level): codebook 4.0, ranks 11, strong 1, conflict -1 x 4.0 = -4.0.
    classified, labels = _synthetic([("synthetic_a", "1", "emphasis", 4.0), ("synthetic_b", "1", "directive", 3.0)])
    table = sens.sensitivity(classified, labels, settings=SETTINGS).set_index(["document", "scale"])["score"]
    assert [table[("synthetic_a", s)] for s in ("codebook", "ranks", "strong", "conflict")] == [4.0, 11.0, 1.0, -4.0]


def test_sensitivity_refuses_a_strength_off_the_scale():
    classified, labels = _synthetic([("synthetic_a", "1", "directive", 3.7), ("synthetic_b", "1", "directive", 3.0)])
    with pytest.raises(InputError, match="directive with strength 3.7 has no row in data/taxonomy/scales.csv"):
        sens.sensitivity(classified, labels, settings=SETTINGS)


def test_every_concept_has_one_english_label():
    labels = concepts.concept_labels()
    lexicon = pd.read_csv(REPO / "data" / "lexicons" / "verbs.csv")
    assert set(labels) == set(lexicon["concept"])
    assert (labels["urge"], labels["call_on"], labels["condemn"]) == ("urges", "calls on", "condemns")


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace("urge,urges\n", ""), r"no label for concept\(s\) urge "),
    (lambda text: text + "urge,presses\n", "concept 'urge' has a second label"),
    (lambda text: text + "synthetic_concept,does\n", "'synthetic_concept' is in no row"),
])
def test_concept_labels_are_checked_at_load(tmp_path, monkeypatch, edit, message):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    path = data / "lexicons" / "concepts.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    with pytest.raises(DataError, match=message):
        concepts.concept_labels()


def test_scales_cover_every_act_and_strength_of_the_lexicon(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    path = data / "taxonomy" / "scales.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("directive,4.5,4.5,12,1,-9.0\n", ""), encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    with pytest.raises(DataError, match=r"no row for \(act, strength\) \('directive', 4.5\)"):
        robustness.load_scales()


def test_label_tables_in_english_and_bulgarian():
    paragraphs = pd.DataFrame({"document": ["synthetic_2097_BG"] * 2, "number": ["1", "2"],
                               "head_verb": ["настоятелно призовава", "осъжда"], "concept": ["urge", "condemn"],
                               "act": ["directive", "negative_judgement"], "language": ["bg", "bg"]})
    strongest = paragraphs[["document", "number", "head_verb", "act"]]
    themes = pd.DataFrame({"document": ["synthetic_2097_BG"], "number": ["1"], "theme": ["elections"]})
    english = label_tables({"paragraphs": paragraphs, "strongest_paragraphs": strongest, "themes": themes}, "en")
    assert english["paragraphs"]["head_verb_label"].tolist() == ["urges", "condemns"]
    assert english["strongest_paragraphs"]["head_verb_label"].tolist() == ["urges", "condemns"]  # via the key
    assert english["paragraphs"]["act_label"].tolist() == ["Directive", "Negative judgement"]
    assert english["themes"]["theme_label"].tolist() == ["Elections"]
    assert list(english["paragraphs"].columns[:4]) == ["document", "number", "head_verb", "head_verb_label"]
    bulgarian = label_tables({"paragraphs": paragraphs, "themes": themes}, "bg")
    assert bulgarian["paragraphs"]["head_verb_label"].tolist() == ["настоятелно призовава", "осъжда"]
    assert bulgarian["themes"]["theme_label"].tolist() == ["Избори"]  # label_bg of data/taxonomy/themes.csv
    with pytest.raises(InputError, match="two-letter language code"):
        label_tables({"paragraphs": paragraphs}, "english")


def test_the_case_sets_the_default_labels():
    from analysis.resources.cases import load_case

    assert load_case().labels == "bg"  # data/cases/kazakhstan.toml: Bulgarian stays the default
