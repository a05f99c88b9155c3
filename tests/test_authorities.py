"""Addressees of a state's authorities built from data/lexicons/states.csv and authorities.csv
(issues #14 and #15): the shipped states in all 24 languages, a synthetic third state whose
authorities form their own group beside the EU's, precedence of the hand rows, and one-line errors."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest
from conftest import REPO

from analysis.classify.verbs import analyse_verbs
from analysis.errors import DataError
from analysis.resources.authorities import (authority_rows, generated_addressees, merge_generated, read_states,
                                            read_templates)
from analysis.resources.cases import load_case, read_case
from analysis.resources.languages import LANGUAGES
from analysis.resources.lexicon import load_lexicon

LEXICONS = REPO / "data" / "lexicons"
TEMPLATES = LEXICONS / "authorities.csv"

# A SYNTHETIC state, "Examplestan" (key xs, group examplestani), in four languages; the forms are
# invented on the pattern of each language's state names.
SYNTHETIC_STATES = """state,group,lang,name,genitive,adjective
xs,examplestani,de,examplestan,examplestans,examplestanisch
xs,examplestani,fr,examplestan,de l'examplestan,examplestanais
xs,examplestani,pl,examplestan,examplestanu,examplestańsk
xs,examplestani,el,εξαμπλεστάν,του εξαμπλεστάν,εξαμπλεστανικ
"""


def test_the_shipped_states_have_every_language():
    states = read_states(LEXICONS / "states.csv")
    for state, group in (("kz", "kazakh"), ("tj", "tajik")):
        rows = states[states["state"] == state]
        assert sorted(rows["lang"]) == sorted(LANGUAGES), state
        assert set(rows["group"]) == {group}
    templates = read_templates(TEMPLATES)
    for role in ("authorities", "government", "state"):
        assert sorted(templates.loc[templates["role"] == role, "lang"].unique()) == sorted(LANGUAGES), role


def test_the_cases_name_their_target_states():
    assert load_case("kazakhstan").states == ("kz",)
    assert load_case("tajikistan").states == ("tj",)


def test_generated_rows_of_the_shipped_states_and_hand_precedence():
    addressees = load_lexicon().addressees
    by = addressees.set_index(["lang", "pattern"])
    # generated (no hand rows of these groups in these languages): filled by hand from the templates
    assert tuple(by.loc[("de", "kasachisch* behörden"), ["addressee", "group"]]) == ("kz_authorities", "kazakh")
    assert tuple(by.loc[("pl", "władz* tadżykistanu"), ["addressee", "group"]]) == ("tj_authorities", "tajik")
    assert tuple(by.loc[("bg", "органите на таджикистан"), ["addressee", "group"]]) == ("tj_authorities", "tajik")
    # Bulgarian and English have hand rows of group kazakh: they replace the generated ones there
    assert ("bg", "казахстанск* орган*") not in by.index  # the template's pattern
    assert ("bg", "казахстански* орган*") in by.index  # the hand row's
    assert ("en", "kazakh* authorities") not in by.index
    assert not addressees.duplicated(["lang", "pattern"]).any()


@pytest.fixture
def synthetic_lexicon(tmp_path):
    """The shipped lexicon plus the rows of the synthetic state, built from the shipped templates."""
    path = tmp_path / "states.csv"
    path.write_text(SYNTHETIC_STATES, encoding="utf-8")
    rows = generated_addressees(path, TEMPLATES)
    lexicon = load_lexicon()
    return replace(lexicon, addressees=merge_generated(lexicon.addressees, rows))


# SYNTHETIC paragraphs (invented wording in the Parliament's formulae). Expected addressees, by
# hand: the EU institution named first, then the synthetic state's authorities or government
# (templates "{adjective}* behörden", "autorités {adjective}*", "władz* {genitive}", "{adjective}* κυβέρνηση").
# (French "autorités de l'..." is not used: the finder stops at "de", a complement word of French.)
PARAGRAPHS = [
    ("de", "ersucht die Kommission und die examplestanischen Behörden, die Lage zu prüfen;",
     [("eu_commission", "eu"), ("xs_authorities", "examplestani")]),
    ("fr", "invite la Commission et les autorités examplestanaises à examiner la situation;",
     [("eu_commission", "eu"), ("xs_authorities", "examplestani")]),
    ("pl", "wzywa Komisję i władze Examplestanu do zbadania sytuacji;",
     [("eu_commission", "eu"), ("xs_authorities", "examplestani")]),
    ("el", "καλεί την Επιτροπή και την εξαμπλεστανική κυβέρνηση να εξετάσουν την κατάσταση·",
     [("eu_commission", "eu"), ("xs_government", "examplestani")]),
]


@pytest.mark.parametrize("language, text, expected", PARAGRAPHS, ids=[p[0] for p in PARAGRAPHS])
def test_a_synthetic_states_authorities_are_a_group_of_their_own(synthetic_lexicon, language, text, expected):
    paragraphs = pd.DataFrame({"document": [f"synthetic_{language}"], "number": ["1"], "text": [text],
                               "language": [language]})
    found = analyse_verbs(paragraphs, synthetic_lexicon).addressees
    assert list(zip(found["addressee"], found["group"])) == expected


def test_the_shipped_lexicon_knows_the_target_in_another_language():
    # Kazakhstan in German has no hand rows: the generated "regierung {genitive}" names it
    paragraphs = pd.DataFrame({"document": ["synthetic_de"], "number": ["1"], "language": ["de"],
                               "text": ["ersucht die Regierung Kasachstans, die Lage zu prüfen;"]})
    found = analyse_verbs(paragraphs).addressees
    assert list(zip(found["addressee"], found["group"])) == [("kz_government", "kazakh")]


def _write(tmp_path, states: str, templates: str):
    (tmp_path / "states.csv").write_text(states, encoding="utf-8")
    (tmp_path / "authorities.csv").write_text(templates, encoding="utf-8")
    return tmp_path / "states.csv", tmp_path / "authorities.csv"


HEADER = "lang,role,template,gloss_en,example\n"


@pytest.mark.parametrize("states, templates, message", [
    (SYNTHETIC_STATES, HEADER + "de,authorities,{adjective}* behörden,x,{adjective}en behörde\n",
     r"authorities.csv: line 2: pattern 'examplestanisch\* behörden' does not match its example"),
    (SYNTHETIC_STATES, HEADER + "de,authorities,{adjective}* behörden,x,\n",
     r"authorities.csv: line 2: pattern 'examplestanisch\* behörden' has a '\*' but no example"),
    (SYNTHETIC_STATES, HEADER + "de,leaders,behörden {genitive},x,\n", r"line 2: unknown role 'leaders'"),
    (SYNTHETIC_STATES, HEADER + "de,authorities,behörden {land},x,\n", r"line 2: unknown placeholder \{land\}"),
    (SYNTHETIC_STATES.replace("examplestans,", ","), HEADER + "de,authorities,behörden {genitive},x,\n",
     r"states.csv: line 2: state 'xs' \(de\) has no genitive, which .*authorities.csv: line 2 needs"),
    (SYNTHETIC_STATES.replace("xs,examplestani,fr", "xs,other_group,fr"), HEADER,
     r"state 'xs' has more than one group"),
    (SYNTHETIC_STATES.replace(",examplestanisch", ",examplestanisch*"), HEADER, r"line 2: '\*' in adjective"),
])
def test_bad_rows_are_named(tmp_path, states, templates, message):
    paths = _write(tmp_path, states, templates)
    with pytest.raises(DataError, match=message) as error:
        generated_addressees(*paths)
    assert "\n" not in str(error.value)


def test_one_file_without_the_other(tmp_path):
    states = tmp_path / "states.csv"
    assert generated_addressees(states, tmp_path / "authorities.csv").empty  # neither: hand rows only
    states.write_text(SYNTHETIC_STATES, encoding="utf-8")
    with pytest.raises(DataError, match=r"authorities.csv: file not found"):
        generated_addressees(states, tmp_path / "authorities.csv")


def test_rows_carry_state_group_and_gloss(tmp_path):
    paths = _write(tmp_path, SYNTHETIC_STATES, HEADER + "fr,government,gouvernement {genitive},"
                   "the Government of {state},\n")
    rows = authority_rows(read_states(paths[0]), read_templates(paths[1]), *paths)
    # one French state, one template; no English row, so the gloss names the key
    assert rows[["lang", "pattern", "addressee", "group", "gloss_en"]].values.tolist() == [
        ["fr", "gouvernement de l'examplestan", "xs_government", "examplestani", "the Government of Xs"]]


@pytest.mark.parametrize("new, message", [
    ('states = ["zz"]', r"key 'target.states': 'zz' is no state of .*states.csv"),
    ('states = ["tj"]', r"key 'target.states': 'tj' has group 'tajik' in .*states.csv, not the target group 'kazakh'"),
    ('states = "kz"', r"key 'target.states': must be a non-empty list of strings"),
])
def test_bad_target_states_are_named(tmp_path, new, message):
    text = (REPO / "data" / "cases" / "kazakhstan.toml").read_text(encoding="utf-8")
    path = tmp_path / "case.toml"
    path.write_text(re.sub(r'^states = .*$', new, text, count=1, flags=re.M), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_case(path)
