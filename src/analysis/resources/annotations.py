"""The hand-coded gold annotations under ``data/annotations/``: themes and verb phrases, validated.

See ``data/annotations/README.md`` for who coded them and how. Each loader checks the rules of its
codebook and raises one :class:`~analysis.errors.DataError` naming the file (and line).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError
from analysis.resources.files import LINE, cached_on_files, read_table, where
from analysis.resources.taxonomy import taxonomy_path, theme_ids, load_taxonomy

KINDS = ("recital", "paragraph")
SALIENCES = ("primary", "secondary")
THEMES_GOLD_COLUMNS = ["document", "kind", "label", "theme", "salience", "note"]
VERBS_GOLD_REQUIRED = ["document", "number", "order", "phrase", "addressees"]


@cached_on_files(maxsize=4)
def _themes_gold(path: Path, taxonomy: Path) -> pd.DataFrame:
    known = set(theme_ids(load_taxonomy(taxonomy)))
    frame = read_table(path, ["document", "kind", "label", "theme", "salience"], "theme gold annotation")
    seen: dict[tuple[str, str, str, str], int] = {}
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if row.theme not in known:
            raise DataError(f"{place}: unknown theme {row.theme!r}")
        if row.kind not in KINDS:
            raise DataError(f"{place}: kind must be one of {', '.join(KINDS)}, not {row.kind!r}")
        if row.salience not in SALIENCES:
            raise DataError(f"{place}: salience must be one of {', '.join(SALIENCES)}, not {row.salience!r}")
        if not row.document or not row.label:
            raise DataError(f"{place}: empty document or label")
        key = (row.document, row.kind, row.label, row.theme)
        if key in seen:
            raise DataError(f"{place}: theme {row.theme!r} coded twice for {row.kind} {row.label} "
                            f"(first on line {seen[key]})")
        seen[key] = getattr(row, LINE)
    if "note" not in frame.columns:
        frame["note"] = ""
    frame = frame[THEMES_GOLD_COLUMNS]
    primary = set(map(tuple, frame.loc[frame["salience"] == "primary", ["document", "kind", "label"]].to_numpy()))
    for unit in frame.drop_duplicates(["document", "kind", "label"]).itertuples(index=False):
        if (unit.document, unit.kind, unit.label) not in primary:
            raise DataError(f"{path}: {unit.document} {unit.kind} {unit.label} has no primary theme (codebook R4)")
    return frame


def load_themes_gold(path: str | Path | None = None, taxonomy: str | Path | None = None) -> pd.DataFrame:
    """The hand-coded theme annotation, validated: one row per (unit, theme), in file order.

    Columns ``document, kind, label, theme, salience, note``. A theme not in the taxonomy file
    ``taxonomy``, an unknown kind or salience, a theme coded twice for a unit, and a unit without
    a primary theme (codebook R4) raise :class:`~analysis.errors.DataError`.
    """
    return _themes_gold(Path(path) if path else paths.annotation_path("themes_gold.csv"),
                        Path(taxonomy) if taxonomy else taxonomy_path()).copy()


def _natural(column: pd.Series) -> pd.Series:
    return column.map(lambda v: int(v) if str(v).isdigit() else v) if column.name == "number" else column


def load_verbs_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The hand-coded verb phrases: one row per phrase (``document, number, order, phrase, addressees``
    and the file's other columns), sorted by document, paragraph number and ``order`` (an int)."""
    path = Path(path) if path else paths.annotation_path("verbs_gold.csv")
    gold = read_table(path, VERBS_GOLD_REQUIRED, "gold annotation")
    bad = gold[~gold["order"].str.fullmatch(r"\d+")]
    if len(bad):
        raise DataError(f"{where(path, int(bad[LINE].iloc[0]))}: order must be a whole number, "
                        f"not {bad['order'].iloc[0]!r}")
    gold = gold.drop(columns=LINE)
    gold["order"] = gold["order"].astype(int)
    return gold.sort_values(["document", "number", "order"], key=_natural, kind="stable").reset_index(drop=True)
