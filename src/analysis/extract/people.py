"""People named in the resolutions: who, how often, and in which resolutions over time.

A transparent heuristic, not named-entity recognition (see :func:`people_named`); the stop list
of capitalised words that are not names is data (``data/lexicons/not_people.csv``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from analysis import cells
from analysis import paths
from analysis.errors import DataError
from analysis.extract.chronology import attach, chronological, label_year
from analysis.resources.files import LINE, read_table, where
from analysis.resources.lexicon_rules import check_examples
from analysis.resources.text import normalise
from analysis.resources.wildcard import check_pattern, word_test

PEOPLE_COLUMNS = ["document", "year", "label", "person", "count"]
RECURRENCE_COLUMNS = ["person", "n_resolutions", "years", "first_year", "last_year", "total_count", "status"]

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def load_not_people(path: str | Path | None = None) -> list[str]:
    """Capitalised words that are not parts of personal names (``data/lexicons/not_people.csv``).

    Columns ``lang,word,example``; a word ending in ``*`` stands for every word beginning with the
    rest ("Европейск*" = Европейският, Европейския ...; the syntax of :mod:`analysis.resources.wildcard`)
    and must match its ``example`` (:func:`~analysis.resources.lexicon_rules.check_examples`).
    All languages' words apply to every text (Bulgarian texts quote Latin names of organisations).
    """
    path = Path(path) if path else paths.lexicon_path("not_people.csv")
    frame = read_table(path, required=["word"], what="stop list of words that are not names")
    for word, line in zip(frame["word"], frame[LINE]):
        problem = check_pattern(normalise(word)) if word else None
        if problem is None and " " in word.strip():
            problem = f"one word per row: {word!r}"
        if problem:
            raise DataError(f"{where(path, line)}: {problem}")
    check_examples(frame, path, column="word")
    return sorted({w for w in frame["word"] if w})


def _is_capitalised(word: str) -> bool:
    """Initial capital and at least one lower-case letter (acronyms such as ЕС, OSCE are not)."""
    return word[0].isupper() and any(c.islower() for c in word)


def _names_in(text: str, is_stop: Callable[[str], bool]) -> list[str]:
    """Runs of 2-3 capitalised words separated only by spaces, cut at stop words."""
    names: list[str] = []
    run: list[str] = []

    def close() -> None:
        piece: list[str] = []
        for word in run + [""]:
            if word and not is_stop(word):
                piece.append(word)
                continue
            if 2 <= len(piece) <= 3:
                names.append(" ".join(piece))
            piece = []
        run.clear()

    previous_end = None
    for index, match in enumerate(_TOKEN.finditer(text)):
        word = match.group(0)
        joined = previous_end is not None and text[previous_end:match.start()].isspace()
        if not joined:
            close()
        if index > 0 and _is_capitalised(word):
            run.append(word)
        else:
            close()
        previous_end = match.end()
    close()
    return names


def people_named(units: pd.DataFrame, labels: pd.DataFrame,
                 not_people: Iterable[str] | None = None) -> pd.DataFrame:
    """Individuals named in the recitals and paragraphs of each resolution, with counts.

    A transparent heuristic, not named-entity recognition: a name is a run of two or three
    capitalised words (initial capital, some lower case, Cyrillic or Latin, hyphens
    allowed: "Алмат Жумагулов", "Yevgeny Zhovtis") separated only by spaces (a comma, a
    quotation mark or a dot ends the run). The first word of a unit never counts, and runs
    are cut at words of the stop list ``not_people`` (default
    ``data/lexicons/not_people.csv``: places, institutions, parties, titles such as "Mr");
    pieces of 2-3 words remain names. Single names, initials ("Y. Zhovtis") and names of
    four words are missed; spelling variants count as different people.

    Checked by hand on the 2021 text (all its recitals and paragraphs): 61 distinct names
    found (77 mentions); 58 are people, 3 are organisations or movements ("Еркиндик
    Канати", "Бостандик Кз", "Фемина Виртуте"): precision 0.95 by name, 0.96 by mention;
    no person named there with a first name and surname was missed. The text spells some
    people in two or three ways (e.g. "Дулат/Дулаг/Дулад Агадил", "Кайша/Каиша
    Аканкизи"), which count separately: normalise spellings before counting individuals.
    Without the stop list, 5 more non-people would be found ("Коше Партияси", "Централна
    Азия", "Transparency International" ...).
    """
    if units.empty:
        return pd.DataFrame(columns=PEOPLE_COLUMNS)
    body = units[units["kind"].isin(["recital", "paragraph"])] if "kind" in units.columns else units
    is_stop = word_test(load_not_people() if not_people is None else list(not_people))
    found = body[["document"]].assign(person=body["text"].fillna("").astype(str).map(lambda t: _names_in(t, is_stop)))
    found = found.explode("person").dropna(subset=["person"])
    if found.empty:
        return pd.DataFrame(columns=PEOPLE_COLUMNS)
    counts = found.groupby(["document", "person"]).size().rename("count").reset_index()
    counts = attach(counts, labels).sort_values(["_order", "person"], kind="stable")
    return counts[PEOPLE_COLUMNS].reset_index(drop=True)


def people_recurrence(people: pd.DataFrame, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person of :func:`people_named`: in which resolutions they are named.

    Resolutions are those of ``labels`` (pass them so that a resolution naming nobody still
    counts) or else those in ``people``, in date order. ``status``:

    * ``recurring``: named in two or more resolutions, including the latest;
    * ``dropped``: named in two or more resolutions, but not in the latest;
    * ``new``: named only in the latest resolution (of two or more);
    * ``single``: named in one resolution that is not the latest, or in the only one.
    """
    if people.empty:
        return pd.DataFrame(columns=RECURRENCE_COLUMNS)
    if labels is not None:
        order = list(chronological(labels)["label"].astype(str))
    else:
        seen = people.drop_duplicates("label")[["year", "label"]]
        order = list(seen.sort_values(["year", "label"], kind="stable")["label"].astype(str))
    rank = {label: i for i, label in enumerate(order)}
    latest = len(order) - 1
    frame = people.assign(_rank=people["label"].astype(str).map(rank))
    rows = []
    for person, group in frame.sort_values("_rank", kind="stable").groupby("person", sort=True):
        named = list(dict.fromkeys(group["label"].astype(str)))
        in_latest = rank.get(named[-1]) == latest
        if len(named) >= 2:
            status = "recurring" if in_latest else "dropped"
        else:
            status = "new" if in_latest and len(order) >= 2 else "single"
        rows.append({"person": person, "n_resolutions": len(named), "years": cells.join(named),
                     "first_year": label_year(named[0]), "last_year": label_year(named[-1]),
                     "total_count": int(group["count"].sum()), "status": status})
    result = pd.DataFrame(rows, columns=RECURRENCE_COLUMNS)
    for column in ("first_year", "last_year"):
        result[column] = result[column].astype("Int64")
    return result
