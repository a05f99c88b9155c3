"""Classify operative paragraphs: verbs and themes, as tidy tables keyed by paragraph (what ``python -m
analysis classify`` prints)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from analysis import cells, lazy
from analysis.classify import verbs
from analysis.classify.rows import OUTPUT_COLUMNS, classify_rows
from analysis.classify.themes import cannot_label, labelled_languages, paragraph_themes
from analysis.corpus import documents as corpus
from analysis.corpus.parser import Document
from analysis.errors import AnalysisError, InputError

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

THEME_METHODS = ("dictionary", "model", "none")
THEME_COLUMNS = ["document", "number", "theme"]
#: Documents parsed at a time by :func:`classify_files`: only their operative paragraphs are kept.
BATCH = 100
#: With several workers, the last batches shrink to no fewer documents than this (see :func:`split`).
LEAST_BATCH = 10


def operative_paragraphs(documents: Sequence[Document]) -> pd.DataFrame:
    """The operative paragraphs of ``documents``: ``document, number, text, language`` and metadata,
    one row each. The units' ``label`` is named ``number`` here: (``document``, ``number``) is the
    paragraph key of every table from the classification on."""
    return corpus.units_frame(documents, kinds={"paragraph"}).rename(columns={"label": "number"})


@dataclass(frozen=True)
class Classification:
    """The classification of operative paragraphs: tidy tables that share the paragraph key
    (``document``, ``number``). The long tables are the source; the ``;``-joined cells of
    ``paragraphs`` are a view of them for people to read."""

    paragraphs: pd.DataFrame  #: one row per paragraph (``OUTPUT_COLUMNS``)
    phrases: pd.DataFrame  #: one row per operative verb phrase, key + ``order`` (as from ``verbs.find_verbs``)
    addressees: pd.DataFrame  #: one row per (phrase, addressee): key + ``order``, ``addressee``, ``group``
    themes: pd.DataFrame  #: one row per (paragraph, theme): key + ``theme``, in taxonomy order


def classify_paragraphs(paragraphs: pd.DataFrame, themes: str = "dictionary",
                        lexicon: verbs.Lexicon | None = None, model: Any = None) -> pd.DataFrame:
    """One row per operative paragraph with verbs, strengths, addressees and themes
    (the ``paragraphs`` table of :func:`analyse_paragraphs`).

    ``paragraphs`` has ``document, number, text, language`` (see :func:`operative_paragraphs`), and
    ``position``, the unit's place in its document, which the table keeps; a frame without it (made
    by hand) gets the paragraphs' order within their document as given, from 0, which is no place
    in the document: sort or compare by it only within that frame. ``themes`` picks the theme
    classifier: ``dictionary``, ``model`` or ``none``; ``model`` is the fitted theme model that ``themes="model"`` needs (e.g. :func:`analysis.evaluate.themes.fit_gold_model`).
    """
    return analyse_paragraphs(paragraphs, themes, lexicon, model).paragraphs


def analyse_paragraphs(paragraphs: pd.DataFrame, themes: str = "dictionary",
                       lexicon: verbs.Lexicon | None = None, model: Any = None) -> Classification:
    """Classify every paragraph (one pass of the verb matcher, one of the theme classifier) into
    the tables of a :class:`Classification`; arguments as for :func:`classify_paragraphs`."""
    _check_method(themes)
    found = verbs.analyse_verbs(paragraphs, lexicon)
    labels = paragraph_themes(paragraphs["text"].tolist(), paragraphs["language"].tolist(), themes, model)
    result = found.paragraphs
    # the paragraphs' own arrays, by position (no round trip of the texts through Python objects, #12)
    result["language"] = paragraphs["language"].array
    result["text"] = paragraphs["text"].array
    result["position"] = (paragraphs["position"].array if "position" in paragraphs.columns
                          else paragraphs.groupby("document", sort=False).cumcount().array)
    result["themes"] = [cells.join(row) for row in labels]
    theme_rows = [(document, number, theme) for document, number, row in
                  zip(result["document"], result["number"], labels) for theme in row]
    return Classification(paragraphs=result[OUTPUT_COLUMNS], phrases=found.phrases, addressees=found.addressees,
                          themes=pd.DataFrame(theme_rows, columns=THEME_COLUMNS))


def _check_method(themes: str) -> None:
    if themes not in THEME_METHODS:
        raise AnalysisError(f"unknown theme classifier {themes!r}; expected one of {', '.join(THEME_METHODS)}")


def classify_files(sources: Iterable[str | Path], themes: str = "dictionary", workers: int = 1,
                   progress: bool = False, model: Any = None, errors: list[InputError] | None = None,
                   warnings: list[tuple[str, str]] | None = None, coverage: list[Any] | None = None,
                   each: Callable[[Any], None] | None = None,
                   render: Callable[[list[tuple]], Any] | None = None) -> pd.DataFrame | None:
    """Parse and classify every resolution file under ``sources`` (files or directories).

    Files are parsed and classified :data:`BATCH` at a time, by ``workers`` processes (see
    :mod:`analysis.classify.batches`); the result is the same for any number of workers. An
    unreadable file raises its :class:`~analysis.errors.InputError`, unless an ``errors`` list is
    given: then its error is appended there and the other files are classified (as
    :func:`analysis.corpus.documents.load_documents`); so does a document in a language its themes
    cannot be labelled in (:func:`~analysis.classify.themes.cannot_label`). With no file read at all
    it raises in any case. ``themes`` and ``model`` as in :func:`classify_paragraphs`. Given a
    ``warnings`` list, the parser's warnings are appended to it as ``(document, warning)`` pairs;
    given a ``coverage`` list, the :func:`analysis.classify.coverage.coverage_table` of the documents. Given ``each``,
    the table of every batch with a file read is handed to it as soon as it is classified, in file
    order, instead of being kept (memory stays that of a batch), and the table returned is empty.

    With ``render`` too (a function a worker process can be sent: defined at module level), no
    frame is made, nor pandas imported (#12): each batch is classified into its rows
    (:func:`analysis.classify.rows.classify_rows`, tuples in the order of ``OUTPUT_COLUMNS``), they
    are rendered where they were classified, ``each`` is handed ``render(rows)`` (the CSV of the
    ``classify`` command, made in the workers), the coverage is appended as records
    (:func:`~analysis.classify.coverage.coverage_records`, which ``coverage_lines`` takes too) and
    ``None`` is returned.
    """
    if render is not None and each is None:
        raise AnalysisError("render is used only with each")
    _check_method(themes)  # before any file is read, not in each batch
    from analysis.classify.batches import run_batches

    files = corpus.find_documents(sources)
    step = partial(classify_batch, themes=themes, model=model, coverage=coverage is not None, render=render)
    failed: list[InputError] = []
    found: list[tuple[str, str]] = []
    tables: list[Any] = []
    kept: list[pd.DataFrame] = []
    read = 0
    for result in run_batches(step, split(files, workers), workers, progress):
        failed += result.errors
        found += result.warnings
        read += result.read
        if result.read:
            tables.append(result.coverage)
            if render is not None:
                each(result.rendered)  # type: ignore[misc]
            else:
                kept.append(result.paragraphs.iloc[:0] if each is not None else result.paragraphs)
                if each is not None:
                    each(result.paragraphs)
    if failed and (errors is None or not read):
        raise failed[0] if errors is None or len(failed) == 1 else AnalysisError(
            f"none of the {len(failed)} files could be read; the first: {failed[0]}")
    if not read:
        raise AnalysisError("no resolution files found (looked for .html, .htm, .xhtml, .txt)")
    if errors is not None:
        errors.extend(failed)
    if warnings is not None:
        warnings.extend(found)
    if coverage is not None:
        coverage.append(_concat(tables) if render is None else [record for table in tables for record in table])
    return _concat(kept) if render is None else None


def split(files: Sequence[Path], workers: int = 1) -> list[Sequence[Path]]:
    """``files`` in consecutive batches of at most :data:`BATCH`, in file order. With more than
    one worker: the first file alone (this process classifies it first and the workers inherit
    what that built, see :func:`analysis.classify.batches.run_batches`), then batches that shrink
    towards the end (each a ``2 * workers``-th of the files left, at least :data:`LEAST_BATCH`; the
    rest in the last batch where fewer would be left), so that the workers finish close together
    however their speeds differ, not up to a whole batch apart (#12)."""
    if workers <= 1 or len(files) <= 1:
        return [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    batches, start = [files[:1]], 1
    while start < len(files):
        left = len(files) - start
        size = min(BATCH, max(LEAST_BATCH, -(-left // (2 * workers))))
        size = min(left, BATCH) if left - size < LEAST_BATCH else size
        batches.append(files[start:start + size])
        start += size
    return batches


@dataclass(frozen=True)
class BatchResult:
    """What :func:`classify_batch` found in a batch of files."""

    paragraphs: pd.DataFrame | None  #: the ``paragraphs`` table of :func:`analyse_paragraphs` (``None`` if rendered)
    coverage: Any  #: its coverage table (records, if rendered), if asked for
    warnings: list[tuple[str, str]]  #: the parser's ``(document, warning)`` pairs
    errors: list[InputError]  #: one per unreadable file, in file order
    read: int  #: files parsed
    rendered: Any = None  #: ``render(rows)``, if a ``render`` was given


def classify_batch(files: Sequence[Path], themes: str = "dictionary", model: Any = None,
                   coverage: bool = False, render: Callable[[list[tuple]], Any] | None = None) -> BatchResult:
    """Parse and classify ``files``; only their operative paragraphs are kept (memory, #12). Given
    ``render``, the paragraphs are classified into rows, without pandas, and rendered here (in the
    worker); only the rendering is kept (see :func:`classify_files`)."""
    failed: list[InputError] = []
    # a document whose language its themes cannot be labelled in is that file's error, not the run's end
    known = labelled_languages(themes, model)
    documents = corpus.load_documents(files, errors=failed, admit=None if known is None else partial(
        _unlabelled, method=themes, languages=known))
    warnings = [(str(doc.metadata["document"]), warning) for doc in documents for warning in doc.warnings]
    read = len(documents)
    if render is not None:
        rows, records = classify_rows(documents, themes=themes, model=model, coverage=coverage) if read else ([], None)
        return BatchResult(None, records, warnings, failed, read, render(rows) if read else None)
    if not documents:
        return BatchResult(pd.DataFrame(columns=OUTPUT_COLUMNS), None, warnings, failed, 0)
    paragraphs = operative_paragraphs(documents)
    del documents
    classification = analyse_paragraphs(paragraphs, themes=themes, model=model)
    table = None
    if coverage:
        from analysis.classify.coverage import coverage_table

        table = coverage_table(paragraphs, classification.paragraphs, themes=themes != "none",
                               phrases=classification.phrases)
    return BatchResult(classification.paragraphs, table, warnings, failed, read)


def _unlabelled(document: Document, method: str, languages: frozenset[str]) -> str | None:
    """Why the themes of ``document`` cannot be labelled (:func:`~analysis.classify.themes.cannot_label`)."""
    return cannot_label(str(document.metadata["language"]), method, languages)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``frames`` one after the other (one frame is returned as it is)."""
    filled = [frame for frame in frames if not frame.empty]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else (filled or frames)[0]
