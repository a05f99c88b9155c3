"""Cross-language check of the verb coding: language versions of one resolution, paragraph by paragraph.

The language versions of a resolution are translations of one another, numbered alike. Each
version is classified with its own lexicon, and the paragraphs of the same number are compared
with those of a reference version: the same number of operative verb phrases, the same concept
keys in the same order, the same acts and the same head strength. A paragraph that differs names
both head phrases, so that a researcher sees which lexicon row is missing or wrong
(``docs/codebook_verbs.md`` §5.9). The headline figure is the agreement rate: the share of
aligned paragraphs that agree on all four; below ``min_crosscheck_agreement`` of
``data/lexicons/coverage.toml`` the command warns. In ``report``, :func:`versions_table` checks each
compared resolution against its other language versions on disk (the ``crosscheck`` table) and
:func:`agreement_note` gives the headline and the warning.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import cells, ids, paths
from analysis.classify.clauses import opening_words
from analysis.classify.paragraphs import operative_paragraphs
from analysis.classify.verbs import analyse_verbs
from analysis.corpus.parser import Document
from analysis.errors import DataError, InputError
from analysis.resources.files import read_toml
from analysis.resources.lexicon import THRESHOLDS, Lexicon

CHECKS = ("same_phrases", "same_concepts", "same_acts", "same_strength")
PARAGRAPH_COLUMNS = ["number", "language", "reference_language", "n_phrases", "reference_n_phrases",
                     "concepts", "reference_concepts", "acts", "reference_acts", "head_strength",
                     "reference_head_strength", *CHECKS, "agree", "head_phrase", "reference_head_phrase"]
SUMMARY_COLUMNS = ["language", "reference_language", "n_paragraphs", "reference_n_paragraphs",
                   "same_paragraphs", "n_aligned", "n_agree", "agreement"]
THRESHOLD_KEY = "min_crosscheck_agreement"


@dataclass(frozen=True)
class Crosscheck:
    """The check of one resolution's language versions against a reference version."""

    #: One row per (paragraph number, language other than the reference), columns ``PARAGRAPH_COLUMNS``.
    paragraphs: pd.DataFrame
    #: One row per language other than the reference, columns ``SUMMARY_COLUMNS``.
    summary: pd.DataFrame
    reference: str

    @property
    def agreement(self) -> float:
        """Share of aligned paragraphs (all languages) that agree on all four checks; NaN if none."""
        return float(self.paragraphs["agree"].mean()) if len(self.paragraphs) else math.nan

    def disagreements(self) -> pd.DataFrame:
        """The paragraphs that differ from the reference, with both head phrases."""
        return self.paragraphs[~self.paragraphs["agree"]].reset_index(drop=True)


def agreement_threshold(path: str | Path | None = None) -> float:
    """The least agreement rate below which ``crosscheck`` warns (``min_crosscheck_agreement``)."""
    path = Path(path) if path else paths.data_dir() / "lexicons" / THRESHOLDS
    value = read_toml(path, what="coverage thresholds file").get(THRESHOLD_KEY)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise DataError(f"{path}: {THRESHOLD_KEY} must be a share from 0 to 1, got {value!r}")
    return float(value)


def _versions(documents: Sequence[Document], reference: str | None) -> tuple[list[Document], str]:
    """The versions, the reference first; :class:`InputError` unless they are one resolution in
    two or more languages, each once."""
    if len(documents) < 2:
        raise InputError("crosscheck needs two or more language versions of one resolution")
    codes = [str(doc.metadata.get("language") or "") for doc in documents]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise InputError(f"crosscheck: more than one version in language {', '.join(repeated)}")
    references = {doc.metadata.get("reference") for doc in documents} - {None}
    if len(references) > 1:
        raise InputError(f"crosscheck: the versions are of different resolutions ({', '.join(sorted(references))})")
    reference = (reference or codes[0]).lower()
    if reference not in codes:
        raise InputError(f"crosscheck: no version in the reference language {reference!r} (have {', '.join(codes)})")
    ordered = sorted(documents, key=lambda doc: doc.metadata.get("language") != reference)
    return ordered, reference


def _per_paragraph(documents: Sequence[Document], lexicon: Lexicon | None) -> pd.DataFrame:
    """One row per (language, number): phrases, concepts, acts, head strength and head phrase."""
    paragraphs = operative_paragraphs(list(documents))
    tables = analyse_verbs(paragraphs, lexicon)
    phrases = tables.phrases.sort_values(["document", "number", "order"], kind="stable")
    grouped = {key: rows for key, rows in phrases.groupby(["document", "number"], sort=False)}
    head = tables.paragraphs.set_index(["document", "number"])
    rows = []
    for document, number, text, language in paragraphs[["document", "number", "text", "language"]].itertuples(index=False):
        found = grouped.get((document, number))
        concepts = list(found["concept"]) if found is not None else []
        acts = list(found["act"]) if found is not None else []
        strength = head.at[(document, number), "strength"]
        opens = concepts and head.at[(document, number), "head_verb"] != ""  # the first phrase is the head
        rows.append({"language": language, "number": number, "n_phrases": len(concepts),
                     "concepts": cells.join(concepts), "acts": cells.join(acts),
                     "head_strength": None if pd.isna(strength) else float(strength),
                     "head_phrase": str(found["surface"].iloc[0]) if opens else opening_words(text)})
    return pd.DataFrame(rows)


