"""Scoring against the gold: only the documents the gold codes are scored."""

from __future__ import annotations

import pandas as pd

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
