"""``python -m analysis report`` (``make report``): the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.classify.coverage import coverage_lines, coverage_warnings
from analysis.compare.crosscheck import agreement_note, agreement_threshold
from analysis.output.report import NO_TEXT, run_report
from analysis.output.tables import LATEX_TABLES
from analysis import paths
from analysis.corpus.registry import load_registry
from analysis.errors import AnalysisError
from analysis.resources.cases import Case, load_case
from analysis.resources.languages import normalise_languages


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ``report`` command."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="resolution files or folders (default: data/raw)")
    parser.add_argument("--case", default=None,
                        help="the case to report on, a name of data/cases/<name>.toml (default: ANALYSIS_CASE, else "
                             "the default of data/cases/_default.toml)")
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


def _no_texts(case: Case, folders: list[Path]) -> AnalysisError | None:
    """The plain error when none of the case registry's resolutions has a file (``<doceo id>_<LL>.*``) in
    ``folders``; ``None`` if some has."""
    wanted = list(load_registry(case.registry)["doceo_id"])
    names = {p.name.split("_")[0] for f in folders for p in (Path(f).iterdir() if Path(f).is_dir() else [Path(f)])}
    if any(doc in names for doc in wanted):
        return None
    return AnalysisError(
        f"{NO_TEXT}: case {case.name}: its texts are not on disk: none of its {len(wanted)} resolutions "
        f"({', '.join(wanted)}) has a file in {', '.join(map(str, folders))}; fetch them: python -m analysis fetch "
        f"--case {case.name} --lang {','.join(case.languages)} (make data fetches the default case's)")


def run(args: argparse.Namespace) -> int:
    """``report``: print what is present and a summary table; write tables and figures."""
    case = load_case(args.case)
    try:
        result = run_report(args.tables, args.figures, themes=args.themes, sources=args.paths or None,
                            languages=normalise_languages(args.lang) if args.lang else None,
                            reviewed=args.reviewed, case=case, labels=args.labels,
                            command=["python", "-m", "analysis", *getattr(args, "argv", [])])
    except AnalysisError as exc:  # nothing to compare: say plainly when it is because no text of the case is there
        if not str(exc).startswith(NO_TEXT):
            raise
        raise _no_texts(case, args.paths or [paths.raw_dir()]) or exc

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
    if "crosscheck" in result.tables:  # other language versions on disk (#15)
        headline, warning = agreement_note(result.tables["crosscheck"], agreement_threshold())
        print(f"crosscheck: {headline}")
        if warning:
            print(f"analysis report: warning: {warning}", file=sys.stderr)
    summary = result.tables["structure"].merge(result.tables["verb_profile"], on=["document", "year", "label"],
                                               how="left").rename(columns={"label": "resolution"})
    columns = [c for c in ("resolution", "citations", "recitals", "paragraphs", "words", "n_strength", "strength_mean",
                           "share_directive_head") if c in summary.columns]
    print(summary[columns].to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    n_figures = len({p.stem for p in result.written if p.suffix == ".png"})
    n_tables = len({p.stem for p in result.written if p.suffix == ".csv"})
    print(f"wrote {n_tables} tables (CSV, Parquet, Stata; LaTeX for {len(LATEX_TABLES)}; datapackage.json) and "
          f"{n_figures} figures (PNG, PDF, SVG) as one set, run {result.run} (manifest.json)")
    pages = [p for p in result.written if p.suffix == ".html"]  # the reading views (#10)
    if pages:
        print(f"wrote {len(pages)} reading view{'' if len(pages) == 1 else 's'} (HTML, open in a browser) "
              f"to {pages[0].parent}")
    return 0
