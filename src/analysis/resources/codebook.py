"""The codes a human coder may give in a coding sheet, read from the codebook's data files.

* head act and phrase act: the speech acts of ``data/taxonomy/acts.csv`` (without the classifier's
  own ``unclassified``, which is no act of the codebook);
* head strength: the strength values the verb lexicon uses (``data/lexicons/verbs.csv``), an ordinal
  scale (codebook_verbs §6);
* addressee groups: the groups of ``data/lexicons/addressees.csv``;
* themes: the theme ids of ``data/taxonomy/themes.csv``.

Nothing here is a list in code: edit the data files and the sheets' drop-down lists and the checks
of ``sheet import`` follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import cells
from analysis.resources.acts import act_ids
from analysis.resources.lexicon import load_lexicon
from analysis.resources.taxonomy import theme_ids

#: The variables of a coding sheet (and of the agreement tables), with their level of measurement.
VARIABLES = {"head_act": "nominal", "head_strength": "ordinal", "phrase_act": "nominal",
             "addressee_groups": "nominal", "themes": "nominal"}
#: How an empty list (no addressee group) is written as a value of ``addressee_groups``.
NONE = "none"


@dataclass(frozen=True)
class Codebook:
    """The allowed codes of each variable, in the data files' order."""

    acts: tuple[str, ...]
    strengths: tuple[str, ...]  #: as written in sheets and annotation files ("0.6", "4.0"), ascending
    groups: tuple[str, ...]
    themes: tuple[str, ...]

    def strength_rank(self, value: str) -> int:
        """Rank of a strength on the ordinal scale (0 = weakest)."""
        return self.strengths.index(value)


def format_strength(value: object) -> str:
    """A strength as the sheets write it: one decimal (``4`` -> ``"4.0"``); ``""`` for none."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return ""
    return f"{float(value):.1f}"


def load_codebook() -> Codebook:
    """The allowed codes, from the act table, the verb lexicon, the addressee lexicon and the taxonomy."""
    lexicon = load_lexicon()
    strengths = sorted({float(s) for s in lexicon.verbs["strength"]})
    return Codebook(acts=act_ids(), strengths=tuple(format_strength(s) for s in strengths),
                    groups=tuple(dict.fromkeys(g for g in lexicon.addressees["group"] if g)),
                    themes=tuple(theme_ids()))


def check_code(codebook: Codebook, variable: str, value: str) -> str | None:
    """What is wrong with ``value`` as a code of ``variable`` (``None`` if nothing): a one-line
    reason such as ``unknown act 'urgee'``. List variables (addressee groups, themes) are
    ``;``-joined; an empty list is allowed for addressee groups only."""
    if variable in ("head_act", "phrase_act"):
        if not value:
            return "no act coded"
        return None if value in codebook.acts else f"unknown act {value!r} (allowed: {', '.join(codebook.acts)})"
    if variable == "head_strength":
        if not value:
            return "no strength coded"
        try:
            written = format_strength(value)
        except ValueError:
            return f"strength must be a number, not {value!r}"
        # a point of the scale as written ("4", "4.0"), never a number it rounds to ("0.44" is not 0.4)
        exact = written in codebook.strengths and float(written) == float(value)
        return None if exact else f"unknown strength {value!r} (allowed: {', '.join(codebook.strengths)})"
    items = cells.split(value)
    if variable == "addressee_groups":
        bad = [g for g in items if g not in codebook.groups and g != NONE]
        return f"unknown addressee group {bad[0]!r} (allowed: {', '.join(codebook.groups)})" if bad else None
    if variable == "themes":
        if not items:
            return "no theme coded (every paragraph has at least one, codebook_themes R4)"
        bad = [t for t in items if t not in codebook.themes]
        return f"unknown theme {bad[0]!r} (see data/taxonomy/themes.csv)" if bad else None
    raise ValueError(f"unknown variable {variable!r}")
