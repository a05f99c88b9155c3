"""Which files on disk may enter a comparison, and why the others do not.

A file is compared only if it is what it claims to be: it has a provenance record and its bytes
match the SHA-256 recorded there (a file that does not match is an error, never skipped), it is an
adopted text (``doc_type`` TA, read from the document's own heading), its own reference is one of
the case registry's adopted texts, its file name agrees with its reference and language, and it is
the preferred language version of its resolution. Every other file gets a status and a reason
(:data:`STATUSES`), listed in the availability table (:func:`availability_frame`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis import ids, lazy
from analysis.corpus import provenance
from analysis.corpus.parser import Document
from analysis.errors import InputError

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

#: Status of each row of the availability table: what it means.
STATUSES = {
    "compared": "the file enters the comparison",
    "missing": "a registry resolution with no file on disk",
    "no_record": "the file has no provenance record, so nothing vouches for where it came from",
    "other_kind": "the document is not an adopted text (a motion, a report, an unknown kind)",
    "not_in_registry": "the document's own reference is not one of the case registry's adopted texts",
    "name_mismatch": "the document's own reference or language is not the one its file name says",
    "other_language": "another language version of the resolution is compared, or the language is not compared",
    # group motions (#14): compared with their adopted text, never counted as a resolution
    "motion": "a political group's motion for a compared resolution, compared with its adopted text "
              "(analysis.corpus.motions)",
}
#: Columns of the availability table, in order; one row per registry resolution without a file and
#: per file on disk. Key: (``doceo_id``, ``file``).
COLUMNS = ["year", "date", "doceo_id", "ta_reference", "title_en", "file", "language", "status", "reason"]
#: What each document kind is called in a reason.
KIND_NAMES = {"TA": "an adopted text", "RC": "a joint motion for a resolution", "B": "a motion for a resolution",
              "A": "a report"}
FETCH_HINT = "python -m analysis fetch --force --only {doceo_id} --lang {language}"


def verify(path: Path) -> bool:
    """``True`` if ``path`` matches its provenance record, ``False`` if it has none; a file whose bytes
    do not match its record is an :class:`~analysis.errors.InputError` naming the file and the fix."""
    verified = provenance.verify(path)
    if verified is False:
        doceo_id, language = ids.split_name(path.stem)
        hint = FETCH_HINT.format(doceo_id=doceo_id, language=language or "bg")
        raise InputError(f"{path}: its bytes do not match the SHA-256 of its provenance record "
                         f"({provenance.record_path(path).name}); re-fetch it ({hint}) or restore the original file")
    return bool(verified)


def refusal(doc: Document, references: set[str]) -> tuple[str, str] | None:
    """``(status, reason)`` if the parsed ``doc`` may not be compared, ``None`` if it may.

    ``references``: the registry's adopted texts (``ta_reference``), normalised
    (:func:`analysis.ids.normalise_reference`).
    """
    meta = doc.metadata
    kind = meta.get("doc_type")
    if kind != "TA":
        what = KIND_NAMES.get(str(kind), f"of kind {kind}") if kind else "of a kind that could not be read"
        return "other_kind", f"the document is {what}, not an adopted text (TA)"
    reference = ids.normalise_reference(meta.get("reference"))
    if not reference:
        return "not_in_registry", "its own reference could not be read, so it matches no registry resolution"
    if reference not in references:
        return "not_in_registry", f"its reference {meta['reference']} is not one of the case registry's adopted texts"
    named_id, named_language = ids.split_name(str(meta.get("document", "")))
    own_id = ids.doceo_id_from_reference(reference)
    if ids.parse_doceo_id(named_id) is not None and own_id and named_id != own_id:
        return "name_mismatch", f"its own reference {meta['reference']} is not {named_id}, as its file name says"
    language = str(meta.get("language") or "").lower()
    if named_language and language and named_language != language:
        return "name_mismatch", f"it is in {language.upper()}, not {named_language.upper()} as its file name says"
    return None


def language_reason(doc: Document, kept: Sequence[Document], languages: Sequence[str]) -> str:
    """Why the admitted ``doc`` is not the version compared (see ``documents.one_per_resolution``)."""
    language = str(doc.metadata.get("language") or "?").upper()
    key = ids.resolution_key(doc.metadata)
    chosen = next((d for d in kept if ids.resolution_key(d.metadata) == key), None)
    if chosen is not None:
        return f"another language version of this resolution is compared ({chosen.metadata['document']})"
    return f"{language} is not among the languages compared ({', '.join(languages)})"


def registry_row(registry: pd.DataFrame, path: Path, doc: Document | None) -> int | None:
    """The position of the registry resolution that a file belongs to: by the document's own
    reference (adopted text or joint motion), a group motion by its procedure (:func:`motion_row`),
    else by the DOCEO id of its file name; ``None`` if none."""
    reference = ids.normalise_reference(doc.metadata.get("reference")) if doc is not None else ""
    for column in ("ta_reference", "joint_motion"):
        if reference and column in registry.columns:
            hits = [i for i, value in enumerate(registry[column]) if ids.normalise_reference(value) == reference]
            if hits:
                return hits[0]
    row = motion_row(registry, doc)
    if row is not None:
        return row
    named_id = ids.split_name(path.stem)[0]
    hits = [i for i, value in enumerate(registry["doceo_id"]) if str(value) == named_id]
    return hits[0] if hits else None


def motion_row(registry: pd.DataFrame, doc: Document | None) -> int | None:
    """The position of the registry resolution whose procedure a group motion (``B``) names, else ``None``."""
    if doc is None or doc.metadata.get("doc_type") != "B" or "procedure" not in registry.columns:
        return None
    procedure = str(doc.metadata.get("procedure") or "").strip()
    hits = [i for i, value in enumerate(registry["procedure"]) if procedure and str(value).strip() == procedure]
    return hits[0] if hits else None


def availability_frame(registry: pd.DataFrame, rows: Sequence[dict]) -> pd.DataFrame:
    """The availability table: one row per file (``rows`` of ``registry_row``, ``file``, ``language``,
    ``status``, ``reason``) and one ``missing`` row per registry resolution with no file; in registry
    order, then the files outside the registry, by name (columns: :data:`COLUMNS`)."""
    base = registry[["year", "date", "doceo_id", "ta_reference", "title_en"]].reset_index(drop=True)
    out = []
    for i in range(len(base)):
        mine = sorted((r for r in rows if r["registry_row"] == i), key=lambda r: r["file"])
        if not mine:
            mine = [{"file": "", "language": "", "status": "missing",
                     "reason": "not on disk; fetch it with make data"}]
        out += [{**base.iloc[i].to_dict(), **{k: r[k] for k in COLUMNS[5:]}} for r in mine]
    for r in sorted((r for r in rows if r["registry_row"] is None), key=lambda r: r["file"]):
        out.append({"year": pd.NA, "date": pd.NaT, "doceo_id": "", "ta_reference": "", "title_en": "",
                    **{k: r[k] for k in COLUMNS[5:]}})
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
