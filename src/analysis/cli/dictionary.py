"""``python -m analysis data-dictionary``: the data dictionary of the report's tables, generated from
the schema (:mod:`analysis.output.schema`); ``make dictionary`` writes ``docs/data_dictionary.md``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import atomic
from analysis.output.package import data_dictionary


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``data-dictionary`` command."""
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="write it to FILE (e.g. docs/data_dictionary.md) instead of standard output")


def run(args: argparse.Namespace) -> int:
    """``data-dictionary``: print the Markdown, or write it to ``--output``."""
    text = data_dictionary()
    if args.output:
        atomic.write_text(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
