"""Parse a resolution into its metadata and ordered units.

Units are ``citation`` (dash marker, "като взе предвид" / "having regard to"), ``recital``
(letter marker, "като има предвид" / "whereas"), ``paragraph`` (numbered operative
paragraph), ``footnote`` (``(n)`` notes at the end) and, in long texts, ``heading``
(an unmarked sub-heading between units). Markers do not depend on the language, so the
structure is read the same way in every EP language; the language profile only helps
with the date, the title and the page footer. The header above the first unit is read by
:mod:`analysis.corpus.kinds` (which document: kind and reference, from its own heading) and
:mod:`analysis.corpus.metadata`. Of a report (``A``) only its motion for a resolution is read,
never its amendment tables, explanatory statement or opinions.

A file is one resolution: a second "The European Parliament," line, or operative paragraphs
numbered from 1 again, mean several resolutions in one file, and a paragraph number that occurs
twice is refused too, so that (``document``, ``number``) is a key of every table built on it.
"""

from __future__ import annotations

import re
from itertools import compress
from pathlib import Path
from collections.abc import Callable, Sequence

from analysis import cells
from analysis import ids
from analysis.corpus import kinds, textio
from analysis.corpus.document import UNIT_COLUMNS, Document  # noqa: F401  (re-exported: analysis.Document)
from analysis.corpus.metadata import header_metadata
from analysis.errors import InputError
from analysis.resources import languages


_DASH = re.compile(r"^([–—‒-])\s+(?=\S)")
_DASHES = ("–", "—", "‒", "-")  # the characters _DASH opens with
_LETTER = re.compile(r"^([^\W\d_]{1,3})\.\s+(?=\S)")
# A paragraph number, possibly with a lower-case letter of any script ("12a."); see _number.
_NUMBER = re.compile(r"^(\d{1,3}(?:[^\W\d_])?)\.\s+(?=\S)")
_FOOTNOTE = re.compile(r"^\((\d{1,3})\)\s*(?=\S)")
_CALLOUT = re.compile(r"\((\d{1,3})\)(\s+(?=[,;.:]))?")  # kept only after a word (see _strip_callouts)
# A sub-item marker: "(a)", "a)", "(iv)" in lower case of any script (see is_subitem), or a dash/bullet.
_SUBITEM = re.compile(r"^(?:\(?([^\W\d_]{1,4})\)|[–—‒•-])\s")
Profiles = dict[str, languages.LanguageProfile]
_TERMINAL = (".", ";", ":", "!", "?", "»", "“", "\"")
# The last operative paragraph of an EP resolution ends with a full stop (the others with ";"),
# possibly followed by closing quotes or brackets; anything else means the text was cut off.
_FINAL_STOP = re.compile(r"[.!?…][\s»“”\"’')\]]*$")


def parse(path: str | Path, language: str | None = None, encoding: str | None = None, *,
          profiles: Profiles | None = None) -> Document:
    """Parse a resolution file (official HTML page or its saved plain text).

    ``language`` (e.g. ``"bg"``) if it cannot be detected; ``encoding`` if the file is in a
    legacy encoding that detection cannot settle; ``profiles``: the language profiles
    (:func:`analysis.resources.languages.profiles`), if a batch has read them once for all its files (#12).
    """
    path = Path(path)
    name = ids.file_document_name(path)
    lines, fmt = textio.read_lines(path, encoding=encoding, language=language)
    return parse_lines(lines, name=name, source=str(path), fmt=fmt, language=language, profiles=profiles)


def parse_text(text: str, name: str = "<input>", language: str | None = None) -> Document:
    """Parse a resolution given as a string (HTML or plain text)."""
    lines, fmt = textio.text_to_lines(text, name)
    return parse_lines(lines, name=name, source=name, fmt=fmt, language=language)


