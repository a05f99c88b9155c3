"""The main job, ``python -m analysis report`` (``make report``).

Over the case registry's adopted texts on disk, each checked against its provenance record
(:func:`analysis.corpus.documents.screen`): parse, classify verbs and themes, compare; write tidy
tables to ``data/processed/`` (CSV, Parquet and Stata, LaTeX for the summary tables,
:mod:`analysis.output.tables`; ``datapackage.json`` describing them, :mod:`analysis.output.package`) and figures to ``figures/`` (PNG 300 dpi, PDF, SVG), as one set with a
manifest (:mod:`analysis.output.outputs`). Same inputs give byte-identical outputs. The case
(``data/cases/``) is loaded here, at the edge, and handed down.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import atomic, paths
from analysis.progress import progress_bar
from analysis.classify import paragraphs as classify
from analysis.classify.coverage import coverage_table
from analysis.classify.reviewed import apply_reviewed
from analysis.compare import crosscheck, reuse, sensitivity, structure, themes as theme_tables, verbs
from analysis.extract.chronology import resolution_labels
from analysis.corpus import documents as corpus
from analysis.corpus.registry import load_registry
from analysis.errors import AnalysisError
from analysis.extract import citations, people as named
from analysis.output import outputs, provenance
from analysis.output.fields import check_columns, resolve
from analysis.output.package import PACKAGE, package_text
from analysis.output.labels import label_tables
from analysis.output.reading import FOLDER, write_reading_views  # the reading view (#10)
from analysis.output.tables import check_keys, latex_tables, write_tables
from analysis.resources.cases import Case, load_case
from analysis.resources.concepts import check_language


#: How the error of a run with no text to compare begins.
NO_TEXT = "no resolution text to compare"


@dataclass
class ReportResult:
    """What a report run produced."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    note: str = ""
    run: str = ""
    repaired: list[str] = field(default_factory=list)


