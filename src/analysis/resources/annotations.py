"""The hand-coded annotations under ``data/annotations/``: the gold (themes and verb phrases) and
the coding sheets imported by ``python -m analysis sheet import`` (``coded/``), validated.

See ``data/annotations/README.md`` for who coded them and how. Each loader checks the rules of its
codebook and raises one :class:`~analysis.errors.DataError` naming the file (and line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import cells, paths
from analysis.errors import DataError
from analysis.resources.codebook import Codebook, check_code, format_strength, load_codebook
from analysis.resources.files import LINE, cached_on_files, read_table, where
from analysis.resources.lexicon import load_lexicon
from analysis.resources.taxonomy import taxonomy_path, theme_ids, load_taxonomy
from analysis.resources.text import normalise

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


# --- Codes of coding sheets (``python -m analysis sheet import``) and the gold as one coder ---------

#: The coder id of the hand-coded gold (``verbs_gold.csv``, ``themes_gold.csv``) and of the classifier.
GOLD, MACHINE = "gold", "machine"
#: Coder ids that ``sheet import`` refuses: they name the gold, the classifier, or "every coder".
RESERVED_CODERS = (GOLD, MACHINE, "all")
GOLD_DATE = "2026-11-25"
CODED_PARAGRAPH_COLUMNS = ["document", "number", "head_act", "head_strength", "themes", "note", "coder", "date"]
CODED_PHRASE_COLUMNS = ["document", "number", "order", "surface", "act", "addressee_groups", "note", "coder", "date"]
_CODER = re.compile(r"[a-z][a-z0-9_]*")
#: The form of an annotation's date (an imported sheet's is also a calendar date).
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def coded_dir() -> Path:
    """``data/annotations/coded/``: one folder per coder, two files per coded document."""
    return paths.annotation_path("coded")


def coded_files(coder: str, document: str) -> tuple[Path, Path]:
    """``coded/<coder>/<document>_paragraphs.csv`` and ``..._phrases.csv``."""
    folder = coded_dir() / coder
    return folder / f"{document}_paragraphs.csv", folder / f"{document}_phrases.csv"


def check_coder(coder: str) -> str | None:
    """What is wrong with ``coder`` as a coder id (``None`` if nothing)."""
    if not _CODER.fullmatch(coder or ""):
        return f"coder id must be lower-case letters, digits and '_' (starting with a letter), not {coder!r}"
    if coder in RESERVED_CODERS:
        return f"coder id {coder!r} is reserved (for the gold, the classifier or every coder)"
    return None


def _check_rows(frame: pd.DataFrame, path: Path, variables: dict[str, str], codebook: Codebook) -> None:
    for row in frame.to_dict("records"):
        place = where(path, row[LINE])
        for column, variable in variables.items():
            if problem := check_code(codebook, variable, row[column]):
                raise DataError(f"{place}: {column}: {problem}")
        if problem := check_coder(row["coder"]):
            raise DataError(f"{place}: {problem}")
        if not DATE.fullmatch(row["date"]):
            raise DataError(f"{place}: date must be YYYY-MM-DD, not {row['date']!r}")


@cached_on_files(maxsize=64)
def _coded(paragraph_file: Path, phrase_file: Path, *data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    codebook = load_codebook()
    paragraphs = read_table(paragraph_file, CODED_PARAGRAPH_COLUMNS, "coded paragraphs")
    _check_rows(paragraphs, paragraph_file, {"head_act": "head_act", "head_strength": "head_strength",
                                             "themes": "themes"}, codebook)
    phrases = read_table(phrase_file, CODED_PHRASE_COLUMNS, "coded phrases")
    _check_rows(phrases, phrase_file, {"act": "phrase_act", "addressee_groups": "addressee_groups"}, codebook)
    bad = phrases[~phrases["order"].str.fullmatch(r"\d+")]
    if len(bad):
        raise DataError(f"{where(phrase_file, int(bad[LINE].iloc[0]))}: order must be a whole number")
    for frame, path, key in ((paragraphs, paragraph_file, ["document", "number"]),
                             (phrases, phrase_file, ["document", "number", "order"])):
        twice = frame[frame.duplicated(key)]
        if len(twice):  # agreement would take one of the two silently
            raise DataError(f"{where(path, int(twice[LINE].iloc[0]))}: {', '.join(key)} coded twice")
        other = frame[frame["coder"] != path.parent.name]
        if len(other):  # a folder copied for another coder: its codes would be nobody's
            raise DataError(f"{where(path, int(other[LINE].iloc[0]))}: coder {other['coder'].iloc[0]!r} in the "
                            f"folder of coder {path.parent.name!r}")
    paragraphs["head_strength"] = paragraphs["head_strength"].map(format_strength)
    phrases["order"] = phrases["order"].astype(int)
    return paragraphs.drop(columns=LINE), phrases.drop(columns=LINE)


def _codebook_files() -> list[Path]:
    from analysis.resources.acts import acts_path
    from analysis.resources.lexicon import lexicon_files

    return [acts_path(), *lexicon_files(), taxonomy_path()]


def load_coded(coders: Iterable[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every imported coding sheet under ``data/annotations/coded/`` (of ``coders`` only, if given):
    ``(paragraphs, phrases)`` with :data:`CODED_PARAGRAPH_COLUMNS` and :data:`CODED_PHRASE_COLUMNS`,
    every code checked against the codebook (a bad one is a :class:`DataError` naming file and line)."""
    wanted = set(coders) if coders is not None else None
    frames: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    root = coded_dir()
    for paragraph_file in sorted(root.glob("*/*_paragraphs.csv")) if root.is_dir() else []:
        coder = paragraph_file.parent.name
        if wanted is not None and coder not in wanted:
            continue
        phrase_file = paragraph_file.with_name(paragraph_file.name.replace("_paragraphs.csv", "_phrases.csv"))
        frames.append(_coded(paragraph_file, phrase_file, *_codebook_files()))
    paragraphs = pd.concat([f[0] for f in frames], ignore_index=True) if frames else pd.DataFrame(
        columns=CODED_PARAGRAPH_COLUMNS)
    phrases = pd.concat([f[1] for f in frames], ignore_index=True) if frames else pd.DataFrame(
        columns=CODED_PHRASE_COLUMNS)
    return paragraphs, phrases