def parse_lines(lines: list[str], name: str, source: str, fmt: str = "text",
                language: str | None = None, profiles: Profiles | None = None) -> Document:
    """Parse normalised text lines (see :func:`analysis.corpus.textio.read_lines`); ``profiles`` as in :func:`parse`."""
    if not lines:
        raise InputError(f"{source}: no text found")
    # Once per document unless given: it checks the profile files are unchanged (#12).
    table = languages.profiles() if profiles is None else profiles
    code = (language or languages.detect_language(lines, table) or ids.language_from_name(name) or "und").lower()
    profile = languages.get_profile(code, table)
    parliament = _parliament_lines(lines, profile)  # one test of each line (#12)
    start = _body_start(lines, parliament)
    if start is None:
        raise InputError(f"{source}: not a resolution (no citations, recitals or numbered paragraphs found)")
    _check_one_resolution(parliament, profile, source)
    header = lines[:start]
    identity = kinds.identify(header, name, profile)
    body = kinds.motion_part(lines[start:], profile) if identity.kind == "A" else lines[start:]
    units, warnings = _assemble(_cut_footer(body, profile))
    found = {u["kind"] for u in units}
    if not found & {"citation", "recital"}:
        raise InputError(f"{source}: not a resolution (no citations or recitals found)")
    if "paragraph" not in found:
        raise InputError(f"{source}: cut off before its operative part (no numbered paragraphs found)")
    if not parliament:  # a Parliament line of the profile is resolution wording: no second search (#12)
        _check_resolution_wording(lines, units, code, profile, source, table)
    warnings += _strip_callouts(units)
    _check_complete(units, source)
    numbers = [u["label"] for u in units if u["kind"] == "paragraph"]
    _check_unique_numbers(numbers, source)
    columns = {"document": [name] * len(units), "position": list(range(len(units)))}
    columns.update({key: [u[key] for u in units] for key in UNIT_COLUMNS[2:]})
    meta = header_metadata(header, identity, name, source, fmt, code, profile)
    warnings += _numbering_warnings(numbers)
    if identity.kind is None:
        warnings.append("kind unknown: no heading names the document an adopted text, motion or report, "
                        "and its file name is no document id (it is never compared as an adopted text)")
    return Document(metadata=meta, warnings=warnings, columns=columns)


def _parliament_lines(lines: list[str], profile: languages.LanguageProfile) -> list[int]:
    """The indices of the lines that are "The European Parliament," (see :func:`_parliament_test`)."""
    return list(compress(range(len(lines)), map(_parliament_test(profile.parliament), lines)))


def _body_start(lines: list[str], parliament: list[int]) -> int | None:
    """Index of the first unit line (after "The European Parliament," where present); ``parliament``:
    the indices of the Parliament lines (:func:`_parliament_lines`)."""
    if parliament:
        return parliament[0] + 1
    for i, line in enumerate(lines):
        if _DASH.match(line) and len(line) > 20:
            return i
    for i, line in enumerate(lines):
        if (_LETTER.match(line) and _LETTER.match(line).group(1).isupper()) or _number(line):
            return i
    return None


def _check_one_resolution(parliament: list[int], profile: languages.LanguageProfile, source: str) -> None:
    """Refuse a file in which "The European Parliament," opens more than one resolution (``parliament``:
    the indices of its lines)."""
    count = len(parliament)
    if count > 1:
        raise InputError(f'{source}: holds {count} resolutions ("{profile.parliament[0]}" opens {count} times); '
                         "split the file, one resolution per file")


def _parliament_test(parliament: Sequence[str]) -> Callable[[str], bool]:
    """Is a line "The European Parliament," (one of ``parliament``, any case, trailing ", :" ignored)?

    Longer lines are refused before they are lower-cased (#12): lower case never shortens a text
    and ", :" are their own lower case, so ``line.lower().rstrip(", :")`` is
    ``line.rstrip(", :").lower()``, at least as long as the stripped line.
    """
    wanted = {p.lower().rstrip(",") for p in parliament}
    limit = max((len(p) for p in wanted), default=-1)

    def test(line: str) -> bool:
        stripped = line.rstrip(", :")
        return len(stripped) <= limit and stripped.lower() in wanted
    return test


def _check_unique_numbers(labels: list[str], source: str) -> None:
    """Refuse operative paragraphs numbered from 1 more than once (several resolutions), or a number twice
    (named: the first number met a second time, reading down the file)."""
    restarts = labels.count("1")
    if restarts > 1:
        raise InputError(f"{source}: holds {restarts} resolutions (the operative paragraphs are numbered from 1 "
                         f"{restarts} times); split the file, one resolution per file")
    seen: set[str] = set()
    twice = next((label for label in labels if label in seen or seen.add(label)), None)
    if twice is not None:
        raise InputError(f"{source}: operative paragraph {twice} occurs {labels.count(twice)} times; a paragraph "
                         "number must be unique (an amendment table or a second text in the file?)")


