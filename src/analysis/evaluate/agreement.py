"""Agreement between coders, and between each coder and the classifier, per variable.

The codes of every coder (the imported coding sheets, the hand-coded gold as coder ``gold`` and
the classifier as coder ``machine``) are put in one long table (:func:`long_codes`): one row per
(coder, variable, unit) with its ``value``. The variables (see :mod:`analysis.resources.codebook`):

* ``head_act`` (nominal) and ``head_strength`` (ordinal, on the lexicon's strength scale): unit = paragraph;
* ``phrase_act`` and ``addressee_groups`` (nominal; the set of groups a phrase addresses, ``none``
  for none): unit = verb phrase (paragraph and ``order``);
* ``theme:<id>`` for each theme of the taxonomy, ``present`` or ``absent``: unit = paragraph.

:func:`agreement_table` gives, per variable and per pair of coders (and for all human coders
together where there are more than two), the units coded by both (``n_units``), percent agreement,
Cohen's kappa (``sklearn.metrics.cohen_kappa_score``, linearly weighted on the ordinal scale of
``head_strength``) and Krippendorff's alpha (the ``krippendorff`` package; nominal, or ordinal for
``head_strength``). :func:`confusion_table` cross-tabulates two coders' values of one variable.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cells
from analysis.errors import AnalysisError
from analysis.resources.annotations import GOLD, MACHINE, gold_codes, load_coded
from analysis.resources.codebook import NONE, VARIABLES, Codebook, load_codebook

LONG_COLUMNS = ["coder", "variable", "document", "number", "order", "value"]
AGREEMENT_COLUMNS = ["variable", "level", "coders", "n_coders", "n_units", "n_agree", "percent_agreement",
                     "kappa", "kappa_weights", "alpha"]
CONFUSION_COLUMNS = ["variable", "coder_a", "coder_b", "value_a", "value_b", "n"]
PRESENT, ABSENT = "present", "absent"
THEME_PREFIX = "theme:"


def level_of(variable: str) -> str:
    """``nominal`` or ``ordinal``."""
    return VARIABLES["themes" if variable.startswith(THEME_PREFIX) else variable]


def long_codes(paragraphs: pd.DataFrame, phrases: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Codes of any coders (frames as from :func:`analysis.resources.annotations.load_coded`) as one
    row per (coder, variable, unit): :data:`LONG_COLUMNS`. Paragraph variables have ``order`` 0.
    An empty head strength (an unclassified paragraph of the classifier) is left out."""
    codebook = codebook or load_codebook()
    rows = []
    for row in paragraphs.itertuples(index=False):
        unit = (row.document, str(row.number), 0)
        rows.append((row.coder, "head_act", *unit, row.head_act))
        if row.head_strength:
            rows.append((row.coder, "head_strength", *unit, row.head_strength))
        themes = set(cells.split(row.themes))
        rows += [(row.coder, THEME_PREFIX + t, *unit, PRESENT if t in themes else ABSENT) for t in codebook.themes]
    for row in phrases.itertuples(index=False):
        unit = (row.document, str(row.number), int(row.order))
        groups = sorted(set(cells.split(row.addressee_groups)) - {NONE})
        rows.append((row.coder, "phrase_act", *unit, row.act))
        rows.append((row.coder, "addressee_groups", *unit, cells.join(groups) or NONE))
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def _variables(codes: pd.DataFrame) -> list[str]:
    order = ["head_act", "head_strength", "phrase_act", "addressee_groups"]
    present = set(codes["variable"])
    return [v for v in order if v in present] + sorted(v for v in present if v.startswith(THEME_PREFIX))


def _coders(codes: pd.DataFrame) -> list[str]:
    """Coders in the order: people (alphabetical), then the gold, then the classifier."""
    return sorted(set(codes["coder"]), key=lambda c: (c == MACHINE, c == GOLD, c))


def _domain(variable: str, values: Sequence[str], codebook: Codebook) -> list[str]:
    if variable == "head_strength":
        return list(codebook.strengths)
    return sorted(set(values))


def _kappa(a: np.ndarray, b: np.ndarray, ordinal: bool, domain_size: int) -> float:
    """Cohen's kappa of two coders' ranks in a domain of ``domain_size`` values: linear weights on the
    whole scale (not only the points the coders used, which would change the weights)."""
    from sklearn.metrics import cohen_kappa_score

    if len(set(a.tolist()) | set(b.tolist())) < 2:
        return float("nan")  # one value only: chance agreement is 1 and kappa undefined
    return float(cohen_kappa_score(a, b, labels=list(range(domain_size)), weights="linear" if ordinal else None))


def _alpha(matrix: np.ndarray, domain_size: int, ordinal: bool) -> float:
    import krippendorff

    observed = matrix[~np.isnan(matrix)]
    if len(set(observed.tolist())) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=matrix, value_domain=list(range(domain_size)),
                                    level_of_measurement="ordinal" if ordinal else "nominal"))


