"""The rules a verb lexicon must keep (codebook_verbs §6 and §9), checked when it is loaded.

* **Strength order** (:func:`check_strength_order`): within an act, strength is a function of
  intensity, and it never falls as intensity grows (never rises, for an act whose
  ``strength_with_intensity`` is ``falls`` in ``data/taxonomy/acts.csv``: warmer praise is
  less pressure).
* **Concepts** (:func:`check_concepts`): every row of ``verbs.csv`` has a language-independent
  ``concept`` key; translations and variants of one concept carry the same act and strength in
  every language, unless the row's ``concept_note`` says why it differs.
* **Examples** (:func:`check_examples`): a wildcard pattern has an ``example`` it must match as
  a whole (a pattern without ``*`` is its own example). It is the one example check of every
  wildcard file: ``addressees.csv`` here, the theme dictionary ``themes.csv``
  (:mod:`analysis.resources.taxonomy`) and the stop list ``not_people.csv``
  (:mod:`analysis.extract.people`).

Each rule raises a :class:`~analysis.errors.DataError` naming file, line, phrase and rule.

A check that passed is not run again on the same rows (#12: the checks took most of a second at
every start of ``classify``): its verdict is kept as an empty file in ``data/.cache/lexicon_rules/``
(hidden, so outside the report's inputs; git ignores it), named by a SHA-256 of the columns it
reads (all of them), its other arguments and the source of the modules the rules run (this one, ``text``,
``wildcard``). Failures are never kept, so a broken file is reported every time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from analysis import atomic, lazy, paths
from analysis.errors import DataError
from analysis.resources.files import LINE, where
from analysis.resources.text import normalise
from analysis.resources.wildcard import compile_patterns

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

CONCEPT = re.compile(r"[a-z][a-z0-9_]*")
ORDER_RULE = "strength must not fall as intensity grows"
FALLING_RULE = "strength must not rise as intensity grows: the act's strength_with_intensity is 'falls'"
FUNCTION_RULE = "strength is a function of intensity within an act"
CONCEPT_RULE = ("translations and variants of one concept carry the same act and strength, "
                "or the row's concept_note says why")
EXAMPLE_RULE = "a pattern must match its own example"

F = TypeVar("F", bound=Callable[..., None])


def _rules_source() -> bytes:
    """A digest of the code the rules run: a change to it runs every check again."""
    from analysis.resources import text, wildcard

    files = [Path(__file__), Path(text.__file__), Path(wildcard.__file__)]  # type: ignore[arg-type]
    return b"".join(hashlib.sha256(path.read_bytes()).digest() for path in files)


#: :func:`_rules_source` of the code this process runs, read when it was imported: an edit on disk after
#: that (a ``git pull`` while a notebook is open) is not the code that checks, and its verdicts are not
#: kept under the digest of the edit.
_RULES_SOURCE = _rules_source()


def _verdict_cached(check: F) -> F:
    """Run the check ``check(frame, path, ...)`` only on a frame and arguments it has not passed
    before; see the module's docstring."""
    @functools.wraps(check)
    def wrapper(frame: pd.DataFrame, path: Path, *args: Any, **kwargs: Any) -> None:
        digest = hashlib.sha256(_RULES_SOURCE + repr((check.__name__, list(frame.columns), args,
                                                        sorted(kwargs.items()))).encode())
        digest.update(_rows_digest(frame))
        marker = paths.data_dir() / ".cache" / "lexicon_rules" / digest.hexdigest()
        if marker.exists():
            return
        check(frame, path, *args, **kwargs)
        try:
            atomic.write_bytes(marker, b"")
        except OSError:  # a read-only data folder: checked again next time
            pass
    return wrapper  # type: ignore[return-value]


def _rows_digest(frame: pd.DataFrame) -> bytes:
    """A SHA-256 of every cell of ``frame``, column by column (each column's values as their
    ``repr``, which tells ``"1"`` from ``1`` and keeps the cells apart): cheaper than pandas'
    row hashing of the frame as text, which took most of a check's time at start-up (#12)."""
    digest = hashlib.sha256()
    for column in frame.columns:
        digest.update(repr((column, frame[column].tolist())).encode("utf-8", "surrogatepass"))
    return digest.digest()


def _name(row) -> str:
    return f"{row.phrase!r} ({row.lang}, line {getattr(row, LINE)})"


