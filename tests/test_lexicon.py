"""The verb lexicon loader: what it checks, how its errors name the file and line, its cache."""

from __future__ import annotations

import pytest

from analysis.errors import DataError
from analysis.resources.lexicon import load_lexicon

VERBS = "lang,phrase,concept,act,intensity,strength\n"
MODIFIERS = "lang,modifier,kind\n"
ADDRESSEES = "lang,pattern,addressee,group\n"


def write(folder, verbs: str = VERBS, modifiers: str = MODIFIERS, addressees: str = ADDRESSEES):
    (folder / "verbs.csv").write_text(verbs, encoding="utf-8")
    (folder / "modifiers.csv").write_text(modifiers, encoding="utf-8")
    (folder / "addressees.csv").write_text(addressees, encoding="utf-8")
    return folder


def test_a_small_lexicon_is_read_normalised_and_typed(tmp_path):
    lexicon = load_lexicon(write(tmp_path, VERBS + "BG,  Настоятелно   Призовава ,urge,directive,6,4.0\n",
                                 MODIFIERS + "bg,Отново,repetition\n",
                                 "lang,pattern,addressee,group,example\n"
                                 "bg,Казахстански*  Орган*,kz_authorities,kazakh,казахстанските органи\n"))
    row = lexicon.verbs.iloc[0]
    assert (row["lang"], row["phrase"], row["act"], row["intensity"], row["strength"], row["line"]) == \
        ("bg", "настоятелно призовава", "directive", 6, 4.0, 2)
    assert list(lexicon.modifiers["modifier"]) == ["отново"]
    assert list(lexicon.addressees["pattern"]) == ["казахстански* орган*"]
    assert lexicon.languages() == ["bg"]


@pytest.mark.parametrize("verbs, message", [
    (VERBS + "bg,осъжда,condemn,negative_judgement,5,4.0\nbg,порицава,condemn,scolding,1,4\n",
     r"verbs.csv: line 3: unknown act 'scolding' \(expected one of directive, "),
    (VERBS + "bg,осъжда,condemn,unclassified,1,4\n", r"verbs.csv: line 2: unknown act 'unclassified'"),
    (VERBS + "bg,,condemn,directive,1,4\n", r"verbs.csv: line 2: empty phrase"),
    (VERBS + ",осъжда,condemn,negative_judgement,5,4.0\n", r"verbs.csv: line 2: empty lang"),
    (VERBS + "bg,осъжда,condemn,negative_judgement,5,strong\n", r"verbs.csv: line 2: strength must be a number, got 'strong'"),
    (VERBS + "bg,осъжда,condemn,negative_judgement,5.5,4.0\n", r"verbs.csv: line 2: intensity must be a whole number"),
    (VERBS + "bg,осъжда*,condemn,negative_judgement,5,4.0\n", r"verbs.csv: line 2: '\*' in phrase"),
    (VERBS + "bg,осъжда,condemn,negative_judgement,5,4.0\nen,condemns,condemn,negative_judgement,5,4.0\n"
             "bg,Осъжда,condemn,negative_judgement,5,4.0\n", r"verbs.csv: line 4: phrase 'осъжда' \(bg\) is listed twice"),
    (VERBS + "bg,осъжда,condemn,negative_judgement,5,4.0,extra\n", r"verbs.csv: line 2: more fields than columns"),
    ("lang,phrase,act,strength\nbg,осъжда,negative_judgement,4.0\n", r"verbs.csv: missing column\(s\) concept, intensity"),
])
def test_bad_verb_rows_name_file_and_line(tmp_path, verbs, message):
    write(tmp_path, verbs)
    with pytest.raises(DataError, match=message):
        load_lexicon(tmp_path)


@pytest.mark.parametrize("modifiers, addressees, message", [
    (MODIFIERS + "bg,отново,repetition\nbg,,intensifier\n", ADDRESSEES, r"modifiers.csv: line 3: empty modifier"),
    (MODIFIERS + "bg,отнов*,repetition\n", ADDRESSEES, r"modifiers.csv: line 2: .*'\*'"),
    (MODIFIERS, ADDRESSEES + "bg,правителството,kz_government,kazakh\n"
                             "bg,казах*стански органи,kz_authorities,kazakh\n",
     r"addressees.csv: line 3: '\*' is allowed only at the end of a word"),
    (MODIFIERS, ADDRESSEES + "en,/ high representative,eu_vphr,eu\n", r"addressees.csv: line 2: word '/' has no letter"),
    (MODIFIERS, ADDRESSEES + "bg,правителството,,kazakh\n", r"addressees.csv: line 2: empty addressee"),
    ("lang,word\n", ADDRESSEES, r"modifiers.csv: missing column\(s\) modifier, kind"),
])
def test_bad_modifier_and_addressee_rows_name_file_and_line(tmp_path, modifiers, addressees, message):
    write(tmp_path, VERBS + "bg,осъжда,condemn,negative_judgement,5,4.0\n", modifiers, addressees)
    with pytest.raises(DataError, match=message):
        load_lexicon(tmp_path)


def test_a_missing_file_is_named(tmp_path):
    write(tmp_path)
    (tmp_path / "addressees.csv").unlink()
    with pytest.raises(DataError, match=r"addressees.csv: lexicon file not found"):
        load_lexicon(tmp_path)


def test_a_mark_between_words_of_an_addressee_pattern_is_allowed(tmp_path):
    write(tmp_path, addressees=ADDRESSEES + "en,the vice-president / high representative,eu_vphr,eu\n")
    lexicon = load_lexicon(tmp_path)
    assert list(lexicon.addressees["pattern"]) == ["the vice-president / high representative"]


def test_the_lexicon_is_read_again_only_when_a_file_changes(tmp_path):
    write(tmp_path, VERBS + "bg,осъжда,condemn,negative_judgement,5,4.0\n")
    first = load_lexicon(tmp_path)
    assert load_lexicon(tmp_path) is first  # unchanged files: the cached lexicon
    # a longer value: the file's size changes too, whatever the clock resolution of its mtime
    (tmp_path / "verbs.csv").write_text(VERBS + "bg,осъжда,condemn,negative_judgement,5,4.75\n", encoding="utf-8")
    second = load_lexicon(tmp_path)
    assert second is not first and list(second.verbs["strength"]) == [4.75]
