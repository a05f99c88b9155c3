"""``python -m analysis crosscheck``: language versions of one resolution, coded paragraph by paragraph."""

from __future__ import annotations

import argparse
import sys

from analysis.cli.output import write_frame
from analysis.compare.crosscheck import agreement, agreement_threshold, crosscheck
from analysis.corpus.documents import load_documents


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``crosscheck`` command."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="two or more language versions of one resolution (files or directories)")
    parser.add_argument("--reference", metavar="LANG", help="the version the others are compared with "
                                                            "(default: the first file's language)")
    parser.add_argument("--disagreements", action="store_true", help="print only the paragraphs that differ")
    parser.add_argument("--summary", action="store_true", help="print one row per language instead of per paragraph")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def run(args: argparse.Namespace) -> int:
    """``crosscheck``: the paragraph table (or the summary) on standard output, the agreement rate
    on standard error, with a warning below the threshold."""
    threshold = agreement_threshold()
    result = crosscheck(load_documents(args.paths), reference=args.reference)
    table = result.summary if args.summary else result.disagreements() if args.disagreements else result.paragraphs
    write_frame(table, args.format)
    agree, n, share = agreement(result.paragraphs)
    rate = f"{share:.0%}" if n else "n/a"
    print(f"analysis crosscheck: {len(result.summary) + 1} language versions against {result.reference}; "
          f"{agree} of {n} aligned paragraph(s) agree ({rate})", file=sys.stderr)
    unequal = result.summary.loc[~result.summary["same_paragraphs"], "language"].tolist()
    if unequal:
        print(f"analysis crosscheck: warning: paragraph numbers differ from {result.reference} in "
              f"{', '.join(unequal)}", file=sys.stderr)
    if share < threshold:  # never without aligned paragraphs (NaN)
        print(f"analysis crosscheck: warning: agreement {rate} is below {threshold:.0%} "
              "(min_crosscheck_agreement in data/lexicons/coverage.toml)", file=sys.stderr)
    return 0
