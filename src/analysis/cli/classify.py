"""``python -m analysis classify``: one row per operative paragraph on standard output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import lazy
from analysis.classify.coverage import coverage_lines, coverage_warnings
from analysis.classify.paragraphs import OUTPUT_COLUMNS, THEME_METHODS, classify_files
from analysis.cli.output import csv_header, csv_tuples_utf8, write_frame, write_utf8
from analysis.corpus.documents import find_documents
from analysis.errors import EXIT_PARTIAL, AnalysisError, InputError
from analysis.resources.acts import UNCLASSIFIED

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``classify`` command."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="resolution files or directories of them")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    parser.add_argument("--themes", choices=THEME_METHODS, default="dictionary",
                        help="theme classifier (default: dictionary; it scores higher on the gold, "
                             "but in-sample: its patterns were written with that text in view, see README); "
                             "model: trained first on the gold-coded units of data/annotations/themes_gold.csv")
    parser.add_argument("--model", type=Path, metavar="FILE",
                        help="with --themes model: a saved theme model (analysis.classify.theme_model.save_model) "
                             "instead of training one on the gold")
    parser.add_argument("--workers", type=_at_least_one, default=None, metavar="N",
                        help="processes that parse and classify the files, at most 100 at a time (default: the cores "
                             "this process may use, at most 4; the output is the same for any N)")


def _at_least_one(value: str) -> int:
    """``--workers``: a whole number of at least 1 (else argparse's one-line usage error)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def theme_model(args: argparse.Namespace):
    """The fitted theme model ``--themes model`` uses: loaded from ``--model``, or trained on the gold."""
    if args.themes != "model":
        if args.model is not None:
            raise AnalysisError("--model is used only with --themes model")
        return None
    if args.model is not None:
        from analysis.classify.theme_model import load_model

        return load_model(args.model)
    from analysis.evaluate.themes import fit_gold_model

    return fit_gold_model()


def _unclassified(frame: pd.DataFrame) -> int:
    """How many paragraphs of ``frame`` have no lexicon verb."""
    return int((frame["act"] == UNCLASSIFIED).sum())


def _csv_batch(rows: list[tuple]) -> tuple[bytes, int]:
    """A batch's CSV rows (UTF-8; rows in the order of ``OUTPUT_COLUMNS``) and how many of them have
    no lexicon verb (in a worker)."""
    act = OUTPUT_COLUMNS.index("act")
    return csv_tuples_utf8(rows), sum(row[act] == UNCLASSIFIED for row in rows)


def run(args: argparse.Namespace) -> int:
    """``classify``: rows of the files that parse; one line per file that does not (exit 1)."""
    find_documents(args.paths)  # a missing path is reported before the theme model is trained
    errors: list[InputError] = []
    warnings: list[tuple[str, str]] = []
    coverage: list = []
    if args.workers is None:
        from analysis.classify.batches import default_workers

        args.workers = default_workers()
    unclassified = 0
    header = [csv_header(OUTPUT_COLUMNS)]  # written before the first batch, if any file is read

    def each(batch: tuple[bytes, int]) -> None:  # the batch's CSV rows, made in a worker, in file order
        nonlocal unclassified
        if header:
            sys.stdout.write(header.pop())
        write_utf8(batch[0])
        unclassified += batch[1]

    stream = args.format == "csv"  # written a batch at a time while the workers go on with the next
    frame = classify_files(args.paths, themes=args.themes, workers=args.workers, model=theme_model(args),
                           errors=errors, warnings=warnings, coverage=coverage, each=each if stream else None,
                           render=_csv_batch if stream else None)
    if not stream:
        write_frame(frame, args.format)
        unclassified = _unclassified(frame)
    for document, warning in warnings:  # what the parser could not settle: check these paragraphs
        print(f"analysis classify: warning: {document}: {warning}", file=sys.stderr)
    for error in errors:  # the other files are still classified; the exit status says some were not
        print(f"analysis classify: error: {error}", file=sys.stderr)
    for line in coverage_lines(coverage[0]):  # per document: how much the lexicons cover (#10)
        print(f"analysis classify: coverage: {line}", file=sys.stderr)
    for warning in coverage_warnings(coverage[0]):
        print(f"analysis classify: warning: {warning}", file=sys.stderr)
    if unclassified:
        print(f"analysis classify: {unclassified} paragraph(s) with no lexicon verb; "
              "see `python -m analysis lexicon-gaps`", file=sys.stderr)
    if errors:
        print(f"analysis classify: {len(errors)} file(s) could not be read and are not in the output",
              file=sys.stderr)
        return EXIT_PARTIAL
    return 0
