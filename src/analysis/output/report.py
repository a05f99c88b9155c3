"""The main job, ``python -m analysis report`` (``make report``).

Over every resolution on disk: parse, classify verbs and themes, compare; write tidy tables
to ``data/processed/`` (CSV and Parquet, LaTeX for the summary tables) and figures to
``figures/`` (PNG 300 dpi, PDF, SVG). Same inputs give byte-identical outputs.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import atomic

from analysis.classify import paragraphs as classify

from analysis.compare import core as compare

from analysis.corpus import documents as corpus

from analysis import paths
from analysis.resources.languages import normalise_languages
from analysis.corpus.registry import load_registry


@dataclass
class ReportResult:
    """What a report run produced."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    note: str = ""


def build_tables(sources: list[Path] | None = None, themes: str = "dictionary",
                 languages: Sequence[str] = corpus.COMPARISON_LANGUAGES) -> tuple[dict[str, pd.DataFrame], str]:
    """Parse, classify and compare everything on disk; return the tables and a note on what is present.

    Each resolution is compared in one language version, the first of ``languages`` on disk
    (:func:`analysis.corpus.load_for_comparison`), so that none is counted twice.
    """
    registry = load_registry()
    available = corpus.availability(registry, sources)
    documents, selection = corpus.load_for_comparison(sources, languages)
    units = corpus.units_frame(documents)
    labels = compare.resolution_labels(units, registry)
    paragraphs = classify.operative_paragraphs(documents)
    classified, found = classify.analyse_paragraphs(paragraphs, themes=themes)
    theme_rows = (classified[["document", "number", "themes"]]
                  .assign(theme=classified["themes"].str.split(";")).explode("theme"))
    theme_rows = theme_rows[theme_rows["theme"].fillna("") != ""][["document", "number", "theme"]]
    matrix = compare.theme_matrix(classified, labels)
    people = compare.people_named(units, labels)
    tables = {
        "availability": available.assign(date=available["date"].dt.strftime("%Y-%m-%d")),
        "resolutions": labels,
        "units": units,
        "paragraphs": classified,
        "verbs": found,
        "themes": theme_rows.reset_index(drop=True),
        "structure": compare.structure_table(units, registry),
        "verb_profile": compare.verb_profile(classified, labels),
        "strongest_paragraphs": compare.strongest_paragraphs(classified, labels),
        "theme_matrix": matrix.reset_index(),
        "theme_dynamics": compare.theme_dynamics(matrix),
        "theme_strength": compare.theme_strength(classified, labels),
        "reuse_pairs": compare.reuse_pairs(paragraphs, labels, classified=classified),
        "people": people,
        "people_recurrence": compare.people_recurrence(people, labels),
        "cited_resolutions": compare.cited_resolutions(units, registry),
    }
    return tables, " ".join(filter(None, [corpus.availability_note(available), selection]))


#: The summary tables also written as LaTeX (booktabs) for papers: the columns that fit a page,
#: with readable headers. The CSV and Parquet versions keep every column.
LATEX_TABLES = {
    "structure": {"label": "Resolution", "citations": "Citations", "recitals": "Recitals",
                  "paragraphs": "Paragraphs", "footnotes": "Footnotes", "words": "Words"},
    "verb_profile": {"label": "Resolution", "n_paragraphs": "Paragraphs", "share_directive": "Directive",
                     "share_negative_judgement": "Neg.\\ judgement", "share_positive_judgement": "Pos.\\ judgement",
                     "share_emphasis": "Emphasis", "strength_mean": "Mean strength",
                     "strength_median": "Median strength", "share_directive_kazakh": "Directives to KZ",
                     "share_directive_eu": "Directives to EU"},
    "theme_dynamics": {"theme": "Theme", "status": "Status", "first_year": "First", "last_year": "Last",
                       "n_present": "Resolutions", "years_present": "Years"},
}


def write_tables(tables: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """CSV and Parquet for every table; LaTeX (booktabs) for the summary tables."""
    written = []
    for name, frame in tables.items():
        frame = frame.reset_index(drop=True)
        csv_path = directory / f"{name}.csv"
        atomic.write_text(csv_path, frame.to_csv(index=False, lineterminator="\n"))
        parquet_path = directory / f"{name}.parquet"
        buffer = io.BytesIO()
        _parquet_safe(frame).to_parquet(buffer, index=False)
        atomic.write_bytes(parquet_path, buffer.getvalue())
        written += [csv_path, parquet_path]
        if name in LATEX_TABLES:
            tex_path = directory / f"{name}.tex"
            atomic.write_text(tex_path, _latex(frame, name))
            written.append(tex_path)
    return written


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed or non-string values become strings for Parquet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    return out


def _latex(frame: pd.DataFrame, name: str) -> str:
    """A booktabs table of the columns in :data:`LATEX_TABLES`; missing values print as "--"."""
    headers = LATEX_TABLES[name]
    table = frame[[c for c in headers if c in frame.columns]]
    if "theme" in table.columns:  # English theme labels read better in a paper than ids
        from analysis.classify.themes import theme_labels

        table = table.assign(theme=table["theme"].map(theme_labels("en")).fillna(table["theme"]))
    align = "".join("r" if pd.api.types.is_numeric_dtype(table[c]) else "l" for c in table.columns)
    caption = name.replace("_", " ").capitalize()
    styler = table.rename(columns=headers).style.hide(axis="index").format(precision=2, escape="latex", na_rep="--")
    return styler.to_latex(hrules=True, caption=caption, label=f"tab:{name}", position="htbp",
                           column_format=align) + "\n"


def build_figures(tables: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """The paper's figures, each as PNG, PDF and SVG."""
    from analysis.output import figures
    written = []
    for name, draw in figures.REPORT_FIGURES.items():
        fig = draw(tables)
        if fig is not None:
            written += figures.save(fig, name, directory)
    return written


def run_report(output_tables: Path | None = None, output_figures: Path | None = None,
               themes: str = "dictionary", sources: list[Path] | None = None,
               languages: Sequence[str] = corpus.COMPARISON_LANGUAGES) -> ReportResult:
    """The whole job; returns the tables and the list of files written."""
    from tqdm import tqdm

    steps = tqdm(total=3, desc="report", unit="step", file=sys.stderr, disable=None)
    tables, note = build_tables(sources, themes=themes, languages=languages)
    steps.update()
    written = write_tables(tables, Path(output_tables) if output_tables else paths.processed_dir())
    steps.update()
    written += build_figures(tables, Path(output_figures) if output_figures else paths.figures_dir())
    steps.update()
    steps.close()
    return ReportResult(tables=tables, written=written, note=note)
