"""The rules a lexicon must keep, checked at load (issue #10): strength order within an act, one act
and strength per concept, wildcard patterns that match their examples. Each test writes a broken
copy of the shipped lexicon into tmp_path; the line expected is counted in that copy (header = 1)."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO, run_cli

from analysis.errors import DataError
from analysis.extract.people import load_not_people
from analysis.resources.acts import load_acts
from analysis.resources.files import read_table
from analysis.resources.lexicon import load_lexicon, load_thresholds
from analysis.resources.taxonomy import load_dictionary
from analysis.resources.text import normalise

LEXICONS = REPO / "data" / "lexicons"


def _copy(tmp_path):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    for name in ("verbs.csv", "modifiers.csv", "addressees.csv"):
        shutil.copy(LEXICONS / name, folder / name)
    return folder


def _edit(path, start: str, new: str) -> int:
    """Replace the one line of ``path`` that starts with ``start`` by ``new``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith(start)]
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _line(path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def test_the_shipped_lexicon_keeps_every_rule_and_every_concept_is_documented():
    lexicon = load_lexicon()
    assert (lexicon.verbs["concept"] != "").all()
    # One concept for the Bulgarian and the English phrase of a pair (issue #10's example).
    concept = dict(zip(lexicon.verbs["phrase"], lexicon.verbs["concept"]))
    assert concept["настоятелно призовава"] == concept["urges"] == "urge"
    assert concept["призовава"] == concept["calls on"] == "call_on"
    codebook = (REPO / "docs" / "codebook_verbs.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", codebook, flags=re.M))
    assert set(lexicon.verbs["concept"]) <= documented


def test_the_issue_example_is_refused_with_file_line_and_rule(tmp_path):
    folder = _copy(tmp_path)
    line = _edit(folder / "verbs.csv", "bg,изисква,", "bg,изисква,demand,directive,7,3.0,demands,")
    # настоятелно призовава (directive 6) has 4.0, so 3.0 at intensity 7 falls as intensity grows.
    urges = _line(folder / "verbs.csv", "bg,настоятелно призовава,")
    with pytest.raises(DataError) as error:
        load_lexicon(folder)
    assert str(error.value) == (
        f"{folder / 'verbs.csv'}: line {line}: изисква: strength 3.0 at intensity 7 is below 4.0 at intensity 6 "
        f"of 'настоятелно призовава' (bg, line {urges}) for act directive (strength must not fall as intensity grows)")


def test_a_strength_that_is_no_function_of_intensity_is_refused(tmp_path):
    folder = _copy(tmp_path)
    # 4.2 keeps the order (between 4.0 at 6 and 5.0 at 8) but differs from изисква's 4.5 at 7.
    line = _edit(folder / "verbs.csv", "en,demands,", "en,demands,demand,directive,7,4.2,demands,")
    with pytest.raises(DataError, match=rf"verbs.csv: line {line}: demands: strength 4.2 at intensity 7 differs "
                                        r"from 4.5 of 'изисква' \(bg, line \d+\) .*function of intensity"):
        load_lexicon(folder)


def test_positive_judgement_strength_must_fall_as_intensity_grows(tmp_path):
    folder = _copy(tmp_path)
    # acts.csv: positive_judgement falls; welcomes (2) at 0.9 is above notes with satisfaction (1) at 0.8.
    line = _edit(folder / "verbs.csv", "bg,приветства,", "bg,приветства,welcome,positive_judgement,2,0.9,welcomes,")
    with pytest.raises(DataError, match=rf"verbs.csv: line {line}: приветства: strength 0.9 at intensity 2 is above "
                                        r"0.8 at intensity 1 .*must not rise as intensity grows"):
        load_lexicon(folder)


def test_translations_of_one_concept_must_agree_unless_a_note_says_why(tmp_path):
    folder = _copy(tmp_path)
    # "urges" coded as call_on (directive 3.0 in призовава) while it is directive 4.0.
    line = _edit(folder / "verbs.csv", "en,urges,", "en,urges,call_on,directive,6,4.0,urges,,")
    with pytest.raises(DataError, match=rf"verbs.csv: line {line}: urges: concept call_on is directive 4.0 here but "
                                        r"directive 3.0 in 'призовава' \(bg, line \d+\) \(translations"):
        load_lexicon(folder)
    _edit(folder / "verbs.csv", "en,urges,", "en,urges,call_on,directive,6,4.0,urges,,a test: stronger than calls on")
    assert load_lexicon(folder).verbs.set_index("phrase").loc["urges", "concept"] == "call_on"


