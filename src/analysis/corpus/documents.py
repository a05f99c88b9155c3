"""The corpus on disk: find resolution files, parse them, and tie them to the registry."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import lazy, paths
from analysis import ids
from analysis.corpus import admission, provenance
from analysis.corpus.parser import UNIT_COLUMNS, Document, Profiles, parse

if TYPE_CHECKING:
    from analysis.resources.cases import Case
from analysis.errors import AnalysisError, InputError
from analysis.resources.languages import profiles as language_profiles

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")  # in order of preference


def find_documents(sources: Iterable[str | Path]) -> list[Path]:
    """Resolution files named in ``sources``; directories are searched (not recursively).

    Provenance records and other non-document files in a directory are skipped; a named
    file is always taken. The order is sorted by name, so runs are reproducible. A document is named
    by its file's name without suffix: a file named twice (or a folder and a file in it) is taken
    once, where first named; two other files of one name are an :class:`InputError`.
    """
    found: list[Path] = []
    for source in sources:
        source = Path(source)
        mode = _mode(source)
        if mode is not None and stat.S_ISDIR(mode):
            found.extend(_one_per_stem(p for p in source.iterdir()
                                       if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                                       and not p.name.startswith(".")))
        elif mode is not None:
            found.append(source)
        else:
            raise InputError(f"{source}: no such file or directory")
    return _once(found)


def _once(files: list[Path]) -> list[Path]:
    """``files`` with each document once (see :func:`find_documents`)."""
    seen: dict[str, Path] = {}
    kept: list[Path] = []
    for path in files:
        other = seen.setdefault(path.stem, path)
        if other is path:
            kept.append(path)
        elif os.path.abspath(other) != os.path.abspath(path):
            raise InputError(f"{path}: document {path.stem!r} is named twice: also {other}; "
                             "rename one of the files or leave one out")
    return kept


#: The errors of ``stat`` that mean "not there", as :meth:`pathlib.Path.exists` and ``is_dir`` take them.
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _mode(path: Path) -> int | None:
    """``path``'s mode, or ``None`` if it is not there: one ``stat`` for what ``is_dir`` then ``exists`` asked
    with two (#12: a batch names each of its files); another error of ``stat`` is raised, as they raise it."""
    try:
        return path.stat().st_mode
    except OSError as exc:
        if exc.errno not in _NOT_THERE:
            raise
    except ValueError:  # a NUL character in the path
        pass
    return None


def _one_per_stem(files: Iterable[Path]) -> list[Path]:
    """One file per document: the official HTML page is preferred to a saved text rendering."""
    best: dict[str, Path] = {}
    for path in files:
        current = best.get(path.stem)
        if current is None or DOCUMENT_SUFFIXES.index(path.suffix.lower()) < DOCUMENT_SUFFIXES.index(current.suffix.lower()):
            best[path.stem] = path
    return sorted(best.values())


def load_documents(sources: Iterable[str | Path] | None = None, *,
                   errors: list[InputError] | None = None,
                   admit: Callable[[Document], str | None] | None = None) -> list[Document]:
    """Parse every document under ``sources`` (default: ``data/raw``), in file order, in this
    process (:mod:`analysis.classify.batches` runs batches of files in worker processes).

    The first unreadable file raises its :class:`~analysis.errors.InputError`, unless an
    ``errors`` list is given: then the error of each unreadable file is appended to it, in file
    order, and the others are still read (for batch commands that go on past a bad file and say so).
    Given ``admit``, a parsed document for which it gives a reason (one line) is unreadable too, for
    that reason: what a later step cannot do with it (a language its themes cannot be labelled in).
    """
    files = find_documents(sources if sources is not None else [paths.raw_dir()])
    table = language_profiles() if files else None  # read once for the batch, not again for each file (#12)
    results = [_parse_or_error(path, table, admit) for path in files]
    failed = [r for r in results if isinstance(r, InputError)]
    if failed and errors is None:
        raise failed[0]
    if errors is not None:
        errors.extend(failed)
    return [r for r in results if isinstance(r, Document)]


def _parse_or_error(path: Path, profiles: Profiles | None = None,
                    admit: Callable[[Document], str | None] | None = None) -> Document | InputError:
    """The parsed document, or the one-line error that explains why it cannot be read (``profiles``: see
    :func:`analysis.corpus.parser.parse`; ``admit``: see :func:`load_documents`)."""
    try:
        document = parse(path, profiles=profiles)
    except InputError as exc:
        return exc
    reason = admit(document) if admit is not None else None
    return document if reason is None else InputError(f"{path}: {reason}")


#: Languages compared across resolutions, in order of preference (see :func:`one_per_resolution`).
COMPARISON_LANGUAGES = ("bg", "en")


def one_per_resolution(documents: Sequence[Document], languages: Sequence[str] = COMPARISON_LANGUAGES
                       ) -> tuple[list[Document], list[Document]]:
    """``(kept, left_out)``: one language version per resolution, for comparisons across years.

    Of the versions of one resolution (see :func:`analysis.ids.resolution_key`), the one
    in the first of ``languages`` is kept; versions in later or other languages are left out, so
    that no resolution is counted twice. Order and ties (two files of one version) keep input order.
    """
    rank = {code.lower(): i for i, code in enumerate(languages)}
    best: dict[str, Document] = {}
    for doc in documents:
        language = str(doc.metadata.get("language") or "").lower()
        if language not in rank:
            continue
        key = ids.resolution_key(doc.metadata)
        current = best.get(key)
        if current is None or rank[language] < rank[str(current.metadata["language"]).lower()]:
            best[key] = doc
    chosen = {id(doc) for doc in best.values()}
    kept = [doc for doc in documents if id(doc) in chosen]
    return kept, [doc for doc in documents if id(doc) not in chosen]


@dataclass
class Screening:
    """What :func:`screen` found: the documents to compare and the availability table (one row per
    file on disk and per registry resolution without one, with its ``status`` and ``reason``; see
    :mod:`analysis.corpus.admission`)."""

    documents: list[Document]
    availability: pd.DataFrame
    #: Every file parsed while screening, compared or not, by file name in the order found: what
    #: later steps read of the files left out (motions, other language versions) without parsing again.
    parsed: dict[str, Document] = field(default_factory=dict)


def screen(sources: Iterable[str | Path] | None = None, registry: pd.DataFrame | None = None,
           languages: Sequence[str] = COMPARISON_LANGUAGES) -> Screening:
    """Check every file under ``sources`` (default ``data/raw``) and keep those that may be compared.

    A file must have a provenance record that its bytes match (a mismatch is an
    :class:`~analysis.errors.InputError`: the file was edited or damaged), be an adopted text of
    ``registry`` (default: the case's, :func:`analysis.resources.cases.load_case`) named for its own
    reference and language, and be the preferred language version of its resolution
    (:func:`one_per_resolution`). A file that cannot be parsed stops the screening with its error, and
    so do admitted files of which none is in ``languages``.
    """
    if registry is None:
        from analysis.corpus.registry import load_registry
        from analysis.resources.cases import load_case

        registry = load_registry(load_case().registry)
    files = find_documents(sources if sources is not None else [paths.raw_dir()])
    references = {ids.normalise_reference(r) for r in registry["ta_reference"]} - {""}
    rows: list[dict] = []
    admitted: list[tuple[Document, dict]] = []
    parsed: dict[str, Document] = {}
    table = language_profiles() if files else None  # read once for the batch, not again for each file (#12)
    for path in files:
        row = {"file": path.name, "language": (ids.split_name(path.stem)[1] or "").upper(), "status": "compared",
               "reason": ""}
        doc = None
        if not admission.verify(path):
            row["status"], row["reason"] = "no_record", f"no provenance record ({provenance.record_path(path).name})"
        else:
            doc = parsed[path.name] = parse(path, profiles=table)
            row["language"] = str(doc.metadata.get("language") or row["language"]).upper()
            refused = admission.refusal(doc, references)
            if refused:
                row["status"], row["reason"] = refused
            else:
                admitted.append((doc, row))
        row["registry_row"] = admission.registry_row(registry, path, doc)
        rows.append(row)
    kept, left_out = one_per_resolution([doc for doc, _ in admitted], languages)
    for doc, row in admitted:
        if any(doc is other for other in left_out):
            row["status"], row["reason"] = "other_language", admission.language_reason(doc, kept, languages)
    if admitted and not kept:
        found = sorted({str(doc.metadata["language"]).lower() for doc, _ in admitted})
        raise AnalysisError(f"no resolution on disk in {', '.join(languages)} (found: {', '.join(found)}); "
                            "choose the languages to compare (report: --lang)")
    return Screening(kept, admission.availability_frame(registry, rows), parsed)


def exclusion_note(available: pd.DataFrame, limit: int = 5) -> str:
    """One sentence on the files on disk that are not compared, with their reasons (empty if none)."""
    left = available[~available["status"].isin(["compared", "missing"])]
    if left.empty:
        return ""
    shown = "; ".join(f"{f} ({r})" for f, r in zip(left["file"][:limit], left["reason"][:limit]))
    more = f"; and {len(left) - limit} more" if len(left) > limit else ""
    return f"Not compared: {len(left)} file(s) on disk: {shown}{more}."


def load_for_comparison(sources: Iterable[str | Path] | None = None,
                        languages: Sequence[str] = COMPARISON_LANGUAGES,
                        registry: pd.DataFrame | None = None) -> tuple[list[Document], str]:
    """The documents under ``sources`` (default ``data/raw``) that may be compared, one language
    version per resolution (:func:`screen`), and a note on the files left out and why."""
    screening = screen(sources, registry, languages)
    return screening.documents, exclusion_note(screening.availability)


#: The document metadata that :func:`unit_columns` repeats on every unit.
UNIT_METADATA = ["reference", "date", "language"]


def units_frame(documents: Sequence[Document], kinds: Collection[str] | None = None) -> pd.DataFrame:
    """All units of all documents (or only those of ``kinds``), one row per unit, with document
    metadata columns."""
    if not documents:
        return pd.DataFrame(columns=[*UNIT_COLUMNS, *UNIT_METADATA])
    columns = unit_columns(documents, kinds)
    if kinds is not None and not columns["document"]:  # no such unit: the frame of all, emptied (its types kept)
        return units_frame(documents).iloc[:0].reset_index(drop=True)
    units = pd.DataFrame({key: columns[key] for key in UNIT_COLUMNS}, columns=UNIT_COLUMNS)
    for key in UNIT_METADATA:  # text columns of Python objects, None where missing, as they were when repeated per
        # document and as unit_columns has them (a bare object array is a str column with NaN in pandas 3)
        units[key] = pd.Series(columns[key], dtype=object, index=units.index)
    return units


def unit_columns(documents: Sequence[Document], kinds: Collection[str] | None = None) -> dict[str, list]:
    """The units of :func:`units_frame` as ``{column: list of values}`` (``UNIT_COLUMNS`` and
    ``UNIT_METADATA``), without pandas (``classify``'s rows, #12)."""
    columns = [doc.unit_columns() for doc in documents]  # one table of all, not one per document (#12)
    if kinds is not None:  # the rows kept before the table is built, not taken out of it (#12)
        kept = [[i for i, kind in enumerate(c["kind"]) if kind in kinds] for c in columns]
        columns = [{key: [c[key][i] for i in rows] for key in UNIT_COLUMNS} for c, rows in zip(columns, kept)]
    units = {key: [value for c in columns for value in c[key]] for key in UNIT_COLUMNS}
    lengths = [len(c["kind"]) for c in columns]
    for key in UNIT_METADATA:
        units[key] = [value for doc, length in zip(documents, lengths) for value in [doc.metadata[key]] * length]
    return units


WARNING_COLUMNS = ["document", "warning"]


def warnings_frame(documents: Sequence[Document]) -> pd.DataFrame:
    """The parser's warnings (numbering gaps, call-outs to no footnote, ...): one row per document and
    warning, so that what a reader of the tables should check is in the tables too."""
    rows = [(str(doc.metadata["document"]), warning) for doc in documents for warning in doc.warnings]
    return pd.DataFrame(rows, columns=WARNING_COLUMNS)


def availability(registry: pd.DataFrame | None = None, sources: Iterable[str | Path] | None = None,
                 languages: Sequence[str] = COMPARISON_LANGUAGES) -> pd.DataFrame:
    """Which registry resolutions are on disk and which files are compared: one row per file on disk
    and per registry resolution without one, with ``status`` and ``reason`` (see :func:`screen`)."""
    return screen(sources, registry, languages).availability


FETCH_COMMAND = "make data   (or: python -m analysis fetch --lang bg,en)"


def availability_note(available: pd.DataFrame, case: Case | None = None, labels: pd.DataFrame | None = None) -> str:
    """One plain sentence on the registry resolutions compared, those missing and the command that
    fetches them; when none of them is on disk, that the texts of ``case`` (default: the loaded one) are
    not on disk, and the command that fetches that case's texts. A compared resolution is named by its
    label in ``labels`` (``document``, ``label``: "2099a" where a year has two), else by its year."""
    registered = available[available["doceo_id"] != ""]
    compared = registered.groupby("doceo_id", sort=False)["status"].agg(lambda s: (s == "compared").any())
    years = dict(zip(registered["doceo_id"], registered["year"]))
    named = {} if labels is None else {ids.split_name(str(d))[0]: str(label)
                                        for d, label in zip(labels["document"], labels["label"])}
    present = [named.get(d, str(years[d])) for d in compared.index if compared[d]]
    missing = [str(years[d]) for d in compared.index if not compared[d]]
    if missing and not present:
        from analysis.resources.cases import load_case

        case = case or load_case()
        return (f"The texts of case {case.name} are not on disk: none of its {len(missing)} resolutions "
                f"({', '.join(missing)}) can be compared, so the results below are empty. Fetch them on a machine "
                f"with internet: python -m analysis fetch --case {case.name} --lang {','.join(case.languages)}")
    note = f"Resolutions compared: {', '.join(present) if present else 'none'}."
    if missing:
        note += (f" Missing: {', '.join(missing)}; results below cover only what is on disk."
                 f" Fetch the rest on a machine with internet: {FETCH_COMMAND}")
    return note
