"""Document ids: the one place that knows how the Parliament names its documents.

Four kinds of document, each with a *reference* (as cited in texts) and a *DOCEO id* (as used
in URLs and file names):

=====================  =======================  ==================
kind                   reference                DOCEO id
=====================  =======================  ==================
``TA`` adopted text    ``P9_TA(2021)0056``      ``TA-9-2021-0056``
                       ``P9_TA-PROV(2021)0056``  (provisional)
``RC`` joint motion    ``RC-B9-0144/2021``      ``RC-9-2021-0144``
``B`` group motion     ``B9-0079/2022``         ``B-9-2022-0079``
``A`` report           ``A9-0163/2024``         ``A-9-2024-0163``
=====================  =======================  ==================

An adopted text also has a CELEX number in EUR-Lex: ``5<year>IP<number>`` (``52021IP0056`` for
``P9_TA(2021)0056``; sector 5, preparatory acts, descriptor IP, the Parliament's resolutions). It
names no term, so the term is read off the year, except in an election year (:data:`ELECTION_YEARS`),
where two terms adopted texts; there it is ambiguous and :func:`parse_any` asks for the DOCEO id.
:func:`parse_any` reads every form a user may type and names the accepted forms when it cannot.

A language version of a document is named ``<doceo id>_<LL>`` (``TA-9-2021-0056_BG``), and its
official page is ``<DOCEO_BASE><name>.html``. Conversions return ``None`` for a string that is
not an id of the kind they read; building a name from a malformed language code is an
:class:`~analysis.errors.InputError`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import InputError

KINDS = ("TA", "RC", "B", "A")
DOCEO_BASE = "https://www.europarl.europa.eu/doceo/document/"

#: The references of each kind as they are found in running text (first match wins).
REFERENCE_PATTERNS = {
    "TA": re.compile(r"P\d{1,2}_TA(?:-PROV)?\(\d{4}\)\d{4}"),
    "RC": re.compile(r"RC-B\d{1,2}-\d{4}/\d{4}"),
    "B": re.compile(r"(?<![\w-])B\d{1,2}-\d{4}/\d{4}"),
    "A": re.compile(r"(?<![\w-])A\d{1,2}-\d{4}/\d{4}"),
}
_REFERENCE = {
    "TA": re.compile(r"P(?P<term>\d{1,2})_TA(?P<prov>-PROV)?\((?P<year>\d{4})\)(?P<number>\d{4})"),
    "RC": re.compile(r"RC-B(?P<term>\d{1,2})-(?P<number>\d{4})/(?P<year>\d{4})"),
    "B": re.compile(r"B(?P<term>\d{1,2})-(?P<number>\d{4})/(?P<year>\d{4})"),
    "A": re.compile(r"A(?P<term>\d{1,2})-(?P<number>\d{4})/(?P<year>\d{4})"),
}
_DOCEO = re.compile(r"(?P<kind>TA|RC|B|A)-(?P<term>\d{1,2})-(?P<year>\d{4})-(?P<number>\d{4})")
_LANGUAGE_SUFFIX = re.compile(r"_([A-Za-z]{2})$")
_CELEX = re.compile(r"5(?P<year>\d{4})IP(?P<number>\d{4})")
#: The years each parliamentary term adopted texts in (first, last); an election year is in two.
TERM_YEARS = {5: (1999, 2004), 6: (2004, 2009), 7: (2009, 2014), 8: (2014, 2019), 9: (2019, 2024), 10: (2024, 2029)}
ELECTION_YEARS = frozenset(first for first, _ in TERM_YEARS.values()) & frozenset(last for _, last in TERM_YEARS.values())
#: Every form of reference :func:`parse_any` reads, with an example each.
ACCEPTED_FORMS = (
    ("DOCEO id", "TA-9-2021-0056"),
    ("adopted text", "P9_TA(2021)0056"),
    ("provisional adopted text", "P9_TA-PROV(2021)0056"),
    ("joint motion", "RC-B9-0144/2021"),
    ("group motion", "B9-0079/2022"),
    ("report", "A9-0163/2024"),
    ("CELEX number of an adopted text", "52021IP0056"),
)


@dataclass(frozen=True)
class DocumentId:
    """One document of the Parliament: ``kind`` (TA, RC, B or A), parliamentary ``term``, ``year``, ``number``."""

    kind: str
    term: int
    year: int
    number: str  # four digits, leading zeros kept: "0056"

    @property
    def doceo_id(self) -> str:
        """``TA-9-2021-0056``, ``RC-9-2021-0144``, ``B-9-2022-0079``, ``A-9-2024-0163``."""
        return f"{self.kind}-{self.term}-{self.year}-{self.number}"

    def reference(self, provisional: bool = False) -> str:
        """``P9_TA(2021)0056`` (``P9_TA-PROV(2021)0056`` if ``provisional``), ``RC-B9-0144/2021``,
        ``B9-0079/2022``, ``A9-0163/2024``."""
        if self.kind == "TA":
            return f"P{self.term}_TA{'-PROV' if provisional else ''}({self.year}){self.number}"
        prefix = "RC-B" if self.kind == "RC" else self.kind
        return f"{prefix}{self.term}-{self.number}/{self.year}"


def _from_match(kind: str, match: re.Match[str] | None) -> DocumentId | None:
    if match is None:
        return None
    return DocumentId(kind, int(match["term"]), int(match["year"]), match["number"])


def parse_reference(reference: object) -> DocumentId | None:
    """The document a reference names (``P9_TA-PROV(2021)0056``, ``RC-B9-0144/2021``, ``B9-0079/2022``,
    ``A9-0163/2024``), or ``None``."""
    text = str(reference).strip() if reference is not None else ""
    for kind in KINDS:
        found = _from_match(kind, _REFERENCE[kind].fullmatch(text))
        if found:
            return found
    return None


def parse_doceo_id(doceo_id: object) -> DocumentId | None:
    """The document a DOCEO id names (``TA-9-2021-0056``), or ``None``."""
    text = str(doceo_id).strip() if doceo_id is not None else ""
    match = _DOCEO.fullmatch(text)
    return _from_match(match["kind"], match) if match else None


def terms_of_year(year: int) -> list[int]:
    """The parliamentary terms that adopted texts in ``year`` (two in an election year, none outside
    :data:`TERM_YEARS`)."""
    return [term for term, (first, last) in TERM_YEARS.items() if first <= year <= last]


def celex_of(doceo_id: object) -> str | None:
    """The CELEX number of an adopted text (``TA-9-2021-0056`` -> ``52021IP0056``); ``None`` for
    another kind or no DOCEO id."""
    found = parse_doceo_id(doceo_id)
    return f"5{found.year}IP{found.number}" if found and found.kind == "TA" else None


def accepted_forms() -> str:
    """The accepted forms of reference, for a message: ``DOCEO id (TA-9-2021-0056), ...``."""
    return ", ".join(f"{name} ({example})" for name, example in ACCEPTED_FORMS)


def parse_any(reference: object) -> DocumentId:
    """The document any accepted form names (:data:`ACCEPTED_FORMS`: DOCEO id, reference of any kind,
    CELEX number of an adopted text); an :class:`~analysis.errors.InputError` naming the accepted forms
    for anything else, and for a CELEX number of an election year (two terms adopted texts that year).
    Case does not matter (``ta-9-2021-0056``)."""
    text = str(reference).strip() if reference is not None else ""
    found = parse_doceo_id(text.upper()) or parse_reference(text.upper())
    if found:
        return found
    celex = _CELEX.fullmatch(text.upper())
    if celex:
        year = int(celex["year"])
        terms = terms_of_year(year)
        if len(terms) == 1:
            return DocumentId("TA", terms[0], year, celex["number"])
        if terms:
            options = " or ".join(f"TA-{t}-{year}-{celex['number']}" for t in terms)
            raise InputError(f"{text}: CELEX names no term and terms {' and '.join(map(str, terms))} both "
                             f"adopted texts in {year}; give the DOCEO id ({options})")
    raise InputError(f"{text!r} is no document reference; accepted forms: {accepted_forms()}")


def doceo_id_from_reference(reference: object) -> str | None:
    """``P9_TA(2021)0056`` -> ``TA-9-2021-0056``, ``RC-B9-0144/2021`` -> ``RC-9-2021-0144``; ``None`` if no reference."""
    found = parse_reference(reference)
    return found.doceo_id if found else None


def reference_from_doceo_id(doceo_id: object, provisional: bool = False) -> str | None:
    """``TA-9-2021-0056`` -> ``P9_TA(2021)0056``, ``B-9-2022-0079`` -> ``B9-0079/2022``; ``None`` if no DOCEO id."""
    found = parse_doceo_id(doceo_id)
    return found.reference(provisional) if found else None


def find_reference(text: str, kind: str) -> str | None:
    """The first reference of ``kind`` (TA, RC, B or A) written in ``text``, as written."""
    match = REFERENCE_PATTERNS[kind].search(text)
    return match.group(0) if match else None


def mentions_reference(text: str) -> bool:
    """Does ``text`` mention a reference of any kind?"""
    return any(pattern.search(text) for pattern in REFERENCE_PATTERNS.values())


def normalise_reference(reference: object) -> str:
    """``P9_TA-PROV(2021)0056`` and ``P9_TA(2021)0056`` compare equal; blanks (``None``, NaN) become ``""``."""
    if reference is None or (isinstance(reference, float) and reference != reference):
        return ""
    return str(reference).strip().replace("_TA-PROV(", "_TA(")


# -- document names: <doceo id>_<LL> ------------------------------------------------------------

def split_name(name: str) -> tuple[str, str | None]:
    """``"TA-9-2021-0056_BG"`` -> ``("TA-9-2021-0056", "bg")``; a name without a language suffix -> ``(name, None)``."""
    match = _LANGUAGE_SUFFIX.search(name)
    return (name[:match.start()], match.group(1).lower()) if match else (name, None)


def language_from_name(name: str) -> str | None:
    """The language code that ends a document name (``"TA-9-2021-0056_BG"`` -> ``"bg"``), or ``None``."""
    return split_name(name)[1]


def document_name(doceo_id: str, language: str) -> str:
    """``("TA-9-2021-0056", "bg")`` -> ``"TA-9-2021-0056_BG"``; a language that is not two letters is an InputError."""
    code = str(language).strip()
    if not re.fullmatch(r"[A-Za-z]{2}", code):
        raise InputError(f"{doceo_id}: language code {language!r} is not two letters (e.g. bg, EN)")
    return f"{doceo_id}_{code.upper()}"


def file_document_name(path: Path) -> str:
    """The document's name in every table: its file's name without the suffix. A name with a control
    character, a line or paragraph separator (a line break) or bytes that are not UTF-8 (which Python
    holds as lone surrogates) could be written to no table as it is: an :class:`InputError`."""
    name = path.stem
    if not name.isprintable() and any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in name):
        raise InputError(f"{str(path)!r}: the file's name has a control character or bytes that are not UTF-8; "
                         "rename the file (its name is the document's id in every table)")
    return name


def document_url(doceo_id: str, language: str, base: str = DOCEO_BASE) -> str:
    """The official HTML page of a document in one language (``language`` like ``bg`` or ``BG``)."""
    return f"{base.rstrip('/')}/{document_name(doceo_id, language)}.html"


def year_of(doceo_id: object) -> int | None:
    """The year of a DOCEO id (``TA-9-2021-0056`` -> 2021), or ``None`` if it is not one."""
    found = parse_doceo_id(doceo_id)
    return found.year if found else None


def resolution_key(metadata: Mapping[str, Any]) -> str:
    """The resolution a parsed document is a language version of: its DOCEO id (``TA-9-2021-0056``),
    else its reference, else its name (``metadata["document"]``) without a language suffix."""
    return str(metadata.get("doceo_id") or metadata.get("reference")
               or split_name(str(metadata["document"]))[0])