def _cut_footer(body: list[str], profile: languages.LanguageProfile) -> list[str]:
    footer = tuple(f.lower() for f in profile.footer)
    if not footer:
        return body
    # Only the start of a line is lower-cased (#12); the margin keeps the context that lower case looks
    # at (whether a Σ is final) the same as in the whole line, unless a footer ended in Σ and 32 or
    # more case-ignorable characters (apostrophes, combining marks) followed it: no footer of a
    # shipped profile ends in Σ.
    size = max(len(f) for f in footer) + 32
    # A line whose first character in lower case opens no footer is passed over without more (#12); the
    # first character has the same lower case alone as at the start of the line.
    firsts = None if "" in footer else {f[0] for f in footer}
    for i, line in enumerate(body):
        if (firsts is None or line[:1].lower()[:1] in firsts) and line[:size].lower().startswith(footer):
            return body[:i]
    return body


def _number(line: str) -> re.Match[str] | None:
    """The paragraph number that opens ``line`` ("12." or "12a."; not "12A."), if any."""
    match = _NUMBER.match(line)
    if match is None:
        return None
    last = match.group(1)[-1]
    return match if last.isdigit() or last.islower() else None


def is_subitem(line: str) -> bool:
    """Does ``line`` open with a sub-item marker ("(a) ", "iv) ", "– ")? Letters must be lower case."""
    match = _SUBITEM.match(line)
    return bool(match) and (match.group(1) is None or match.group(1).islower())


#: Any unit marker, in the order footnote, paragraph number, dash, letter (one group each; the first
#: character tells them apart), so that one match per line finds which marker can open it (#12).
_UNIT = re.compile("|".join(f"(?:{p.pattern.removeprefix('^')})" for p in (_FOOTNOTE, _NUMBER, _DASH, _LETTER)))
#: The phase of the text that a unit of each kind opens (see :func:`_assemble`).
_PHASES = {"citation": "preamble", "recital": "recitals", "paragraph": "paragraphs", "footnote": "footnotes"}
#: By the group that matched: the kind of unit and the phase it opens.
_MARKER_KINDS = (None, *((kind, _PHASES[kind]) for kind in ("footnote", "paragraph", "citation", "recital")))


