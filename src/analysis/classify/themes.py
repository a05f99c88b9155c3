"""Human-rights themes of recitals and operative paragraphs: two classifiers and their evaluation.

The knowledge lives in data files that researchers edit (see ``docs/codebook_themes.md``):
``data/taxonomy/themes.csv`` (the 26 theme ids and their labels), ``data/lexicons/themes.csv``
(the dictionary: patterns per theme and language) and ``data/annotations/themes_gold.csv``
(the hand-coded 2021 resolution). This module only reads, matches, trains and scores.

* **Dictionary** (:class:`DictionaryClassifier`, the quanteda-dictionary idea): the text is
  normalised (lower case, ``ё``→``е``, no-break space→space, whitespace collapsed) and a unit
  gets every theme with at least one matching pattern of its language. Patterns match whole
  words; a trailing ``*`` means any ending; a pattern of several words matches them adjacent.
  One compiled regular expression per theme and language, built once per process.
* **Model** (:func:`theme_model`): TF-IDF of word 1-2-grams and ``char_wb`` 2-5-grams
  (sublinear tf; the character n-grams catch Bulgarian endings and articles), and a
  one-vs-rest logistic regression with balanced class weights. Hyperparameters are fixed
  up front (:data:`MODEL_C`, :data:`MIN_POSITIVES`, :data:`THRESHOLD`), never tuned on the
  evaluation folds. A theme with fewer than ``MIN_POSITIVES`` positive units in the
  training data is not learned: the model never predicts it. A unit for which no theme
  reaches ``THRESHOLD`` gets its single most probable theme (codebook R4: every unit has
  at least one theme). The model is trained on the Bulgarian gold only, so it refuses to
  label other languages.
* **Evaluation** (:func:`evaluate_themes`): 5-fold cross-validation over units (stratified
  by recital/paragraph, fixed seed). The model is trained on four folds and predicts the
  fifth; the dictionary needs no training and is scored on the same units. Scores are
  pooled over the out-of-fold predictions, under strict (primary) and lenient (primary and
  secondary) gold.

scikit-learn is imported inside functions only, so ``import analysis`` stays fast.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import paths
from analysis.errors import AnalysisError, DataError

METHODS = ("dictionary", "model")
KINDS = ("recital", "paragraph")
SALIENCES = ("primary", "secondary")
SCORINGS = ("strict", "lenient")
CLASSIFIERS = ("dictionary", "model")
TAXONOMY_COLUMNS = ["theme", "label_en", "label_bg", "definition", "include", "exclude", "examples"]
DICTIONARY_COLUMNS = ["theme", "lang", "pattern", "note"]
GOLD_COLUMNS = ["document", "kind", "label", "theme", "salience", "note"]
UNIT_COLUMNS = ["document", "position", "kind", "label", "text", "language", "themes_strict", "themes_lenient"]
POOLED = "(pooled)"

#: Regularisation of the logistic regression: scikit-learn's default, fixed before any scoring.
MODEL_C = 1.0
#: A theme needs at least this many positive training units to be learned; otherwise it is never predicted.
MIN_POSITIVES = 2
#: Probability from which a theme is assigned.
THRESHOLD = 0.5

_THEME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LANG = re.compile(r"^[a-z]{2}$")


def normalise(text: str) -> str:
    """The form every pattern is matched against: lower case, ``ё``→``е``, no-break space→space,
    runs of whitespace collapsed to one space."""
    return " ".join(text.replace("\u00a0", " ").lower().replace("ё", "е").split())


# --- data files -----------------------------------------------------------------------------

def _read_rows(path: Path, required: Sequence[str], what: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a UTF-8 CSV file as ``(line number, {column: stripped value})``."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row:
                    raise DataError(f"{path}: line {reader.line_num}: more fields than columns")
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except FileNotFoundError as exc:
        raise DataError(f"{path}: {what} not found") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable UTF-8 CSV file ({exc})") from exc
    return rows


def _file_key(path: Path) -> tuple[str, int, int]:
    """Cache key of a data file: edited files are re-read."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def taxonomy_path() -> Path:
    """``data/taxonomy/themes.csv``."""
    return paths.data_dir() / "taxonomy" / "themes.csv"


@functools.lru_cache(maxsize=8)
def _cached_taxonomy(key: tuple[str, int, int]) -> pd.DataFrame:
    path = Path(key[0])
    rows = _read_rows(path, ["theme", "label_en", "label_bg"], "theme taxonomy")
    seen: set[str] = set()
    for line, row in rows:
        if not _THEME_ID.match(row["theme"]):
            raise DataError(f"{path}: line {line}: bad theme id {row['theme']!r} (lower case, digits, '_')")
        if row["theme"] in seen:
            raise DataError(f"{path}: line {line}: theme {row['theme']!r} is listed twice")
        if not row["label_en"]:
            raise DataError(f"{path}: line {line}: theme {row['theme']!r} has no English label")
        seen.add(row["theme"])
    if not rows:
        raise DataError(f"{path}: no themes")
    frame = pd.DataFrame([row for _, row in rows])
    return frame[[c for c in TAXONOMY_COLUMNS if c in frame.columns]]


