"""Language profiles and code pages are data (data/languages/), read again when a file changes."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis.errors import DataError
from analysis.resources import languages

from conftest import REPO

LANGUAGE_DATA = REPO / "data" / "languages"


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the shipped language data under a temporary ANALYSIS_DATA_DIR."""
    shutil.copytree(LANGUAGE_DATA, tmp_path / "languages")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    return tmp_path / "languages"


def test_code_page_from_the_profile_or_the_table():
    assert languages.get_profile("bg").code_page == "cp1251"  # in data/languages/bg.toml
    assert languages.code_page("bg") == "cp1251" and languages.code_page("EN") == "cp1252"
    assert languages.code_page("pl") == "cp1250" and languages.code_page("el") == "cp1253"  # their profiles
    assert languages.code_page("mt") is None and languages.code_page("und") is None


def test_every_ep_language_but_maltese_has_one_code_page():
    assert {code for code in languages.LANGUAGES if languages.code_page(code) is None} == {"mt"}


def test_edited_profile_is_read_again(data):
    path = data / "en.toml"
    assert languages.get_profile("en").name == "English"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "English"', 'name = "Edited English"'),
                    encoding="utf-8")
    assert languages.get_profile("en").name == "Edited English"
    (data / "fr.toml").unlink()
    assert "fr" not in languages.profiles() and languages.code_page("fr") is None


def test_language_listed_in_the_table_and_with_a_profile_is_refused(data):
    with open(data / "code_pages.csv", "a", encoding="utf-8") as handle:
        handle.write("en,cp1252,English\n")
    # every EP language has a profile now: the table holds only its header, so the row is line 2
    with pytest.raises(DataError, match=r"code_pages.csv: line 2: en has a language profile"):
        languages.code_page("pl")


@pytest.mark.parametrize("where, edit", [
    ("code_pages.csv", lambda text: text + "la,cp9999,Latin (a language without a profile)\n"),
    ("de.toml", lambda text: text.replace('code_page = "cp1252"', 'code_page = "cp9999"')),
])
def test_unknown_code_page_is_refused(data, where, edit):
    path = data / where
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=rf"{where}.*unknown code page 'cp9999'"):
        languages.code_page("pl")


@pytest.mark.parametrize("where, edit, page", [
    ("code_pages.csv", lambda text: text + "la,rot13,Latin (a language without a profile)\n", "rot13"),
    ("de.toml", lambda text: text.replace('code_page = "cp1252"', 'code_page = "hex"'), "hex"),
    ("de.toml", lambda text: text.replace('code_page = "cp1252"', 'code_page = "undefined"'), "undefined"),
])
def test_code_page_that_is_no_text_encoding_is_refused(data, where, edit, page):
    """Python knows these codecs, but a legacy file cannot be decoded with them."""
    path = data / where
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=rf"{where}.*code page '{page}' is no text encoding"):
        languages.code_page("pl")


def test_profile_with_an_unknown_key_is_refused(data):
    path = data / "en.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("code_page =", "codepage ="), encoding="utf-8")
    with pytest.raises(DataError, match=r"en.toml: unexpected key in language profile"):
        languages.profiles()


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace('"prosinec"]', '"prosinec", "leden"]'), "'months' must list 12 names"),
    (lambda text: text.replace("months = [", 'date_forms = ["{d}. {m}"]\nmonths = ['), "must hold {d}, {m} and {y}"),
])
def test_month_names_and_date_forms_are_checked(data, edit, message):
    path = data / "cs.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=rf"cs.toml: .*{re.escape(message)}"):
        languages.profiles()


def test_every_ep_language_has_a_profile_with_the_parliaments_formulae():
    profiles = languages.profiles()
    assert sorted(profiles) == sorted(languages.LANGUAGES)
    for code, profile in profiles.items():
        # Swedish recitals open with their statement, without a formula ("A. Den ...").
        assert profile.parliament and profile.citation_opening and (profile.recital_opening or code == "sv")
        assert len(profile.months) in (12, 24) and {kind for kind, _ in profile.kinds} == {"TA", "RC", "B", "A"}


def test_detect_language_reads_each_table_it_is_given():
    # The detector is kept for the last table given (#12): another table must be read anew, and the
    # first one again after it. By hand: the two unit lines open with the Bulgarian citation and recital
    # wording of bg.toml, which no other profile has, so without "bg" no language is found.
    lines = ["Европейският парламент,", "–  като взе предвид synthetic", "А.  като има предвид, че synthetic"]
    table = languages.profiles()
    without_bg = {code: profile for code, profile in table.items() if code != "bg"}
    assert languages.detect_language(lines, table) == "bg"
    assert languages.detect_language(lines, without_bg) is None
    assert languages.detect_language(lines, table) == "bg"


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_an_opening_that_ends_in_an_apostrophe_runs_into_the_next_word(apostrophe):
    # ga.toml's citation opening "ag féachaint d’" (elided "do") is followed by a letter, never by a
    # non-word character: by hand, these two synthetic citations are Irish and nothing else, also by the
    # pattern that tries one profile at a time (the detector's path for openings it cannot merge).
    lines = [f"–  ag féachaint d{apostrophe}Airteagal synthetic", f"– ag féachaint d{apostrophe}Rialachán synthetic"]
    assert languages.detect_language(lines) == "ga"
    irish = languages.profiles()["ga"].citation_opening
    assert all(languages._opening_pattern(irish).match(line) for line in lines)
    # an opening that ends in a letter is still a whole word: "ag féachaint do" is not "ag féachaint dosynthetic"
    assert languages._opening_pattern(("ag féachaint do",)).match("– ag féachaint dosynthetic") is None
    assert languages.detect_language(["– ag féachaint dosynthetic", "– ag féachaint doiciméad"]) is None
