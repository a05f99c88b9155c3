"""The single homes of shared ideas: the data-file loader and its cache, the normalisers, the
wildcard syntax and the date reader."""

from __future__ import annotations

import datetime
import os

import pytest

from analysis.corpus.dates import find_dates, first_date, numeric_date
from analysis.errors import DataError
from analysis.resources import files, wildcard
from analysis.resources.text import collapse_space, fold, normalise

MONTHS_BG = "януари февруари март април май юни юли август септември октомври ноември декември".split()
MONTHS_EN = ("January February March April May June July August September October November "
             "December").split()


# -- files ----------------------------------------------------------------------------------

def test_read_table_strips_values_and_numbers_lines(tmp_path):
    path = tmp_path / "synthetic.csv"
    path.write_text('a,b\n x ,"y, z"\n\n,w\n', encoding="utf-8")
    frame = files.read_table(path, ["a", "b"])
    assert frame.to_dict("records") == [{"a": "x", "b": "y, z", "line": 2}, {"a": "", "b": "w", "line": 4}]


def test_read_table_fills_short_rows_and_skips_a_byte_order_mark(tmp_path):
    path = tmp_path / "synthetic.csv"
    path.write_bytes("\ufeffa, b ,c\nx\n\n\ny,z\n".encode("utf-8"))  # as Excel saves it; rows cut short
    frame = files.read_table(path, ["a", "b", "c"])
    assert list(frame.columns) == ["a", "b", "c", "line"]
    assert frame.to_dict("records") == [{"a": "x", "b": "", "c": "", "line": 2},
                                        {"a": "y", "b": "z", "c": "", "line": 5}]


@pytest.mark.parametrize("content, message", [
    ("a\nx\n", "missing column(s) b"),
    ("a,b\nx,y,z\n", "line 2: more fields than columns"),
    (b"a,b\n\xff,y\n", "not a readable UTF-8 CSV file"),
])
def test_read_table_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "synthetic.csv"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(DataError, match=f"^{path}: .*") as info:
        files.read_table(path, ["a", "b"])
    assert message in str(info.value)


def test_read_table_missing_file(tmp_path):
    with pytest.raises(DataError, match="synthetic lexicon not found"):
        files.read_table(tmp_path / "none.csv", what="synthetic lexicon")