def load_taxonomy(path: str | Path | None = None) -> pd.DataFrame:
    """The theme list, in its canonical order: ``theme, label_en, label_bg, definition, ...``."""
    return _cached_taxonomy(_file_key(Path(path) if path else taxonomy_path())).copy()


def theme_ids(taxonomy: pd.DataFrame | None = None) -> list[str]:
    """Theme ids in taxonomy order (the order every list of themes is returned in)."""
    return list((taxonomy if taxonomy is not None else load_taxonomy())["theme"])


def theme_labels(language: str = "en") -> dict[str, str]:
    """``{theme id: label}`` in English (``en``) or Bulgarian (``bg``)."""
    taxonomy = load_taxonomy()
    return dict(zip(taxonomy["theme"], taxonomy[f"label_{language}"]))


def _check_pattern(pattern: str) -> str | None:
    """Why ``pattern`` (normalised) is malformed, or ``None``."""
    if not pattern:
        return "empty pattern"
    for word in pattern.split(" "):
        body = word[:-1] if word.endswith("*") else word
        if "*" in body:
            return f"'*' is allowed only at the end of a word: {pattern!r}"
        if not re.search(r"\w", body):
            return f"word {word!r} has no letter or digit: {pattern!r}"
    return None


def load_dictionary(path: str | Path | None = None, taxonomy: pd.DataFrame | None = None) -> pd.DataFrame:
    """The theme dictionary, validated: ``theme, lang, pattern, note, line``.

    Patterns are normalised (lower case, ``ё``→``е``, single spaces). Unknown theme ids,
    malformed patterns and duplicates raise :class:`~analysis.errors.DataError` naming the
    file and line.
    """
    path = Path(path) if path else paths.lexicon_path("themes.csv")
    known = set(theme_ids(taxonomy))
    rows = _read_rows(path, ["theme", "lang", "pattern"], "theme dictionary")
    records = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        where = f"{path}: line {line}"
        theme, lang, pattern = row["theme"], row["lang"].lower(), normalise(row["pattern"])
        if theme not in known:
            raise DataError(f"{where}: unknown theme {theme!r} (not a theme id of the taxonomy)")
        if not _LANG.match(lang):
            raise DataError(f"{where}: bad language code {row['lang']!r} (two letters, e.g. bg, en)")
        problem = _check_pattern(pattern)
        if problem:
            raise DataError(f"{where}: {problem}")
        if (theme, lang, pattern) in seen:
            raise DataError(f"{where}: pattern {pattern!r} ({lang}) is listed twice for {theme} "
                            f"(first on line {seen[(theme, lang, pattern)]})")
        seen[(theme, lang, pattern)] = line
        records.append({"theme": theme, "lang": lang, "pattern": pattern, "note": row.get("note", ""), "line": line})
    if not records:
        raise DataError(f"{path}: no patterns")
    return pd.DataFrame(records, columns=DICTIONARY_COLUMNS + ["line"])


