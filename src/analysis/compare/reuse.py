"""Recurring demands: paragraphs of different resolutions whose wording is similar (text reuse)."""

from __future__ import annotations

import pandas as pd

from analysis.extract.chronology import number_rank
from analysis.resources.acts import unscored_acts
from analysis.extract.chronology import attach

REUSE_COLUMNS = ["doc_a", "number_a", "year_a", "doc_b", "number_b", "year_b", "similarity", "text_a", "text_b"]


def tfidf_vectors(texts: pd.Series):
    """TF-IDF vectors (rows L2-normalised, so that a product is a cosine) of character 3- to 5-grams
    inside word boundaries, lower-cased, sublinear tf, fitted on ``texts`` (see :func:`reuse_pairs`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                           lowercase=True).fit_transform(texts)


def reuse_pairs(paragraphs: pd.DataFrame, labels: pd.DataFrame, threshold: float = 0.5,
                classified: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of paragraphs from different resolutions whose wording is similar: recurring demands.

    Each paragraph becomes a TF-IDF vector of character 3- to 5-grams inside word
    boundaries (``analyzer="char_wb"``, lower-cased, sublinear tf), which matches inflected
    Bulgarian forms ("политически затворници"/"политическите затворници") without a
    lemmatiser. Vectors are fitted and compared within one language at a time (a Bulgarian
    and an English text are never paired). A pair is kept if its cosine similarity is
    ``>= threshold``; ``doc_a`` is the earlier resolution.

    What the default ``0.5`` means (measured on the 2021 text, the only one on disk):
    identical paragraphs score 1.0; the 351 pairs of its 27 different paragraphs score
    0.04-0.45 (median 0.12, 95th percentile 0.22), the highest being two paragraphs that
    share only the long title of the VP/HR in their list of EU addressees. Rewriting a
    paragraph by replacing a random quarter of its words gives a median of 0.80 against
    the original; replacing half of them 0.60 (10th percentile 0.49); deleting half 0.75;
    replacing three quarters 0.38. So 0.5 roughly means "at least half of the wording is
    kept": it finds repeated and edited demands and leaves out paragraphs that only share
    the Parliament's formulae ("настоятелно призовава правителството на ... да").
    Use 0.7-0.8 for near-verbatim reuse, 0.35-0.4 to explore looser echoes, and read the
    pairs (``text_a``/``text_b``) before drawing conclusions. The IDF weights are fitted on
    the paragraphs given, so scores shift a little as resolutions are added.

    ``paragraphs`` needs ``document, text`` and the paragraph number as ``number`` or
    ``label`` (parser units are accepted: rows with a ``kind`` other than ``paragraph`` are
    ignored); ``language`` if present (else all are compared together). Given the
    ``classified`` paragraphs, those whose head act is in
    ``data/taxonomy/acts.csv`` marks unscored are left out:
    the forwarding clause is the same formula in every resolution (similarity about 1.0)
    and is no recurring demand.
    """
    if paragraphs.empty:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    frame = paragraphs
    if "kind" in frame.columns:
        frame = frame[frame["kind"] == "paragraph"]
    number = "number" if "number" in frame.columns else "label"
    frame = pd.DataFrame({
        "document": frame["document"].astype(str), "number": frame[number].astype(str),
        "text": frame["text"].fillna("").astype(str),
        "language": frame["language"].fillna("und").astype(str) if "language" in frame.columns else "und",
    }).reset_index(drop=True)
    if classified is not None:
        skip = classified.loc[classified["act"].isin(list(unscored_acts())), ["document", "number"]].astype(str)
        dropped = pd.MultiIndex.from_frame(skip)
        frame = frame[~pd.MultiIndex.from_frame(frame[["document", "number"]]).isin(dropped)].reset_index(drop=True)
    frame = attach(frame, labels)
    found = []
    for _, group in frame.groupby("language", sort=True):
        if group["document"].nunique() < 2:
            continue
        group = group.reset_index(drop=True)
        vectors = tfidf_vectors(group["text"])
        similarity = (vectors @ vectors.T).tocoo()
        i, j, value = similarity.row, similarity.col, similarity.data
        documents = group["document"].to_numpy()
        keep = (i < j) & (value >= threshold - 1e-9) & (documents[i] != documents[j])
        a = group.iloc[i[keep]].reset_index(drop=True)
        b = group.iloc[j[keep]].reset_index(drop=True)
        swap = (b["_order"] < a["_order"]) | ((b["_order"] == a["_order"]) & (b["document"] < a["document"]))
        a, b = a.mask(swap, b), b.mask(swap, a)  # doc_a is the earlier resolution
        found.append(pd.DataFrame({
            "doc_a": a["document"], "number_a": a["number"], "year_a": a["year"],
            "doc_b": b["document"], "number_b": b["number"], "year_b": b["year"],
            "similarity": value[keep].clip(max=1.0).round(4),
            "text_a": a["text"].str[:200], "text_b": b["text"].str[:200]}))
    if not found or all(f.empty for f in found):
        return pd.DataFrame(columns=REUSE_COLUMNS)
    pairs = pd.concat([f for f in found if not f.empty], ignore_index=True)
    pairs["_a"], pairs["_b"] = number_rank(pairs["number_a"]), number_rank(pairs["number_b"])
    pairs = pairs.sort_values(["similarity", "doc_a", "_a", "doc_b", "_b"],
                              ascending=[False, True, True, True, True], kind="stable")
    for column in ("year_a", "year_b"):
        pairs[column] = pairs[column].astype("Int64")
    return pairs[REUSE_COLUMNS].reset_index(drop=True)
