"""Discovery: a registry of adopted texts built from the Open Data Portal's answers
(:mod:`analysis.corpus.opendata`), filtered by words of the title in any language, date range and
procedure type, in the columns of ``data/registry.csv``, with a provenance record naming every answer
it was built from.

Only what the portal says is filled in (DOCEO id, date, reference, procedure, joint motion, English
title, CELEX number); the columns it does not know (rule, kind, Official Journal reference, tabling
groups, vote) are left empty for a person to complete. Days before the 8th term
(:data:`~analysis.corpus.sittings.PORTAL_FROM`), which the portal does not list, are read from the
document server's daily tables of contents (:mod:`analysis.corpus.sittings`) into the same columns: the
sitting day, the text's title in each language read, its procedure and the tabled document it adopts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import atomic, ids
from analysis.progress import progress_bar
from analysis.corpus import provenance
from analysis.corpus.opendata import FIRST_YEAR, Portal
from analysis.corpus.sittings import PORTAL_FROM, PROCEDURE, Entry, Sittings
from analysis.errors import InputError
from analysis.resources.text import normalise
from analysis.resources.wildcard import check_pattern, compile_patterns

#: The columns of a registry (``data/registry.csv``), in order.
COLUMNS = ["year", "date", "doceo_id", "ta_reference", "procedure", "joint_motion", "rule", "kind", "title_en",
           "oj_reference", "celex", "tabling_groups", "vote"]
_PROCEDURE_ID = re.compile(r"eli/dl/proc/(\d{4})-(\d{4})")


@dataclass(frozen=True)
class Filters:
    """What a discovered text must satisfy: one of ``words`` (wildcard patterns, ``Kyrgyz*``) in its
    title in some language, a date within ``start``-``end``, a procedure of one of ``procedures``
    (``RSP``); an empty filter keeps everything."""

    words: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    procedures: tuple[str, ...] = ()
    _regex: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        patterns = [normalise(w) for w in self.words if w.strip()]
        for pattern in patterns:
            if problem := check_pattern(pattern):
                raise InputError(f"--title: {problem}")
        if self.start and self.end and self.start > self.end:
            raise InputError(f"--from {self.start} is after --to {self.end}")
        bad = [p for p in self.procedures if not re.fullmatch(r"[A-Z]{3}", p)]
        if bad:
            raise InputError(f"--procedure {bad[0]!r}: expected a procedure type of three capitals (RSP, INI, COD)")
        object.__setattr__(self, "_regex", compile_patterns(patterns) if patterns else None)

    def years(self, today: date) -> list[int]:
        """The years to ask the portal for: ``start``'s to ``end``'s (default: the first it lists, this one)."""
        first = max(self.start.year if self.start else FIRST_YEAR, FIRST_YEAR)
        return list(range(first, (self.end or today).year + 1))

    def toc_days(self) -> tuple[date, date] | None:
        """The days to read from the tables of contents: ``start`` to the last before the portal's
        (:data:`PORTAL_FROM`) or ``end``; ``None`` if ``start`` is not before it."""
        if self.start is None or self.start >= PORTAL_FROM:
            return None
        return self.start, min(self.end or PORTAL_FROM, PORTAL_FROM - timedelta(days=1))

    def keeps(self, row: dict[str, Any], titles: Iterable[str]) -> bool:
        day = date.fromisoformat(row["date"]) if row["date"] else None
        if (self.start or self.end) and day is None:
            return False
        if (self.start and day < self.start) or (self.end and day > self.end):
            return False
        if self.procedures and not any(row["procedure"].endswith(f"({p})") for p in self.procedures):
            return False
        return self._regex is None or any(self._regex.search(normalise(t)) for t in titles)


def _texts(value: Any) -> dict[str, str]:
    """A language map (``{"en": "..."}`` or ``[{"@language": "en", "@value": "..."}]``) as a dict."""
    if isinstance(value, dict):
        if "@value" in value:
            return {str(value.get("@language", "")): str(value["@value"])}
        return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}
    if isinstance(value, list):
        found: dict[str, str] = {}
        for item in value:
            found.update(_texts(item))
        return found
    return {}


def titles(record: dict[str, Any]) -> dict[str, str]:
    """The titles of a record by language: ``title_dcterms``, then each expression's ``title``."""
    found = _texts(record.get("title_dcterms"))
    for expression in record.get("is_realized_by") or []:
        if isinstance(expression, dict):
            for code, text in _texts(expression.get("title")).items():
                found.setdefault(code, text)
    return found


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _procedure(record: dict[str, Any]) -> str:
    """The procedure reference (``2021/2544(RSP)``) the record holds, preferring its procedure link."""
    for value in (record.get("based_on_a_concept_procedure"), record):
        match = next((m for s in _strings(value) if (m := PROCEDURE.search(s))), None)
        if match:
            return match.group(0)
    return ""


def _joint_motion(record: dict[str, Any]) -> str:
    """The reference of the tabled document the text adopts (``adopts``: a joint motion or a motion)."""
    for value in _strings(record.get("adopts")):
        found = ids.parse_doceo_id(value.rsplit("/", 1)[-1])
        if found and found.kind in ("RC", "B", "A"):
            return found.reference()
    return ""


