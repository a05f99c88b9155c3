"""Language profiles (``data/languages/<code>.toml``): the few words the parser and matcher need."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from collections.abc import Sequence

from analysis import paths
from analysis.errors import AnalysisError, DataError

LANGUAGES = tuple("bg es cs da de et el en fr ga hr it lv lt hu mt nl pl pt ro sk sl fi sv".split())
"""The 24 official languages of the European Parliament (ISO 639-1)."""


class LanguageError(AnalysisError):
    """A language code that is not one of the 24 official EP languages."""


def language_from_name(name: str) -> str | None:
    """The language code that ends a document name ("TA-9-2021-0056_BG" -> "bg"), or ``None``."""
    match = re.search(r"_([A-Za-z]{2})$", name)
    return match.group(1).lower() if match else None


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
    months: tuple[str, ...] = ()
    title_intro: tuple[str, ...] = ()
    resolution_line: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    connectives: tuple[str, ...] = ()
    complement: tuple[str, ...] = ()
    finite_complement: bool = False
    quotes: tuple[str, ...] = field(default=())


def _profile_from_file(path: Path) -> LanguageProfile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: unreadable language profile ({exc})") from exc
    clauses = raw.pop("clauses", {})
    try:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in {**raw, **clauses}.items()}
        profile = LanguageProfile(**values)
    except TypeError as exc:
        raise DataError(f"{path}: unexpected key in language profile ({exc})") from exc
    if profile.months and len(profile.months) != 12:
        raise DataError(f"{path}: 'months' must list 12 names")
    return profile


@functools.cache
def _load_all(directory: str) -> dict[str, LanguageProfile]:
    folder = Path(directory)
    profiles = {}
    for path in sorted(folder.glob("*.toml")):
        profile = _profile_from_file(path)
        profiles[profile.code] = profile
    return profiles


def profiles() -> dict[str, LanguageProfile]:
    """All language profiles, by code."""
    return _load_all(str(paths.data_dir() / "languages"))


def get_profile(code: str) -> LanguageProfile:
    """The profile for ``code``; a bare profile (structure only) for a language without a file."""
    code = code.lower()
    return profiles().get(code, LanguageProfile(code=code, name=code))


def detect_language(lines: list[str]) -> str | None:
    """The language whose citation or recital openings follow the most unit markers in ``lines``."""
    best, best_hits = None, 0
    for code, profile in profiles().items():
        openings = profile.citation_opening + profile.recital_opening
        if not openings:
            continue
        alternatives = "|".join(re.escape(o) for o in sorted(openings, key=len, reverse=True))
        pattern = re.compile(rf"^(?:[–—‒-]|[^\W\d_]{{1,3}}\.)\s*(?:{alternatives})\b", re.I)
        hits = sum(1 for line in lines if pattern.match(line))
        if hits > best_hits:
            best, best_hits = code, hits
    return best
