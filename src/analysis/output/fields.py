"""The schema of :mod:`analysis.output.schema` made concrete for one run: code lists read from the
data files, one column per value where a field says ``each``, conditional columns kept or left out,
and the check that the tables written are the tables described.

A code list is read from where its values live (the act table, the taxonomy, the lexicon, the
case, ...), never copied here; the few lists that only the code defines (the statuses of the
comparison tables) name the function whose docstring defines them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.compare.uncertainty import interval_columns
from analysis.output.schema import N, TABLES, Field, Table
from analysis.resources.cases import Case


class SchemaError(RuntimeError):
    """A table does not match its schema: a bug (exit status 3); nothing is written."""


def _acts(case: Case | None) -> list[str]:
    from analysis.resources.acts import act_ids
    return list(act_ids(unclassified=True))


def _themes(case: Case | None) -> list[str]:
    from analysis.resources.taxonomy import theme_ids
    return list(theme_ids())


def _themes_or_uncovered(case: Case | None) -> list[str]:
    from analysis.resources.taxonomy import UNCOVERED
    return _themes(case) + [UNCOVERED]


def _statuses(case: Case | None) -> list[str]:
    from analysis.corpus.admission import STATUSES
    return list(STATUSES)


def _languages(case: Case | None) -> list[str]:
    from analysis.resources.languages import profiles
    return sorted(profiles())


def _lexicon_column(frame: str, column: str) -> Callable[[Case | None], list[str]]:
    def values(case: Case | None) -> list[str]:
        from analysis.resources.lexicon import load_lexicon
        return list(dict.fromkeys(v for v in getattr(load_lexicon(), frame)[column] if v))
    return values


def _directive_groups(case: Case | None) -> list[str]:
    from analysis.compare.verbs import OTHER, UNADDRESSED
    from analysis.resources.cases import load_case
    return [g.group for g in (case or load_case()).groups] + [OTHER, UNADDRESSED]


def _code_sources(case: Case | None) -> list[str]:
    from analysis.classify.reviewed import MACHINE_SOURCE, REVIEWED_SOURCE
    return [MACHINE_SOURCE, REVIEWED_SOURCE]


def _phrase_acts(case: Case | None) -> list[str]:
    from analysis.resources.acts import act_ids
    return list(act_ids(unclassified=False))


def _scales(case: Case | None) -> list[str]:
    from analysis.resources.robustness import load_robustness
    return [scale.name for scale in load_robustness().scales]


def _motion_outcomes(case: Case | None) -> list[str]:
    from analysis.compare.motions import OUTCOMES
    return list(OUTCOMES)


def _fixed(*values: str) -> Callable[[Case | None], list[str]]:
    return lambda case: list(values)


@dataclass(frozen=True)
class CodeList:
    """A closed set of values: where they come from, and how to read them."""

    source: str
    read: Callable[[Case | None], list[str]]


#: The code lists that fields name in ``values`` or ``each``.
CODE_LISTS: dict[str, CodeList] = {
    "acts": CodeList("data/taxonomy/acts.csv (act)", _acts),
    "phrase_acts": CodeList("data/taxonomy/acts.csv (act), without unclassified", _phrase_acts),
    "themes": CodeList("data/taxonomy/themes.csv (theme)", _themes),
    "themes_or_uncovered": CodeList("data/taxonomy/themes.csv (theme), then uncovered "
                                    "(analysis.resources.taxonomy.UNCOVERED)", _themes_or_uncovered),
    "scales": CodeList("data/config/robustness.toml (scales) and data/taxonomy/scales.csv", _scales),
    "statuses": CodeList("analysis.corpus.admission.STATUSES", _statuses),
    "languages": CodeList("data/languages/*.toml (the language profiles)", _languages),
    "concepts": CodeList("data/lexicons/verbs.csv (concept)", _lexicon_column("verbs", "concept")),
    "addressees": CodeList("data/lexicons/addressees.csv (addressee)", _lexicon_column("addressees", "addressee")),
    "addressee_groups": CodeList("data/lexicons/addressees.csv (group)", _lexicon_column("addressees", "group")),
    "directive_groups": CodeList("the case's addressee groups (data/cases/<case>.toml), then other and "
                                 "unaddressed (analysis.compare.verbs)", _directive_groups),
    "code_sources": CodeList("analysis.classify.reviewed (MACHINE_SOURCE, REVIEWED_SOURCE)", _code_sources),
    "unit_kinds": CodeList("the parser's unit kinds (analysis.corpus.parser)",
                           _fixed("citation", "recital", "paragraph", "footnote", "heading")),
    "theme_statuses": CodeList("analysis.compare.themes.theme_dynamics",
                               _fixed("absent", "single", "persistent", "new", "dropped", "intermittent")),
    "motion_outcomes": CodeList("analysis.compare.motions.OUTCOMES", _motion_outcomes),  # (#14)
    "person_statuses": CodeList("analysis.extract.people.people_recurrence",
                                _fixed("recurring", "dropped", "new", "single")),
}


@dataclass(frozen=True)
class Column:
    """One concrete column of one run's table."""

    name: str
    type: str
    description: str
    values: tuple[str, ...] | None
    field: Field

    @property
    def label(self) -> str:
        """The short label: the description's first sentence (at most 80 characters)."""
        head = self.description.split(". ", 1)[0]
        return head if head.endswith(".") else head + "."

    @property
    def stata(self) -> str:
        """The column's name in a Stata file: the schema's ``stata`` name where Stata reserves the word,
        else the name, shortened by :data:`STATA_ABBREVIATIONS` when longer than Stata's 32 characters."""
        if self.field.stata and self.name == self.field.name:
            return self.field.stata
        return stata_name(self.name)


