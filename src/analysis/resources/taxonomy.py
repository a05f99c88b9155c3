"""The theme taxonomy (``data/taxonomy/themes.csv``) and the theme dictionary (``data/lexicons/themes.csv``).

The taxonomy lists the theme ids in their canonical order with their labels and definitions; the
dictionary lists patterns per theme and language, written in the wildcard syntax of
:mod:`analysis.resources.wildcard` and normalised with :func:`analysis.resources.text.normalise`.
Both are validated on reading (one :class:`~analysis.errors.DataError` naming file and line) and
cached on the files' identity; :func:`compiled_dictionary` is the dictionary made into one
:class:`~analysis.resources.wildcard.RunScan` per language.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import lazy, paths
from analysis.errors import DataError
from analysis.resources.files import LINE, cached_on_files, read_table, where
from analysis.resources.lexicon_rules import check_examples
from analysis.resources.text import normalise
from analysis.resources.wildcard import RunScan, check_pattern

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

TAXONOMY_COLUMNS = ["theme", "label_en", "label_bg", "definition", "include", "exclude", "examples"]
DICTIONARY_COLUMNS = ["theme", "lang", "pattern", "note", "line"]

_THEME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LANG = re.compile(r"^[a-z]{2}$")

#: The mark of a paragraph that the theme classifier read and found no theme in (#14): never an empty
#: cell, so that "no theme" (``uncovered``) and "themes not classified" (empty) stay apart. Not a theme
#: of the taxonomy: no pattern, no gold code, no column of the scores.
UNCOVERED = "uncovered"

#: ``{language: (scan, themes)}``: the scan's group ``i`` is the patterns of ``themes[i]``.
Compiled = dict[str, tuple[RunScan, list[str]]]


def taxonomy_path() -> Path:
    """``data/taxonomy/themes.csv``."""
    return paths.data_dir() / "taxonomy" / "themes.csv"


def dictionary_path() -> Path:
    """``data/lexicons/themes.csv``."""
    return paths.lexicon_path("themes.csv")


@cached_on_files(maxsize=8)
def _taxonomy(path: Path) -> pd.DataFrame:
    frame = read_table(path, ["theme", "label_en"], "theme taxonomy")
    seen: set[str] = set()
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if not _THEME_ID.match(row.theme):
            raise DataError(f"{place}: bad theme id {row.theme!r} (lower case, digits, '_')")
        if row.theme in seen:
            raise DataError(f"{place}: theme {row.theme!r} is listed twice")
        if not row.label_en:
            raise DataError(f"{place}: theme {row.theme!r} has no English label")
        seen.add(row.theme)
    if frame.empty:
        raise DataError(f"{path}: no themes")
    return frame[[c for c in TAXONOMY_COLUMNS if c in frame.columns]].reset_index(drop=True)


def load_taxonomy(path: str | Path | None = None) -> pd.DataFrame:
    """The theme list, validated, in its canonical order: ``theme, label_en[, label_bg, definition, ...]``."""
    return _taxonomy(Path(path) if path else taxonomy_path()).copy()


def theme_ids(taxonomy: pd.DataFrame | None = None) -> list[str]:
    """Theme ids in taxonomy order (the order every list of themes is returned in)."""
    return list((taxonomy if taxonomy is not None else _taxonomy(taxonomy_path()))["theme"])


def mark_uncovered(labels: list[list[str]]) -> list[list[str]]:
    """Each paragraph's themes as classified, or ``[UNCOVERED]`` where the classifier found none."""
    return [list(row) if len(row) else [UNCOVERED] for row in labels]


def themes_found(cell: str) -> bool:
    """Whether a ``;``-joined themes cell names a theme (neither empty nor :data:`UNCOVERED`)."""
    return cell not in ("", UNCOVERED)


def theme_labels(language: str = "en", path: str | Path | None = None) -> dict[str, str]:
    """``{theme id: label}`` in English (``en``) or another language with a ``label_<language>`` column."""
    path = Path(path) if path else taxonomy_path()
    taxonomy = _taxonomy(path)
    column = f"label_{language}"
    if column not in taxonomy.columns:
        raise DataError(f"{path}: no {column} column (theme labels in {language!r})")
    return dict(zip(taxonomy["theme"], taxonomy[column]))


@cached_on_files(maxsize=8)
def _dictionary(path: Path, taxonomy: Path) -> pd.DataFrame:
    known = set(theme_ids(_taxonomy(taxonomy)))
    frame = read_table(path, ["theme", "lang", "pattern"], "theme dictionary")
    records = []
    seen: dict[tuple[str, str, str], int] = {}
    notes = frame["note"] if "note" in frame.columns else pd.Series("", index=frame.index)
    for theme, raw_lang, raw_pattern, note, line in zip(frame["theme"], frame["lang"], frame["pattern"],
                                                        notes, frame[LINE]):
        place = where(path, line)
        lang, pattern = raw_lang.lower(), normalise(raw_pattern)
        if theme not in known:
            raise DataError(f"{place}: unknown theme {theme!r} (not a theme id of the taxonomy)")
        if not _LANG.match(lang):
            raise DataError(f"{place}: bad language code {raw_lang!r} (two letters, e.g. bg, en)")
        problem = check_pattern(pattern)
        if problem:
            raise DataError(f"{place}: {problem}")
        if (theme, lang, pattern) in seen:
            raise DataError(f"{place}: pattern {pattern!r} ({lang}) is listed twice for {theme} "
                            f"(first on line {seen[(theme, lang, pattern)]})")
        seen[(theme, lang, pattern)] = int(line)
        records.append({"theme": theme, "lang": lang, "pattern": pattern, "note": note, "line": int(line)})
    if not records:
        raise DataError(f"{path}: no patterns")
    check_examples(frame, path)
    return pd.DataFrame(records, columns=DICTIONARY_COLUMNS)


def load_dictionary(path: str | Path | None = None, taxonomy: str | Path | None = None) -> pd.DataFrame:
    """The theme dictionary, validated: ``theme, lang, pattern, note, line``.

    Patterns are normalised (:func:`~analysis.resources.text.normalise`). A theme id not in the
    taxonomy file ``taxonomy`` (default :func:`taxonomy_path`), a bad language code, a pattern
    that breaks the wildcard syntax, a duplicate, and a ``*`` pattern without an ``example`` it
    matches in full (:func:`~analysis.resources.lexicon_rules.check_examples`) raise
    :class:`~analysis.errors.DataError` naming the file and line.
    """
    return _dictionary(Path(path) if path else dictionary_path(),
                       Path(taxonomy) if taxonomy else taxonomy_path()).copy()


@cached_on_files(maxsize=8)
def _compiled(path: Path, taxonomy: Path) -> Compiled:
    dictionary = _dictionary(path, taxonomy)
    order = theme_ids(_taxonomy(taxonomy))
    compiled: Compiled = {}
    for lang, entries in dictionary.groupby("lang", sort=True):
        patterns = entries.groupby("theme")["pattern"].apply(list)
        scan = RunScan({theme: patterns[theme] for theme in order if theme in patterns.index})
        compiled[lang] = (scan, scan.names)
    return compiled


def compiled_dictionary(path: str | Path | None = None, taxonomy: str | Path | None = None) -> Compiled:
    """The dictionary compiled into one :class:`~analysis.resources.wildcard.RunScan` per language:
    ``{language: (scan, themes in taxonomy order)}`` (cached on the files; read-only)."""
    return _compiled(Path(path) if path else dictionary_path(), Path(taxonomy) if taxonomy else taxonomy_path())
