"""Group motions against the adopted text: which of a group's paragraphs survive, how much stronger or
weaker, and which of its themes the adopted text dropped.

The political groups table motions for a resolution (``B`` documents); a joint motion replaces
them and becomes, amended, the adopted text (:mod:`analysis.corpus.motions` finds them). Each
operative paragraph of a motion is matched with the most similar paragraph of the adopted text, by
the cosine similarity of TF-IDF character 3- to 5-gram vectors (the measure of the text-reuse table,
:func:`analysis.compare.reuse.tfidf_vectors`), fitted on the adopted text and its motions together.
It *survives* when that similarity is at least ``min_similarity`` of ``data/config/motions.toml``.
The forwarding clause (a head act that ``data/taxonomy/acts.csv`` leaves unscored) is left out on
both sides: it is the same formula everywhere and no group's wording.

``strength_change`` is the adopted paragraph's head-verb strength minus the motion paragraph's
(codebook scale 0-5): negative when the adopted text says it more weakly. ``outcome`` sums it up:
``stronger``, ``same``, ``weaker``, ``unscored`` (matched, but a head verb is unclassified) or
``not_adopted``. A theme is *dropped* when the group's paragraph (or motion) codes it and no
paragraph of the adopted text does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cells, paths
from analysis.compare.reuse import tfidf_vectors
from analysis.errors import DataError
from analysis.resources.acts import unscored_acts
from analysis.resources.files import cached_on_files, read_toml
from analysis.resources.taxonomy import UNCOVERED, theme_ids

OUTCOMES = ("stronger", "same", "weaker", "unscored", "not_adopted")
PARAGRAPH_COLUMNS = ["document", "motion", "reference", "group", "number", "matched_number", "similarity",
                     "strength_motion", "strength_adopted", "strength_change", "outcome", "themes",
                     "themes_dropped", "text"]
GROUP_COLUMNS = ["document", "motion", "reference", "group", "n_paragraphs", "n_survived", "share_survived",
                 "n_stronger", "n_same", "n_weaker", "n_strength_change", "strength_change_mean",
                 "themes_motion", "themes_dropped"]
LINK_COLUMNS = ["motion", "reference", "group", "document"]


def config_path() -> Path:
    """``data/config/motions.toml``."""
    return paths.data_dir() / "config" / "motions.toml"


@cached_on_files(maxsize=4)
def _threshold(path: Path) -> float:
    value = read_toml(path, what="motion comparison settings").get("matching", {}).get("min_similarity")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 1:
        raise DataError(f"{path}: [matching] min_similarity must be a number above 0 and at most 1, got {value!r}")
    return float(value)


def min_similarity(path: str | Path | None = None) -> float:
    """The similarity from which a motion paragraph survives (``data/config/motions.toml``)."""
    return _threshold(Path(path) if path else config_path())


def _scored(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The paragraphs whose head act is scored (the forwarding clause left out), in document order."""
    frame = paragraphs[~paragraphs["act"].isin(list(unscored_acts()))]
    return frame.sort_values(["document", "position"], kind="stable").reset_index(drop=True)


def _outcome(similarity: float, change: float, threshold: float) -> str:
    if similarity < threshold - 1e-9:
        return "not_adopted"
    if pd.isna(change):
        return "unscored"
    return "stronger" if change > 0 else "weaker" if change < 0 else "same"


