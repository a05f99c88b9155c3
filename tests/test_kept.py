"""What is built from data files is kept on disk for the next process (#12): read back while the
files and the source are the same, built again when a file changes or the pickle is unreadable, and
only slower where the data folder cannot be written. A pickled verb matcher finds what the matcher
it was made of finds."""

from __future__ import annotations

import pickle
import shutil

import pytest

from analysis.classify import verbs
from analysis.classify.theme_dictionary import DictionaryClassifier
from analysis.corpus.parser import parse
from analysis.resources import kept

from conftest import RAW_2021, REPO


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(folder))
    return folder


def _counted(calls: list[str], value: str):
    def build() -> str:
        calls.append(value)
        return value
    return build


def test_a_build_is_read_back_until_a_file_changes_then_made_again(data):
    source = data / "input.csv"
    source.write_text("a\n", encoding="utf-8")
    calls: list[str] = []
    assert kept.load_or_build("thing", [source], _counted(calls, "first")) == "first"
    assert kept.load_or_build("thing", [source], _counted(calls, "second")) == "first"  # read back, not built
    assert calls == ["first"]
    assert kept.load_or_build("other", [source], _counted(calls, "other")) == "other"  # another name: its own
    source.write_text("b\n", encoding="utf-8")  # same size, other bytes
    assert kept.load_or_build("thing", [source], _counted(calls, "third")) == "third"
    assert calls == ["first", "other", "third"]
    names = sorted(path.name.split(".")[0] for path in (data / ".cache" / "built").iterdir())
    assert names == ["other", "thing"]  # one pickle per name: the older one of "thing" is gone
    source.unlink()  # a missing file is part of the key too
    assert kept.load_or_build("thing", [source], _counted(calls, "fourth")) == "fourth"


def test_an_unreadable_pickle_is_built_again_and_replaced(data):
    source = data / "input.csv"
    source.write_text("a\n", encoding="utf-8")
    calls: list[str] = []
    kept.load_or_build("thing", [source], _counted(calls, "first"))
    (pickled,) = (data / ".cache" / "built").iterdir()
    pickled.write_bytes(pickled.read_bytes()[:5])  # truncated
    assert kept.load_or_build("thing", [source], _counted(calls, "again")) == "again"
    assert pickle.loads(pickled.read_bytes()) == "again" and calls == ["first", "again"]


def test_what_was_built_while_a_file_or_the_source_changed_is_not_kept(data, monkeypatch):
    source = data / "input.csv"
    source.write_text("a\n", encoding="utf-8")

    def edited_meanwhile() -> str:  # the build read the file after it changed: not its bytes of the key
        source.write_text("b\n", encoding="utf-8")
        return "from b"
    assert kept.load_or_build("thing", [source], edited_meanwhile) == "from b"
    assert not (data / ".cache" / "built").exists()
    source.write_text("a\n", encoding="utf-8")
    calls: list[str] = []
    assert kept.load_or_build("thing", [source], _counted(calls, "from a")) == "from a" and calls == ["from a"]
    monkeypatch.setattr(kept, "_source_digest", lambda: b"other code")  # the modules on disk changed meanwhile
    source.write_text("c\n", encoding="utf-8")
    assert kept.load_or_build("thing", [source], _counted(calls, "from c")) == "from c"
    (pickled,) = (data / ".cache" / "built").iterdir()  # the build of "c" was not kept: "a"'s is still there
    assert pickle.loads(pickled.read_bytes()) == "from a" and calls == ["from a", "from c"]


def test_what_cannot_be_pickled_is_built_every_time(data):
    calls: list[str] = []

    def unpicklable():
        calls.append("built")
        return lambda: None
    for _ in range(2):
        assert callable(kept.load_or_build("thing", [], unpicklable))
    assert calls == ["built", "built"] and not list((data / ".cache").glob("built/*"))


def test_a_data_folder_that_cannot_be_written_only_builds_every_time(data):
    (data / ".cache").write_text("not a folder", encoding="utf-8")  # the pickles' folder cannot be made
    calls: list[str] = []
    for value in ("first", "second"):
        assert kept.load_or_build("thing", [], _counted(calls, value)) == value
    assert calls == ["first", "second"]


def test_a_pickled_matcher_finds_what_its_original_finds():
    matcher = verbs.VerbMatcher(verbs.load_lexicon(), "bg")
    copy = pickle.loads(pickle.dumps(matcher))
    automata = copy.phrases._keys._automata
    assert automata.find_text is not None and automata.find_bytes is not None  # both automata made again
    units = parse(RAW_2021).units
    texts = units.loc[units["kind"].isin(["paragraph", "recital"]), "text"].tolist()
    found = [matcher.find(text) for text in texts]
    assert sum(map(len, found)) > 27 and [copy.find(text) for text in texts] == found  # 27 paragraphs, each with a verb


def test_get_matcher_and_the_dictionary_read_their_pickles_in_a_new_process(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed", ".cache"))
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    verbs._matchers.cache_clear()
    built = verbs.get_matcher("bg")
    labels = DictionaryClassifier().fit().labels(["свобода на медиите"], ["bg"])

    def refused(*args, **kwargs):
        raise AssertionError("built again")
    verbs._matchers.cache_clear()  # as in a new process: only the disk is left
    monkeypatch.setattr(verbs, "load_lexicon", refused)  # what a build of the matcher reads first
    from analysis.classify import theme_dictionary
    theme_dictionary._compiled.cache_clear()
    monkeypatch.setattr(theme_dictionary, "compiled_dictionary", refused)
    again = verbs.get_matcher("bg")
    assert again is not built and again.entries == built.entries
    assert DictionaryClassifier().fit().labels(["свобода на медиите"], ["bg"]) == labels == [["expression_media"]]
    verbs._matchers.cache_clear()
    with (data / "lexicons" / "verbs.csv").open("a", encoding="utf-8") as handle:  # an edited lexicon: built
        handle.write("\n")
    with pytest.raises(AssertionError, match="built again"):
        verbs.get_matcher("bg")
    verbs._matchers.cache_clear()
    theme_dictionary._compiled.cache_clear()
