"""Addressee patterns of a state's authorities, built from two tables instead of written per state.

``data/lexicons/states.csv`` gives each state (a short key, ``tj``) the addressee group of its
authorities (``tajik``, the target group of a case, ``data/cases/*.toml`` ``[target]``) and, per
language, the forms the templates need: ``name`` (or the stem the templates inflect),
``genitive`` ("Tadschikistans", "du Tadjikistan", "Tadżykistanu") and ``adjective`` (a stem,
"tadschikisch"). ``data/lexicons/authorities.csv`` gives per language the templates of the
Parliament's phrases ("behörden {genitive}", "{adjective}* behörden"), each with its ``role``
(``authorities``, ``government``, ``state``) and a hand-written ``example`` in the same
placeholders ("{adjective}en behörden"). :func:`authority_rows` fills every template with every
state of its language into rows of ``addressees.csv`` (``pattern``, ``addressee`` =
``<state>_<role>``, ``group``, ``gloss_en``, ``example``), in the wildcard syntax of
:mod:`analysis.resources.wildcard`; the lexicon checks each against its example
(:func:`analysis.resources.lexicon_rules.check_examples`).

Hand rows come first: where ``addressees.csv`` has rows of a group in a language, they replace
the generated rows of that group in that language (:func:`merge_generated`).
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import lazy
from analysis.errors import DataError
from analysis.resources.files import LINE, read_table, where
from analysis.resources.lexicon_rules import check_examples
from analysis.resources.text import normalise
from analysis.resources.wildcard import check_pattern

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

STATES = "states.csv"
TEMPLATES = "authorities.csv"
#: The forms of a state a template may use, as ``{name}``, ``{genitive}``, ``{adjective}``.
FORMS = ("name", "genitive", "adjective")
#: The roles of a template: the addressee of a generated row is ``<state>_<role>``.
ROLES = ("authorities", "government", "state")
#: Columns of the generated rows (those of ``addressees.csv``, with the template's line).
COLUMNS = ["lang", "pattern", "addressee", "group", "gloss_en", "example", LINE]
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def read_states(path: Path) -> pd.DataFrame:
    """``states.csv`` checked: keys and groups well formed, one group per state, one row per
    (state, language), forms normalised and without ``*`` (templates add the endings)."""
    frame = read_table(path, ["state", "group", "lang", *FORMS], what="states file")
    frame["lang"] = frame["lang"].str.lower()
    for form in FORMS:
        frame[form] = frame[form].map(normalise)
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        for column in ("state", "group"):
            if not _KEY.fullmatch(getattr(row, column)):
                raise DataError(f"{place}: {column} {getattr(row, column)!r} is not lower-case letters, digits and '_'")
        if not row.lang or not row.name:
            raise DataError(f"{place}: empty lang or name")
        starred = [form for form in FORMS if "*" in getattr(row, form)]
        if starred:
            raise DataError(f"{place}: '*' in {starred[0]} (a form is literal; the templates add the endings)")
    twice = frame[frame.duplicated(["state", "lang"])]
    if not twice.empty:
        row = twice.iloc[0]
        raise DataError(f"{where(path, row[LINE])}: state {row['state']!r} ({row['lang']}) is listed twice")
    groups = frame.groupby("state")["group"].nunique()
    if (groups > 1).any():
        raise DataError(f"{path}: state {groups[groups > 1].index[0]!r} has more than one group")
    return frame


def read_templates(path: Path) -> pd.DataFrame:
    """``authorities.csv`` checked: known roles, known placeholders in template and example, and an
    example wherever the template has a ``*``."""
    frame = read_table(path, ["lang", "role", "template", "example"], what="authorities file")
    frame["lang"] = frame["lang"].str.lower()
    if "gloss_en" not in frame.columns:
        frame["gloss_en"] = ""
    frame["template"] = frame["template"].map(normalise)
    for row in frame.itertuples(index=False):
        place = where(path, getattr(row, LINE))
        if row.role not in ROLES:
            raise DataError(f"{place}: unknown role {row.role!r} (expected one of {', '.join(ROLES)})")
        for column in ("template", "example"):
            unknown = [p for p in _PLACEHOLDER.findall(getattr(row, column)) if p not in FORMS]
            if unknown:
                raise DataError(f"{place}: unknown placeholder {{{unknown[0]}}} in {column} "
                                f"(expected {', '.join('{' + f + '}' for f in FORMS)})")
        if not _PLACEHOLDER.search(row.template):
            raise DataError(f"{place}: template {row.template!r} names no state form")
    return frame


def _fill(text: str, forms: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: forms[match.group(1)], text)


def authority_rows(states: pd.DataFrame, templates: pd.DataFrame, states_path: Path,
                   templates_path: Path) -> pd.DataFrame:
    """Every template filled with every state of its language: rows of ``addressees.csv``
    (:data:`COLUMNS`; ``line`` is the template's). A template needing a form the state lacks
    (an empty cell) is an error naming both files."""
    english = dict(zip(states.loc[states["lang"] == "en", "state"], states.loc[states["lang"] == "en", "name"]))
    by_language: dict[str, list] = {}  # one pass over the states, not one pandas selection per template (#12)
    for state in states.itertuples(index=False):
        by_language.setdefault(state.lang, []).append(state)
    rows = []
    for template in templates.itertuples(index=False):
        needed = set(_PLACEHOLDER.findall(template.template))
        for state in by_language.get(template.lang, []):
            forms = {form: getattr(state, form) for form in FORMS}
            missing = sorted(form for form in needed if not forms[form])
            if missing:
                raise DataError(f"{where(states_path, getattr(state, LINE))}: state {state.state!r} "
                                f"({state.lang}) has no {missing[0]}, which "
                                f"{where(templates_path, getattr(template, LINE))} needs")
            pattern = _fill(template.template, forms)
            if problem := check_pattern(pattern):
                raise DataError(f"{where(templates_path, getattr(template, LINE))}: {problem}")
            label = english.get(state.state, state.state).title()
            rows.append((template.lang, pattern, f"{state.state}_{template.role}", state.group,
                         template.gloss_en.replace("{state}", label),
                         _fill(template.example, forms) if template.example else "",
                         getattr(template, LINE)))
    return pd.DataFrame(rows, columns=COLUMNS)


def merge_generated(hand: pd.DataFrame, generated: pd.DataFrame) -> pd.DataFrame:
    """The hand rows, then the generated rows of the (language, group) pairs the hand rows lack;
    of generated rows with one pattern in one language, the first."""
    own = set(zip(hand["lang"], hand["group"]))
    keep = [(lang, group) not in own for lang, group in zip(generated["lang"], generated["group"])]
    extra = generated[keep].drop_duplicates(["lang", "pattern"])
    if extra.empty:
        return hand
    return pd.concat([hand, extra.reindex(columns=hand.columns, fill_value="")], ignore_index=True)


def generated_addressees(states_path: Path, templates_path: Path) -> pd.DataFrame:
    """The generated rows of the two files; none if both are missing (a lexicon folder of hand
    rows only), an error if one is missing without the other."""
    present = [states_path.exists(), templates_path.exists()]
    if not any(present):
        return pd.DataFrame(columns=COLUMNS)
    if not all(present):
        missing = states_path if not present[0] else templates_path
        raise DataError(f"{missing}: file not found ({STATES} and {TEMPLATES} go together)")
    rows = authority_rows(read_states(states_path), read_templates(templates_path), states_path, templates_path)
    check_examples(rows, templates_path)  # errors name the template's line
    return rows


def state_groups(states_path: Path) -> dict[str, str]:
    """Each state key of ``states.csv`` with its group (none if the file is missing)."""
    if not states_path.exists():
        return {}
    states = read_states(states_path)
    return dict(zip(states["state"], states["group"]))
