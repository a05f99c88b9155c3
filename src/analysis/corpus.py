"""The corpus on disk: find resolution files, parse them, and tie them to the registry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError
from .parser import Document, parse

DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")  # in order of preference


def find_documents(sources: Iterable[str | Path]) -> list[Path]:
    """Resolution files named in ``sources``; directories are searched (not recursively).

    Provenance records and other non-document files in a directory are skipped; a named
    file is always taken. The order is sorted by name, so runs are reproducible.
    """
    found: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            found.extend(_one_per_stem(p for p in source.iterdir()
                                       if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                                       and not p.name.startswith(".")))
        elif source.exists():
            found.append(source)
        else:
            raise InputError(f"{source}: no such file or directory")
    return found


def _one_per_stem(files: Iterable[Path]) -> list[Path]:
    """One file per document: the official HTML page is preferred to a saved text rendering."""
    best: dict[str, Path] = {}
    for path in files:
        current = best.get(path.stem)
        if current is None or DOCUMENT_SUFFIXES.index(path.suffix.lower()) < DOCUMENT_SUFFIXES.index(current.suffix.lower()):
            best[path.stem] = path
    return sorted(best.values())


def load_documents(sources: Iterable[str | Path] | None = None, *, workers: int = 1,
                   progress: bool = False) -> list[Document]:
    """Parse every document under ``sources`` (default: ``data/raw``)."""
    files = find_documents(sources if sources is not None else [paths.raw_dir()])
    if workers > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(parse, files, chunksize=max(1, len(files) // (workers * 8))))
    iterator: Iterable[Path] = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc="parse", unit="doc", disable=None)
    return [parse(path) for path in iterator]


def units_frame(documents: Sequence[Document]) -> pd.DataFrame:
    """All units of all documents, one row per unit, with document metadata columns."""
    if not documents:
        return pd.DataFrame(columns=["document", "position", "kind", "label", "text", "footnotes",
                                     "reference", "date", "language"])
    frames = []
    for doc in documents:
        frame = doc.units.copy()
        frame["reference"] = doc.metadata["reference"]
        frame["date"] = doc.metadata["date"]
        frame["language"] = doc.metadata["language"]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def documents_frame(documents: Sequence[Document]) -> pd.DataFrame:
    """One row per document: its metadata and unit counts."""
    rows = []
    for doc in documents:
        counts = doc.counts()
        rows.append({**doc.metadata, **{f"n_{k}": counts.get(k, 0) for k in
                                        ("citation", "recital", "paragraph", "footnote")}})
    return pd.DataFrame(rows)


def availability(registry: pd.DataFrame, sources: Iterable[str | Path] | None = None) -> pd.DataFrame:
    """Which registry resolutions are on disk, and in which languages (one row per resolution)."""
    files = find_documents(sources if sources is not None else [paths.raw_dir()])
    on_disk: dict[str, list[str]] = {}
    for path in files:
        doceo_id, _, language = path.stem.rpartition("_")
        if doceo_id:
            on_disk.setdefault(doceo_id, []).append(language.upper())
    frame = registry[["year", "date", "doceo_id", "ta_reference", "title_en"]].copy()
    frame["languages_on_disk"] = [";".join(sorted(on_disk.get(d, []))) for d in frame["doceo_id"]]
    frame["present"] = frame["languages_on_disk"] != ""
    return frame.reset_index(drop=True)


FETCH_COMMAND = "make data   (or: python -m analysis fetch --lang bg,en)"


def availability_note(available: pd.DataFrame) -> str:
    """One plain sentence on what is present, what is missing and the command that fetches it."""
    present = [str(y) for y in available.loc[available["present"], "year"]]
    missing = [str(y) for y in available.loc[~available["present"], "year"]]
    note = f"Resolutions on disk: {', '.join(present) if present else 'none'}."
    if missing:
        note += (f" Missing: {', '.join(missing)}; results below cover only what is on disk."
                 f" Fetch the rest on a machine with internet: {FETCH_COMMAND}")
    return note
