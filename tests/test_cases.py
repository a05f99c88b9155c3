"""The case file (data/cases/*.toml): what the shipped case holds, and one-line errors for bad files."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO

from analysis.errors import DataError
from analysis.resources.cases import AddresseeGroup, load_case, read_case

SHIPPED = REPO / "data" / "cases" / "kazakhstan.toml"


def test_the_shipped_case():
    case = load_case("kazakhstan")
    assert (case.name, case.focus, case.languages) == ("kazakhstan", "TA-9-2021-0056", ("bg", "en"))
    assert case.registry == REPO / "data" / "registry.csv"
    assert case.target == AddresseeGroup("kazakh", "Kazakh authorities", "KZ")
    assert [g.group for g in case.groups] == ["kazakh", "eu"]
    assert case.themes[:2] == ("political_prisoners", "expression_media") and len(case.themes) == 6


def test_the_only_case_on_disk_is_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ANALYSIS_CASE", raising=False)
    for folder in ("lexicons", "taxonomy"):  # the case's groups and themes are checked against them
        shutil.copytree(REPO / "data" / folder, tmp_path / folder)
    (tmp_path / "cases").mkdir()
    shutil.copy(SHIPPED, tmp_path / "cases" / "one.toml")
    assert load_case().registry == tmp_path / "registry.csv"  # relative to the data folder in use
    shutil.copy(SHIPPED, tmp_path / "cases" / "two.toml")
    with pytest.raises(DataError, match="name the case to load .ANALYSIS_CASE.; cases found: one, two"):
        load_case()
    monkeypatch.setenv("ANALYSIS_CASE", "two")
    assert load_case().name == "kazakhstan"  # the name inside the copied file


def _edited(tmp_path, old: str, new: str):
    text = SHIPPED.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path = tmp_path / "case.toml"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    (r'^focus = .*$', "", "key 'focus': missing"),
    (r'^short = "KZ"$', "", "key 'target.short': missing"),
    (r'^\[target\]$', "[aim]", "key 'target': missing"),
])
def test_a_missing_key_is_named(tmp_path, old, new, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(DataError) as error:
        read_case(path)
    assert str(error.value) == f"{path}: {message}"


@pytest.mark.parametrize("old, new, message", [
    (r'^focus = .*$', 'focus = "P9_TA(2021)0056"', r"key 'focus': 'P9_TA\(2021\)0056' is not the DOCEO id of an adopted text"),
    (r'^focus = .*$', 'focus = "RC-9-2021-0144"', r"key 'focus': 'RC-9-2021-0144' is not the DOCEO id of an adopted text"),
    (r'^languages = .*$', 'languages = "bg"', "key 'languages': must be a non-empty list of strings, not 'bg'"),
    (r'^languages = .*$', 'languages = []', "key 'languages': must be a non-empty list"),
    (r'^languages = .*$', 'languages = ["bg", "BG"]', "key 'languages': 'BG' does not match"),
    (r'^group = "eu"$', 'group = "kazakh"', "key 'addressees': a group is shown twice"),
    (r'^group = "eu"$', 'group = "other"', "key 'addressees\\[0\\].group': 'other' is reserved"),
    (r'^label = "EU actors"$', 'label = ""', "key 'addressees\\[0\\].label': must be a non-empty string"),
    (r'^name = .*$', 'name = 3', "key 'name': must be a non-empty string, not 3"),
    (r'^group = "eu"$', 'group = "eux"', "key 'addressees\\[0\\].group': 'eux' is no group of data/lexicons/addressees.csv"),
    (r'^group = "kazakh"$', 'group = "kazak"', "key 'target.group': 'kazak' is no group of data/lexicons/addressees"),
    (r'"elections"\]', '"electons"]', "key 'themes': 'electons' is no theme id of data/taxonomy/themes.csv"),
])
def test_a_bad_value_is_named(tmp_path, old, new, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(DataError, match=f"^{re.escape(str(path))}: {message}") as error:
        read_case(path)
    assert "\n" not in str(error.value)


def test_a_missing_or_malformed_file(tmp_path):
    with pytest.raises(DataError, match="nowhere.toml: case file not found"):
        load_case("nowhere")
    path = tmp_path / "broken.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(DataError, match="broken.toml: unreadable case file"):
        read_case(path)


def test_the_second_case_reports_that_its_texts_are_not_on_disk(tmp_path):
    """report --case tajikistan on a temp copy of data/ (its raw folder holds only the other case's text):
    one plain line naming the case, its resolutions (data/registry_tajikistan.csv) and the fetch command."""
    from conftest import run_cli

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("processed"))
    env = {"ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures")}
    result = run_cli("report", "--case", "tajikistan", env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert ("analysis report: error: no resolution text to compare: case tajikistan: its texts are not on disk: none of its 2 resolutions "
            "(TA-8-2016-0275, TA-9-2022-0293) has a file in") in result.stderr
    assert "python -m analysis fetch --case tajikistan --lang bg,en" in result.stderr
    assert not (tmp_path / "figures").exists() and not (data / "processed").exists()


def test_the_default_case_is_named_in_a_file(monkeypatch):
    monkeypatch.delenv("ANALYSIS_CASE", raising=False)
    assert load_case().name == "kazakhstan"  # data/cases/_default.toml
    monkeypatch.setenv("ANALYSIS_CASE", "tajikistan")
    case = load_case()  # the notebooks' way: the environment picks the case
    assert (case.name, case.focus, case.target.group) == ("tajikistan", "TA-9-2022-0293", "tajik")
    assert case.registry == REPO / "data" / "registry_tajikistan.csv"
