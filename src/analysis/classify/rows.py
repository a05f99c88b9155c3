"""``classify``'s rows without pandas (#12): a batch's documents classified into the rows of the
paragraph table, as tuples in the order of ``OUTPUT_COLUMNS``.

What ``python -m analysis classify --format csv`` runs in its workers: importing pandas took more
time than classifying a hundred documents. The rows are made of the same pieces as the frames of
:func:`analysis.classify.paragraphs.analyse_paragraphs` (the verb rows of
:func:`~analysis.classify.verbs.verb_tuples`, the themes of
:func:`~analysis.classify.themes.paragraph_themes`, the coverage of
:func:`~analysis.classify.coverage.coverage_records`), and tests hold them to the same cells and CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from analysis import cells
from analysis.classify.themes import paragraph_themes
from analysis.classify.verbs import PARAGRAPH_COLUMNS, VERB_COLUMNS, verb_tuples
from analysis.corpus.document import Document
from analysis.corpus.documents import unit_columns

#: Columns of the paragraph table. ``number`` is the paragraph's label as printed, a string by design
#: ("12a" exists); ``position`` (the unit's place in its document) sorts paragraphs in document order.
OUTPUT_COLUMNS = ["document", "number", "position", "head_verb", "concept", "verbs", "strengths", "act", "strength",
                  "addressees", "themes", "acts", "max_strength", "modifiers", "addressee_groups", "unclassified",
                  "language", "text"]
#: A verb row (``PARAGRAPH_COLUMNS``) and the paragraph's own cells, put in the order of ``OUTPUT_COLUMNS``.
_ORDER = itemgetter(*(
    [*PARAGRAPH_COLUMNS, "position", "themes", "language", "text"].index(column) for column in OUTPUT_COLUMNS))
#: Where the start and end of a phrase are in a verb row of :func:`~analysis.classify.verbs.verb_tuples`.
_START, _END = VERB_COLUMNS.index("start"), VERB_COLUMNS.index("end")


def classify_rows(documents: Sequence[Document], themes: str = "dictionary", model: Any = None,
                  coverage: bool = False) -> tuple[list[tuple], list[dict[str, Any]] | None]:
    """The rows of the operative paragraphs of ``documents`` (``OUTPUT_COLUMNS``, in document order),
    and, if asked for, the coverage of the documents as :func:`~analysis.classify.coverage.coverage_records`.
    ``themes`` and ``model`` as for :func:`analysis.classify.paragraphs.classify_paragraphs`."""
    units = unit_columns(documents, kinds={"paragraph"})
    documents_, numbers, texts, languages = units["document"], units["label"], units["text"], units["language"]
    paragraph_rows, verb_rows, _ = verb_tuples(documents_, numbers, texts, languages)
    theme_cells = [cells.join(row) for row in paragraph_themes(texts, languages, themes, model)]
    rows = [_ORDER((*row, position, cell, language, text)) for row, position, cell, language, text
            in zip(paragraph_rows, units["position"], theme_cells, languages, texts)]
    if not coverage:
        return rows, None
    from analysis.classify.coverage import coverage_records
    from analysis.classify.gaps import phrase_spans

    spans = phrase_spans(*zip(*[(row[0], row[1], row[_START], row[_END]) for row in verb_rows])) if verb_rows else {}
    head_verbs = [row[2] for row in paragraph_rows]
    return rows, coverage_records(documents_, numbers, texts, languages, documents_, numbers, head_verbs, theme_cells,
                                  themes=themes != "none", spans=spans)
