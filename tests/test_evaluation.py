"""Scoring against the gold: verbs (only the documents the gold codes are scored) and themes
(scores by hand, cross-validation folds, the evaluation tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator

from analysis.evaluate.scores import POOLED, classifier_agreement, count_themes, score_themes
from analysis.evaluate.themes import (cross_validated_predictions, evaluate_themes, fit_gold_model, gold_units,
                                      theme_folds, theme_frequencies)
from analysis.evaluate.verbs import score_verbs


def test_predictions_for_texts_without_gold_are_ignored():
    gold = pd.DataFrame({"document": ["d", "d"], "number": ["1", "2"], "order": [1, 1],
                         "phrase": ["осъжда", "призовава"], "addressees": ["", "kz_state"]})
    predicted = gold.copy()
    alone = score_verbs(predicted, gold)
    assert (alone["precision"], alone["recall"], alone["phrases_predicted"]) == (1.0, 1.0, 2)
    other_text = pd.DataFrame({"document": ["uncoded"] * 2, "number": ["1", "1"], "order": [1, 2],
                               "phrase": ["приветства", "призовава"], "addressees": ["", ""]})
    assert score_verbs(pd.concat([predicted, other_text]), gold) == alone
    # An extra paragraph of a coded document still counts against precision.
    extra = pd.DataFrame({"document": ["d"], "number": ["3"], "order": [1], "phrase": ["приветства"],
                          "addressees": [""]})
    assert score_verbs(pd.concat([predicted, extra]), gold)["precision"] == 2 / 3


# --- themes: scoring ----------------------------------------------------------------------------

def test_score_themes_by_hand():
    gold = [["a", "b"], ["a"], [], ["b"]]
    predicted = [["a"], ["a", "c"], ["c"], ["b"]]
    per_theme, summary = score_themes(gold, predicted, ["a", "b", "c"])
    rows = per_theme.set_index("theme")
    assert rows.loc["a", ["tp", "fp", "fn"]].tolist() == [2, 0, 0]
    assert rows.loc["b", ["tp", "fp", "fn"]].tolist() == [1, 0, 1]
    assert rows.loc["c", ["tp", "fp", "fn", "support"]].tolist() == [0, 2, 0, 0]
    assert rows.loc["b", "recall"] == pytest.approx(0.5) and rows.loc["b", "f1"] == pytest.approx(2 / 3)
    assert rows.loc["c", "precision"] == 0.0
    assert rows.loc["a", "kappa"] == pytest.approx(1.0)  # perfect agreement on "a"
    assert summary["micro_p"] == pytest.approx(3 / 5) and summary["micro_r"] == pytest.approx(3 / 4)
    assert summary["micro_f1"] == pytest.approx(2 / 3)
    assert summary["macro_f1"] == pytest.approx((1.0 + 2 / 3) / 2)  # "c" has no gold support: not averaged
    assert summary["themes_scored"] == 2


def test_score_themes_kappa_by_hand():
    gold = [["a"], ["a"], [], [], ["a"], []]
    predicted = [["a"], [], ["a"], [], ["a"], []]
    per_theme, summary = score_themes(gold, predicted, ["a"])
    # observed agreement 4/6; chance agreement 0.5 * 0.5 + 0.5 * 0.5 = 0.5; kappa = (4/6 - 0.5) / 0.5
    assert per_theme.loc[0, "kappa"] == pytest.approx(1 / 3)
    assert summary["kappa"] == pytest.approx(1 / 3)


def test_classifier_agreement_by_hand():
    predictions = pd.DataFrame({"dictionary": [["elections"], ["elections", "labour"], [], ["labour"]],
                                "model": [["elections"], ["labour"], [], ["labour"]]})
    table = classifier_agreement(predictions, ["elections", "labour", "covid"]).set_index("theme")
    assert table.loc["elections", ["n_dictionary", "n_model", "n_units"]].tolist() == [2, 1, 4]
    assert table.loc["elections", "agreement"] == pytest.approx(3 / 4)
    assert table.loc["labour", "kappa"] == pytest.approx(1.0)
    assert pd.isna(table.loc["covid", "kappa"]) and table.loc["covid", "agreement"] == 1.0  # both never
    assert table.index[-1] == POOLED and table.loc[POOLED, "agreement"] == pytest.approx(11 / 12)
    assert table.loc["elections", "label_en"] == "Elections"


def test_count_themes_in_the_given_order():
    counts = count_themes([["labour"], ["labour", "elections"], []], ["elections", "labour", "covid"])
    assert counts.to_dict() == {"elections": 1, "labour": 2, "covid": 0}


# --- themes: cross-validation --------------------------------------------------------------------

@pytest.fixture(scope="module")
def units():
    return gold_units()


def test_folds_are_disjoint_and_cover_every_unit_once(units):
    folds = theme_folds(units, n_splits=5, seed=0)
    assert len(folds) == 5
    tests = np.concatenate([test for _, test in folds])
    assert sorted(tests.tolist()) == list(range(len(units)))  # each unit tested exactly once
    for train, test in folds:
        assert not set(train) & set(test)
        assert len(train) + len(test) == len(units)
        assert set(units.iloc[test]["kind"]) == {"recital", "paragraph"}  # stratified by kind
    again = theme_folds(units, n_splits=5, seed=0)
    assert all((a[1] == b[1]).all() for a, b in zip(folds, again))


class Recorder(BaseEstimator):
    """A cheap stand-in model: remembers the units it was fitted on and predicts their first theme
    for a unit it saw (none for the others)."""

    log: list = []

    def __init__(self, tag: str = "stand-in"):
        self.tag = tag

    def fit(self, frame, labels):
        self.seen_ = {(k, label): themes[0] for k, label, themes in zip(frame["kind"], frame["label"], labels)}
        Recorder.log.append(("fit", set(self.seen_)))
        return self

    def predict(self, frame):
        keys = list(zip(frame["kind"], frame["label"]))
        Recorder.log.append(("predict", set(keys)))
        return [[self.seen_[key]] if key in self.seen_ else [] for key in keys]


def test_cross_validation_never_tests_on_a_training_unit(units):
    Recorder.log = []
    predictions = cross_validated_predictions(units, n_splits=5, seed=0, estimator=Recorder())
    fits = [keys for step, keys in Recorder.log if step == "fit"]
    tested = [keys for step, keys in Recorder.log if step == "predict"]
    assert len(fits) == len(tested) == 5
    for trained_on, tested_on in zip(fits, tested):
        assert not trained_on & tested_on and len(trained_on) + len(tested_on) == len(units)
    assert predictions["model"].map(len).sum() == 0  # the stand-in only knows units it was trained on
    assert sorted(predictions["fold"].unique()) == [1, 2, 3, 4, 5]
    assert predictions["fold"].value_counts().to_dict() == {n: 10 for n in range(1, 6)}


def test_evaluation_tables_have_the_promised_shape(units):
    evaluation = evaluate_themes(n_splits=5, seed=0, units=units, estimator=Recorder())
    summary = evaluation["summary"]
    assert set(zip(summary["classifier"], summary["scoring"])) == {
        (c, s) for c in ("dictionary", "model") for s in ("strict", "lenient")}
    assert {"micro_p", "micro_r", "micro_f1", "macro_p", "macro_r", "macro_f1", "kappa"} <= set(summary)
    model = summary.set_index(["classifier", "scoring"]).loc[("model", "lenient")]
    assert model["micro_r"] == 0.0  # the stand-in predicts nothing out of fold
    per_theme = evaluation["per_theme"]
    assert len(per_theme) == 30 * 4  # 26 themes of the gold and the 4 general ones of #14
    lenient = per_theme[(per_theme["scoring"] == "lenient") & (per_theme["classifier"] == "dictionary")]
    assert lenient["support"].sum() == 142
    assert len(evaluation["agreement"]) == 31 and evaluation["agreement"]["theme"].iloc[-1] == POOLED
    assert len(evaluation["folds"]) == 5 * 4 and set(evaluation["folds"]["n_units"]) == {10}
    assert evaluation["predictions"]["model"].eq("").all()
    missed = evaluation["disagreements"]
    assert (missed["gold"] != "").sum() == 142  # every gold theme is a miss of the stand-in


def test_score_floor_of_the_real_classifiers(units):
    summary = evaluate_themes(n_splits=5, seed=0, units=units)["summary"].set_index(["classifier", "scoring"])
    # Observed with the shipped files (codebook v1.1, notebook 03): dictionary lenient micro-F1 0.873,
    # strict 0.576 (v1.0: 0.878, 0.581; the bare 'деца' of #14 adds two false positives); model
    # (out-of-fold) lenient 0.322. Floors sit below so that a regression fails.
    assert summary.loc[("dictionary", "lenient"), "micro_f1"] >= 0.80
    assert summary.loc[("dictionary", "strict"), "micro_f1"] >= 0.50
    assert summary.loc[("model", "lenient"), "micro_f1"] >= 0.20


def test_theme_frequencies_count_units(units):
    frequencies = theme_frequencies(units).set_index("theme")
    assert frequencies["gold_strict"].sum() == 71 and frequencies["gold_lenient"].sum() == 142
    assert (frequencies["dictionary"] == frequencies["dictionary_recitals"]
            + frequencies["dictionary_paragraphs"]).all()


def test_fit_gold_model_learns_from_all_gold_units(units):
    model = fit_gold_model(seed=0, units=units)
    lenient = pd.Series([t for row in units["themes_lenient"] for t in row]).value_counts()
    assert model.learned_ == [t for t in model.themes_ if lenient.get(t, 0) >= 2]
    assert model.languages_ == {"bg"}