def gold_codes() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hand-coded gold as one more coder (``gold``), in the columns of :func:`load_coded`.

    Act and strength of each gold phrase are read from the verb lexicon (codebook R7), addressee
    groups from the addressee lexicon, and a paragraph's themes are its gold themes of either
    salience (the lenient reading: a theme is present when coded at all).
    """
    lexicon = load_lexicon()
    verbs = load_verbs_gold()
    language = verbs["document"].str.rsplit("_", n=1).str[-1].str.lower()
    entries = {(row.lang, row.phrase): row for row in lexicon.verbs.itertuples(index=False)}
    group_of = dict(zip(lexicon.addressees["addressee"], lexicon.addressees["group"]))
    found = [entries.get((lang, normalise(phrase))) for lang, phrase in zip(language, verbs["phrase"])]
    if any(entry is None for entry in found):
        missing = verbs["phrase"][[entry is None for entry in found]].iloc[0]
        raise DataError(f"verbs_gold.csv: phrase {missing!r} is not in the verb lexicon")
    phrases = pd.DataFrame({
        "document": verbs["document"], "number": verbs["number"], "order": verbs["order"],
        "surface": verbs.get("surface", verbs["phrase"]), "act": [entry.act for entry in found],
        "addressee_groups": [cells.join(dict.fromkeys(group_of.get(a, a) for a in cells.split(cell)))
                             for cell in verbs["addressees"]],
        "note": verbs.get("note", ""), "coder": GOLD, "date": GOLD_DATE})
    heads = phrases.assign(strength=[entry.strength for entry in found]).query("order == 1")
    themes = load_themes_gold()
    themes = themes[themes["kind"] == "paragraph"]
    order = {t: i for i, t in enumerate(theme_ids())}
    by_paragraph = themes.groupby(["document", "label"])["theme"].agg(
        lambda items: cells.join(sorted(set(items), key=order.__getitem__)))
    paragraphs = pd.DataFrame({
        "document": heads["document"], "number": heads["number"], "head_act": heads["act"],
        "head_strength": heads["strength"].map(format_strength),
        "themes": [by_paragraph.get((d, n), "") for d, n in zip(heads["document"], heads["number"])],
        "note": "", "coder": GOLD, "date": GOLD_DATE})
    return paragraphs.reset_index(drop=True)[CODED_PARAGRAPH_COLUMNS], phrases[CODED_PHRASE_COLUMNS]