def crosscheck(documents: Sequence[Document], reference: str | None = None,
               lexicon: Lexicon | None = None) -> Crosscheck:
    """Align the language versions ``documents`` of one resolution by paragraph number and compare
    each with the ``reference`` language's version (default: the first given)."""
    ordered, reference = _versions(documents, reference)
    table = _per_paragraph(ordered, lexicon)
    base = table[table["language"] == reference].drop(columns="language").add_prefix("reference_")
    base = base.rename(columns={"reference_number": "number"})
    rows, summary = [], []
    for language in [str(doc.metadata["language"]) for doc in ordered[1:]]:
        own = table[table["language"] == language]
        aligned = own.merge(base, on="number", how="inner", sort=False)
        aligned["reference_language"] = reference
        aligned["same_phrases"] = aligned["n_phrases"] == aligned["reference_n_phrases"]
        aligned["same_concepts"] = aligned["concepts"] == aligned["reference_concepts"]
        aligned["same_acts"] = aligned["acts"] == aligned["reference_acts"]
        aligned["same_strength"] = [a == b or (a is None and b is None) or (pd.isna(a) and pd.isna(b))
                                    for a, b in zip(aligned["head_strength"], aligned["reference_head_strength"])]
        aligned["agree"] = aligned[list(CHECKS)].all(axis=1)
        rows.append(aligned[PARAGRAPH_COLUMNS])
        summary.append({"language": language, "reference_language": reference, "n_paragraphs": len(own),
                        "reference_n_paragraphs": len(base), "same_paragraphs": list(own["number"]) == list(base["number"]),
                        "n_aligned": len(aligned), "n_agree": int(aligned["agree"].sum()),
                        "agreement": float(aligned["agree"].mean()) if len(aligned) else math.nan})
    paragraphs = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=PARAGRAPH_COLUMNS)
    for column in (*CHECKS, "agree"):
        paragraphs[column] = paragraphs[column].astype(bool)
    return Crosscheck(paragraphs=paragraphs, summary=pd.DataFrame(summary, columns=SUMMARY_COLUMNS), reference=reference)


#: Columns of the report's ``crosscheck`` table: the compared version's ``document`` first.
REPORT_COLUMNS = ["document", "language", "number", *[c for c in PARAGRAPH_COLUMNS if c not in ("number", "language")]]


def versions_table(compared: Sequence[Document], others: Sequence[Document],
                   lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The report's ``crosscheck`` table: each ``compared`` resolution against its versions among
    ``others`` (other language versions on disk; one per language, the first given), by paragraph.

    One row per (``document`` of the compared version, ``language`` of the other version,
    ``number``), columns :data:`REPORT_COLUMNS`; the compared version is the reference. Empty
    when no compared resolution has another version."""
    versions: dict[str, dict[str, Document]] = {}
    for doc in others:
        language = str(doc.metadata.get("language") or "").lower()
        versions.setdefault(ids.resolution_key(doc.metadata), {}).setdefault(language, doc)
    frames = []
    for doc in compared:
        language = str(doc.metadata.get("language") or "").lower()
        found = versions.get(ids.resolution_key(doc.metadata), {})
        parallel = [found[code] for code in sorted(found) if code != language]
        if parallel:
            result = crosscheck([doc, *parallel], reference=language, lexicon=lexicon)
            frames.append(result.paragraphs.assign(document=str(doc.metadata["document"])))
    if not frames:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[REPORT_COLUMNS]


def agreement(table: pd.DataFrame) -> tuple[int, int, float]:
    """``(agree, aligned, rate)`` of a ``crosscheck`` paragraph table: how many of its aligned
    paragraphs agree, of how many, and the share (NaN without aligned paragraphs)."""
    n, agree = len(table), int(table["agree"].sum())
    return agree, n, agree / n if n else math.nan


def agreement_note(table: pd.DataFrame, threshold: float) -> tuple[str, str]:
    """``(headline, warning)`` of a ``crosscheck`` table: how many aligned paragraphs agree, overall
    and per resolution; the warning (else ``""``) when the overall rate is below ``threshold``."""
    agree, n, rate = agreement(table)
    parts = [f"{document}: {int(rows['agree'].sum())} of {len(rows)} against {', '.join(sorted(set(rows['language'])))}"
             for document, rows in table.groupby("document", sort=False)]
    headline = (f"{agree} of {n} aligned paragraph(s) of other language versions agree with the version "
                f"compared ({rate:.0%})" if n else "no aligned paragraph") + (f" ({'; '.join(parts)})" if parts else "")
    warning = (f"cross-language agreement {rate:.0%} is below {threshold:.0%} ({THRESHOLD_KEY} in "
               f"data/lexicons/coverage.toml): see the crosscheck table" if rate < threshold else "")
    return headline, warning
