"""``python -m analysis lexicon-gaps``: clause openings the verb lexicon does not know."""

from __future__ import annotations

import argparse
import sys

from analysis.classify.paragraphs import operative_paragraphs
from analysis.classify.gaps import lexicon_gaps
from analysis.cli.output import write_frame
from analysis.corpus.documents import load_documents


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``lexicon-gaps`` command."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="resolution files or directories of them")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def run(args: argparse.Namespace) -> int:
    """``lexicon-gaps``: candidate phrases, most frequent first."""
    gaps = lexicon_gaps(operative_paragraphs(load_documents(args.paths)))
    write_frame(gaps, args.format)
    print(f"analysis lexicon-gaps: {len(gaps)} candidate phrase(s)", file=sys.stderr)
    return 0
