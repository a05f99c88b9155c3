"""A resolution's metadata, read from the header lines above its first unit.

Reference and kind (``doc_type``: adopted text, joint motion, group motion or report; see
:mod:`analysis.corpus.kinds`), DOCEO id, date, procedure, title, place and, for motions, the
tabling ``groups``. Everything but the kind and reference is read from the document's own part of
the header, from its kind heading on, so that the navigation above it (other documents'
references, the dates of votes and sittings) never lends a value: what the page does not state
is ``None`` (``""`` for ``groups``). Ids are read with :mod:`analysis.ids` and dates with
:mod:`analysis.corpus.dates`; the language profile gives the month names, the opening words
of the resolution line and the word that introduces the title.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from analysis import ids
from analysis.corpus import dates
from analysis.corpus.kinds import Identity, tabling_groups
from analysis.resources.languages import LanguageProfile

KEYS = ["document", "reference", "doc_type", "doceo_id", "date", "procedure", "title", "groups",
        "language", "place", "format", "source"]

_PROCEDURE = re.compile(r"\d{4}/\d{4}\([A-Z]{3}\)")
# A line that is a date, possibly with the procedure: "7.5.2025 - (2025/2691(RSP))" on a motion's page.
_DATE_LINE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{4}(?:\s*[-–]\s*\(.*\))?$")
_PLACE_LINE = re.compile(r"^[^\W\d_]+,\s+\d{1,2}\.?\s+\S+\s+\d{4}.*?\s[-–]\s+([^\W\d_][^\d]*)$")


def header_metadata(header: list[str], identity: Identity, name: str, source: str, fmt: str, code: str,
                    profile: LanguageProfile) -> dict[str, Any]:
    """The metadata dict (keys :data:`KEYS`) of a document named ``name`` from its ``header`` lines.

    Kind and reference are the page's ``identity`` (:func:`analysis.corpus.kinds.identify`). The
    rest is read from its own part, ``header[identity.start:]``: the date of the resolution line,
    else of the place line ("Thursday, 11 February 2021 - Brussels"), else of a line that is a
    date ("7.5.2025", before or after the heading); a day that does not exist is no date.
    """
    own = header[identity.start:]
    text = "\n".join(own)
    reference = identity.reference
    resolution_line = _resolution_line(own, profile)
    place_line = next((line for line in own if _PLACE_LINE.match(line)), None)
    procedure = _first(_PROCEDURE, resolution_line or "") or _first(_PROCEDURE, text)
    date = ((dates.first_date(resolution_line, profile.months, profile.date_forms) if resolution_line else None)
            or (dates.first_date(place_line, profile.months, profile.date_forms) if place_line else None)
            or _date_line_date([*own, *header]))
    return {
        "document": name, "reference": reference, "doc_type": identity.kind,
        "doceo_id": ids.doceo_id_from_reference(reference) if reference else None,
        "date": date.isoformat() if date else None, "procedure": procedure,
        "title": _title(own, place_line, resolution_line, identity.subject, profile),
        "groups": tabling_groups(own, profile) if identity.kind in ("RC", "B") else "",
        "language": code,
        "place": _PLACE_LINE.match(place_line).group(1).strip() if place_line else None,
        "format": fmt, "source": source,
    }


def _date_line_date(lines: list[str]) -> datetime.date | None:
    """The date of the first line that is a date ("7.5.2025") whose day exists, looked for only when no
    other date is found (#12)."""
    found = (dates.numeric_date(line) for line in lines if _DATE_LINE.match(line))
    return next((when for when in found if when is not None), None)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def _resolution_line(header: list[str], profile: LanguageProfile) -> str | None:
    """The line "European Parliament resolution of ... on ... (2021/2544(RSP))", if any."""
    starts = tuple(s.lower() for s in profile.resolution_line)
    for line in header:
        if starts and line.lower().startswith(starts) and _PROCEDURE.search(line):
            return line
    return next((line for line in header if _PROCEDURE.search(line) and len(line) > 60), None)


def _title(header: list[str], place_line: str | None, resolution_line: str | None, subject: str | None,
           profile: LanguageProfile) -> str | None:
    """The line after the place line (unless it is a reference), else the subject the kind heading
    names ("MOTION FOR A RESOLUTION on <subject>"), else the subject of the resolution line."""
    if place_line:
        following = header[header.index(place_line) + 1:]
        for line in following[:2]:
            if not ids.mentions_reference(line):
                return line
    if subject:
        return subject
    if resolution_line:
        body = _PROCEDURE.sub("", resolution_line)
        body = re.sub(r"\s*\(\s*\)\s*$", "", body).strip()
        for intro in profile.title_intro:
            match = re.search(rf"\s{re.escape(intro)}\s+(.+)$", body, re.I)
            if match:
                return match.group(1).strip()
        return body
    return None
