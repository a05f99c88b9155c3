"""Coverage: how much of each document the lexicons cover, said loudly.

One row per document: its operative paragraphs, how many have a known head verb and how many a
theme (with the shares), the openings the verb lexicon does not know and the unknown verbs after a
connective (:mod:`analysis.classify.gaps`), and whether a share falls below the thresholds of
``data/lexicons/coverage.toml`` (:func:`analysis.resources.lexicon.load_thresholds`). ``classify``
and ``report`` print :func:`coverage_lines` and warn with :func:`coverage_warnings`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from analysis import cells, lazy
from analysis.classify.gaps import AFTER_CONNECTIVE, OPENING, frame_spans, gap_tuples
from analysis.errors import AnalysisError
from analysis.resources.lexicon import CoverageThresholds, Lexicon, load_thresholds
from analysis.resources.taxonomy import themes_found

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

COVERAGE_COLUMNS = ["document", "language", "n_paragraphs", "n_head_verb", "share_head_verb", "n_theme",
                    "share_theme", "n_uncovered", "unknown_openings", "unknown_after_connective", "below_threshold"]
#: Words of an unknown opening listed (enough to tell "takes the view" from "takes the floor").
WORDS = 3


def coverage_table(paragraphs: pd.DataFrame, classified: pd.DataFrame, themes: bool = True,
                   lexicon: Lexicon | None = None, thresholds: CoverageThresholds | None = None,
                   phrases: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document (in the order of ``paragraphs``), ``COVERAGE_COLUMNS``.

    ``paragraphs`` has ``document, number, text, language`` (the operative paragraphs that were
    classified), ``classified`` the classifier's ``document, number, head_verb, themes``. Without
    ``themes`` (no theme classifier ran) the theme columns are empty and no theme threshold
    applies. ``phrases`` (the classifier's phrase table) spares matching the verbs again.
    ``unknown_openings`` and ``unknown_after_connective`` are ``;``-joined, distinct, in
    text order; only the openings and the shares count for ``below_threshold``.
    """
    thresholds = thresholds or load_thresholds()
    if paragraphs.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    spans = None if phrases is None else frame_spans(phrases)
    records = coverage_records(
        *(paragraphs[name].tolist() for name in ("document", "number", "text", "language")),
        *(classified[name].tolist() for name in ("document", "number", "head_verb", "themes")),
        themes=themes, lexicon=lexicon, thresholds=thresholds, spans=spans)
    table = pd.DataFrame(records, columns=COVERAGE_COLUMNS)
    for column in ("n_theme", "n_uncovered"):
        table[column] = table[column].astype("Int64")
    return table


