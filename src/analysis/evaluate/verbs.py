"""Score classifiers against the hand-coded gold annotations in ``data/annotations/``."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis import cells
from analysis.resources.annotations import load_verbs_gold  # noqa: F401  (the gold these functions score against)


def score_verbs(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Head-verb accuracy, all-phrase precision/recall/F1 and addressee agreement.

    ``predicted`` and ``gold`` are tidy (one row per phrase, see :func:`analysis.verbs.find_verbs`).
    Phrases are compared as multisets per paragraph, so a phrase found twice must be coded twice.
    Only documents that the gold codes are scored: predictions for other texts are ignored.
    """
    keys = sorted(set(zip(gold["document"], gold["number"])))
    pred_by = {k: g.sort_values("order") for k, g in predicted.groupby(["document", "number"])}
    gold_by = {k: g.sort_values("order") for k, g in gold.groupby(["document", "number"])}
    heads = true_pos = n_pred = n_gold = 0
    addressee_hits = addressee_total = 0
    for key in keys:
        g = gold_by[key]
        p = pred_by.get(key, predicted.iloc[0:0])
        heads += bool(len(p)) and p.iloc[0]["phrase"] == g.iloc[0]["phrase"]
        overlap = Counter(g["phrase"]) & Counter(p["phrase"])
        true_pos += sum(overlap.values())
        n_pred += len(p)
        n_gold += len(g)
        gold_addr = {a for cell in g["addressees"] for a in cells.split(cell)}
        pred_addr = {a for cell in p["addressees"] for a in cells.split(cell)}
        addressee_total += 1
        addressee_hits += gold_addr == pred_addr
    coded = set(gold["document"])
    extra = {k for k in set(zip(predicted["document"], predicted["number"])) - set(keys) if k[0] in coded}
    n_pred += sum(len(pred_by[k]) for k in extra)
    precision = true_pos / n_pred if n_pred else 0.0
    recall = true_pos / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "paragraphs": len(keys), "head_correct": heads, "head_accuracy": heads / len(keys) if keys else 0.0,
        "phrases_gold": n_gold, "phrases_predicted": n_pred, "phrases_matched": true_pos,
        "precision": precision, "recall": recall, "f1": f1,
        "addressees_exact": addressee_hits / addressee_total if addressee_total else 0.0,
    }


def verb_disagreements(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs where the predicted phrase sequence differs from the gold one, side by side."""
    rows = []
    pred_seq = predicted.groupby(["document", "number"])["phrase"].agg(cells.join)
    gold_seq = gold.groupby(["document", "number"])["phrase"].agg(cells.join)
    for key, expected in gold_seq.items():
        found = pred_seq.get(key, "")
        if found != expected:
            rows.append({"document": key[0], "number": key[1], "gold": expected, "predicted": found})
    return pd.DataFrame(rows, columns=["document", "number", "gold", "predicted"])
