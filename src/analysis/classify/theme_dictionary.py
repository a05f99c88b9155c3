"""The dictionary theme classifier (the quanteda-dictionary idea), as a scikit-learn estimator.

It follows scikit-learn's estimator protocol (``get_params``, ``set_params``, ``fit``/``predict``,
``sklearn.base.clone``) through :class:`~analysis.classify.estimator.ParamsMixin` rather than by
deriving from ``BaseEstimator``, so that ``classify``, which uses it by default, does not import
scikit-learn (over a second at every start).

A unit gets every theme with at least one pattern of its language that matches its normalised
text (:func:`analysis.resources.text.normalise`; patterns in the wildcard syntax of
:mod:`analysis.resources.wildcard`). The patterns are in ``data/lexicons/themes.csv``, the theme
ids and their order in ``data/taxonomy/themes.csv`` (:mod:`analysis.resources.taxonomy`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis import lazy
from analysis.classify.estimator import ParamsMixin, check_fitted
from analysis.errors import AnalysisError, DataError
from analysis.resources.files import cached_on_files
from analysis.resources.kept import load_or_build
from analysis.resources.taxonomy import (Compiled, compiled_dictionary, dictionary_path, load_dictionary,
                                         load_taxonomy, taxonomy_path, theme_ids)
from analysis.resources.text import normalise
from analysis.resources.wildcard import compile_patterns

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

TEXT_COLUMNS = ["text", "language"]


def require_columns(frame: pd.DataFrame, columns: Sequence[str] = TEXT_COLUMNS) -> None:
    """Raise :class:`~analysis.errors.AnalysisError` if ``frame`` lacks one of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(f"theme classification needs column(s) {', '.join(missing)} in the paragraphs table")


@cached_on_files(maxsize=4)
def _compiled(dictionary: Path, taxonomy: Path) -> tuple[Compiled, list[str]]:
    """The dictionary compiled (:func:`~analysis.resources.taxonomy.compiled_dictionary`) and the theme
    ids in taxonomy order, kept on disk for the next process too (:mod:`analysis.resources.kept`)."""
    return load_or_build("theme-dictionary", (dictionary, taxonomy), lambda: (
        compiled_dictionary(dictionary, taxonomy), theme_ids(load_taxonomy(taxonomy))))


class DictionaryClassifier(ParamsMixin):
    """Assigns every theme with at least one matching dictionary pattern.

    ``dictionary`` and ``taxonomy`` are the data files (default: the shipped ones). ``fit`` reads
    and compiles them (``compiled_``, ``themes_``, ``languages_``); ``predict`` takes a frame with
    ``text`` and ``language`` columns and returns one list of theme ids per row, in taxonomy order.
    """

    def __init__(self, dictionary: str | Path | None = None, taxonomy: str | Path | None = None):
        self.dictionary = dictionary
        self.taxonomy = taxonomy

    def _paths(self) -> tuple[Path, Path]:
        return (Path(self.dictionary) if self.dictionary else dictionary_path(),
                Path(self.taxonomy) if self.taxonomy else taxonomy_path())

    def fit(self, X: Any = None, y: Any = None) -> DictionaryClassifier:
        """Read and compile the dictionary (nothing is learned from ``X``). Returns ``self``."""
        self.compiled_, themes = _compiled(*self._paths())  # shared (read-only); the theme list is the estimator's own
        self.themes_ = list(themes)
        self.languages_ = sorted(self.compiled_)
        return self

    def _rules(self, language: str):
        check_fitted(self, "compiled_")
        rules = self.compiled_.get(str(language).lower())
        if rules is None:
            raise DataError(f"{self._paths()[0]}: the theme dictionary has no patterns for language "
                            f"{language!r} (it has: {', '.join(self.languages_)})")
        return rules

    def match(self, text: str, language: str) -> list[str]:
        """Themes of one text, in taxonomy order."""
        return self._match(text, self._rules(language))

    @staticmethod
    def _match(text: str, rules) -> list[str]:
        scan, themes = rules
        return [themes[i] for i in sorted(scan.found_groups(text))]

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        """One list of themes per row of ``frame`` (columns ``text`` and ``language``).

        The rows of each language are scanned together (``RunScan.found_many``)."""
        require_columns(frame)
        return self.labels(frame["text"].tolist(), frame["language"].tolist())

    def labels(self, texts: Sequence[str], languages: Sequence[str]) -> list[list[str]]:
        """:meth:`predict` for texts and their languages given as lists (no frame: ``classify``'s rows, #12)."""
        by_language: dict[str, list[int]] = {}
        for row, language in enumerate(languages):
            by_language.setdefault(language, []).append(row)
        labels: list[list[str]] = [[] for _ in texts]
        for language, rows in by_language.items():
            scan, themes = self._rules(language)
            lists: dict[frozenset[int], list[str]] = {}  # each set of themes found turned into its list once
            for row, groups in zip(rows, scan.found_many([texts[row] for row in rows])):
                if groups not in lists:
                    lists[groups] = [themes[i] for i in sorted(groups)]
                labels[row] = list(lists[groups])
        return labels

    def explain(self, text: str, language: str) -> pd.DataFrame:
        """Which pattern matched which words: ``theme, pattern, matched`` (for reading false positives)."""
        self._rules(language)
        folded = normalise(text)
        dictionary = load_dictionary(*self._paths())
        rows = []
        for entry in dictionary[dictionary["lang"] == str(language).lower()].itertuples(index=False):
            for found in compile_patterns([entry.pattern]).finditer(folded):
                rows.append({"theme": entry.theme, "pattern": entry.pattern, "matched": found.group(0)})
        order = {t: i for i, t in enumerate(self.themes_)}
        frame = pd.DataFrame(rows, columns=["theme", "pattern", "matched"])
        return frame.sort_values("theme", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)