def build_tables(sources: list[Path] | None = None, themes: str = "dictionary",
                 languages: Sequence[str] | None = None,
                 case: Case | None = None, reviewed: str | None = None,
                 labels: str | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """Parse, classify and compare everything on disk; return the tables and a note on what is present.

    ``case`` (default: :func:`~analysis.resources.cases.load_case`) gives the registry, the
    addressee groups of the verb profile and the comparison ``languages`` (unless given). Only the
    registry's adopted texts whose files match their provenance records are compared, each in one
    language version, the first of them on disk (:func:`analysis.corpus.documents.screen`), so that
    none is counted twice; the ``availability`` table lists every file with its ``status`` and ``reason``.
    ``reviewed`` (a coder id, ``all`` or ``gold``) puts reviewed codes in place of the machine's
    (:func:`analysis.classify.reviewed.apply_reviewed`). ``labels`` (default: the case's) is the
    language of the label columns (:func:`analysis.output.labels.label_tables`).
    """
    case = case or load_case()
    registry = load_registry(case.registry)
    languages = languages or case.languages
    screening = corpus.screen(sources, registry, languages)
    documents, available = screening.documents, screening.availability
    excluded = corpus.exclusion_note(available)
    if not documents:
        raise AnalysisError(f"{NO_TEXT} in {', '.join(map(str, sources or [paths.raw_dir()]))}"
                            f"{'; ' + excluded if excluded else ''}; "
                            f"fetch the registry's texts on a machine with internet: {corpus.FETCH_COMMAND}")
    units = corpus.units_frame(documents)
    labels_language, labels = labels, resolution_labels(units, registry)
    paragraphs = classify.operative_paragraphs(documents)
    model = None
    if themes == "model":  # trained here, in a step of its own, on the hand-coded gold
        from analysis.evaluate.themes import fit_gold_model

        model = fit_gold_model()
    classification = classify.analyse_paragraphs(paragraphs, themes=themes, model=model)
    if reviewed:  # reviewed codes over the machine's, marked in code_source (issue #10)
        classification = apply_reviewed(classification, reviewed)
    classified = classification.paragraphs
    motion_tables, available = _motion_tables(screening, registry, sources, classified, themes, model)  # (#14)
    matrix = theme_tables.theme_matrix(classified, labels)
    people = named.people_named(units, labels)
    tables = {
        "availability": available.assign(date=available["date"].dt.strftime("%Y-%m-%d")),
        "warnings": corpus.warnings_frame(documents),
        "coverage": coverage_table(paragraphs, classified, phrases=classification.phrases),  # lexicon coverage (#10)
        "resolutions": labels,
        "units": units,
        "paragraphs": classified,
        "verbs": classification.phrases,
        "addressees": classification.addressees,
        "themes": classification.themes,
        "structure": structure.structure_table(units, registry),
        "verb_profile": verbs.verb_profile(classified, labels, [g.group for g in case.groups]),
        "strongest_paragraphs": verbs.strongest_paragraphs(classified, labels),
        "theme_matrix": matrix.reset_index(),
        "theme_dynamics": theme_tables.theme_dynamics(matrix),
        "theme_strength": theme_tables.theme_strength(classified, labels),
        "reuse_pairs": reuse.reuse_pairs(paragraphs, labels, classified=classified),
        "people": people,
        "people_recurrence": named.people_recurrence(people, labels),
        "cited_resolutions": citations.cited_resolutions(units, labels, registry),
        "sensitivity": sensitivity.sensitivity(classified, labels),  # other strength scales (#11)
        **motion_tables,  # group motions against the adopted text, when on disk (#14)
    }
    # The cross-language check (#15): only when another language version of a compared resolution is on disk.
    parallel = crosscheck.versions_table(documents, _other_versions(available, screening))
    if not parallel.empty:
        tables["crosscheck"] = parallel
    tables = label_tables(tables, labels_language or case.labels)
    # the files left out as the availability table now says (the motions' status is set above)
    return tables, " ".join(filter(None, [corpus.availability_note(available, labels=labels),
                                          corpus.exclusion_note(available)]))


# --- group motions against the adopted text (#14) ---------------------------------------------


def _motion_tables(screening: corpus.Screening, registry: pd.DataFrame, sources: list[Path] | None,
                   adopted: pd.DataFrame, themes: str, model: object) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The tables ``motion_paragraphs`` and ``motion_groups`` when group motions of the compared
    resolutions are on disk (none otherwise), and the availability table with their status ``motion``
    (:func:`analysis.corpus.motions.screen_motions`). The motions are classified as the adopted texts are."""
    from analysis.compare import motions as versus
    from analysis.corpus.motions import screen_motions

    found, available = screen_motions(screening, registry, sources)
    if not found:
        return {}, available
    texts = classify.operative_paragraphs([motion.doc for motion in found])
    classified = classify.analyse_paragraphs(texts, themes=themes, model=model).paragraphs
    links = versus.links_frame([(m.doc.metadata["document"], m.doc.metadata["reference"], m.group, m.adopted)
                                for m in found])
    paragraphs = versus.motion_paragraphs(adopted, classified, links)
    return {"motion_paragraphs": paragraphs, "motion_groups": versus.motion_groups(paragraphs)}, available


# -----------------------------------------------------------------------------------------------


def _other_versions(available: pd.DataFrame, screening: corpus.Screening) -> list:
    """The admitted language versions not compared (status ``other_language``), as screening parsed them (#15)."""
    names = set(available.loc[available["status"] == "other_language", "file"])
    return [doc for name, doc in screening.parsed.items() if name in names]


def build_figures(tables: dict[str, pd.DataFrame], directory: Path, case: Case | None = None,
                  labels: str | None = None) -> list[Path]:
    """The paper's figures for ``case`` (default: :func:`~analysis.resources.cases.load_case`), each as
    PNG, PDF and SVG, labelled in ``labels`` (default: the case's)."""
    from analysis.output import figures

    written = []
    for name, draw in figures.report_figures(case or load_case(), labels).items():
        fig = draw(tables)
        if fig is not None:
            written += figures.save(fig, name, directory)
            atomic.kill_point("report:figure")  # tests: killed while the figures are written
    # one figure per resolution whose group motions are on disk (#14)
    from analysis.output.motion_figures import motion_figures

    for name, fig in motion_figures(tables, labels or (case or load_case()).labels).items():
        written += figures.save(fig, name, directory)
    return written


def tables_or_empty(case: Case | None = None, labels: str | None = None,
                    **options: Any) -> tuple[dict[str, pd.DataFrame], str]:
    """:func:`build_tables`; or, when none of the case's texts is on disk, every table of the schema with its
    columns and no row (the ``availability`` table filled in) and a note saying plainly that the case's texts
    are not on disk and how to fetch them. What the notebooks show for a case whose texts are not fetched."""
    case = case or load_case()
    try:
        return build_tables(case=case, labels=labels, **options)
    except AnalysisError as exc:
        if not str(exc).startswith(NO_TEXT):
            raise
    available = corpus.availability(load_registry(case.registry), options.get("sources"),
                                    options.get("languages") or case.languages)
    tables = {name: pd.DataFrame(columns=[c.name for c in described]) for name, described in resolve(case).items()}
    tables["availability"] = available.assign(date=available["date"].dt.strftime("%Y-%m-%d"))
    return tables, corpus.availability_note(available, case)


def run_report(output_tables: Path | None = None, output_figures: Path | None = None,
               themes: str = "dictionary", sources: list[Path] | None = None,
               languages: Sequence[str] | None = None, case: Case | None = None,
               reviewed: str | None = None, command: Sequence[str] | None = None,
               labels: str | None = None) -> ReportResult:
    """The whole job; returns the tables and the list of files written. ``languages`` default to the
    case's; ``command`` (the command line, for the manifest) is given by the CLI.

    Tables and figures are written as one set (:mod:`analysis.output.outputs`): into staging
    folders, then swapped in with a manifest naming the run. ``repaired`` in the result says what
    was wrong with the set on disk before (an interrupted run), which this run replaced.
    """
    case = case or load_case()
    folders = {"tables": Path(output_tables) if output_tables else paths.processed_dir(),
               "figures": Path(output_figures) if output_figures else paths.figures_dir()}
    if folders["tables"].resolve() == folders["figures"].resolve():
        raise AnalysisError(f"--tables and --figures are one folder ({folders['tables']}); give each its own")
    steps = progress_bar(total=3, desc="report", unit="step")
    labels = check_language(labels or case.labels)
    tables, note = build_tables(sources, themes=themes, languages=languages, case=case, reviewed=reviewed,
                                labels=labels)
    check_keys(tables)  # before anything is written
    run_options = {"reviewed"} if reviewed else set()  # the schema's conditional columns
    check_columns(tables, case, run_options)
    steps.update()
    inputs = outputs.input_hashes(paths.data_dir(), corpus.find_documents(sources or [paths.raw_dir()]))
    options = {"case": case.name, "languages": list(languages or case.languages), "themes": themes, "reviewed": reviewed,
               "labels": labels}
    with atomic.locked(*folders.values()):  # another run writing here finishes first
        repaired = [f"replaced an incomplete output set: {problem}" for problem in
                    (outputs.check(folders) if any(outputs.read_manifest(f) for f in folders.values()) else [])]
        repaired += [f"removed what an interrupted run left: {path}" for path in outputs.clean(*folders.values())]
        write_tables(tables, outputs.staging(folders["tables"]), latex_tables(case), case, run_options)
        # the Frictionless Data Package describing every table, from the schema (#11)
        atomic.write_text(outputs.staging(folders["tables"]) / PACKAGE, package_text(tables, case, run_options))
        steps.update()
        build_figures(tables, outputs.staging(folders["figures"]), case, labels)
        # the reading view of each resolution, one self-contained HTML page each (#10)
        write_reading_views(tables, outputs.staging(folders["figures"]) / FOLDER)
        steps.update()
        staged = {role: sorted(outputs.listing(outputs.staging(f))) for role, f in folders.items()}
        run = outputs.publish(folders, inputs, options, provenance.manifest_facts(tables, reviewed, command))
        # what changes with the commit or machine, beside the manifest and ignored by git (#11)
        atomic.write_text(folders["tables"] / outputs.RUN_FILE,
                          json.dumps(provenance.run_facts(run), indent=2, sort_keys=True) + "\n")
    steps.close()
    written = [folders[role] / name for role, names in staged.items() for name in names]
    return ReportResult(tables=tables, written=written, note=note, run=run, repaired=repaired)