def load_themes_gold(path: str | Path | None = None, taxonomy: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hand-coded theme annotation, validated: one row per (unit, theme).

    Columns ``document, kind, label, theme, salience, note``. Unknown themes, kinds or
    saliences, a theme coded twice for a unit, and a unit without a primary theme (codebook
    R4) raise :class:`~analysis.errors.DataError`.
    """
    path = Path(path) if path else paths.annotation_path("themes_gold.csv")
    known = set(theme_ids(taxonomy))
    rows = _read_rows(path, ["document", "kind", "label", "theme", "salience"], "theme gold annotation")
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, row in rows:
        where = f"{path}: line {line}"
        if row["theme"] not in known:
            raise DataError(f"{where}: unknown theme {row['theme']!r}")
        if row["kind"] not in KINDS:
            raise DataError(f"{where}: kind must be one of {', '.join(KINDS)}, not {row['kind']!r}")
        if row["salience"] not in SALIENCES:
            raise DataError(f"{where}: salience must be one of {', '.join(SALIENCES)}, not {row['salience']!r}")
        if not row["document"] or not row["label"]:
            raise DataError(f"{where}: empty document or label")
        key = (row["document"], row["kind"], row["label"], row["theme"])
        if key in seen:
            raise DataError(f"{where}: theme {row['theme']!r} coded twice for {row['kind']} {row['label']} "
                            f"(first on line {seen[key]})")
        seen[key] = line
    frame = pd.DataFrame([row for _, row in rows], columns=None if rows else GOLD_COLUMNS)
    if "note" not in frame.columns:
        frame["note"] = ""
    frame = frame[GOLD_COLUMNS]
    primary = frame[frame["salience"] == "primary"].groupby(["document", "kind", "label"]).size()
    for unit in frame.drop_duplicates(["document", "kind", "label"]).itertuples(index=False):
        if (unit.document, unit.kind, unit.label) not in primary.index:
            raise DataError(f"{path}: {unit.document} {unit.kind} {unit.label} has no primary theme (codebook R4)")
    return frame


# --- the dictionary classifier ---------------------------------------------------------------

def _units(pattern: str) -> list[str]:
    """Regex pieces of one normalised pattern: escaped characters, ``\\w*`` for a trailing
    ``*``, ``\\s+`` between words."""
    pieces: list[str] = []
    for i, word in enumerate(pattern.split(" ")):
        if i:
            pieces.append(r"\s+")
        star = word.endswith("*")
        pieces.extend(re.escape(ch) for ch in (word[:-1] if star else word))
        if star:
            pieces.append(r"\w*")
    return pieces


def _trie(patterns: Iterable[str]) -> dict[str, dict]:
    root: dict[str, dict] = {}
    for pattern in set(patterns):
        node = root
        for piece in _units(pattern):
            node = node.setdefault(piece, {})
        node[""] = {}  # end of a pattern
    return root


def _emit(node: dict[str, dict], boundary: bool = False) -> str:
    """Regex source of a pattern trie: shared prefixes are written once, so the engine does not
    retry every pattern at every word. With ``boundary`` each first character is checked to
    start a word (``(?<!\\w)``, written after the character so that the search can skip ahead)."""
    alternatives = []
    for piece, child in sorted(node.items()):
        if piece == "":
            continue
        guard = rf"(?<!\w{piece})" if boundary else ""
        alternatives.append(piece + guard + _emit(child))
    if "" in node:
        alternatives.append("")
    if not alternatives:
        return r"(?!x)x"
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def pattern_regex(pattern: str) -> str:
    """Regular-expression source of one (normalised) dictionary pattern, without word boundaries."""
    return "".join(_units(pattern))


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression that finds any of ``patterns`` as whole words.

    The rules of the codebook (section 7.2): case and ``ё`` are normalised beforehand; a
    pattern starts at a word start and ends at a word end; a trailing ``*`` allows any
    ending (``\\w*``); the words of a multi-word pattern are separated by whitespace only;
    every other character is literal.
    """
    return re.compile(r"(?:" + _emit(_trie(patterns), boundary=True) + r")(?!\w)")


def compile_dictionary(by_theme: dict[str, list[str]]) -> re.Pattern[str]:
    """One regular expression for a whole language: a zero-width match at each word start where
    some pattern matches, with a named group ``t<i>`` set for every theme ``i`` (in the order
    of ``by_theme``) that has a pattern matching there. Themes whose patterns overlap or start
    at the same word are all found, which a plain alternation would not do."""
    parts = [r"(?<!\w)(?=" + _emit(_trie(p for ps in by_theme.values() for p in ps)) + r"(?!\w))"]
    for i, patterns in enumerate(by_theme.values()):
        parts.append(r"(?:(?=" + _emit(_trie(patterns)) + rf"(?!\w))(?P<t{i}>))?")
    return re.compile("".join(parts))


@functools.lru_cache(maxsize=8)
def _cached_compiled(dictionary_key: tuple[str, int, int],
                     taxonomy_key: tuple[str, int, int]) -> dict[str, tuple[re.Pattern[str], list[str]]]:
    taxonomy = _cached_taxonomy(taxonomy_key)
    dictionary = load_dictionary(dictionary_key[0], taxonomy)
    compiled: dict[str, tuple[re.Pattern[str], list[str]]] = {}
    for lang, entries in dictionary.groupby("lang", sort=True):
        patterns = entries.groupby("theme")["pattern"].apply(list)
        by_theme = {theme: patterns[theme] for theme in taxonomy["theme"] if theme in patterns.index}
        compiled[lang] = (compile_dictionary(by_theme), list(by_theme))
    return compiled


class DictionaryClassifier:
    """Assigns every theme with at least one matching dictionary pattern (scikit-learn style).

    ``predict`` takes a frame with ``text`` and ``language`` columns and returns one list of
    theme ids per row, in taxonomy order. The compiled patterns are cached per process.
    """

    def __init__(self, path: str | Path | None = None, taxonomy_file: str | Path | None = None):
        self.path = Path(path) if path else paths.lexicon_path("themes.csv")
        self.taxonomy_file = Path(taxonomy_file) if taxonomy_file else taxonomy_path()

    @property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], list[str]]]:
        """``{language: (regex, themes)}``: group ``t<i>`` of the regex is ``themes[i]`` (taxonomy order)."""
        return _cached_compiled(_file_key(self.path), _file_key(self.taxonomy_file))

    def languages(self) -> list[str]:
        """Languages with at least one pattern."""
        return sorted(self.compiled)

    def fit(self, X: Any = None, y: Any = None) -> DictionaryClassifier:
        """Nothing to learn: the dictionary is fixed. Returns ``self``."""
        return self

    def _rules(self, language: str) -> tuple[re.Pattern[str], list[str]]:
        rules = self.compiled.get(str(language).lower())
        if rules is None:
            raise DataError(f"{self.path}: the theme dictionary has no patterns for language {language!r} "
                            f"(it has: {', '.join(self.languages())})")
        return rules

    def match(self, text: str, language: str) -> list[str]:
        """Themes of one text, in taxonomy order."""
        regex, themes = self._rules(language)
        found: set[str] = set()
        for match in regex.finditer(normalise(text)):
            found.update(name for name, value in match.groupdict().items() if value is not None)
        return [theme for i, theme in enumerate(themes) if f"t{i}" in found]

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        """One list of themes per row of ``frame`` (columns ``text`` and ``language``)."""
        _require(frame, ["text", "language"])
        return [self.match(text, language) for text, language in zip(frame["text"], frame["language"])]

    def explain(self, text: str, language: str) -> pd.DataFrame:
        """Which pattern matched which words: ``theme, pattern, matched`` (for reading false positives)."""
        folded = normalise(text)
        dictionary = load_dictionary(self.path, load_taxonomy(self.taxonomy_file))
        rows = []
        for entry in dictionary[dictionary["lang"] == str(language).lower()].itertuples(index=False):
            for found in compile_patterns([entry.pattern]).finditer(folded):
                rows.append({"theme": entry.theme, "pattern": entry.pattern, "matched": found.group(0)})
        order = {t: i for i, t in enumerate(theme_ids())}
        frame = pd.DataFrame(rows, columns=["theme", "pattern", "matched"])
        return frame.sort_values("theme", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)


