"""The political groups' motions (``B``) behind a resolution: which they are, and which are on disk.

A joint motion for a resolution (``RC``) replaces the motions that the groups tabled; its page
lists them under its own heading ("replacing the following motions: B10-0249/2099 (Verts/ALE)",
or "Verts/ALE (B10-0249/2099)"), which :func:`replaced_motions` reads. A motion on disk belongs to
a registry resolution when its own procedure is the resolution's (``procedure`` of the registry),
or when the joint motion of that resolution, on disk too, names it among those it replaced.

:func:`fetch_motions` fetches the joint motions of the registry's resolutions, then the motions
each of them replaced; :func:`screen_motions` admits the motions on disk for the comparison with
their adopted text (``analysis.compare.motions``): a motion needs a provenance record its bytes
match (like every file compared), must belong to a compared resolution, and must be in the
language of the version compared. It then has the availability status ``motion``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import cells, ids
from analysis.corpus import admission, kinds, textio
from analysis.corpus.documents import Screening, find_documents
from analysis.corpus.parser import Document
from analysis.resources import languages

_GROUP_AFTER = re.compile(r"^\s*\(([^()]+)\)")  # "B10-0249/2099 (Verts/ALE)"
_GROUP_BEFORE = re.compile(r"([^\s(),:;][^(),:;]*?)\s*\(\s*$")  # "Verts/ALE (B10-0249/2099)"


def replaced_motions(path: str | Path) -> list[tuple[str, str]]:
    """``(reference, group)`` of each motion that the joint motion at ``path`` replaced, in page order
    (``group`` empty where the page names none). Only the joint motion's own header is read: from its
    heading to "The European Parliament,"; a page that is no joint motion gives ``[]``."""
    path = Path(path)
    lines, _ = textio.read_lines(path)
    code = (languages.detect_language(lines) or ids.language_from_name(path.stem) or "en").lower()
    profile = languages.get_profile(code)
    wanted = {p.lower().rstrip(",") for p in profile.parliament}
    end = next((i for i, line in enumerate(lines) if line.rstrip(", :").lower() in wanted), len(lines))
    identity = kinds.identify(lines[:end], path.stem, profile)
    if identity.kind != "RC":
        return []
    found: dict[str, str] = {}
    for line in lines[identity.start:end]:
        plain = line.replace("\u2011", "-")
        for match in ids.REFERENCE_PATTERNS["B"].finditer(plain):
            after = _GROUP_AFTER.match(plain[match.end():])
            before = _GROUP_BEFORE.search(plain[:match.start()])
            group = (after.group(1) if after else before.group(1) if before else "").strip()
            found.setdefault(match.group(0), group)
    return list(found.items())


def fetch_motions(registry: pd.DataFrame, languages: Sequence[str], only: Sequence[str] | None = None,
                  **options) -> pd.DataFrame:
    """Fetch the joint motions of the registry's resolutions (all, or those ``only`` names, as
    :func:`analysis.corpus.fetch.fetch_documents` reads it), then the motions each replaced; the rows of
    both fetches (``options`` go to ``fetch_documents``). A joint motion not on disk after its fetch
    (offline, failed) names no motions, and says so in its own row."""
    from analysis.corpus import fetch

    chosen = fetch._select(registry, only)
    wanted = {doc for doc, _ in chosen}
    joint = [str(rc).strip() for doc, rc in zip(registry["doceo_id"], registry.get("joint_motion", []))
             if str(doc).strip() in wanted and ids.parse_reference(str(rc).strip()) is not None]
    if not joint:
        return pd.DataFrame(columns=fetch.COLUMNS)
    first = fetch.fetch_documents(registry, languages, only=joint, **options)
    references: list[str] = []
    for path in first.loc[first["status"].isin(["downloaded", "present"]), "path"]:
        references += [ref for ref, _ in replaced_motions(path) if ref not in references]
    if not references:
        return first
    return pd.concat([first, fetch.fetch_documents(registry, languages, only=references, **options)],
                     ignore_index=True)


@dataclass
class Motion:
    """A group motion admitted for the comparison: the parsed ``doc``, its tabling ``group`` (a list
    cell) and the ``adopted`` document (its file's name, ``document`` of the tables) it is compared with."""

    doc: Document
    group: str
    adopted: str


def _joint_motions(docs: dict[str, Document], paths: dict[str, Path]) -> dict[str, list[tuple[str, str]]]:
    """The motions each joint motion on disk replaced, by its normalised reference."""
    return {ids.normalise_reference(doc.metadata.get("reference")): replaced_motions(paths[name])
            for name, doc in docs.items() if doc.metadata.get("doc_type") == "RC"}


def screen_motions(screening: Screening, registry: pd.DataFrame,
                   sources: Sequence[str | Path] | None = None) -> tuple[list[Motion], pd.DataFrame]:
    """The motions on disk that may be compared with their adopted text, and the availability table
    with their status set to ``motion`` (see the module docstring). Files of other kinds keep their
    status; a motion of a compared resolution in another language gets ``other_language``."""
    from analysis import paths as folders

    available = screening.availability.copy()
    by_name = {p.name: p for p in find_documents(sources if sources is not None else [folders.raw_dir()])}
    candidates = available.index[(available["status"] == "other_kind") & available["file"].isin(list(by_name))]
    docs = {available.at[i, "file"]: screening.parsed[available.at[i, "file"]] for i in candidates}
    replaced = _joint_motions(docs, by_name)
    compared = {ids.normalise_reference(d.metadata.get("reference")): d for d in screening.documents}
    motions: list[Motion] = []
    for i in candidates:
        doc = docs[available.at[i, "file"]]
        if doc.metadata.get("doc_type") != "B":
            continue
        reference = ids.normalise_reference(doc.metadata.get("reference"))
        row = _resolution_of(registry, doc, reference, replaced)
        if row is None:
            continue
        adopted = compared.get(ids.normalise_reference(registry["ta_reference"].iloc[row]))
        if adopted is None:
            continue
        group = str(doc.metadata.get("groups") or "") or next(
            (g for refs in replaced.values() for ref, g in refs if ref == reference), "")
        language, wanted = (str(d.metadata.get("language") or "").upper() for d in (doc, adopted))
        name = str(adopted.metadata["document"])
        if language != wanted:
            available.loc[i, ["status", "reason"]] = [
                "other_language", f"a motion for {name}, in {language}; its adopted text is compared in {wanted}"]
            continue
        who = " and ".join(cells.split(group)) or "a group"
        available.loc[i, ["status", "reason"]] = [
            "motion", f"the motion of {who} for {name}, compared with its adopted text (table motion_paragraphs)"]
        motions.append(Motion(doc, group, name))
    return motions, available


def _resolution_of(registry: pd.DataFrame, doc: Document, reference: str,
                   replaced: dict[str, list[tuple[str, str]]]) -> int | None:
    """The registry row a motion belongs to: by its procedure, else by a joint motion on disk naming it."""
    row = admission.motion_row(registry, doc)
    if row is not None:
        return row
    for i, joint in enumerate(registry.get("joint_motion", pd.Series(dtype=str))):
        if reference in {ref for ref, _ in replaced.get(ids.normalise_reference(joint), [])}:
            return i
    return None