def _date(record: dict[str, Any]) -> str:
    value = record.get("document_date")
    value = value.get("@value") if isinstance(value, dict) else value
    return str(value)[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", str(value)) else ""


def registry_row(record: dict[str, Any]) -> dict[str, Any] | None:
    """One registry row from an adopted text's description, or ``None`` if it names no adopted text."""
    doc = ids.parse_doceo_id(str(record.get("identifier", "")))
    if doc is None or doc.kind != "TA":
        return None
    day = _date(record)
    return {"year": day[:4] or str(doc.year), "date": day, "doceo_id": doc.doceo_id, "ta_reference": doc.reference(),
            "procedure": _procedure(record), "joint_motion": _joint_motion(record), "rule": "", "kind": "",
            "title_en": titles(record).get("en", ""), "oj_reference": "", "celex": ids.celex_of(doc.doceo_id) or "",
            "tabling_groups": "", "vote": ""}


def toc_rows(sittings: Sittings, filters: Filters, languages: Sequence[str] = ("en",),
             progress: bool | None = None) -> list[dict[str, Any]]:
    """The registry rows of the texts the daily tables of contents list (:meth:`Filters.toc_days`) that
    ``filters`` keep, their titles read in each of ``languages``."""
    days = filters.toc_days()
    if days is None:
        return []
    found: dict[str, list[Entry]] = {}
    with progress_bar(total=(days[1] - days[0]).days + 1, progress=progress, desc="tables of contents",
                      unit="day") as bar:
        for entry in sittings.entries(days[0], days[1], tuple(languages), step=bar.update):
            found.setdefault(entry.doceo_id, []).append(entry)
    rows = []
    for doceo_id, entries in found.items():
        doc = ids.parse_doceo_id(doceo_id)
        titles_by_language = {e.language: e.title for e in entries}
        row = {"year": entries[0].day[:4], "date": entries[0].day, "doceo_id": doceo_id,
               "ta_reference": doc.reference() if doc else "",
               "procedure": next((e.procedure for e in entries if e.procedure), ""),
               "joint_motion": next((e.tabled for e in entries if e.tabled), ""), "rule": "", "kind": "",
               "title_en": titles_by_language.get("en", ""), "oj_reference": "",
               "celex": ids.celex_of(doceo_id) or "", "tabling_groups": "", "vote": ""}
        if filters.keeps(row, titles_by_language.values()):
            rows.append(row)
    return rows


def discover(portal: Portal, filters: Filters, today: date | None = None, limit: int = 50,
             progress: bool | None = None, sittings: Sittings | None = None,
             languages: Sequence[str] = ("en",)) -> pd.DataFrame:
    """The registry rows of the adopted texts the portal lists, and (with ``sittings``) those the daily
    tables of contents list before the portal's first day, that ``filters`` keep, by date then id; a text
    both list is taken from the portal."""
    rows = []
    for year in filters.years(today or date.today()):
        listed = [str(item.get("identifier", "")) for item in portal.adopted_texts(year, limit)]
        listed = [i for i in listed if (found := ids.parse_doceo_id(i)) and found.kind == "TA"]
        with progress_bar(total=len(listed), progress=progress, desc=f"adopted texts {year}", unit="text") as bar:
            for identifier in listed:
                record = portal.adopted_text(identifier)
                row = registry_row(record) if record else None
                if row and filters.keeps(row, titles(record).values()):
                    rows.append(row)
                bar.update(1)
    if sittings is not None:
        known = {row["doceo_id"] for row in rows}
        rows += [row for row in toc_rows(sittings, filters, languages, progress) if row["doceo_id"] not in known]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["date", "doceo_id"], kind="stable").reset_index(drop=True)


def write_registry(frame: pd.DataFrame, path: Path, portal: Portal, filters: Filters,
                   sittings: Sittings | None = None) -> None:
    """Write the registry (atomically) and its provenance record: the filters and every answer used
    (the portal's; the tables of contents read, and how many days had none)."""
    atomic.write_text(path, frame.to_csv(index=False, lineterminator="\n"))
    record = {
        "obtained": "built by analysis discover from the Open Data Portal's answers",
        "source_url": portal.base, "sha256": provenance.sha256_file(path), "bytes": path.stat().st_size,
        "filters": {"title": list(filters.words), "from": str(filters.start or ""), "to": str(filters.end or ""),
                    "procedure": list(filters.procedures)},
        "answers": [{"source_url": r["source_url"], "sha256": r["sha256"], "retrieved_at": r["retrieved_at"]}
                    for _, r in sorted(portal.sources.items())],
        "reuse_notice": provenance.REUSE_NOTICE,
    }
    if sittings is not None:
        record["obtained"] += " and the document server's daily tables of contents of texts adopted"
        record["tables_of_contents"] = [{"source_url": r["source_url"], "sha256": r["sha256"],
                                         "retrieved_at": r["retrieved_at"]} for _, r in sorted(sittings.sources.items())]
        record["days_without_table_of_contents"] = len(sittings.absent)
    provenance.write_record(path, record)


def parse_filters(words: str | None, start: str | None, end: str | None,
                  procedures: str | None) -> Filters:
    """Filters from the command line's strings (comma-separated lists, ``YYYY-MM-DD`` dates)."""
    def day(value: str | None, option: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{option} {value!r}: expected a date YYYY-MM-DD") from None

    def items(value: str | None) -> Sequence[str]:
        return tuple(v.strip() for v in (value or "").split(",") if v.strip())

    return Filters(items(words), day(start, "--from"), day(end, "--to"), tuple(p.upper() for p in items(procedures)))
