"""Language profiles (``data/languages/<code>.toml``): the few words the parser and matcher need.

Also the Windows code page of each language, which settles a tie between legacy encodings: in a
language's profile (``code_page``), or, for a language without a profile, in
``data/languages/code_pages.csv``.
"""

from __future__ import annotations

import codecs
import collections
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.ids import KINDS
from analysis.errors import AnalysisError, DataError
from analysis.resources.files import LINE, cached_on_files, read_table, read_toml, where
from analysis.resources.wildcard import is_word_char

LANGUAGES = tuple("bg es cs da de et el en fr ga hr it lv lt hu mt nl pl pt ro sk sl fi sv".split())
"""The 24 official languages of the European Parliament (ISO 639-1)."""


class LanguageError(AnalysisError):
    """A language code that is not one of the 24 official EP languages."""


def normalise_languages(languages: str | Sequence[str]) -> list[str]:
    """Lower-case, de-duplicated language codes (``"BG, en"`` or a list); :class:`LanguageError`
    if one is not an EP language or none is given."""
    if isinstance(languages, str):
        languages = languages.split(",")
    codes: list[str] = []
    for raw in languages:
        code = str(raw).strip().lower()
        if not code:
            continue
        if code not in LANGUAGES:
            raise LanguageError(f"unknown language code {raw!r}; expected one of: {' '.join(LANGUAGES)}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise LanguageError("no language given")
    return codes


@dataclass(frozen=True)
class LanguageProfile:
    """What the toolkit knows about one language, loaded from its TOML file."""

    code: str
    name: str
    citation_opening: tuple[str, ...] = ()
    recital_opening: tuple[str, ...] = ()
    parliament: tuple[str, ...] = ()
    #: Month names, January first (12, or 24 for a language whose dates use another case than the plain name).
    months: tuple[str, ...] = ()
    #: How dates are written: ``{d}`` day, ``{m}`` month name, ``{y}`` year ("{d} de {m} de {y}"); see
    #: :mod:`analysis.corpus.dates` (none: day-month-year and month-day-year).
    date_forms: tuple[str, ...] = ()
    title_intro: tuple[str, ...] = ()
    resolution_line: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    #: ``(kind, heading)`` pairs: the words a page's own heading names its kind with ("Texts adopted" -> TA).
    kinds: tuple[tuple[str, str], ...] = ()
    #: How a motion names a tabling group, ``{group}`` standing for its name ("on behalf of the {group} Group").
    tabling_group: tuple[str, ...] = ()
    #: Headings that end the motion for a resolution of a report ("explanatory statement", "opinion of the").
    report_sections: tuple[str, ...] = ()
    #: The word that opens an amendment ("Amendment 5") in a report's amendment tables.
    amendment: tuple[str, ...] = ()
    connectives: tuple[str, ...] = ()
    complement: tuple[str, ...] = ()
    finite_complement: bool = False
    quotes: tuple[str, ...] = field(default=())
    code_page: str = ""


def _profile_from_file(path: Path) -> LanguageProfile:
    raw = read_toml(path, what="language profile")
    clauses = raw.pop("clauses", {})
    kinds = raw.pop("kinds", {})
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise DataError(f"{path}: [kinds] names {', '.join(unknown)}; expected some of {', '.join(KINDS)}")
    try:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in {**raw, **clauses}.items()}
        values["kinds"] = tuple((kind, str(heading)) for kind in KINDS for heading in kinds.get(kind, ()))
        profile = LanguageProfile(**values)
    except TypeError as exc:
        raise DataError(f"{path}: unexpected key in language profile ({exc})") from exc
    if profile.months and len(profile.months) % 12:
        raise DataError(f"{path}: 'months' must list 12 names (or 24: the case dates use, then the plain names)")
    for form in profile.date_forms:
        if not all(f"{{{part}}}" in form for part in "dmy"):
            raise DataError(f"{path}: date form {form!r} must hold {{d}}, {{m}} and {{y}}")
    if profile.code_page:
        _check_code_page(profile.code_page, str(path))
    return profile


def _check_code_page(name: str, place: str) -> None:
    """A code page must be a text encoding Python knows: legacy files are decoded with it."""
    try:
        codecs.lookup(name)
    except LookupError:
        raise DataError(f"{place}: unknown code page {name!r} (expected e.g. cp1252)") from None
    try:  # a codec that is no text encoding ("rot13", "hex"), or one that cannot encode or decode ("undefined")
        "".encode(name)
        b"".decode(name)
    except (LookupError, UnicodeError):
        raise DataError(f"{place}: code page {name!r} is no text encoding (expected e.g. cp1252)") from None


