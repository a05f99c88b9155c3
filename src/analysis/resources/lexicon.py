"""The verb lexicon (``data/lexicons/``): operative phrases, modifiers and addressees.

``verbs.csv`` gives each phrase its language-independent ``concept`` key ("urge", "call_on"),
its speech act (one of :func:`~analysis.resources.acts.act_ids`), intensity and strength; ``modifiers.csv`` the adverbs and connectives skipped over ("настоятелно",
"again", "и"); ``addressees.csv`` the noun phrases naming whom a directive addresses, in the
wildcard syntax of :mod:`analysis.resources.wildcard`, with the rows of each state's authorities
built from ``states.csv`` and ``authorities.csv`` (:mod:`analysis.resources.authorities`). Phrases, modifiers and patterns are kept
:func:`~analysis.resources.text.normalise`-d. The rules of :mod:`analysis.resources.lexicon_rules`
(strength order, one act and strength per concept, patterns that match their examples) are
checked at load. See ``docs/codebook_verbs.md`` §9.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis import lazy, paths
from analysis.errors import DataError
from analysis.resources.acts import act_ids, acts_path, strength_trends
from analysis.resources.authorities import STATES, TEMPLATES, generated_addressees, merge_generated
from analysis.resources.files import LINE, cached_on_files, read_table, read_toml, where
from analysis.resources.lexicon_rules import check_concepts, check_examples, check_strength_order
from analysis.resources.text import normalise
from analysis.resources.wildcard import check_pattern

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

FILES = ("verbs.csv", "modifiers.csv", "addressees.csv", STATES, TEMPLATES)
THRESHOLDS = "coverage.toml"


@dataclass(frozen=True)
class Lexicon:
    """The verb lexicon with its modifiers and addressees, validated (each frame keeps the file
    line of its rows in ``line``)."""

    verbs: pd.DataFrame
    modifiers: pd.DataFrame
    addressees: pd.DataFrame

    def languages(self) -> list[str]:
        """Languages that have at least one verb phrase."""
        return sorted(self.verbs["lang"].unique())


def lexicon_files(directory: str | Path | None = None) -> tuple[Path, ...]:
    """The paths of ``verbs.csv``, ``modifiers.csv``, ``addressees.csv``, ``states.csv`` and
    ``authorities.csv`` (default ``data/lexicons/``)."""
    folder = Path(directory) if directory else paths.data_dir() / "lexicons"
    return tuple(folder / name for name in FILES)  # type: ignore[return-value]


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """Load and check the lexicon files; cached until one of them (or the act table the
    acts are checked against) changes. The frames are shared: treat them as read-only."""
    return _load(*lexicon_files(directory), acts_path())


def _languages(frame: pd.DataFrame, path: Path) -> None:
    for lang, line in zip(frame["lang"], frame[LINE]):
        if not lang:
            raise DataError(f"{where(path, line)}: empty lang")
    frame["lang"] = frame["lang"].str.lower()


def _verbs(path: Path) -> pd.DataFrame:
    frame = read_table(path, ["lang", "phrase", "concept", "act", "intensity", "strength"], what="lexicon file")
    _languages(frame, path)
    if "concept_note" not in frame.columns:
        frame["concept_note"] = ""
    acts = act_ids()
    strengths, intensities = [], []
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if row.act not in acts:
            raise DataError(f"{place}: unknown act {row.act!r} (expected one of {', '.join(acts)})")
        if not row.phrase:
            raise DataError(f"{place}: empty phrase")
        if "*" in row.phrase:
            raise DataError(f"{place}: '*' in phrase {row.phrase!r} (phrases are literal words)")
        try:
            strengths.append(float(row.strength))
        except ValueError:
            raise DataError(f"{place}: strength must be a number, got {row.strength!r}") from None
        try:
            intensities.append(int(row.intensity))
        except ValueError:
            raise DataError(f"{place}: intensity must be a whole number, got {row.intensity!r}") from None
    frame["strength"] = pd.Series(strengths, index=frame.index, dtype=float)
    frame["intensity"] = pd.Series(intensities, index=frame.index, dtype=int)
    frame["phrase"] = frame["phrase"].map(normalise)
    duplicated = frame[frame.duplicated(["lang", "phrase"])]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise DataError(f"{where(path, first[LINE])}: phrase {first['phrase']!r} ({first['lang']}) is listed twice")
    check_strength_order(frame, path, strength_trends())
    check_concepts(frame, path)
    return frame


def _modifiers(path: Path) -> pd.DataFrame:
    frame = read_table(path, ["lang", "modifier", "kind"], what="lexicon file")
    _languages(frame, path)
    frame["modifier"] = frame["modifier"].map(normalise)
    for modifier, line in zip(frame["modifier"], frame[LINE]):
        if not modifier or "*" in modifier:
            raise DataError(f"{where(path, line)}: empty modifier or '*' in it (modifiers are literal words)")
    return frame


def _addressees(path: Path, states: Path, templates: Path) -> pd.DataFrame:
    frame = read_table(path, ["lang", "pattern", "addressee", "group"], what="lexicon file")
    _languages(frame, path)
    if "example" not in frame.columns:
        frame["example"] = ""
    frame["pattern"] = frame["pattern"].map(normalise)
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if problem := check_pattern(row.pattern):
            raise DataError(f"{place}: {problem}")
        if not row.addressee:
            raise DataError(f"{place}: empty addressee")
    check_examples(frame, path)
    return merge_generated(frame, generated_addressees(states, templates))


@cached_on_files(maxsize=4)
def _load(verbs: Path, modifiers: Path, addressees: Path, states: Path, templates: Path, acts: Path) -> Lexicon:
    # ``acts`` is part of the cache key only: act_ids() and strength_trends() read it (cached on their own).
    return Lexicon(verbs=_verbs(verbs), modifiers=_modifiers(modifiers),
                   addressees=_addressees(addressees, states, templates))


@dataclass(frozen=True)
class CoverageThresholds:
    """The least share of a document's operative paragraphs with a known head verb and with a
    theme (``data/lexicons/coverage.toml``); below either, ``classify`` and ``report`` warn."""

    head_verb: float
    theme: float


def load_thresholds(path: str | Path | None = None) -> CoverageThresholds:
    """The coverage thresholds (default ``data/lexicons/coverage.toml``), each a share from 0 to 1."""
    path = Path(path) if path else paths.data_dir() / "lexicons" / THRESHOLDS
    raw = read_toml(path, what="coverage thresholds file")
    values = []
    for key in ("min_share_head_verb", "min_share_theme"):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise DataError(f"{path}: {key} must be a share from 0 to 1, got {value!r}")
        values.append(float(value))
    return CoverageThresholds(*values)