#: Shortenings applied in order to a column name longer than Stata's 32 characters, after an interval
#: bound's ``_ci_low``/``_ci_high`` has become ``_lo``/``_hi`` in every Stata name
#: (``share_negative_judgement_phrases_ci_high`` -> ``share_neg_judgement_phrases_hi``).
STATA_ABBREVIATIONS = (("negative_", "neg_"), ("positive_", "pos_"), ("judgement", "judg"),
                       ("unaddressed", "unaddr"), ("observation", "obs"))


def stata_name(name: str, limit: int = 32) -> str:
    """``name`` as a Stata variable: interval bounds end in ``_lo``/``_hi``, and a name still longer than
    ``limit`` is shortened by :data:`STATA_ABBREVIATIONS`."""
    for suffix, short in (("_ci_low", "_lo"), ("_ci_high", "_hi")):
        if name.endswith(suffix):
            name = name[: -len(suffix)] + short
    for long, short in STATA_ABBREVIATIONS:
        if len(name) <= limit:
            break
        name = name.replace(long, short)
    return name


def code_list(name: str, case: Case | None = None) -> list[str]:
    """The values of code list ``name``."""
    return CODE_LISTS[name].read(case)


def columns(table: Table, case: Case | None = None, options: Iterable[str] = ()) -> list[Column]:
    """The columns of ``table`` in a run with ``options`` (e.g. ``{"reviewed"}``), ``each`` fields
    expanded over their code lists."""
    options = set(options)
    found = []
    for field in table.fields:
        if field.only and field.only not in options:
            continue
        values = tuple(code_list(field.values, case)) if field.values else None
        for value in code_list(field.each, case) if field.each else [None]:
            name = field.name.format(value=value) if value is not None else field.name
            text = field.description.format(value=value) if value is not None else field.description
            found.append(Column(name, field.type, text, values, field))
            if field.interval:  # its bootstrap interval follows it, named as analysis.compare.uncertainty names it
                for bound, word in zip(interval_columns(name)[1:], ("Lower", "Upper")):
                    found.append(Column(bound, N, f"{word} bound of the bootstrap interval of "
                                        f"{name}. Percentile interval; level and resamples in "
                                        "data/config/robustness.toml.", None, field))
    return found


def table(name: str) -> Table:
    """The schema of table ``name``."""
    for spec in TABLES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def resolve(case: Case | None = None, options: Iterable[str] = ()) -> dict[str, list[Column]]:
    """Every table's concrete columns, by table name, in schema order."""
    return {spec.name: columns(spec, case, options) for spec in TABLES}


def check_columns(tables: Mapping[str, pd.DataFrame], case: Case | None = None,
                  options: Iterable[str] = ()) -> None:
    """Raise :class:`SchemaError` for a table the schema lacks, a column it does not describe, one it
    describes that the table lacks, or a value outside a field's code list."""
    described = resolve(case, options)
    for name, frame in tables.items():
        if name not in described:
            raise SchemaError(f"table {name} is not in the schema (analysis.output.schema.TABLES): add it")
        names = [c.name for c in described[name]]
        extra = [c for c in frame.columns if c not in names]
        lacking = [c for c in names if c not in frame.columns]
        if extra or lacking:
            raise SchemaError(f"table {name} does not match its schema (analysis.output.schema): "
                              + "; ".join(filter(None, [extra and f"undescribed column(s) {', '.join(extra)}",
                                                        lacking and f"missing column(s) {', '.join(lacking)}"])))
        for column in described[name]:
            if column.values is None:
                continue
            present = pd.Series(frame[column.name]).dropna()
            outside = sorted(set(present[present != ""]) - set(column.values))
            if outside:
                raise SchemaError(f"table {name}, column {column.name}: {outside[0]!r} is not in its code list "
                                  f"({CODE_LISTS[column.field.values].source})")


def ordered(frame: pd.DataFrame, described: list[Column]) -> list[Column]:
    """The columns of ``described`` in the order of ``frame``'s columns."""
    by_name = {c.name: c for c in described}
    return [by_name[name] for name in frame.columns]