def _figures(wide: pd.DataFrame, coders: list[str], variable: str, codebook: Codebook) -> dict:
    """Agreement of ``coders`` (columns of ``wide``, one row per unit, NaN where not coded)."""
    ordinal = level_of(variable) == "ordinal"
    domain = _domain(variable, wide[coders].stack().dropna().tolist(), codebook)  # pandas 3 keeps NaN in stack
    index = {value: i for i, value in enumerate(domain)}
    both = wide[coders].dropna()
    paired = wide[coders].notna().sum(axis=1) >= 2
    matrix = wide.loc[paired, coders].apply(lambda column: column.map(index)).to_numpy(dtype=float).T
    agree = int((both.nunique(axis=1) == 1).sum())
    pair = len(coders) == 2
    ranks = both.apply(lambda column: column.map(index)).to_numpy()
    return {"variable": variable, "level": level_of(variable), "coders": "+".join(coders), "n_coders": len(coders),
            "n_units": int(len(both)), "n_agree": agree,
            "percent_agreement": 100.0 * agree / len(both) if len(both) else float("nan"),
            "kappa": _kappa(ranks[:, 0], ranks[:, 1], ordinal, len(domain)) if pair and len(both) else float("nan"),
            "kappa_weights": ("linear" if ordinal else "none") if pair else "",
            "alpha": _alpha(matrix, len(domain), ordinal) if matrix.size else float("nan")}


def agreement_table(codes: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Per variable: every pair of coders, then all coders but the classifier together (if more than
    two): :data:`AGREEMENT_COLUMNS`. ``n_units`` counts the units that all coders of the row coded
    (kappa and percent agreement are over them; alpha is over every unit that at least two coded).
    Kappa and alpha are NaN where a row's coders used one value only (undefined)."""
    codebook = codebook or load_codebook()
    coders = _coders(codes)
    if len(coders) < 2:
        raise AnalysisError(f"agreement needs the codes of two coders at least; found {', '.join(coders) or 'none'}")
    rows = []
    for variable in _variables(codes):
        wide = (codes[codes["variable"] == variable]
                .pivot_table(index=["document", "number", "order"], columns="coder", values="value", aggfunc="first")
                .reindex(columns=coders))
        for pair in combinations(coders, 2):
            if wide[list(pair)].dropna().shape[0]:
                rows.append(_figures(wide, list(pair), variable, codebook))
        people = [c for c in coders if c != MACHINE]
        if len(people) > 2:
            rows.append(_figures(wide, people, variable, codebook))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def confusion_table(codes: pd.DataFrame, variable: str, coder_a: str, coder_b: str) -> pd.DataFrame:
    """How often ``coder_a`` gave ``value_a`` where ``coder_b`` gave ``value_b`` (units both coded),
    one row per pair of values seen: :data:`CONFUSION_COLUMNS`, sorted by the values."""
    if coder_a == coder_b:
        raise AnalysisError(f"a confusion table compares two coders, not {coder_a!r} with itself")
    frame = codes[(codes["variable"] == variable) & codes["coder"].isin([coder_a, coder_b])]
    wide = frame.pivot_table(index=["document", "number", "order"], columns="coder", values="value",
                             aggfunc="first").reindex(columns=[coder_a, coder_b]).dropna()
    counts = wide.groupby([coder_a, coder_b]).size().reset_index(name="n")
    counts.columns = ["value_a", "value_b", "n"]
    return counts.assign(variable=variable, coder_a=coder_a, coder_b=coder_b)[CONFUSION_COLUMNS]


def confusion_matrix(codes: pd.DataFrame, variable: str, coder_a: str, coder_b: str) -> pd.DataFrame:
    """The same counts as a square table for people to read: ``coder_a``'s values as rows."""
    long = confusion_table(codes, variable, coder_a, coder_b)
    values = sorted(set(long["value_a"]) | set(long["value_b"]))
    return (long.pivot_table(index="value_a", columns="value_b", values="n", aggfunc="sum", fill_value=0)
            .reindex(index=values, columns=values, fill_value=0)
            .rename_axis(index=coder_a, columns=coder_b))


def collect_codes(coders: Sequence[str] | None = None, gold: bool = True, machine: bool = True,
                  raw: str | Path | None = None) -> pd.DataFrame:
    """The long codes (:func:`long_codes`) of the imported sheets (of ``coders`` only, if given),
    of the gold (coder ``gold``) and of the classifier (coder ``machine``, on every document that a
    person or the gold coded, read from ``raw``). Gold and machine are left out when ``gold`` or
    ``machine`` is false, or when ``coders`` is given and does not name them."""
    from analysis.classify.paragraphs import analyse_paragraphs, operative_paragraphs
    from analysis.corpus.parser import parse
    from analysis.evaluate.sheets import machine_codes
    from analysis.evaluate.themes import gold_file

    names = list(coders) if coders is not None else None
    people = [c for c in names if c not in (GOLD, MACHINE)] if names is not None else None
    frames = [load_coded(people)] if people is None or people else []
    if gold and (names is None or GOLD in names):
        frames.append(gold_codes())
    documents = sorted({d for paragraphs, _ in frames for d in paragraphs["document"]})
    if machine and (names is None or MACHINE in names) and documents:
        units = operative_paragraphs([parse(gold_file(d, raw)) for d in documents])
        frames.append(machine_codes(analyse_paragraphs(units)))
    if not frames:
        raise AnalysisError("no coders to compare")
    paragraphs = pd.concat([f[0] for f in frames], ignore_index=True)
    phrases = pd.concat([f[1] for f in frames], ignore_index=True)
    if names is not None and (unknown := sorted(set(names) - set(paragraphs["coder"]))):
        raise AnalysisError(f"no codes of coder(s) {', '.join(unknown)} (imported sheets are in "
                            "data/annotations/coded/)")
    return long_codes(paragraphs, phrases)
