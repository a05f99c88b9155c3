"""Settings of the uncertainty and robustness measures (``data/config/robustness.toml``) and the
alternative strength scales of the sensitivity table (``data/taxonomy/scales.csv``).

The TOML holds the bootstrap (``seed``, ``resamples``, ``confidence``), the minimum number of
scored paragraphs for a theme to be ranked (``themes.min_paragraphs``) and the scales in order
(``name``, ``label``, ``order``: ``descending`` or ``ascending``; the first is the default). The
CSV has one row per act and strength level of the lexicon (every act with every level: a coder may
code any pair) and one column per scale; the load checks that every such pair has a row and every
scale a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError
from analysis.resources.files import LINE, cached_on_files, read_table, read_toml, where

ORDERS = ("descending", "ascending")


@dataclass(frozen=True)
class Scale:
    """One strength scale of the sensitivity table."""

    name: str
    label: str
    order: str


@dataclass(frozen=True)
class Robustness:
    """What ``data/config/robustness.toml`` says."""

    seed: int
    resamples: int
    confidence: float
    min_paragraphs: int
    scales: tuple[Scale, ...]


def config_path() -> Path:
    """``data/config/robustness.toml``."""
    return paths.data_dir() / "config" / "robustness.toml"


def scales_path() -> Path:
    """``data/taxonomy/scales.csv``."""
    return paths.data_dir() / "taxonomy" / "scales.csv"


def _number(raw: dict, table: str, key: str, kind: type, path: Path, low: float, high: float | None = None):
    value = raw.get(table, {}).get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise DataError(f"{path}: [{table}] {key} must be a {kind.__name__} {bound}, got {value!r}")
    return value


@cached_on_files(maxsize=4)
def _settings(path: Path) -> Robustness:
    raw = read_toml(path, what="robustness settings")
    scales = []
    for i, table in enumerate(raw.get("scales", [])):
        name, label, order = (table.get(k) for k in ("name", "label", "order"))
        if not (isinstance(name, str) and name.isidentifier() and isinstance(label, str) and order in ORDERS):
            raise DataError(f"{path}: scales[{i}] needs a name (an identifier), a label and order "
                            f"({' or '.join(ORDERS)})")
        scales.append(Scale(name, label, order))
    if not scales or len({s.name for s in scales}) != len(scales):
        raise DataError(f"{path}: [[scales]] must name at least one scale, each once")
    return Robustness(seed=_number(raw, "bootstrap", "seed", int, path, 0),
                      resamples=_number(raw, "bootstrap", "resamples", int, path, 1),
                      confidence=float(_number(raw, "bootstrap", "confidence", float, path, 0.5, 0.999)),
                      min_paragraphs=_number(raw, "themes", "min_paragraphs", int, path, 1),
                      scales=tuple(scales))


def load_robustness(path: str | Path | None = None) -> Robustness:
    """The settings, validated (cached on the file)."""
    return _settings(Path(path) if path else config_path())


@cached_on_files(maxsize=4)
def _scales(path: Path, verbs: Path, config: Path) -> pd.DataFrame:
    names = [s.name for s in _settings(config).scales]
    frame = read_table(path, ["act", "strength", *names], what="scale table")
    values = {}
    for column in ["strength", *names]:
        try:
            values[column] = frame[column].astype(float)
        except ValueError:
            raise DataError(f"{path}: column {column} must hold numbers") from None
    table = frame[["act"]].assign(**values, **{LINE: frame[LINE]})
    twice = table[table.duplicated(["act", "strength"])]
    if not twice.empty:
        raise DataError(f"{where(path, twice.iloc[0][LINE])}: ({twice.iloc[0]['act']}, "
                        f"{twice.iloc[0]['strength']}) is listed twice")
    lexicon = read_table(verbs, ["act", "strength"], what="lexicon file")
    # a coder may give any act any strength level of the lexicon (resources.codebook): every pair needs a row
    acts = sorted(set(lexicon["act"]) | set(table["act"]))
    needed = {(act, level) for act in acts for level in set(lexicon["strength"].astype(float))}
    missing = sorted(needed - set(zip(table["act"], table["strength"])))
    if missing:
        raise DataError(f"{path}: no row for (act, strength) {missing[0]} of {verbs}")
    return table.drop(columns=LINE).reset_index(drop=True)


def load_scales(path: str | Path | None = None) -> pd.DataFrame:
    """``act, strength`` and one float column per scale of the settings (a copy)."""
    return _scales(Path(path) if path else scales_path(), paths.data_dir() / "lexicons" / "verbs.csv",
                   config_path()).copy()
