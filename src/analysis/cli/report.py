"""``python -m analysis report`` (``make report``): the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.classify.coverage import coverage_lines, coverage_warnings
from analysis.output.report import run_report
from analysis.output.tables import LATEX_TABLES
from analysis.resources.languages import normalise_languages


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``report`` command."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="resolution files or folders (default: data/raw)")
    parser.add_argument("--themes", choices=("dictionary", "model"), default="dictionary",
                        help="theme classifier (default: dictionary)")
    parser.add_argument("--lang", default=None,
                        help="languages to compare, in order of preference: each resolution is read in the "
                             "first of them on disk (default: the case's, data/cases/<case>.toml)")
    parser.add_argument("--labels", default=None, metavar="LANG",
                        help="language of the labels of tables and figures: en (verbs by the English label of "
                             "their concept), bg, or another two-letter code (default: the case's, "
                             "data/cases/<case>.toml); label columns are added beside the original ones")
    parser.add_argument("--tables", type=Path, help="folder for tables (default data/processed)")
    parser.add_argument("--figures", type=Path, help="folder for figures (default figures)")
    parser.add_argument("--reviewed", nargs="?", const="all", metavar="CODER",
                        help="reviewed codes (imported coding sheets, data/annotations/coded/) in place of the "
                             "machine's, marked in a code_source column: every coder's (latest per paragraph), "
                             "one CODER's, or 'gold'")


def run(args: argparse.Namespace) -> int:
    """``report``: print what is present and a summary table; write tables and figures."""
    result = run_report(args.tables, args.figures, themes=args.themes, sources=args.paths or None,
                        languages=normalise_languages(args.lang) if args.lang else None,
                        reviewed=args.reviewed, labels=args.labels)
    for problem in result.repaired:
        print(f"analysis report: {problem}", file=sys.stderr)
    available = result.tables["availability"]
    for file, status, reason in available.loc[~available["status"].isin(["compared", "missing"]),
                                              ["file", "status", "reason"]].itertuples(index=False):
        print(f"analysis report: not compared: {file} ({status}): {reason}", file=sys.stderr)
    for document, warning in result.tables["warnings"].itertuples(index=False):
        print(f"analysis report: warning: {document}: {warning}", file=sys.stderr)
    print(result.note)
    for line in coverage_lines(result.tables["coverage"]):  # coverage, loud (#10)
        print(f"coverage: {line}")
    for warning in coverage_warnings(result.tables["coverage"]):
        print(f"analysis report: warning: {warning}", file=sys.stderr)
    summary = result.tables["structure"].merge(result.tables["verb_profile"], on=["document", "year", "label"],
                                               how="left").rename(columns={"label": "resolution"})
    columns = [c for c in ("resolution", "citations", "recitals", "paragraphs", "words", "n_strength", "strength_mean",
                           "share_directive_head") if c in summary.columns]
    print(summary[columns].to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    n_figures = len({p.stem for p in result.written if p.suffix == ".png"})
    n_tables = len({p.stem for p in result.written if p.suffix == ".csv"})
    print(f"wrote {n_tables} tables (CSV, Parquet; LaTeX for {len(LATEX_TABLES)}) and "
          f"{n_figures} figures (PNG, PDF, SVG) as one set, run {result.run} (manifest.json)")
    pages = [p for p in result.written if p.suffix == ".html"]  # the reading views (#10)
    if pages:
        print(f"wrote {len(pages)} reading view{'' if len(pages) == 1 else 's'} (HTML, open in a browser) "
              f"to {pages[0].parent}")
    return 0
