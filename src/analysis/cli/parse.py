"""``python -m analysis parse FILE... [--format json|csv]``."""

from __future__ import annotations

import argparse
import json
import sys

from analysis.corpus.parser import parse


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``parse`` command."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="official HTML page or its saved text")
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json: {metadata, units} (a list for several files), the metadata with the "
                             "document's kind (doc_type: TA, RC, B or A) and own reference; csv: one row per unit, "
                             "with the document's kind, reference, date and language")
    parser.add_argument("--language", help="language code if it cannot be detected (e.g. bg, en)")
    parser.add_argument("--encoding", help="text encoding of a file saved in a legacy encoding (e.g. cp1252); "
                                           "default: UTF-8 or detected")


def run(args: argparse.Namespace) -> int:
    """Parse every file first (so that a bad one fails before anything is printed), then print."""
    documents = [parse(path, language=args.language, encoding=args.encoding) for path in args.files]
    for doc in documents:
        for warning in doc.warnings:
            print(f"analysis parse: warning: {doc.metadata['source']}: {warning}", file=sys.stderr)
    if args.format == "json":
        payload = [d.to_dict() for d in documents]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:  # one row per unit, with the document's kind, reference, date and language on every row
        from analysis.corpus.documents import units_frame

        frame = units_frame(documents)
        kinds = {doc.metadata["document"]: doc.metadata["doc_type"] for doc in documents}
        frame.insert(frame.columns.get_loc("reference"), "doc_type", frame["document"].map(kinds))
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    return 0
