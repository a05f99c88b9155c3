"""Classify operative paragraphs: ``python -m analysis classify`` and ``lexicon-gaps``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from . import corpus, verbs
from .errors import AnalysisError, InputError
from .parser import Document

OUTPUT_COLUMNS = ["document", "number", "head_verb", "verbs", "strengths", "act", "strength", "addressees",
                  "themes", "acts", "max_strength", "modifiers", "addressee_groups", "unclassified", "language"]
THEME_METHODS = ("dictionary", "model", "none")


def operative_paragraphs(documents: Sequence[Document]) -> pd.DataFrame:
    """The operative paragraphs of ``documents``: ``document, label, text, language`` and metadata."""
    units = corpus.units_frame(documents)
    return units[units["kind"] == "paragraph"].reset_index(drop=True)


def classify_paragraphs(paragraphs: pd.DataFrame, themes: str = "dictionary",
                        lexicon: verbs.Lexicon | None = None) -> pd.DataFrame:
    """One row per operative paragraph with verbs, strengths, addressees and themes.

    ``paragraphs`` has ``document, label, text, language`` (see :func:`operative_paragraphs`).
    ``themes`` picks the theme classifier: ``dictionary``, ``model`` or ``none``.
    """
    return analyse_paragraphs(paragraphs, themes, lexicon)[0]


def analyse_paragraphs(paragraphs: pd.DataFrame, themes: str = "dictionary",
                       lexicon: verbs.Lexicon | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(paragraph rows as from classify_paragraphs, tidy verb rows as from verbs.find_verbs)``,
    from one pass of the verb matcher over the paragraphs."""
    if themes not in THEME_METHODS:
        raise AnalysisError(f"unknown theme classifier {themes!r}; expected one of {', '.join(THEME_METHODS)}")
    result, found = verbs.analyse_verbs(paragraphs, lexicon)
    result["language"] = paragraphs["language"].to_numpy()
    result["themes"] = _themes(paragraphs, themes)
    return result[OUTPUT_COLUMNS], found


def _themes(paragraphs: pd.DataFrame, method: str) -> list[str]:
    if method == "none" or paragraphs.empty:
        return [""] * len(paragraphs)
    from . import themes

    labels = themes.predict_themes(paragraphs, method=method)
    return [";".join(row) for row in labels]


def classify_files(sources: Iterable[str | Path], themes: str = "dictionary", workers: int = 1,
                   progress: bool = False) -> pd.DataFrame:
    """Parse and classify every resolution file under ``sources`` (files or directories);
    an unreadable file raises its :class:`~analysis.errors.InputError`."""
    frame, errors = classify_files_reporting(sources, themes=themes, workers=workers, progress=progress)
    if errors:
        raise errors[0]
    return frame


def classify_files_reporting(sources: Iterable[str | Path], themes: str = "dictionary", workers: int = 1,
                             progress: bool = False) -> tuple[pd.DataFrame, list[InputError]]:
    """``(paragraph rows, errors)``: the files that parse are classified, each one that does not
    gives an :class:`~analysis.errors.InputError`. Raises if no file could be read at all."""
    documents, errors = corpus.load_documents_reporting(sources, workers=workers, progress=progress)
    if not documents:
        if errors:
            raise errors[0] if len(errors) == 1 else AnalysisError(
                f"none of the {len(errors)} files could be read; the first: {errors[0]}")
        raise AnalysisError("no resolution files found (looked for .html, .htm, .xhtml, .txt)")
    return classify_paragraphs(operative_paragraphs(documents), themes=themes), errors


def _write(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``classify`` command."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="resolution files or directories of them")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    parser.add_argument("--themes", choices=THEME_METHODS, default="dictionary",
                        help="theme classifier (default: dictionary; it scores higher on the 2021 gold, "
                             "but in-sample: its patterns were written with that text in view, see README)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="parallel parsing processes for many files (default: up to 2)")


def run(args: argparse.Namespace) -> int:
    """``classify``: one row per operative paragraph on standard output."""
    frame, errors = classify_files_reporting(args.paths, themes=args.themes, workers=args.workers)
    for error in errors:  # the other files are still classified; the exit status says some were not
        print(f"analysis classify: error: {error}", file=sys.stderr)
    _write(frame, args.format)
    unclassified = int((frame["act"] == "unclassified").sum())
    if unclassified:
        print(f"analysis classify: {unclassified} paragraph(s) with no lexicon verb; "
              "see `python -m analysis lexicon-gaps`", file=sys.stderr)
    if errors:
        print(f"analysis classify: {len(errors)} file(s) could not be read and are not in the output",
              file=sys.stderr)
        return 1
    return 0


def configure_lexicon_gaps_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``lexicon-gaps`` command."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="resolution files or directories of them")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def run_lexicon_gaps(args: argparse.Namespace) -> int:
    """``lexicon-gaps``: clause openings the verb lexicon does not know, most frequent first."""
    documents = corpus.load_documents(args.paths)
    gaps = verbs.lexicon_gaps(operative_paragraphs(documents))
    _write(gaps, args.format)
    print(f"analysis lexicon-gaps: {len(gaps)} candidate phrase(s)", file=sys.stderr)
    return 0