@pytest.mark.parametrize("concept, message", [("", "no concept"), ("Call On", "concept 'Call On' is not lower-case")])
def test_every_verb_row_needs_a_concept_key(tmp_path, concept, message):
    folder = _copy(tmp_path)
    line = _edit(folder / "verbs.csv", "en,urges,", f"en,urges,{concept},directive,6,4.0,urges,,")
    with pytest.raises(DataError, match=rf"verbs.csv: line {line}: urges: {message}"):
        load_lexicon(folder)


@pytest.mark.parametrize("row, message", [
    # a wildcard pattern must match its own example
    ("bg,мажилис*,kz_parliament,kazakh,x,сенат", r"pattern 'мажилис\*' does not match its example 'сенат' \(a pattern "
                                                  "must match its own example\\)"),
    # a '*' inside a word never matches as meant: a syntax error
    ("bg,мажи*лис,kz_parliament,kazakh,x,мажилиса", r"'\*' is allowed only at the end of a word"),
    # a wildcard without an example
    ("bg,мажилис*,kz_parliament,kazakh,x,", r"pattern 'мажилис\*' has a '\*' but no example"),
    # a literal pattern with an example that differs
    ("bg,мажилиса,kz_parliament,kazakh,x,мажилисът", r"pattern 'мажилиса' does not match its example"),
])
def test_addressee_patterns_are_checked_against_their_examples(tmp_path, row, message):
    folder = _copy(tmp_path)
    line = _edit(folder / "addressees.csv", "bg,мажилис*,", row)
    with pytest.raises(DataError, match=rf"addressees.csv: line {line}: {message}"):
        load_lexicon(folder)


# The theme dictionary and the people stop list keep the same example rule (one checker, check_examples).
RULE = r"a pattern must match its own example\)"


@pytest.mark.parametrize("start, row, message", [
    # the pattern this row had before the check: the masculine adjective is "домашен", so
    # "домашн*" misses the intended "домашен арест" (house arrest)
    ("political_prisoners,bg,домаш* арест*,", "political_prisoners,bg,домашн* арест*,,домашен арест",
     r"pattern 'домашн\* арест\*' does not match its example 'домашен арест'"),
    # Bulgarian plural х -> с: "олигарх*" misses "олигарсите" (the oligarchs)
    ("corruption,bg,олигар*,", "corruption,bg,олигарх*,,олигарсите",
     r"pattern 'олигарх\*' does not match its example 'олигарсите'"),
    # an English stem one letter too long: "prisone*" catches "prisoner" but misses "prisons"
    ("torture_prisons,en,prison*,", "torture_prisons,en,prisone*,also matches 'prisoner',prisons",
     r"pattern 'prisone\*' does not match its example 'prisons'"),
    # a wildcard without an example
    ("elections,bg,избори*,", "elections,bg,избори*,,",
     r"pattern 'избори\*' has a '\*' but no example \(give a short phrase"),
])
def test_theme_patterns_are_checked_against_their_examples(tmp_path, start, row, message):
    path = tmp_path / "themes.csv"
    shutil.copy(LEXICONS / "themes.csv", path)
    line = _edit(path, start, row)
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: line {line}: {message}.*{RULE}$"):
        load_dictionary(path)


@pytest.mark.parametrize("start, row, message", [
    # a researcher writes the masculine "Национален*": it misses "Националния", the form it is for
    ("bg,Национал*,", "bg,Национален*,Националния", r"pattern 'Национален\*' does not match its example 'Националния'"),
    ("bg,Нобелов*,", "bg,Нобелов*,", r"pattern 'Нобелов\*' has a '\*' but no example"),
])
def test_stop_list_patterns_are_checked_against_their_examples(tmp_path, start, row, message):
    path = tmp_path / "not_people.csv"
    shutil.copy(LEXICONS / "not_people.csv", path)
    line = _edit(path, start, row)
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: line {line}: {message}.*{RULE}$"):
        load_not_people(path)


@pytest.mark.parametrize("name, column, load, rows", [
    ("themes.csv", "pattern", lambda: len(load_dictionary()), 872),    # 737 rows + 135 of #14
    ("not_people.csv", "word", lambda: len(load_not_people()), 602)])  # 602 rows, all distinct