@_verdict_cached
def check_strength_order(verbs: pd.DataFrame, path: Path, trends: Mapping[str, str]) -> None:
    """Rule (a): the rows of each act, by intensity (ranks are shared across languages).

    The order is checked first, so that a row whose strength is out of line with the rows of
    lower intensity is the one named; then that rows of one intensity share one strength (the
    most common; on a tie, the first row's)."""
    for act, group in verbs.groupby("act", sort=False):
        rows = list(group.itertuples(index=False))
        falls = trends.get(act, "rises") == "falls"
        for row in rows:
            lower = [r for r in rows if r.intensity < row.intensity]
            if not lower:
                continue
            # the nearest lower intensity among the rows with the most extreme strength
            bound = (min(lower, key=lambda r: (r.strength, -r.intensity)) if falls
                     else max(lower, key=lambda r: (r.strength, r.intensity)))
            if (row.strength > bound.strength) if falls else (row.strength < bound.strength):
                side = "above" if falls else "below"
                raise DataError(f"{where(path, getattr(row, LINE))}: {row.phrase}: strength {row.strength:.1f} "
                                f"at intensity {row.intensity} is {side} {bound.strength:.1f} at intensity "
                                f"{bound.intensity} of {_name(bound)} for act {act} "
                                f"({FALLING_RULE if falls else ORDER_RULE})")
        for intensity, same in group.groupby("intensity", sort=False):
            _one_value(same, ["strength"], path,
                       lambda row, model: (f"strength {row.strength:.1f} at intensity {intensity} differs from "
                                           f"{model.strength:.1f} of {_name(model)} for act {act} ({FUNCTION_RULE})"))


def _one_value(rows: pd.DataFrame, columns: list[str], path: Path, message) -> None:
    """Raise for the first row whose ``columns`` differ from the most common values (on a tie,
    the first row's); ``message(row, model)`` says how."""
    values = [tuple(v) for v in rows[columns].itertuples(index=False)]
    counts = Counter(values)
    reference = max(counts, key=lambda v: (counts[v], -values.index(v)))
    model = next(r for r, v in zip(rows.itertuples(index=False), values) if v == reference)
    for row, value in zip(rows.itertuples(index=False), values):
        if value != reference:
            raise DataError(f"{where(path, getattr(row, LINE))}: {row.phrase}: {message(row, model)}")


@_verdict_cached
def check_concepts(verbs: pd.DataFrame, path: Path) -> None:
    """Rule (b): a concept key on every row; one act and strength per concept, in every language.

    The reference of a concept is its most common (act, strength) among the rows without a
    ``concept_note``; on a tie, the first row's (the Bulgarian rows come first and the English
    counterpart carries the Bulgarian value, codebook_verbs §6.1).
    """
    for row in verbs.itertuples(index=False):
        if not CONCEPT.fullmatch(row.concept):
            what = "no concept" if not row.concept else f"concept {row.concept!r} is not lower-case letters, digits and '_'"
            raise DataError(f"{where(path, getattr(row, LINE))}: {row.phrase}: {what} "
                            "(every verb row has a language-independent concept key, codebook_verbs §5.8)")
    checked = verbs[verbs["concept_note"] == ""]
    for concept, rows in checked.groupby("concept", sort=False):
        _one_value(rows, ["act", "strength"], path,
                   lambda row, model: (f"concept {concept} is {row.act} {row.strength:.1f} here but "
                                       f"{model.act} {model.strength:.1f} in {_name(model)} ({CONCEPT_RULE})"))


@_verdict_cached
def check_examples(frame: pd.DataFrame, path: Path, column: str = "pattern") -> None:
    """Rule (c): each pattern (in ``column``) with a ``*`` has an example; every example is matched in full.

    ``frame`` has the columns ``column``, ``example`` (a missing one counts as empty) and
    :data:`~analysis.resources.files.LINE`; patterns and examples are compared normalised."""
    examples = frame["example"] if "example" in frame.columns else pd.Series("", index=frame.index)
    for pattern, raw_example, line in zip(frame[column], examples, frame[LINE]):
        place = where(path, line)
        example = normalise(raw_example)
        if not example:
            if "*" in pattern:
                raise DataError(f"{place}: pattern {pattern!r} has a '*' but no example "
                                f"(give a short phrase it must match in the example column; {EXAMPLE_RULE})")
            continue
        if compile_patterns([normalise(pattern)]).fullmatch(example) is None:
            raise DataError(f"{place}: pattern {pattern!r} does not match its example {raw_example!r} "
                            f"({EXAMPLE_RULE})")
