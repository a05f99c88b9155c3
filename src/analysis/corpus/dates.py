"""Dates written in resolutions: the one reader of "11 февруари 2021", "14. März 2019", "March 14, 2019"
and "11.02.2021", used for a document's own date and for the dates its citations name.

Month names come from the language profiles (``data/languages/<code>.toml``); a day that does
not exist in the calendar ("31 February") is no date.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence

_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def calendar_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or ``None`` if it does not exist ("31 February")."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_PART = re.compile(r"\{([dmy])\}")


def _form_regex(form: str, names: str) -> tuple[re.Pattern[str], tuple[int, int, int]]:
    """One date form of a profile ("{d} de {m} de {y}", "{y}. gada {d}. {m}") as a regex and the
    group numbers of day, month and year."""
    pieces, order, position = [], [], 0
    for match in _PART.finditer(form):
        literal = form[position:match.start()]
        pieces.append(r"\s+".join(re.escape(word) for word in literal.split(" ")))
        part = match.group(1)
        pieces.append({"d": r"(\d{1,2})(?!\d)", "m": f"({names})", "y": r"(\d{4})(?!\d)"}[part])
        order.append(part)
        position = match.end()
    pieces.append(r"\s+".join(re.escape(word) for word in form[position:].split(" ")))
    return re.compile(r"(?<!\d)" + "".join(pieces), re.I), tuple(order.index(p) + 1 for p in "dmy")


@functools.lru_cache(maxsize=64)
def _patterns(months: tuple[str, ...], forms: tuple[str, ...] = ()
              ) -> tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...]:
    """The profile's date ``forms``; without forms, day-month-year ("14 март 2019", "14. März 2019")
    and month-day-year ("March 14, 2019")."""
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    if forms:
        return tuple(_form_regex(form, names) for form in forms)
    # The year may be followed at once by a letter ("2021г."), not by another digit.
    return ((re.compile(rf"\b(\d{{1,2}})\.?\s+({names})\s+(\d{{4}})(?!\d)", re.I), (1, 2, 3)),
            (re.compile(rf"\b({names})\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.I), (2, 1, 3)))


def find_dates(text: str, months: Sequence[str], forms: Sequence[str] = ()) -> list[datetime.date]:
    """Every date written with a month name of ``months`` (January first; 24 names: two forms of
    each) in ``text``, in text order, in the profile's date ``forms`` if it gives any."""
    if not months:
        return []
    lower = [m.lower() for m in months]
    found: list[tuple[int, datetime.date]] = []
    for pattern, (d, m, y) in _patterns(tuple(months), tuple(forms)):
        for match in pattern.finditer(text):
            month = lower.index(match.group(m).lower()) % 12 + 1
            when = calendar_date(int(match.group(y)), month, int(match.group(d)))
            if when is not None:
                found.append((match.start(), when))
    return [when for _, when in sorted(found, key=lambda item: item[0])]


def numeric_date(text: str) -> datetime.date | None:
    """The first day.month.year date ("11.02.2021", "11/02/2021") in ``text`` that exists."""
    for match in _NUMERIC.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        when = calendar_date(year, month, day)
        if when is not None:
            return when
    return None


def first_date(text: str, months: Sequence[str], forms: Sequence[str] = ()) -> datetime.date | None:
    """The first date in ``text`` written with a month name, else the first numeric one."""
    named = find_dates(text, months, forms)
    return named[0] if named else numeric_date(text)
