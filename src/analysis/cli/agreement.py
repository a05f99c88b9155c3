"""``python -m analysis agreement``: agreement between coders and with the classifier, per variable."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.output import write_frame


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``agreement`` command."""
    parser.add_argument("--coders", default=None,
                        help="coder ids, comma-separated; 'gold' is the hand-coded gold and 'machine' the "
                             "classifier (default: every imported coder, the gold and the classifier)")
    parser.add_argument("--variables", default=None,
                        help="variables, comma-separated: head_act, head_strength, phrase_act, addressee_groups, "
                             "theme:<id> (default: all)")
    parser.add_argument("--confusion", nargs=2, metavar=("CODER_A", "CODER_B"),
                        help="print the confusion tables of two coders instead (one row per pair of values)")
    parser.add_argument("--raw", type=Path, default=None, help="folder of the texts (default data/raw)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def run(args: argparse.Namespace) -> int:
    """``agreement``: the agreement table (or confusion tables) on standard output."""
    import pandas as pd

    from analysis.errors import AnalysisError
    from analysis.evaluate.agreement import agreement_table, collect_codes, confusion_table

    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    if args.confusion:
        coders = sorted(set(coders or []) | set(args.confusion))
    codes = collect_codes(coders, raw=args.raw)
    if args.variables:
        wanted = [v.strip() for v in args.variables.split(",") if v.strip()]
        if unknown := sorted(set(wanted) - set(codes["variable"])):
            raise AnalysisError(f"unknown variable(s) {', '.join(unknown)}")
        codes = codes[codes["variable"].isin(wanted)]
    if args.confusion:
        variables = list(dict.fromkeys(codes["variable"]))
        table = pd.concat([confusion_table(codes, v, *args.confusion) for v in variables], ignore_index=True)
    else:
        table = agreement_table(codes)
    write_frame(table, args.format)
    print(f"analysis agreement: {len(table)} row(s); coders: {', '.join(sorted(set(codes['coder'])))}",
          file=sys.stderr)
    return 0