@cached_on_files()
def _load_profiles(*files: Path) -> dict[str, LanguageProfile]:
    profiles: dict[str, LanguageProfile] = {}
    for path in files:
        profile = _profile_from_file(path)
        profiles[profile.code] = profile
    return profiles


def _folder() -> Path:
    return paths.data_dir() / "languages"


def profile_files() -> list[str]:
    """The language profile files (``data/languages/*.toml``), sorted: what :func:`profiles` reads."""
    folder = os.path.join(_folder(), "")  # with its separator: joined by "+" below (#12)
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".toml"))
    except OSError:
        return []
    return [folder + name for name in names]


def profiles() -> dict[str, LanguageProfile]:
    """All language profiles, by code (read again when a profile file is added, removed or edited)."""
    return _load_profiles(*profile_files())


@cached_on_files()
def _load_code_pages(table: Path, *profile_files: Path) -> dict[str, str]:
    profiled = _load_profiles(*profile_files)
    pages = {code: p.code_page for code, p in profiled.items() if p.code_page}
    frame = read_table(table, required=("code", "code_page"), what="code page table")
    for code, page, line in frame[["code", "code_page", LINE]].itertuples(index=False):
        place, code = where(table, line), code.lower()
        if code in profiled:
            raise DataError(f"{place}: {code} has a language profile: give its code page there (code_page)")
        if code in pages:
            raise DataError(f"{place}: {code} is listed twice")
        _check_code_page(page, place)
        pages[code] = page
    return pages


def code_pages_path() -> Path:
    """``data/languages/code_pages.csv``: the code pages of languages without one in their profile."""
    return _folder() / "code_pages.csv"


def code_page(code: str) -> str | None:
    """The Windows code page of a language (``"bg"`` -> ``"cp1251"``), or ``None`` if none is known."""
    pages = _load_code_pages(code_pages_path(), *profile_files())
    return pages.get(code.lower())


def get_profile(code: str, table: dict[str, LanguageProfile] | None = None) -> LanguageProfile:
    """The profile for ``code``; a bare profile (structure only) for a language without a file.
    ``table``: the profiles to look in, if the caller has them already (default :func:`profiles`)."""
    code = code.lower()
    found = (profiles() if table is None else table).get(code)  # no bare profile built when one is found (#12)
    return found if found is not None else LanguageProfile(code=code, name=code)


def detect_language(lines: list[str], table: dict[str, LanguageProfile] | None = None) -> str | None:
    """The language whose citation or recital openings follow the most unit markers in ``lines``;
    its "The European Parliament," line counts too, which settles languages that share an opening
    (es/it "visto", es/pt "considerando que", da "der henviser til" for both kinds). ``table``: the
    profiles to choose from, if the caller has them already (default :func:`profiles`)."""
    table = profiles() if table is None else table
    hits = collections.Counter(_table_detector(table).codes(lines))
    if len(hits) < 2:  # no language, or one: its Parliament line cannot change the choice (#12)
        return next(iter(hits), None)
    best, best_hits = None, 0
    stripped: list[str] | None = None
    for code in table:  # in table order, as ties go to the first
        if code not in hits:
            continue
        # Lower case never shortens a text and ", :" are their own lower case, so a line longer than
        # every Parliament line of the profile is none of them and is not lower-cased (#12).
        stripped = stripped if stripped is not None else [line.rstrip(", :") for line in lines]
        parliament = {p.lower().rstrip(",") for p in table[code].parliament}
        limit = max((len(p) for p in parliament), default=-1)
        count = hits[code] + sum(1 for line in stripped if len(line) <= limit and line.lower() in parliament)
        if count > best_hits:
            best, best_hits = code, count
    return best


_UNIT_MARKER = re.compile(r"^(?:[–—‒-]|[^\W\d_]{1,3}\.)", re.I)


def _openings_alternation(openings: Sequence[str]) -> str:
    """Regex source of one of ``openings``, longest first, each followed by no word character, but for one that
    ends in another character, such as an elision's apostrophe: it runs into the next word ("ag féachaint d’Airteagal",
    Irish, where a word character after it would never let it match)."""
    return "|".join(re.escape(o) + (r"(?!\w)" if o and is_word_char(o[-1]) else "")
                    for o in sorted(openings, key=len, reverse=True))