def test_every_shipped_wildcard_has_an_example_that_is_more_than_its_stem(name, column, load, rows):
    """The shipped files load (so every example is matched), and their examples are word forms, not
    the patterns with the '*' dropped (such an example matches whatever the stem is, and the check
    could catch nothing): at most a tenth are (names such as Жовтис, fixed phrases)."""
    assert load() == rows
    frame = read_table(LEXICONS / name)
    wild = frame[frame[column].str.contains("*", regex=False)]
    assert len(wild) > 20 and (wild["example"] != "").all()
    bare = sum(normalise(p).replace("*", "") == normalise(e) for p, e in zip(wild[column], wild["example"]))
    assert bare <= len(wild) / 10


def test_a_bad_trend_in_the_act_table_and_a_bad_threshold_are_refused(tmp_path):
    acts = tmp_path / "acts.csv"
    acts.write_text((REPO / "data" / "taxonomy" / "acts.csv").read_text(encoding="utf-8")
                    .replace(",true,falls,", ",true,sideways,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"acts.csv: line 4: strength_with_intensity must be rises or falls, "
                                        r"got 'sideways'"):
        load_acts(acts)
    toml = tmp_path / "coverage.toml"
    toml.write_text("min_share_head_verb = 1.5\nmin_share_theme = 0.5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"coverage.toml: min_share_head_verb must be a share from 0 to 1, got 1.5"):
        load_thresholds(toml)
    assert load_thresholds() == load_thresholds(REPO / "data" / "lexicons" / "coverage.toml")


def test_a_broken_lexicon_stops_classify_with_one_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed", "raw", "annotations"))
    line = _edit(data / "lexicons" / "verbs.csv", "bg,изисква,", "bg,изисква,demand,directive,7,3.0,demands,")
    result = run_cli("classify", str(REPO / "data" / "raw"), "--themes", "none", env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 2 and result.stdout == ""
    [message] = result.stderr.splitlines()
    assert f"verbs.csv: line {line}: изисква: strength 3.0 at intensity 7 is below" in message


def test_a_theme_pattern_that_misses_its_example_stops_classify_with_one_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed", "raw", "annotations"))
    line = _edit(data / "lexicons" / "themes.csv", "corruption,bg,олигар*,", "corruption,bg,олигарх*,,олигарсите")
    result = run_cli("classify", str(REPO / "data" / "raw"), env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 2 and result.stdout == ""
    [message] = result.stderr.splitlines()
    assert f"themes.csv: line {line}: pattern 'олигарх*' does not match its example 'олигарсите'" in message


def test_a_passed_check_is_kept_on_disk_and_a_changed_row_is_checked_again(tmp_path, monkeypatch):
    """#12: the verdict of a check that passed is an empty file in data/.cache/lexicon_rules/ named by
    the rows' digest; a frame with one cell changed has another digest, so it is checked (and refused)."""
    from analysis.resources import lexicon_rules

    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    good = read_table(LEXICONS / "addressees.csv", ["pattern"])
    lexicon_rules.check_examples(good, LEXICONS / "addressees.csv")
    kept = list((tmp_path / ".cache" / "lexicon_rules").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b""
    lexicon_rules.check_examples(good.copy(), LEXICONS / "addressees.csv")  # the same rows: nothing new kept
    assert len(list(kept[0].parent.iterdir())) == 1
    # The rules' modules edited on disk after this process imported them: the checks are still those of
    # the code in memory, whose verdict is kept, not one under the digest of the edit.
    monkeypatch.setattr(lexicon_rules, "_rules_source", lambda: b"the modules as edited on disk")
    lexicon_rules.check_examples(good, LEXICONS / "addressees.csv")
    assert list(kept[0].parent.iterdir()) == kept
    bad = good.copy()
    row = bad.index[bad["pattern"].str.contains(r"\*")][0]
    bad.loc[row, "example"] = "синтетично несъвпадение"  # an example the pattern cannot match
    with pytest.raises(DataError, match="does not match its example"):
        lexicon_rules.check_examples(bad, LEXICONS / "addressees.csv")
    with pytest.raises(DataError, match="does not match its example"):  # a failure is never kept
        lexicon_rules.check_examples(bad, LEXICONS / "addressees.csv")
    assert len(list(kept[0].parent.iterdir())) == 1
