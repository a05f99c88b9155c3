"""parser._assemble reads each line's marker with one regex (#12): it must group lines into the units
that the earlier reading, one regex per kind chosen by the line's first character, gave. And
parser._strip_callouts, which now searches a text for a call-out before substituting, must give what
substituting every text with a "(" gave."""

from __future__ import annotations

import random

from analysis.corpus import parser
from analysis.corpus.parser import _DASH, _DASHES, _LETTER, _PHASES, _continues, _number

_FOOTNOTE = parser._FOOTNOTE


def _reference_marker(line: str, phase: str, after_last_paragraph: bool):
    """The marker reading before #12's round 3: the first character picks the one regex to try."""
    first = line[:1]
    if first == "(":
        if after_last_paragraph and (m := _FOOTNOTE.match(line)):
            return "footnote", m.group(1), line[m.end():]
        return None
    if first.isdecimal():
        if m := _number(line):
            return "paragraph", m.group(1), line[m.end():]
        return None
    if first in _DASHES:
        if phase == "preamble" and (m := _DASH.match(line)):
            return "citation", m.group(1), line[m.end():]
        return None
    if phase in ("preamble", "recitals") and (m := _LETTER.match(line)) and m.group(1).isupper():
        return "recital", m.group(1), line[m.end():]
    return None


def _reference_assemble(body: list[str]):
    """The previous grouping, restated: a marked line opens a unit, an unmarked one continues the unit
    before it, or is a heading before the last paragraph, or ends the body."""
    last_number = max((i for i, line in enumerate(body) if line[:1].isdecimal() and _number(line)), default=-1)
    units: list[dict[str, str]] = []
    phase = "preamble"
    for i, line in enumerate(body):
        if found := _reference_marker(line, phase, after_last_paragraph=i > last_number >= 0):
            phase = _PHASES[found[0]]
            units.append(dict(zip(("kind", "label", "text", "footnotes"), (*found[:2], found[2].strip(), ""))))
        elif units and _continues(units[-1], line, phase):
            units[-1]["text"] += " " + line
        elif units and (i < last_number or (phase == "preamble" and last_number >= 0)):
            units.append({"kind": "heading", "label": "", "text": line, "footnotes": ""})
        elif units:
            break
    return units, []


# Synthetic lines: every marker of every kind, in forms that open a unit and forms that do not.
_LINES = [
    "– synthetic citation;", "— synthetic, citation", "- synthetic citation", "‒ x", "–synthetic", "– ", "-",
    "A. synthetic recital;", "AB. synthetic recital", "ABC. synthetic", "ABCD. synthetic", "Б. синтетично;",
    "Ω. synthetic", "a. synthetic lower", "Ab. mixed", "A.synthetic", "A. ", "². synthetic",
    "1. synthetic paragraph;", "12. synthetic.", "123. synthetic.", "1234. synthetic.", "12a. synthetic;",
    "12A. synthetic;", "12б. синтетично;", "٣. synthetic arabic-indic digit", "1.synthetic", "1. ", "7) synthetic",
    "(1) synthetic footnote.", "(12)synthetic", "(1234) synthetic", "(a) synthetic sub-item", "( 1) synthetic",
    "(1) ", "synthetic heading", "SYNTHETIC HEADING", "synthetic continuation in lower case", "iv) synthetic",
    "• synthetic bullet", "„synthetic quotation“", "", " ", "12 synthetic", "A synthetic",
]


def test_assemble_gives_the_units_of_the_reading_one_regex_per_kind():
    rng = random.Random(12)
    bodies = [[line] for line in _LINES] + [list(_LINES), list(reversed(_LINES))]
    bodies += [[rng.choice(_LINES) for _ in range(rng.randint(1, 40))] for _ in range(3000)]
    for body in bodies:
        assert parser._assemble(body) == _reference_assemble(body), body


def test_assemble_reads_each_kind_by_hand():
    # Worked by hand: a dash opens a citation only before any recital; "AB." a recital; "12a." a
    # paragraph but "12A." not (it continues the paragraph before); "(1)" a footnote after the last paragraph.
    body = ["– synthetic citation;", "AB. synthetic recital,", "– synthetic dashed item;", "12a. synthetic,",
            "12A. synthetic", "13. synthetic.", "(1) synthetic note."]
    units, _ = parser._assemble(body)
    assert [(u["kind"], u["label"]) for u in units] == [
        ("citation", "–"), ("recital", "AB"), ("paragraph", "12a"), ("paragraph", "13"), ("footnote", "1")]
    assert units[1]["text"] == "synthetic recital, – synthetic dashed item;"
    assert units[2]["text"] == "synthetic, 12A. synthetic"  # no terminal stop before it: a continuation


class _EverySearch:
    """``parser._CALLOUT`` with a search that finds something in every text: the substitution then runs
    on every unit with a "(", as it did before #12's round 3 searched first."""

    def __init__(self, pattern):
        self.pattern = pattern

    def search(self, text):
        return True

    def sub(self, *args):
        return self.pattern.sub(*args)


def test_strip_callouts_searching_first_gives_what_substituting_every_unit_gives(monkeypatch):
    pieces = ["synthetic", "word(1)", "word(2)", "word(12)", "Article 3(1)", "2099(5)", " (1)", "(a)", "x(3) ,",
              "(", ")", " ", "  ", ";"]
    rng = random.Random(12)
    cases = []
    for _ in range(3000):
        cases.append([{"kind": rng.choice(["citation", "recital", "paragraph", "heading", "footnote"]),
                       "label": rng.choice(["1", "2", "3", "5"]), "footnotes": "",
                       "text": "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))}
                      for _ in range(rng.randint(1, 5))])
    expected = []
    with monkeypatch.context() as patch:
        patch.setattr(parser, "_CALLOUT", _EverySearch(parser._CALLOUT))
        for units in cases:
            copy = [dict(u) for u in units]
            expected.append((parser._strip_callouts(copy), copy))
    for units, (warnings, stripped) in zip(cases, expected):
        assert parser._strip_callouts(units) == warnings and units == stripped
    # Worked by hand from the previous code: a unit without "(" and a footnote are left as they are; a
    # unit with "(" but no call-out is only stripped; "word(1)" gives its call-out to the footnotes.
    units = [{"kind": "paragraph", "label": "1", "text": " synthetic ", "footnotes": ""},
             {"kind": "paragraph", "label": "2", "text": " synthetic (a) ", "footnotes": ""},
             {"kind": "paragraph", "label": "3", "text": "word(1) end", "footnotes": ""},
             {"kind": "footnote", "label": "1", "text": " note (1) ", "footnotes": ""}]
    assert parser._strip_callouts(units) == []
    assert [(u["text"], u["footnotes"]) for u in units] == [
        (" synthetic ", ""), ("synthetic (a)", ""), ("word end", "1"), (" note (1) ", "")]