def _assemble(body: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    """Group body lines into units; unmarked lines continue a unit or are headings.

    A line opens a unit if its marker may open one in the current phase: a footnote only after the
    last paragraph, a paragraph number ending in a digit or a lower-case letter, a dash only among
    the citations, a capital letter only before the paragraphs.
    """
    last_number = next((i for i in range(len(body) - 1, -1, -1) if body[i][:1].isdecimal() and _number(body[i])), -1)
    units: list[dict[str, str]] = []
    warnings: list[str] = []
    phase = "preamble"
    match = _UNIT.match
    for i, line in enumerate(body):
        if m := match(line):
            group = m.lastindex
            label = m[group]
            opens = (label[-1].isdigit() or label[-1].islower() if group == 2
                     else phase in ("preamble", "recitals") and label.isupper() if group == 4
                     else phase == "preamble" if group == 3
                     else i > last_number >= 0)  # a footnote
            if opens:
                kind, phase = _MARKER_KINDS[group]
                units.append({"kind": kind, "label": label, "text": line[m.end():].strip(), "footnotes": ""})
                continue
        if not units:
            continue
        current = units[-1]
        if _continues(current, line, phase):
            current["text"] = f"{current['text']} {line}"
        elif i < last_number or (phase == "preamble" and last_number >= 0):
            units.append({"kind": "heading", "label": "", "text": line, "footnotes": ""})
        else:
            break  # trailing page furniture after the last unit
    return units, warnings


def _continues(current: dict[str, str], line: str, phase: str) -> bool:
    """Does an unmarked ``line`` belong to the unit before it?"""
    if current["kind"] == "heading":
        return False
    if phase != "preamble" and line[:1] in _DASHES and _DASH.match(line):
        return True  # dashed sub-items of a recital or paragraph
    if is_subitem(line) or line[:1].islower():
        return True
    return not current["text"].rstrip().endswith(_TERMINAL)


def _check_complete(units: list[dict[str, str]], source: str) -> None:
    """Refuse a text cut off inside its operative part (its last paragraph has no full stop)."""
    last = next(u for u in reversed(units) if u["kind"] == "paragraph")
    if not _FINAL_STOP.search(last["text"]):
        ending = last["text"][-40:].lstrip()
        raise InputError(f"{source}: truncated: the last operative paragraph ({last['label']}) ends "
                         f"without a full stop (\"…{ending}\"), where a resolution's last paragraph ends with '.'")


def _strip_callouts(units: list[dict[str, str]]) -> list[str]:
    """Move footnote call-outs ``(n)`` out of the text into the ``footnotes`` field.

    Returns a warning if some call-outs point to no footnote of the (cut-off?) footnote section.
    """
    defined = {u["label"] for u in units if u["kind"] == "footnote"}
    if not defined:
        return []
    undefined: set[str] = set()
    for unit in units:
        text = unit["text"]
        if unit["kind"] == "footnote" or "(" not in text:
            continue
        if not _CALLOUT.search(text):
            unit["text"] = text.strip()  # what the substitution gives without a match (#12)
            continue
        found: list[str] = []

        def take(match: re.Match[str]) -> str:
            if not _is_callout_position(text, match.start()):
                return match.group(0)
            if match.group(1) not in defined:
                undefined.add(match.group(1))
                return match.group(0)
            found.append(match.group(1))
            return ""

        unit["text"] = _CALLOUT.sub(take, text).strip()
        unit["footnotes"] = cells.join(found)
    if not undefined:
        return []
    numbers = ", ".join(f"({n})" for n in sorted(undefined, key=int))
    return [f"footnote call-out(s) {numbers} point to no footnote (the footnotes section may be cut off)"]


def _is_callout_position(text: str, start: int) -> bool:
    """Can ``(n)`` at ``start`` be a call-out? Only right after a word, or after a number of
    4+ digits (a year, "2099/1234"); not after 1-3 digits ("Article 3(1)", "Rule 144(5)")."""
    before = text[start - 1] if start else " "
    if before.isspace() or before == "(":
        return False
    if before.isdigit():
        digits = len(text[:start]) - len(text[:start].rstrip("0123456789"))
        return digits >= 4
    return True


def _check_resolution_wording(lines: list[str], units: list[dict[str, str]], code: str,
                              profile: languages.LanguageProfile, source: str,
                              table: dict[str, languages.LanguageProfile]) -> None:
    """Refuse a page with unit markers but no resolution wording (e.g. an agenda).

    A language whose profile has no citation or recital openings is judged on its structure
    only; a text of unknown language ("und") may show the wording of any profiled language.
    """
    candidates = [profile] if code != "und" else list(table.values())
    openings = tuple(o.lower() for p in candidates for o in p.citation_opening + p.recital_opening)
    if not openings or _has_resolution_wording(lines, units, candidates, openings):
        return
    if code == "und":
        raise InputError(f"{source}: not a resolution (no Parliament line and no citation or recital wording "
                         "of any language profile; name the language if it has no profile)")
    words = "/".join(f'"{o}"' for o in openings)
    parliament = profile.parliament[0] if profile.parliament else "Parliament"
    raise InputError(f'{source}: not a resolution (no "{parliament}" line, and no citation '
                     f"or recital opens with {words})")


def _has_resolution_wording(lines: list[str], units: list[dict[str, str]],
                            profiles: list[languages.LanguageProfile], openings: tuple[str, ...]) -> bool:
    """Is there a "The European Parliament," line, or a citation or recital opening with ``openings``?"""
    is_parliament = _parliament_test([p for profile in profiles for p in profile.parliament])
    if any(is_parliament(line) for line in lines):
        return True
    return any(u["text"].lower().startswith(openings) for u in units if u["kind"] in ("citation", "recital"))


def _numbering_warnings(labels: list[str]) -> list[str]:
    numbers = [label for label in labels if label.isdigit()]
    if numbers != list(map(str, range(1, len(numbers) + 1))):
        return [f"operative paragraphs are not numbered 1..{len(numbers)} in order: {', '.join(numbers)}"]
    return []
