"""A case: the resolutions studied and what the tables and figures single out about them.

Everything specific to one case (its registry, the target state's addressee group and labels,
the focus resolution, the comparison languages, the themes followed) is data in
``data/cases/<name>.toml``, read by :func:`load_case`; the code takes a :class:`Case` (or the
values it needs) as parameters, loaded at the edge (the report, the notebooks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import ids, paths
from analysis.errors import DataError
from analysis.resources.files import read_toml

#: Environment variable naming the case to load when none is named (default: the only case on disk).
CASE_VARIABLE = "ANALYSIS_CASE"
_GROUP = re.compile(r"[a-z][a-z0-9_]*")
_LANGUAGE = re.compile(r"[a-z]{2}")
#: Columns of the verb profile that follow the shown groups; no group may take their names.
RESERVED_GROUPS = ("other", "unaddressed", "head", "phrases")
#: The file in ``data/cases/`` naming the case loaded when none is named.
DEFAULT_FILE = "_default.toml"


@dataclass(frozen=True)
class AddresseeGroup:
    """An addressee group of ``data/lexicons/addressees.csv`` shown in tables and figures."""

    group: str
    label: str
    short: str


@dataclass(frozen=True)
class Case:
    """One case (see ``data/cases/``)."""

    name: str
    title: str
    registry: Path
    focus: str
    languages: tuple[str, ...]
    themes: tuple[str, ...]
    target: AddresseeGroup
    addressees: tuple[AddresseeGroup, ...]
    #: Language of the labels of tables and figures (``report --labels``; optional, default ``en``).
    labels: str = "en"
    #: The target state(s): keys of ``data/lexicons/states.csv`` whose authorities form the target
    #: group (``[target] states``; optional). Their addressee patterns in every language are built
    #: from ``data/lexicons/authorities.csv`` (:mod:`analysis.resources.authorities`).
    states: tuple[str, ...] = ()

    @property
    def groups(self) -> tuple[AddresseeGroup, ...]:
        """The target group, then the other groups shown."""
        return (self.target, *self.addressees)


def cases_dir() -> Path:
    """``data/cases/``."""
    return paths.data_dir() / "cases"


def case_names() -> list[str]:
    """Names of the cases on disk, sorted (``_default.toml`` is not a case)."""
    return sorted(p.stem for p in cases_dir().glob("*.toml") if not p.name.startswith("_"))


def _default_name() -> str:
    """``ANALYSIS_CASE``, else the ``default`` of ``data/cases/_default.toml``, else the only case on disk."""
    if os.environ.get(CASE_VARIABLE):
        return os.environ[CASE_VARIABLE]
    names = case_names()
    chosen = cases_dir() / DEFAULT_FILE
    if chosen.exists():
        name = read_toml(chosen, what="default case file").get("default")
        if name not in names:
            raise DataError(f"{chosen}: key 'default': {name!r} is no case of {cases_dir()} "
                            f"(cases: {', '.join(names) or 'none'})")
        return str(name)
    if len(names) != 1:
        found = ", ".join(names) or "none"
        raise DataError(f"{cases_dir()}: name the case to load ({CASE_VARIABLE}); cases found: {found}")
    return names[0]


class _Reader:
    """Typed access to a case file's keys; every problem is one DataError naming file and key."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path, self.raw = path, raw

    def fail(self, key: str, problem: str) -> DataError:
        return DataError(f"{self.path}: key {key!r}: {problem}")

    def value(self, table: dict[str, Any], key: str, name: str) -> Any:
        if key not in table:
            raise self.fail(name, "missing")
        return table[key]

    def text(self, table: dict[str, Any], key: str, name: str | None = None,
             pattern: re.Pattern[str] | None = None) -> str:
        name = name or key
        value = self.value(table, key, name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"must be a non-empty string, not {value!r}")
        if pattern is not None and not pattern.fullmatch(value.strip()):
            raise self.fail(name, f"{value!r} does not match {pattern.pattern}")
        return value.strip()

    def texts(self, key: str, pattern: re.Pattern[str], empty: bool, table: dict[str, Any] | None = None,
              name: str | None = None) -> tuple[str, ...]:
        value = self.value(self.raw if table is None else table, key, name or key)
        key = name or key  # the name errors give (target.states)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (not value and not empty):
            raise self.fail(key, f"must be a {'' if empty else 'non-empty '}list of strings, not {value!r}")
        bad = [v for v in value if not pattern.fullmatch(v)]
        if bad:
            raise self.fail(key, f"{bad[0]!r} does not match {pattern.pattern}")
        if len(set(value)) != len(value):
            raise self.fail(key, "an entry is listed twice")
        return tuple(value)

    def group(self, table: Any, name: str) -> AddresseeGroup:
        if not isinstance(table, dict):
            raise self.fail(name, f"must be a table with group, label and short, not {table!r}")
        group = self.text(table, "group", f"{name}.group", _GROUP)
        if group in RESERVED_GROUPS:
            raise self.fail(f"{name}.group", f"{group!r} is reserved (a column of the verb profile)")
        return AddresseeGroup(group, self.text(table, "label", f"{name}.label"),
                              self.text(table, "short", f"{name}.short"))


