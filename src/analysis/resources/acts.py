"""The speech-act types of operative verb phrases (``data/taxonomy/acts.csv``).

One row per act, in the order tables and figures list them: ``act`` (the id that ``verbs.csv``
codes), ``order``, ``label_en`` (legend label), ``colour`` (``#RRGGBB``), ``scored`` (``true`` or
``false``: whether paragraphs whose head verb has this act count in strength statistics,
codebook_verbs §6.4), ``strength_with_intensity`` (``rises`` or ``falls``: which way strength must
go as intensity grows within the act, checked by :mod:`analysis.resources.lexicon_rules`; optional,
default ``rises``) and ``definition``. The classifier's own label for a paragraph without a known
head verb, :data:`UNCLASSIFIED`, has a row too (for its label and colour), but is no lexicon act.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import lazy, paths
from analysis.errors import DataError
from analysis.resources.files import LINE, cached_on_files, read_table, where

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

#: The act whose phrases take addressees and open a complement ("призовава X да ...").
DIRECTIVE = "directive"
#: The label of a paragraph whose opening verb phrase is not in the lexicon.
UNCLASSIFIED = "unclassified"
COLUMNS = ("act", "order", "label_en", "colour", "scored", "definition")
_BOOLEANS = {"true": True, "false": False}
#: Column of the act table: which way strength goes as intensity grows within an act.
TREND = "strength_with_intensity"
TRENDS = ("rises", "falls")


def acts_path() -> Path:
    """``data/taxonomy/acts.csv`` (under ``ANALYSIS_DATA_DIR`` if set)."""
    return paths.data_dir() / "taxonomy" / "acts.csv"


@cached_on_files(maxsize=4)
def _load(path: Path) -> pd.DataFrame:
    frame = read_table(path, COLUMNS, what="act table")
    seen: set[str] = set()
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", row.act):
            raise DataError(f"{place}: act id must be lower-case letters, digits and '_', got {row.act!r}")
        if row.act in seen:
            raise DataError(f"{place}: act {row.act!r} is listed twice")
        seen.add(row.act)
        if not row.order.isdigit():
            raise DataError(f"{place}: order must be a whole number, got {row.order!r}")
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", row.colour):
            raise DataError(f"{place}: colour must be #RRGGBB, got {row.colour!r}")
        if row.scored.lower() not in _BOOLEANS:
            raise DataError(f"{place}: scored must be true or false, got {row.scored!r}")
        if not row.label_en:
            raise DataError(f"{place}: empty label_en")
        if getattr(row, TREND, "rises") not in TRENDS:
            raise DataError(f"{place}: {TREND} must be rises or falls, got {getattr(row, TREND)!r}")
    for needed in (DIRECTIVE, UNCLASSIFIED):
        if needed not in seen:
            raise DataError(f"{path}: the act {needed!r} is missing (the classifier relies on it)")
    frame["order"] = frame["order"].astype(int)
    if TREND not in frame.columns:
        frame[TREND] = "rises"
    frame["scored"] = frame["scored"].str.lower().map(_BOOLEANS).astype(bool)
    if frame["order"].duplicated().any():
        row = frame[frame["order"].duplicated()].iloc[0]
        raise DataError(f"{where(path, row[LINE])}: order {row['order']} is given twice")
    return frame.sort_values("order", kind="stable").reset_index(drop=True)


def load_acts(path: str | Path | None = None) -> pd.DataFrame:
    """The act table, validated, sorted by ``order`` (cached until the file changes; read-only)."""
    return _load(Path(path) if path else acts_path())


def act_ids(unclassified: bool = False) -> tuple[str, ...]:
    """The act ids in order: the lexicon's acts, with :data:`UNCLASSIFIED` (in its place) if ``unclassified``."""
    return tuple(a for a in load_acts()["act"] if unclassified or a != UNCLASSIFIED)


def act_labels() -> dict[str, str]:
    """English label of every act (``unclassified`` included), in order."""
    frame = load_acts()
    return dict(zip(frame["act"], frame["label_en"]))


def act_colours() -> dict[str, str]:
    """Figure colour of every act (``unclassified`` included), in order."""
    frame = load_acts()
    return dict(zip(frame["act"], frame["colour"]))


def unscored_acts() -> tuple[str, ...]:
    """Acts left out of strength statistics (``scored == false``): the procedural forwarding clause."""
    frame = load_acts()
    return tuple(frame.loc[~frame["scored"], "act"])


def strength_trends() -> dict[str, str]:
    """``rises`` or ``falls`` for every act: which way strength must go as intensity grows
    (``positive_judgement`` falls: warmer praise is less pressure, codebook_verbs §6.3)."""
    frame = load_acts()
    return dict(zip(frame["act"], frame[TREND]))