def motion_paragraphs(adopted: pd.DataFrame, motions: pd.DataFrame, links: pd.DataFrame,
                      threshold: float | None = None) -> pd.DataFrame:
    """One row per operative paragraph of each group motion: the adopted paragraph it survives as
    (``matched_number``, empty if none), ``similarity`` (with the most similar adopted paragraph, also
    below the threshold), head-verb strengths and their change, ``outcome``, its themes and those
    of them the adopted text dropped (columns :data:`PARAGRAPH_COLUMNS`).

    ``adopted`` and ``motions``: classified paragraphs (``document, number, position, act, strength,
    themes, text``; see :func:`analysis.classify.paragraphs.classify_paragraphs`); ``links``: one row
    per motion (:data:`LINK_COLUMNS`: its ``document`` name as ``motion``, its ``reference``, tabling
    ``group`` and the adopted ``document`` it is compared with). ``threshold`` defaults to
    :func:`min_similarity`.
    """
    threshold = min_similarity() if threshold is None else threshold
    rows = []
    base, own = _scored(adopted), _scored(motions)
    for document, texts in base.groupby("document", sort=True):
        mine = links[links["document"] == document].sort_values("motion", kind="stable")
        lines = own[own["document"].isin(list(mine["motion"]))]
        if lines.empty:
            continue
        present = {theme for cell in texts["themes"] for theme in cells.split(cell)}
        vectors = tfidf_vectors(pd.concat([texts["text"], lines["text"]], ignore_index=True).fillna(""))
        similarity = (vectors[len(texts):] @ vectors[:len(texts)].T).toarray()
        best = similarity.argmax(axis=1) if len(texts) else np.zeros(len(lines), dtype=int)
        for link in mine.itertuples(index=False):
            for k in np.flatnonzero(lines["document"].to_numpy() == link.motion):
                line = lines.iloc[k]
                value = float(min(similarity[k, best[k]], 1.0)) if len(texts) else 0.0
                match = texts.iloc[best[k]] if value >= threshold - 1e-9 else None
                strength_adopted = match["strength"] if match is not None else np.nan
                change = strength_adopted - line["strength"] if match is not None else np.nan
                themes = cells.split(line["themes"])
                rows.append({"document": document, "motion": link.motion, "reference": link.reference,
                             "group": link.group, "number": str(line["number"]),
                             "matched_number": str(match["number"]) if match is not None else "",
                             "similarity": round(value, 4), "strength_motion": line["strength"],
                             "strength_adopted": strength_adopted, "strength_change": change,
                             "outcome": _outcome(value, change, threshold), "themes": cells.join(themes),
                             "themes_dropped": cells.join(t for t in themes if t not in present and t != UNCOVERED),
                             "text": line["text"]})
    frame = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    for column in ("similarity", "strength_motion", "strength_adopted", "strength_change"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def motion_groups(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per group motion: how many of its paragraphs survive, how their strength changed, and
    which of its themes the adopted text dropped (columns :data:`GROUP_COLUMNS`; from
    :func:`motion_paragraphs`). ``strength_change_mean`` is over the surviving paragraphs with both
    strengths scored (``n_strength_change``)."""
    rows = []
    for (document, motion), part in paragraphs.groupby(["document", "motion"], sort=True):
        survived = part[part["outcome"] != "not_adopted"]
        changes = survived["strength_change"].dropna()
        rows.append({"document": document, "motion": motion, "reference": part["reference"].iloc[0],
                     "group": part["group"].iloc[0], "n_paragraphs": len(part), "n_survived": len(survived),
                     "share_survived": round(len(survived) / len(part), 4),
                     **{f"n_{o}": int((part["outcome"] == o).sum()) for o in OUTCOMES[:3]},
                     "n_strength_change": len(changes),
                     "strength_change_mean": round(float(changes.mean()), 4) if len(changes) else np.nan,
                     "themes_motion": _union(part["themes"]), "themes_dropped": _union(part["themes_dropped"])})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def _union(column: pd.Series) -> str:
    """The themes of the list cells of ``column``, each once, in taxonomy order (``uncovered``, the mark of
    a paragraph with no theme, is none)."""
    order = {theme: i for i, theme in enumerate(theme_ids())}
    return cells.join(sorted({item for cell in column for item in cells.split(cell)} - {UNCOVERED},
                             key=lambda t: (order.get(t, len(order)), t)))


def links_frame(motions: Sequence[tuple[str, str, str, str]]) -> pd.DataFrame:
    """The ``links`` of :func:`motion_paragraphs` from ``(motion, reference, group, document)`` tuples."""
    return pd.DataFrame(list(motions), columns=LINK_COLUMNS)