@functools.lru_cache(maxsize=64)
def _opening_pattern(openings: tuple[str, ...], marker: bool = True) -> re.Pattern[str]:
    """A unit marker (unless not ``marker``) followed by one of ``openings`` (:func:`_openings_alternation`),
    compiled once per profile."""
    return re.compile(rf"{_UNIT_MARKER.pattern if marker else ''}\s*(?:{_openings_alternation(openings)})", re.I)


class _Detector:
    """Which profiles' openings follow the unit marker of a line, with one regex for all profiles (#12).

    The longest opening of any profile after the marker (``\\s*`` takes all the space before it, as no
    opening starts with white space) is found first; every opening that follows the marker is a
    prefix of that text, so which profiles match depends on that text alone and is looked up once
    per text, not per line and profile. Without openings that allow it, each profile is tried.
    """

    def __init__(self, openings: tuple[tuple[str, tuple[str, ...]], ...]):
        self.profiles = [(code, _opening_pattern(o)) for code, o in openings if o]
        every = sorted({o for _, own in openings for o in own}, key=len, reverse=True)
        self.fast = bool(every) and all(o[:1] and not o[:1].isspace() for o in every)
        if self.fast:
            self.bodies = [(code, _opening_pattern(o, marker=False)) for code, o in openings if o]
            self.any = re.compile(rf"{_UNIT_MARKER.pattern}\s*({_openings_alternation(every)})", re.I)
        self.seen: dict[str, tuple[str, ...]] = {}

    def codes(self, lines: list[str]) -> list[str]:
        """The code of each profile whose openings follow a line's marker, once for each such line."""
        if not self.fast:
            return [code for code, pattern in self.profiles for line in lines if pattern.match(line)]
        found: list[str] = []
        for match in filter(None, map(self.any.match, lines)):
            opening = match.group(1)
            codes = self.seen.get(opening)
            if codes is None:
                codes = tuple(code for code, body in self.bodies if body.match(opening))
                if len(self.seen) < 4096:
                    self.seen[opening] = codes
            found.extend(codes)
        return found


#: The last profile table given and its detector: a batch gives the same table for each of its files (#12).
_last_table: list = [None, None]


def _table_detector(table: dict[str, LanguageProfile]) -> _Detector:
    """The detector of the openings of ``table``'s profiles: worked out again only for another table (a
    table is not changed once read: :func:`profiles` returns a new one when a profile file changes)."""
    if _last_table[0] is not table:
        _last_table[:] = table, _detector(tuple((code, p.citation_opening + p.recital_opening)
                                                 for code, p in table.items()))
    return _last_table[1]


@functools.lru_cache(maxsize=8)
def _detector(openings: tuple[tuple[str, tuple[str, ...]], ...]) -> _Detector:
    return _Detector(openings)


@cached_on_files()
def _load_official(table: Path) -> dict[str, str]:
    frame = read_table(table, required=("code", "name", "official_from"), what="official languages table")
    found: dict[str, str] = {}
    for code, day, line in frame[["code", "official_from", LINE]].itertuples(index=False):
        place, code = where(table, line), code.strip().lower()
        if code not in LANGUAGES:
            raise DataError(f"{place}: {code!r} is not one of the Parliament's languages ({' '.join(LANGUAGES)})")
        if code in found:
            raise DataError(f"{place}: {code} is listed twice")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()):
            raise DataError(f"{place}: official_from {day!r} is not a YYYY-MM-DD date")
        found[code] = day.strip()
    return found


def official_from(code: str) -> str:
    """The first day the Parliament's texts exist in language ``code`` (``"hr"`` -> ``"2013-07-01"``),
    from ``data/languages/official.csv``; a language missing there is a DataError."""
    table = _folder() / "official.csv"
    days = _load_official(table)
    if code.lower() not in days:
        raise DataError(f"{table}: no official_from date for language {code!r}")
    return days[code.lower()]


def check_languages_exist(codes: Sequence[str], documents: Sequence[tuple[str, str]]) -> None:
    """Refuse (:class:`LanguageError`) a language asked for a document older than it: ``documents`` are
    ``(name, date)`` pairs, a date ``YYYY-MM-DD`` or only a year ``YYYY`` (refused only if that whole
    year is before the language's first day)."""
    for code in codes:
        first = official_from(code)
        for name, date in documents:
            date = str(date)[:10]
            last_day = date if len(date) == 10 else f"{date[:4]}-12-31"
            if last_day < first:
                raise LanguageError(
                    f"--lang {code}: {name} ({date}) has no {code.upper()} version: the Parliament's texts exist "
                    f"in {code.upper()} from {first} (data/languages/official.csv); drop {code} or choose later documents")