def _require(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(f"theme classification needs column(s) {', '.join(missing)} in the paragraphs table")


# --- the supervised model ----------------------------------------------------------------------

def build_pipeline(seed: int = 0, C: float = MODEL_C):
    """The scikit-learn Pipeline: word 1-2-grams + ``char_wb`` 2-5-grams (TF-IDF, sublinear tf)
    feeding a one-vs-rest logistic regression (liblinear, balanced class weights)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("word", TfidfVectorizer(preprocessor=normalise, analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ("char", TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ])
    classifier = OneVsRestClassifier(LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                                        random_state=seed))
    return Pipeline([("features", features), ("classifier", classifier)])


class ThemeModel:
    """The supervised theme classifier: ``fit(frame, labels)`` / ``predict(frame)``.

    ``frame`` has ``text`` and ``language``; ``labels`` is one list of theme ids per row.
    Themes with fewer than ``min_positives`` positive rows are not learned (``skipped_``)
    and never predicted. Predictions: every theme with probability >= ``threshold``; if
    none, the single most probable learned theme.
    """

    def __init__(self, seed: int = 0, C: float = MODEL_C, min_positives: int = MIN_POSITIVES,
                 threshold: float = THRESHOLD, themes: Sequence[str] | None = None):
        self.seed = seed
        self.C = C
        self.min_positives = min_positives
        self.threshold = threshold
        self.themes = list(themes) if themes is not None else theme_ids()
        self.pipeline_ = None
        self.learned_: list[str] = []
        self.skipped_: list[str] = []
        self.languages_: set[str] = set()

    def fit(self, frame: pd.DataFrame, labels: Sequence[Sequence[str]]) -> ThemeModel:
        """Train on the rows of ``frame`` and their theme lists."""
        _require(frame, ["text", "language"])
        if len(labels) != len(frame):
            raise AnalysisError(f"{len(frame)} texts but {len(labels)} label lists")
        unknown = sorted({t for row in labels for t in row} - set(self.themes))
        if unknown:
            raise DataError(f"unknown theme id(s) in the training labels: {', '.join(unknown)}")
        matrix = label_matrix(labels, self.themes)
        positives = matrix.sum(axis=0)
        negatives = len(frame) - positives
        keep = (positives >= self.min_positives) & (negatives >= 1)
        self.learned_ = [t for t, k in zip(self.themes, keep) if k]
        self.skipped_ = [t for t, k in zip(self.themes, keep) if not k]
        self.languages_ = {str(lang).lower() for lang in frame["language"]}
        self.pipeline_ = None
        if self.learned_:
            target = matrix[:, keep]
            self.pipeline_ = build_pipeline(self.seed, self.C).fit(list(frame["text"]), target)
        return self

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Probability of each learned theme per row (columns: the learned theme ids)."""
        _require(frame, ["text", "language"])
        others = sorted({str(lang).lower() for lang in frame["language"]} - self.languages_)
        if others:
            raise DataError(f"the theme model was trained on {', '.join(sorted(self.languages_)) or 'no'} "
                            f"text only and cannot label language(s) {', '.join(others)}; "
                            "use the dictionary (--themes dictionary)")
        if self.pipeline_ is None or frame.empty:
            return pd.DataFrame(np.zeros((len(frame), len(self.learned_))), columns=self.learned_)
        proba = np.asarray(self.pipeline_.predict_proba(list(frame["text"])))
        if len(self.learned_) == 1 and proba.shape[1] == 2:
            proba = proba[:, 1:]
        return pd.DataFrame(proba, columns=self.learned_)

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        """One list of themes per row, in taxonomy order."""
        proba = self.predict_proba(frame)
        if proba.shape[1] == 0:
            return [[] for _ in range(len(frame))]
        values = proba.to_numpy()
        chosen = values >= self.threshold
        empty = ~chosen.any(axis=1)
        chosen[np.flatnonzero(empty), values[empty].argmax(axis=1)] = True
        return [[t for t, c in zip(self.learned_, row) if c] for row in chosen]


def theme_model(seed: int = 0) -> ThemeModel:
    """A new, untrained theme model with the fixed hyperparameters and random seed ``seed``."""
    return ThemeModel(seed=seed)


def label_matrix(labels: Sequence[Sequence[str]], themes: Sequence[str] | None = None) -> np.ndarray:
    """Binary unit × theme matrix (columns in ``themes`` order, default the taxonomy)."""
    themes = list(themes) if themes is not None else theme_ids()
    index = {t: i for i, t in enumerate(themes)}
    matrix = np.zeros((len(labels), len(themes)), dtype=int)
    for row, items in enumerate(labels):
        for theme in items:
            if theme in index:
                matrix[row, index[theme]] = 1
    return matrix


# --- gold units ---------------------------------------------------------------------------------

def _ordered(themes: Iterable[str], order: dict[str, int]) -> list[str]:
    return sorted(set(themes), key=order.__getitem__)


def gold_units(gold: pd.DataFrame | None = None, raw: str | Path | None = None) -> pd.DataFrame:
    """The gold units with their text from the parsed resolution: one row per unit.

    Columns ``document, position, kind, label, text, language, themes_strict`` (primary
    themes) and ``themes_lenient`` (primary and secondary), lists in taxonomy order,
    rows in document and text order.
    """
    from analysis.corpus.documents import find_documents
    from analysis.corpus.parser import parse

    gold = gold if gold is not None else load_themes_gold()
    order = {t: i for i, t in enumerate(theme_ids())}
    folder = Path(raw) if raw else paths.raw_dir()
    files = {p.stem: p for p in find_documents([folder])} if folder.is_dir() else {}
    frames = []
    for document, coded in gold.groupby("document", sort=True):
        if document not in files:
            raise DataError(f"{document}: the text of this gold-coded resolution is not in {folder} "
                            "(fetch it: python -m analysis fetch)")
        parsed = parse(files[document])
        units = parsed.units[parsed.units["kind"].isin(KINDS)]
        units = units.assign(language=parsed.metadata["language"])
        by_unit = {key: group for key, group in coded.groupby(["kind", "label"])}
        missing = sorted(set(by_unit) - set(zip(units["kind"], units["label"])))
        if missing:
            raise DataError(f"{document}: gold unit(s) not found in the parsed text: "
                            + ", ".join(f"{k} {label}" for k, label in missing))
        units = units[[key in by_unit for key in zip(units["kind"], units["label"])]].copy()
        units["themes_strict"] = [
            _ordered(by_unit[key].loc[by_unit[key]["salience"] == "primary", "theme"], order)
            for key in zip(units["kind"], units["label"])]
        units["themes_lenient"] = [_ordered(by_unit[key]["theme"], order) for key in zip(units["kind"], units["label"])]
        frames.append(units)
    if not frames:
        raise DataError("the theme gold annotation is empty")
    return pd.concat(frames, ignore_index=True)[UNIT_COLUMNS]


# --- predict ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _cached_model(gold_key: tuple[str, int, int], raw: str, seed: int) -> ThemeModel:
    units = gold_units(load_themes_gold(gold_key[0]), raw)
    return theme_model(seed).fit(units, list(units["themes_lenient"]))


def trained_model(seed: int = 0) -> ThemeModel:
    """The theme model trained on all gold units with lenient labels (trained once per process)."""
    return _cached_model(_file_key(paths.annotation_path("themes_gold.csv")), str(paths.raw_dir()), seed)


def predict_themes(paragraphs: pd.DataFrame, method: str = "dictionary") -> list[list[str]]:
    """Themes of each row of ``paragraphs`` (``text``, ``language``), in taxonomy order.

    ``method`` is ``dictionary`` or ``model`` (trained once on all gold units, lenient labels).
    """
    if method not in METHODS:
        raise AnalysisError(f"unknown theme classifier {method!r}; expected one of {', '.join(METHODS)}")
    if paragraphs.empty:
        return []
    if method == "dictionary":
        return DictionaryClassifier().predict(paragraphs)
    return trained_model().predict(paragraphs)


# --- evaluation -------------------------------------------------------------------------------

def theme_folds(units: pd.DataFrame, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds over units: ``[(train_index, test_index), ...]``.

    Stratified by ``kind`` (recitals and paragraphs spread over the folds), shuffled with
    ``seed``. Every unit is in exactly one test fold and never in its own training fold.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    if len(units) < n_splits:
        raise AnalysisError(f"{len(units)} units cannot be split into {n_splits} folds")
    kinds = units["kind"].to_numpy()
    if units["kind"].value_counts().min() >= n_splits:
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        return [(train, test) for train, test in splitter.split(np.zeros(len(units)), kinds)]
    splitter = KFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(train, test) for train, test in splitter.split(np.zeros(len(units)))]


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two binary vectors; NaN when both are constant (undefined)."""
    from sklearn.metrics import cohen_kappa_score

    if len(set(a.tolist()) | set(b.tolist())) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b, labels=[0, 1]))


def score_themes(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                 themes: Sequence[str] | None = None) -> tuple[pd.DataFrame, dict[str, float]]:
    """Per-theme and averaged scores of ``predicted`` against ``gold`` (lists of themes per unit).

    Returns ``(per_theme, summary)``: per theme ``tp, fp, fn, support, predicted, precision,
    recall, f1, kappa``; the summary has micro (pooled counts) and macro (mean over themes
    with gold support) precision, recall and F1, and the pooled kappa over all unit × theme
    decisions. Precision of a theme never predicted is 0.
    """
    themes = list(themes) if themes is not None else theme_ids()
    g, p = label_matrix(gold, themes), label_matrix(predicted, themes)
    tp = (g & p).sum(axis=0)
    fp = ((1 - g) & p).sum(axis=0)
    fn = (g & (1 - p)).sum(axis=0)
    precision = np.divide(tp, tp + fp, out=np.zeros(len(themes)), where=(tp + fp) > 0)
    recall = np.divide(tp, tp + fn, out=np.zeros(len(themes)), where=(tp + fn) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(len(themes)),
                   where=(precision + recall) > 0)
    per_theme = pd.DataFrame({
        "theme": themes, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "predicted": tp + fp,
        "precision": precision, "recall": recall, "f1": f1,
        "kappa": [_kappa(g[:, i], p[:, i]) for i in range(len(themes))],
    })
    TP, FP, FN = int(tp.sum()), int(fp.sum()), int(fn.sum())
    micro_p = TP / (TP + FP) if TP + FP else 0.0
    micro_r = TP / (TP + FN) if TP + FN else 0.0
    micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    supported = per_theme[per_theme["support"] > 0]
    summary = {
        "micro_p": micro_p, "micro_r": micro_r, "micro_f1": micro_f,
        "macro_p": float(supported["precision"].mean()) if len(supported) else 0.0,
        "macro_r": float(supported["recall"].mean()) if len(supported) else 0.0,
        "macro_f1": float(supported["f1"].mean()) if len(supported) else 0.0,
        "kappa": _kappa(g.ravel(), p.ravel()),
        "themes_scored": len(supported),
    }
    return per_theme, summary


def cross_validated_predictions(units: pd.DataFrame | None = None, n_splits: int = 5,
                                seed: int = 0) -> pd.DataFrame:
    """Out-of-fold predictions for every gold unit: ``fold``, ``dictionary`` and ``model`` lists.

    The model predicting a unit's fold was trained on the other folds only (lenient labels).
    """
    units = gold_units() if units is None else units
    folds = theme_folds(units, n_splits, seed)
    dictionary = DictionaryClassifier().fit().predict(units)
    model: list[list[str]] = [[] for _ in range(len(units))]
    fold_of = np.full(len(units), -1)
    for number, (train, test) in enumerate(folds, start=1):
        fitted = theme_model(seed).fit(units.iloc[train], list(units["themes_lenient"].iloc[train]))
        for row, themes in zip(test, fitted.predict(units.iloc[test])):
            model[row] = themes
        fold_of[test] = number
    result = units.drop(columns=["text"]).copy()
    result["fold"] = fold_of
    result["dictionary"] = dictionary
    result["model"] = model
    return result


def evaluate_themes(n_splits: int = 5, seed: int = 0, units: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Score the dictionary and the model against the gold by cross-validation over units.

    Returns a dict of tables:

    * ``summary``: classifier, scoring (strict/lenient), micro and macro P/R/F1, pooled kappa
      against the gold (out-of-fold predictions pooled over the folds);
    * ``per_theme``: theme, label_en, classifier, scoring, precision, recall, f1, support,
      predicted, kappa (against the gold);
    * ``agreement``: dictionary vs model per theme (Cohen's kappa, raw agreement, positives
      of each) and a pooled row over all unit × theme decisions (theme ``(pooled)``);
    * ``folds``: micro-F1 per fold, classifier and scoring (how much the folds vary);
    * ``predictions``: each unit's fold, gold and predicted themes (";"-joined);
    * ``disagreements``: unit × theme decisions where the gold and the classifiers do not all agree.

    Deterministic: the folds and the model use ``seed``; hyperparameters are fixed.
    """
    units = gold_units() if units is None else units
    themes = theme_ids()
    labels = theme_labels("en")
    predictions = cross_validated_predictions(units, n_splits, seed)
    gold = {"strict": list(units["themes_strict"]), "lenient": list(units["themes_lenient"])}
    per_rows, summary_rows, fold_rows = [], [], []
    for classifier in CLASSIFIERS:
        for scoring in SCORINGS:
            per_theme, summary = score_themes(gold[scoring], list(predictions[classifier]), themes)
            per_rows.append(per_theme.assign(classifier=classifier, scoring=scoring))
            summary_rows.append({"classifier": classifier, "scoring": scoring, **summary})
            for number in sorted(predictions["fold"].unique()):
                mask = (predictions["fold"] == number).to_numpy()
                _, in_fold = score_themes([g for g, m in zip(gold[scoring], mask) if m],
                                          list(predictions.loc[mask, classifier]), themes)
                fold_rows.append({"fold": int(number), "n_units": int(mask.sum()), "classifier": classifier,
                                  "scoring": scoring, "micro_f1": in_fold["micro_f1"],
                                  "macro_f1": in_fold["macro_f1"]})
    per_theme = pd.concat(per_rows, ignore_index=True)
    per_theme.insert(1, "label_en", per_theme["theme"].map(labels))
    per_theme = per_theme[["theme", "label_en", "classifier", "scoring", "precision", "recall", "f1", "support",
                           "predicted", "tp", "fp", "fn", "kappa"]]
    summary = pd.DataFrame(summary_rows)
    return {
        "summary": summary,
        "per_theme": per_theme,
        "agreement": classifier_agreement(predictions, themes),
        "folds": pd.DataFrame(fold_rows),
        "predictions": _joined(predictions),
        "disagreements": _disagreements(predictions, themes),
    }


def classifier_agreement(predictions: pd.DataFrame, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Dictionary vs model per theme: Cohen's kappa over units, raw agreement, positives of each;
    last row ``(pooled)``: kappa over all unit × theme decisions. Kappa is NaN where both
    classifiers are constant (never or always assign the theme)."""
    themes = list(themes) if themes is not None else theme_ids()
    labels = theme_labels("en")
    d = label_matrix(list(predictions["dictionary"]), themes)
    m = label_matrix(list(predictions["model"]), themes)
    rows = [{"theme": t, "label_en": labels.get(t, t), "kappa": _kappa(d[:, i], m[:, i]),
             "agreement": float((d[:, i] == m[:, i]).mean()), "n_dictionary": int(d[:, i].sum()),
             "n_model": int(m[:, i].sum()), "n_units": len(d)} for i, t in enumerate(themes)]
    rows.append({"theme": POOLED, "label_en": "All themes (pooled decisions)", "kappa": _kappa(d.ravel(), m.ravel()),
                 "agreement": float((d == m).mean()), "n_dictionary": int(d.sum()), "n_model": int(m.sum()),
                 "n_units": len(d)})
    return pd.DataFrame(rows)


def _joined(predictions: pd.DataFrame) -> pd.DataFrame:
    frame = predictions.copy()
    for column in ("themes_strict", "themes_lenient", "dictionary", "model"):
        frame[column] = frame[column].map(";".join)
    return frame[["document", "kind", "label", "fold", "themes_strict", "themes_lenient", "dictionary", "model"]]


def _disagreements(predictions: pd.DataFrame, themes: Sequence[str]) -> pd.DataFrame:
    rows = []
    for unit in predictions.itertuples(index=False):
        for theme in themes:
            gold = "primary" if theme in unit.themes_strict else "secondary" if theme in unit.themes_lenient else ""
            found = (theme in unit.dictionary, theme in unit.model)
            if found != (bool(gold), bool(gold)):
                rows.append({"document": unit.document, "kind": unit.kind, "label": unit.label, "theme": theme,
                             "gold": gold, "dictionary": found[0], "model": found[1]})
    return pd.DataFrame(rows, columns=["document", "kind", "label", "theme", "gold", "dictionary", "model"])


# --- tables for the notebook ----------------------------------------------------------------

def count_themes(labels: Iterable[Sequence[str]], themes: Sequence[str] | None = None) -> pd.Series:
    """Number of units carrying each theme, indexed by theme id in taxonomy order."""
    themes = list(themes) if themes is not None else theme_ids()
    return pd.Series(label_matrix(list(labels), themes).sum(axis=0), index=pd.Index(themes, name="theme"))


def theme_frequencies(units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units per theme: gold (strict, lenient) and dictionary predictions (recitals, paragraphs, all).

    ``units`` defaults to :func:`gold_units`.
    """
    units = gold_units() if units is None else units
    predicted = pd.Series(DictionaryClassifier().predict(units), index=units.index)
    recital = (units["kind"] == "recital").to_numpy()
    frame = pd.DataFrame({
        "gold_strict": count_themes(units["themes_strict"]),
        "gold_lenient": count_themes(units["themes_lenient"]),
        "dictionary_recitals": count_themes(predicted[recital]),
        "dictionary_paragraphs": count_themes(predicted[~recital]),
        "dictionary": count_themes(predicted),
    }).reset_index()
    frame.insert(1, "label_en", frame["theme"].map(theme_labels("en")))
    return frame


def paragraph_theme_table(classified: pd.DataFrame, evaluation: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The themes of each gold-coded paragraph side by side: number, head verb, gold primary and
    secondary themes, dictionary themes and the model's out-of-fold themes.

    ``classified`` is :func:`analysis.classify.classify_paragraphs` output; ``evaluation`` is
    :func:`evaluate_themes` output (its model column comes from a model that never saw the unit).
    """
    predictions = evaluation["predictions"]
    paragraphs = predictions[predictions["kind"] == "paragraph"]
    rows = []
    head = {(d, str(n)): v for d, n, v in classified[["document", "number", "head_verb"]].itertuples(index=False)}
    for unit in paragraphs.itertuples(index=False):
        strict = unit.themes_strict.split(";") if unit.themes_strict else []
        secondary = [t for t in unit.themes_lenient.split(";") if t and t not in strict]
        rows.append({"number": int(unit.label), "head_verb": head.get((unit.document, unit.label), ""),
                     "gold_primary": "; ".join(strict), "gold_secondary": "; ".join(secondary),
                     "dictionary": unit.dictionary.replace(";", "; "),
                     "model_out_of_fold": unit.model.replace(";", "; ")})
    return pd.DataFrame(rows).sort_values("number", kind="stable").reset_index(drop=True)


def theme_strength_table(classified: pd.DataFrame) -> pd.DataFrame:
    """Verb strength by theme, from :func:`analysis.classify.classify_paragraphs` output.

    One row per theme that occurs (taxonomy order): ``n_paragraphs``, ``mean_strength`` (head
    verb), ``mean_max_strength`` (strongest phrase of the paragraph), ``share_directive``
    (paragraphs whose head verb is a directive). A paragraph counts once for each of its
    themes (``themes`` is ";"-joined); paragraphs without a theme are left out. Procedural
    paragraphs (the forwarding clause) are counted but left out of the means, as in
    :func:`analysis.compare.scored`.
    """
    from analysis.compare.core import scored

    _require(classified, ["themes", "strength", "max_strength", "act"])
    classified = scored(classified)
    exploded = (classified.assign(theme=classified["themes"].fillna("").str.split(";"))
                .explode("theme"))
    exploded = exploded[exploded["theme"].notna() & (exploded["theme"] != "")]
    order = {t: i for i, t in enumerate(theme_ids())}
    columns = ["theme", "label_en", "n_paragraphs", "mean_strength", "mean_max_strength", "share_directive"]
    if exploded.empty:
        return pd.DataFrame(columns=columns)
    grouped = exploded.groupby("theme").agg(
        n_paragraphs=("strength", "size"), mean_strength=("strength", "mean"),
        mean_max_strength=("max_strength", "mean"),
        share_directive=("act", lambda acts: float((acts == "directive").mean())))
    table = grouped.reset_index()
    table["label_en"] = table["theme"].map(theme_labels("en")).fillna(table["theme"])
    table = table.sort_values("theme", key=lambda c: c.map(lambda t: order.get(t, len(order))), kind="stable")
    return table[columns].reset_index(drop=True)
