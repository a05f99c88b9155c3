"""``python -m analysis sheet export|import``: coding sheets for a human coder, and reading them back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import paths
from analysis.corpus.documents import find_documents
from analysis.errors import AnalysisError


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``sheet export`` and ``sheet import``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a blank coding sheet (XLSX with drop-down lists, and CSV)")
    export.add_argument("--documents", default=None,
                        help="document ids, comma-separated, e.g. TA-9-2021-0056_BG (default: every text in --raw)")
    export.add_argument("--raw", type=Path, default=None, help="folder of the texts (default data/raw)")
    export.add_argument("--out", type=Path, default=Path("coding_sheet"),
                        help="writes OUT.xlsx, OUT_paragraphs.csv and OUT_phrases.csv (default coding_sheet)")
    imported = actions.add_parser("import", help="check a completed sheet and keep its codes in data/annotations/coded/")
    imported.add_argument("sheet", type=Path, metavar="SHEET", help="the completed .xlsx, or one CSV of the pair")
    imported.add_argument("--coder", required=True, help="coder id: lower-case letters, digits and '_'")
    imported.add_argument("--date", default=None, help="date of the coding, YYYY-MM-DD (default today)")
    imported.add_argument("--raw", type=Path, default=None, help="folder of the texts (default data/raw)")


def run(args: argparse.Namespace) -> int:
    """``sheet export`` or ``sheet import``."""
    from analysis.evaluate.sheets import export_sheet, import_sheet

    if args.action == "export":
        raw = args.raw or paths.raw_dir()
        documents = ([d.strip() for d in args.documents.split(",") if d.strip()] if args.documents
                     else [p.stem for p in find_documents([raw])])
        if not documents:
            raise AnalysisError(f"no resolution texts in {raw}")
        written = export_sheet(documents, args.out, raw)
        print(f"analysis sheet: wrote {', '.join(map(str, written))} ({len(documents)} document(s))", file=sys.stderr)
        return 0
    written = import_sheet(args.sheet, args.coder, args.date, args.raw)
    print(f"analysis sheet: kept the codes of {args.coder} in {', '.join(map(str, written))}", file=sys.stderr)
    return 0