def test_read_toml_errors_name_the_file(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(DataError, match=f"^{path}: unreadable case"):
        files.read_toml(path, what="case")
    with pytest.raises(DataError, match="case not found"):
        files.read_toml(tmp_path / "none.toml", what="case")


def test_cache_rereads_an_edited_file_and_only_then(tmp_path):
    path = tmp_path / "synthetic.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    calls = []

    @files.cached_on_files()
    def load(p):
        calls.append(p)
        return list(files.read_table(p)["a"])

    assert load(path) == ["1"] and load(path) == ["1"] and len(calls) == 1
    path.write_text("a\n2\n", encoding="utf-8")
    stat = path.stat()  # same size: the modification time alone must tell the edit apart
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load(path) == ["2"] and len(calls) == 2
    # A file of the same size moved into place with the old time kept (as ``cp -p`` or unzipping to a
    # folder and moving it in can do): its inode tells it apart.
    stat = path.stat()
    other = tmp_path / "synthetic.csv.new"
    other.write_text("a\n3\n", encoding="utf-8")
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert other.stat().st_size == stat.st_size and other.stat().st_mtime_ns == stat.st_mtime_ns
    other.replace(path)
    assert load(path) == ["3"] and len(calls) == 3


# -- text -----------------------------------------------------------------------------------

def test_fold_keeps_length_and_folds_case_yo_and_nbsp():
    text = "Настоятелно\u00a0Призовава Ёлка İstanbul"
    assert fold(text) == "настоятелно призовава елка İstanbul"
    assert len(fold(text)) == len(text)


def test_normalise_collapses_every_kind_of_space():
    assert collapse_space(" a\u200b\u00a0 b\n\tc ") == "a b c"
    assert normalise("Права  на\u00a0Човека") == "права на човека"
    # a zero-width space is a space before lower case too: the Σ before it ends a word, so is final
    assert normalise("ΠΑΣ\u200bΑ") == "πας α" == normalise("ΠΑΣ Α")


# -- wildcard -------------------------------------------------------------------------------

def test_trailing_star_means_any_ending_whole_words_only():
    regex = wildcard.compile_patterns(["осъжда*", "права на човека"])
    assert [m.group(0) for m in regex.finditer("осъждат; правата на човека; права на човека")] == [
        "осъждат", "права на човека"]
    assert regex.search("преосъждат") is None  # a pattern starts at a word start


@pytest.mark.parametrize("pattern, problem", [
    ("", "empty pattern"), ("о*съжда", "only at the end of a word"), ("права *", "has no letter"),
])
def test_malformed_patterns_are_named(pattern, problem):
    assert problem in wildcard.check_pattern(pattern)


def test_well_formed_pattern_passes_check():
    assert wildcard.check_pattern("свобода на словото*") is None


def test_groups_overlapping_at_one_word_are_all_found():
    regex, names = wildcard.compile_groups({"press": ["свобода на словото"], "rights": ["свобода*"]})
    found = {names[int(key[1:])] for m in regex.finditer("свобода на словото")
             for key, value in m.groupdict().items() if value is not None}
    assert found == {"press", "rights"}


def test_run_scan_finds_groups_by_word_and_tests_longer_patterns_in_place():
    groups = {"press": ["свобода на словото"], "rights": ["свобода*"], "other": ["мир"],
              "office": ["заместник-председател*"], "mark": ["(синт"]}
    scan = wildcard.RunScan(groups)
    assert scan.names == list(groups)
    # by hand: both patterns start at the first word; "свобода" inside a word is no match
    assert scan.found("свобода на словото") == [True, True, False, False, False]
    assert scan.found("несвобода; мир") == [False, False, True, False, False]
    assert scan.found("свобода на") == [False, True, False, False, False]  # the longer pattern is cut short
    assert scan.found("мирът") == [False] * 5  # "мир" has no '*': a longer word is no match
    assert scan.found("заместник-председателят, заместник") == [False, False, False, True, False]
    assert scan.found("свобода  на\tсловото") == [True, True, False, False, False]  # any white space between words
    assert scan.found("x (синт) а(синт") == [False, False, False, False, True]  # once after a space
    assert scan.found("а(синт") == [False] * 5  # a pattern starts after a non-word character only
    assert scan.found("") == [False] * 5


def _reference(groups: dict[str, list[str]]):
    """The groups found by the compile_groups regex (what RunScan was written to match) in normalised text."""
    regex, names = wildcard.compile_groups(groups)

    def found(text: str) -> list[bool]:
        seen = {int(key[1:]) for m in regex.finditer(normalise(text))
                for key, value in m.groupdict().items() if value is not None}
        return [i in seen for i in range(len(names))]
    return found


def test_run_scan_finds_what_compile_groups_finds():
    """The same groups as the compile_groups regex on texts that mix the cases (tokens learnt once,
    then recalled; the store of tokens starting afresh)."""
    groups = {"a": ["политическ* затворни*", "права* на човека"], "b": ["затворни*", "прав*"],
              "c": ["заместник-председател*", "вп/вп"], "d": ["да", "да призове*"], "e": ["(синт", "синт"]}
    reference = _reference(groups)
    texts = ["политическите затворници и правата на човека", "затворник; да призове, да", "вп/вп заместник-председателя",
             "правата  на\u00a0човека", "неполитически затворници", "(затворници)", "да призовем", "праватана човека",
             "ПРАВАТА\u200bНА ЧОВЕКА", "човека на правата", "а(синт", "x(синт"]
    for memo_size in (200_000, 3):
        run = wildcard.RunScan(groups, memo_size=memo_size)
        for text in texts * 2:
            assert run.found(text) == reference(text), text
        assert run.found_many(texts) == [frozenset(i for i, hit in enumerate(reference(t)) if hit) for t in texts]
    # several texts: no pattern spans two texts ("политически" | "затворници" finds only b); folded
    many = run.found_many(["ПОЛИТИЧЕСКИ", "затворници", "", "да\0призове"])
    assert many == [frozenset(), frozenset({1}), frozenset(), frozenset({3})]


def test_run_scan_folds_a_text_with_dotted_capital_i_as_a_whole():
    """U+0130 is the one character whose lower case is longer (RunScan relies on it): with it in the
    text, fold() lowers character by character, so a final capital sigma becomes σ, not ς."""
    assert [hex(c) for c in range(0x110000) if len(chr(c).lower()) > 1] == ["0x130"]
    groups = {"sigma": ["οδοσ"], "final": ["οδος"]}
    run, reference = wildcard.RunScan(groups), _reference(groups)
    # by hand: "ΟΔΟΣ".lower() is "οδος"; with İ in the text fold() maps Σ alone, to "σ"
    assert run.found("ΟΔΟΣ") == reference("ΟΔΟΣ") == [False, True]
    assert run.found("ΟΔΟΣ \u0130") == reference("ΟΔΟΣ \u0130") == [True, False]


def test_run_scan_finds_what_compile_groups_finds_in_the_shipped_text(raw_2021):
    from analysis.classify.paragraphs import operative_paragraphs
    from analysis.corpus.parser import parse
    from analysis.resources.taxonomy import load_dictionary

    dictionary = load_dictionary()
    bg = dictionary[dictionary["lang"] == "bg"]
    groups = {theme: list(patterns) for theme, patterns in bg.groupby("theme", sort=True)["pattern"]}
    run, reference = wildcard.RunScan(groups), _reference(groups)
    texts = operative_paragraphs([parse(raw_2021)])["text"].tolist()
    assert len(texts) == 27 and any(run.found_many(texts))
    assert [run.found(text) for text in texts] == [reference(text) for text in texts]


def test_word_test_for_stop_lists():
    is_stop = wildcard.word_test(["Европейск*", "Mr", " "])
    assert is_stop("Европейския") and is_stop("MR") and not is_stop("Европа")


# -- dates ----------------------------------------------------------------------------------

def test_dates_in_either_order_in_text_order_and_only_real_ones():
    text = "от 14 март 2019 г., of March 5, 2020, 31 февруари 2020 и 1. януари 2021"
    assert find_dates(text, MONTHS_BG + MONTHS_EN) == [
        datetime.date(2019, 3, 14), datetime.date(2020, 3, 5), datetime.date(2021, 1, 1)]


def test_first_date_falls_back_to_numeric():
    assert first_date("Страсбург, 11.02.2021", MONTHS_BG) == datetime.date(2021, 2, 11)
    assert numeric_date("31.02.2021") is None
    # the first that exists: a day that does not exist is passed over, not the end of the search
    assert numeric_date("31.02.2021 - 11.02.2021") == datetime.date(2021, 2, 11)
    assert first_date("Страсбург, 30.02.2021, 11/02/2021", MONTHS_BG) == datetime.date(2021, 2, 11)
    assert first_date("no date", MONTHS_BG) is None


# -- list cells -------------------------------------------------------------------------------

def test_list_cells_join_split_explode_contains():
    import pandas as pd

    from analysis import cells

    assert cells.join(["urge", "call_on"]) == "urge;call_on" and cells.join([]) == ""
    assert cells.split(" a; b;;") == ["a", "b"] and cells.split("") == [] and cells.split(float("nan")) == []
    frame = pd.DataFrame({"number": ["1", "2", "3"], "themes": ["a;b", "", "c"]})
    long = cells.explode(frame, "themes", into="theme")
    assert long[["number", "theme"]].values.tolist() == [["1", "a"], ["1", "b"], ["3", "c"]]
    assert cells.contains(frame["themes"], "b").tolist() == [True, False, False]


def test_data_files_saved_with_a_byte_order_mark_are_read(tmp_path):
    """Excel's "CSV UTF-8" starts the file with a BOM; it must not become part of the first column."""
    table = tmp_path / "synthetic.csv"
    table.write_bytes("\ufefflang,phrase\nbg,призовава\n".encode("utf-8"))
    assert files.read_table(table, ["lang", "phrase"])["lang"].tolist() == ["bg"]
    case = tmp_path / "synthetic.toml"
    case.write_bytes("\ufeffname = \"x\"\n".encode("utf-8"))
    assert files.read_toml(case) == {"name": "x"}


def test_a_year_followed_by_a_letter_is_still_a_year():
    assert find_dates("от 11 февруари 2021г. и 5 май 20211", MONTHS_BG) == [datetime.date(2021, 2, 11)]
