"""All 24 languages: synthetic resolutions written in each language's formulae are parsed and
classified alike (issue #15).

The texts are built from ``tests/fixtures/synthetic_languages/formulae.toml`` (the Parliament's
formula words in each language, invented content "Examplestan 2098"): a short legislative
resolution (approve / call on / ask / instruct to forward) and an urgency resolution (urge / call
on / condemn / welcome / express concern / instruct to forward). The expected values are the ones
the templates were written to carry: the date 10 June 2098 in every resolution line, two
citations, one recital in the urgency resolution, and one concept per paragraph in template order.
"""

from __future__ import annotations

import tomllib

import pytest

from analysis.classify.paragraphs import operative_paragraphs
from analysis.classify.verbs import analyse_verbs
from analysis.corpus.parser import parse_text
from analysis.ids import parse_doceo_id
from analysis.resources.languages import LANGUAGES, detect_language
from analysis.resources.lexicon import load_lexicon

from conftest import REPO

FORMULAE = tomllib.loads((REPO / "tests" / "fixtures" / "synthetic_languages" / "formulae.toml")
                         .read_text(encoding="utf-8"))
SLOTS = {"legislative": ["approve", "call_on", "request", "instruct"],
         "urgency": ["urge", "call_on", "condemn", "welcome", "concern", "instruct"]}
CONCEPT = {"instruct": "instruct_president"}
REFERENCE = {"legislative": "P9_TA(2098)0010", "urgency": "P9_TA(2098)0011"}
CONTENT = "Examplestan 2098"


def synthetic_text(code: str, kind: str) -> str:
    """A SYNTHETIC resolution of ``kind`` in language ``code`` (formulae from the fixture)."""
    f = FORMULAE[code]
    lines = [f["ta"], "SYNTHETIC document for the tests: invented wording, not a text of the European Parliament.",
             REFERENCE[kind], f["leg"] if kind == "legislative" else f["res"], "", f["parliament"], "",
             f"–  {f['cit']} {CONTENT},", "", f"–  {f['cit']} {CONTENT} (2),", ""]
    if kind == "urgency":
        lines += [f"{f['letter']}.  {f['rec']} {CONTENT};".replace("  ;", ";").replace(".   ", ".  "), ""]
    slots = SLOTS[kind]
    for number, slot in enumerate(slots, start=1):
        end = "." if number == len(slots) else ";"
        lines += [f"{number}.  {f[slot]} {CONTENT}{end}", ""]
    return "\n".join(lines)


def test_every_language_has_formulae():
    assert sorted(FORMULAE) == sorted(LANGUAGES)


@pytest.mark.parametrize("kind", sorted(SLOTS))
@pytest.mark.parametrize("code", sorted(FORMULAE))
def test_synthetic_resolution_in_each_language(code, kind):
    document = parse_text(synthetic_text(code, kind), name=f"synthetic_{kind}")
    meta = document.metadata
    # No language is given: it is detected from the citation and recital formulae.
    assert meta["language"] == code
    assert (meta["date"], meta["doc_type"], meta["reference"]) == ("2098-06-10", "TA", REFERENCE[kind])
    counts = document.counts()
    assert counts.get("citation") == 2 and counts.get("recital", 0) == (kind == "urgency")
    paragraphs = operative_paragraphs([document])
    assert list(paragraphs["number"]) == [str(n) for n in range(1, len(SLOTS[kind]) + 1)]
    result = analyse_verbs(paragraphs)
    unmatched = set(FORMULAE[code].get("unmatched", ()))
    coded = FORMULAE[code].get("coded", {})
    expected = [None if slot in unmatched else coded.get(slot, CONCEPT.get(slot, slot)) for slot in SLOTS[kind]]
    heads = result.paragraphs["concept"].tolist()
    assert [h if h else None for h in heads] == expected
    call_on = result.paragraphs.iloc[SLOTS[kind].index("call_on")]
    if "call_on" not in unmatched:
        assert "eu_commission" in call_on["addressees"]


@pytest.mark.parametrize("pair", [("cs", "sk"), ("hr", "sl"), ("da", "sv"), ("es", "pt"), ("es", "it")])
def test_close_languages_are_told_apart(pair):
    for code in pair:
        lines = [line.strip() for line in synthetic_text(code, "urgency").splitlines() if line.strip()]
        assert detect_language(lines) == code


#: The 27 concepts of issue #15 that the README's "verbs" column counts (written out from the issue's list).
ISSUE_CONCEPTS = ("approve", "adopt_position", "consent", "reject", "call_on", "urge", "request", "demand",
                  "insist_on", "encourage", "invite", "recommend", "condemn", "strongly_condemn", "deplore",
                  "regret", "deep_regret", "concern", "welcome", "note", "note_with_concern", "stress", "recall",
                  "reiterate", "consider", "support", "instruct_president")
REFERENCE_LANGUAGES = ("bg", "en")  # hand-coded against the gold: their `checked` cell is left empty


def test_checked_column_names_an_ep_document_or_says_unchecked():
    verbs = load_lexicon().verbs
    reference = verbs["lang"].isin(REFERENCE_LANGUAGES)
    assert set(verbs.loc[reference, "checked"]) == {""}
    for row in verbs[~reference].itertuples():
        if row.checked != "unchecked":
            # A DOCEO id of a Parliament document (TA-7-2012-0040, B-6-2006-0527, A-7-2014-0126).
            assert parse_doceo_id(row.checked) is not None, (row.lang, row.phrase, row.checked)
    assert (verbs.loc[~reference, "checked"] != "unchecked").sum() > 0


def test_readme_language_table_matches_the_lexicon():
    verbs = load_lexicon().verbs
    table = {}
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 6 and cells[0] in LANGUAGES:
            table[cells[0]] = cells
    header = next(line for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
                  if line.startswith("| code | language |"))
    columns = [cell.strip() for cell in header.strip().strip("|").split("|")]
    assert sorted(table) == sorted(LANGUAGES)
    for code, cells in table.items():
        rows = verbs[verbs["lang"] == code]
        covered = len(set(rows["concept"]) & set(ISSUE_CONCEPTS))
        assert cells[columns.index("verbs")] == f"{len(rows)} / {covered}", code
        seen = int((~rows["checked"].isin(["", "unchecked"])).sum())
        expected = "gold" if code in REFERENCE_LANGUAGES else f"{seen} / {len(rows)}"
        assert cells[columns.index("verbs seen on EP pages")] == expected, code