def coverage_records(documents: Sequence[str], numbers: Sequence[str], texts: Sequence[str],
                     languages: Sequence[str], classified_documents: Sequence[str], classified_numbers: Sequence[str],
                     head_verbs: Sequence[object], theme_cells: Sequence[object], themes: bool = True,
                     lexicon: Lexicon | None = None, thresholds: CoverageThresholds | None = None,
                     spans: dict[tuple, tuple[list[int], list[int]]] | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`coverage_table` as dicts (``None`` where its integer columns are missing),
    for paragraphs and their classification given as columns (``classify``'s rows, without pandas,
    #12); ``spans``, where the classifier's phrases start and end (:func:`~analysis.classify.gaps.phrase_spans`)."""
    thresholds = thresholds or load_thresholds()
    if not documents:
        return []
    counts = _counts(documents, numbers, languages, classified_documents, classified_numbers, head_verbs,
                     theme_cells)
    unknown: dict[tuple[str, str], list[str]] = {}  # (document, position) -> phrases in text order
    for _, phrase, position, document, _, _ in gap_tuples(documents, numbers, texts, languages, lexicon,
                                                           words=WORDS, spans=spans):
        unknown.setdefault((document, position), []).append(phrase)
    rows = []
    for document, (language, n, known, themed) in counts.items():
        themed = themed if themes else None
        below = known / n < thresholds.head_verb or (themes and themed / n < thresholds.theme)
        rows.append({"document": document, "language": language, "n_paragraphs": n,
                     "n_head_verb": known, "share_head_verb": round(known / n, 4),
                     "n_theme": themed, "share_theme": round(themed / n, 4) if themes else float("nan"),
                     "n_uncovered": n - themed if themes else None,
                     "unknown_openings": cells.join(dict.fromkeys(unknown.get((document, OPENING), []))),
                     "unknown_after_connective": cells.join(dict.fromkeys(unknown.get((document, AFTER_CONNECTIVE),
                                                                                      []))),
                     "below_threshold": bool(below)})
    return rows


def _counts(documents: Sequence[str], numbers: Sequence[str], languages: Sequence[str],
            classified_documents: Sequence[str], classified_numbers: Sequence[str], head_verbs: Sequence[object],
            theme_cells: Sequence[object]) -> dict[object, list]:
    """``{document: [language, paragraphs, with a known head verb, with a theme]}``, documents in the
    order of the paragraphs, the language that of a document's first paragraph; a paragraph missing
    from the classified ones has neither. Counted over plain lists: a merge and a groupby cost more on a
    batch's small frames (#12). A paragraph key listed twice in either table raises."""
    keys = list(zip(classified_documents, classified_numbers))
    head_and_themes = dict(zip(keys, zip(head_verbs, theme_cells)))
    paragraph_keys = list(zip(documents, numbers))
    for table, listed in (("classified", keys), ("paragraphs", paragraph_keys)):
        if len(set(listed)) < len(listed):
            document, number = next(key for key, n in Counter(listed).items() if n > 1)
            raise AnalysisError(f"paragraph {number} of {document} is listed twice in the {table} table")
    counts: dict[object, list] = {}
    for (document, number), language in zip(paragraph_keys, languages):
        head, themes = head_and_themes.get((document, number), ("", ""))
        row = counts.get(document) or counts.setdefault(document, [language, 0, 0, 0])
        row[1] += 1
        row[2] += _filled(head) != ""
        row[3] += themes_found(_filled(themes))
    return counts


def _missing(value: object) -> bool:
    """Whether ``value`` is missing: ``None``, NaN or ``pd.NA`` (which is not even equal to itself)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pd.NA: its comparison is missing too, and has no truth value
        return True


def _filled(value: object) -> object:
    """``value``, or ``""`` if it is missing (``None``, NaN, ``pd.NA``): what ``fillna("")`` makes of it."""
    return value if value.__class__ is str or not _missing(value) else ""


def _percent(n: int, total: int) -> str:
    return f"{n} of {total} paragraphs ({n / total:.0%})"


def coverage_lines(table: pd.DataFrame | list[dict[str, Any]]) -> list[str]:
    """One line per document: the shares, and the unknown openings if any (unless the document
    is below a threshold: its warning names them). ``table``: a :func:`coverage_table`, or its rows
    as :func:`coverage_records` gives them."""
    lines = []
    for row in _rows(table):
        line = f"{row.document}: known head verb in {_percent(row.n_head_verb, row.n_paragraphs)}"
        if row.n_theme is not None:
            line += f", a theme in {_percent(int(row.n_theme), row.n_paragraphs)}, {row.n_uncovered} uncovered"
        lines.append(line + ("" if row.below_threshold else _unknown(row)))  # a warning names them
    return lines


def coverage_warnings(table: pd.DataFrame | list[dict[str, Any]],
                      thresholds: CoverageThresholds | None = None) -> list[str]:
    """One warning per document below a threshold, naming the share, the threshold and the
    unknown openings (``table`` as for :func:`coverage_lines`)."""
    thresholds = thresholds or load_thresholds()
    warnings = []
    for row in _rows(table):
        if not row.below_threshold:
            continue
        low = []
        if row.share_head_verb < thresholds.head_verb:
            low.append(f"known head verb in only {_percent(row.n_head_verb, row.n_paragraphs)} "
                       f"(threshold {thresholds.head_verb:.0%})")
        if row.n_theme is not None and row.share_theme < thresholds.theme:
            low.append(f"a theme in only {_percent(int(row.n_theme), row.n_paragraphs)} "
                       f"(threshold {thresholds.theme:.0%})")
        warnings.append(f"{row.document}: low coverage: {'; '.join(low)}{_unknown(row)}; means and shares "
                        "stand on the covered paragraphs only (data/lexicons/coverage.toml)")
    return warnings


def _rows(table: pd.DataFrame | list[dict[str, Any]]) -> list[SimpleNamespace]:
    """The rows of a coverage table (a frame, or :func:`coverage_records`), a missing value as ``None``."""
    records = table if isinstance(table, list) else table.to_dict("records")
    return [SimpleNamespace(**{key: None if _missing(value) else value for key, value in record.items()})
            for record in records]


def _unknown(row) -> str:
    text = f"; unknown openings: {', '.join(cells.split(row.unknown_openings))}" if row.unknown_openings else ""
    if row.unknown_after_connective:
        text += (f"; unknown verbs after a connective (candidates): "
                 f"{', '.join(cells.split(row.unknown_after_connective))}")
    return text