def read_case(path: str | Path) -> Case:
    """The case of one TOML file, validated."""
    path = Path(path)
    reader = _Reader(path, read_toml(path, what="case file"))
    raw = reader.raw
    shown = reader.value(raw, "addressees", "addressees")
    if not isinstance(shown, list):
        raise reader.fail("addressees", f"must be a list of tables ([[addressees]]), not {shown!r}")
    case = Case(
        name=reader.text(raw, "name"), title=reader.text(raw, "title"),
        registry=paths.data_dir() / reader.text(raw, "registry"),
        focus=reader.text(raw, "focus"),
        languages=reader.texts("languages", _LANGUAGE, empty=False),
        themes=reader.texts("themes", _GROUP, empty=True),
        target=reader.group(reader.value(raw, "target", "target"), "target"),
        addressees=tuple(reader.group(table, f"addressees[{i}]") for i, table in enumerate(shown)),
        labels=reader.text(raw, "labels", pattern=_LANGUAGE) if "labels" in raw else "en",
        states=_target_states(reader))
    found = ids.parse_doceo_id(case.focus)
    if found is None or found.kind != "TA":
        raise reader.fail("focus", f"{case.focus!r} is not the DOCEO id of an adopted text (e.g. TA-9-2021-0056)")
    shown_ids = [g.group for g in case.groups]
    if len(set(shown_ids)) != len(shown_ids):
        raise reader.fail("addressees", "a group is shown twice (or is the target group)")
    _check_against_data(case, reader)
    return case


def _target_states(reader: _Reader) -> tuple[str, ...]:
    """``[target] states`` (optional): a list of state keys."""
    target = reader.raw.get("target")
    if not isinstance(target, dict) or "states" not in target:
        return ()
    return reader.texts("states", _GROUP, empty=False, table=target, name="target.states")


def _check_against_data(case: Case, reader: _Reader) -> None:
    """Refuse names that the other data files do not know: a typo in a group would silently move its
    directives to "other", a typo in a theme would silently drop it from the figures."""
    from analysis.resources.lexicon import load_lexicon
    from analysis.resources.taxonomy import theme_ids

    known = set(load_lexicon().addressees["group"])
    for key, group in [("target.group", case.target.group),
                       *((f"addressees[{i}].group", g.group) for i, g in enumerate(case.addressees))]:
        if group not in known:
            raise reader.fail(key, f"{group!r} is no group of data/lexicons/addressees.csv "
                                   f"(known: {', '.join(sorted(known))})")
    _check_states(case, reader)
    unknown = [theme for theme in case.themes if theme not in set(theme_ids())]
    if unknown:
        raise reader.fail("themes", f"{', '.join(map(repr, unknown))} is no theme id of data/taxonomy/themes.csv")


def _check_states(case: Case, reader: _Reader) -> None:
    """Each target state is a state of ``data/lexicons/states.csv`` whose group is the target group."""
    from analysis.resources.authorities import STATES, state_groups

    path = paths.data_dir() / "lexicons" / STATES
    groups = state_groups(path)
    for state in case.states:
        if state not in groups:
            raise reader.fail("target.states", f"{state!r} is no state of {path} (known: {', '.join(sorted(groups))})")
        if groups[state] != case.target.group:
            raise reader.fail("target.states", f"{state!r} has group {groups[state]!r} in {path}, "
                                               f"not the target group {case.target.group!r}")


def load_case(name: str | None = None) -> Case:
    """The case ``data/cases/<name>.toml``; with no name, that of ``ANALYSIS_CASE``, else the default of
    ``data/cases/_default.toml``, else the only case on disk. An unknown name lists the cases."""
    name = name or _default_name()
    path = cases_dir() / f"{name}.toml"
    if not path.exists():
        raise DataError(f"{path}: case file not found; cases: {', '.join(case_names()) or 'none'}")
    return read_case(path)
