"""Fetch by any reference (issue #14): every accepted form, inside and outside the registry, against the
loopback server of test_fetch serving SYNTHETIC pages; bad references and languages older than the
document are refused before any request."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import ids
from analysis.cli import main as cli_main
from analysis.corpus import fetch, provenance
from analysis.errors import InputError
from analysis.resources.languages import LanguageError, check_languages_exist, official_from
from test_fetch import _no_proxy, _write_registry, page, server  # noqa: F401 (fixtures)

KINDS = Path(__file__).parent / "fixtures" / "synthetic_kinds"
# The synthetic pages' own references (read off the fixtures): adopted text, joint motion, motion, report.
SYNTHETIC = {
    "TA": ("P10_TA(2099)0096", "TA-10-2099-0096"),
    "RC": ("RC-B10-0249/2099", "RC-10-2099-0249"),
    "B": ("B10-0250/2099", "B-10-2099-0250"),
    "A": ("A10-0163/2099", "A-10-2099-0163"),
}


def _page(kind: str) -> bytes:
    return (KINDS / f"synthetic_{kind}_EN.html").read_bytes()


@pytest.mark.parametrize(("reference", "expected"), [
    # worked out by hand from the forms of docs: term, year and number move into the DOCEO id
    ("TA-9-2021-0056", "TA-9-2021-0056"),
    ("P9_TA(2021)0056", "TA-9-2021-0056"),
    ("P9_TA-PROV(2021)0056", "TA-9-2021-0056"),
    ("RC-B9-0144/2021", "RC-9-2021-0144"),
    ("B9-0079/2022", "B-9-2022-0079"),
    ("A9-0163/2024", "A-9-2024-0163"),
    ("52021IP0056", "TA-9-2021-0056"),  # 2021 lies in the 9th term only (2019-2024)
    ("52012ip0089", "TA-7-2012-0089"),  # the registry's CELEX of P7_TA(2012)0089; case does not matter
])
def test_every_form_names_its_document(reference, expected):
    assert ids.parse_any(reference).doceo_id == expected


def test_celex_round_trip_matches_the_registry():
    frame = pd.read_csv(Path(__file__).parents[1] / "data" / "registry.csv", dtype=str)
    assert [ids.celex_of(d) for d in frame["doceo_id"]] == list(frame["celex"])


@pytest.mark.parametrize("bad", ["P9-TA(2021)0056", "TA-9-21-0056", "RC-9-0144/2021", "hello", "52021PC0056"])
def test_a_malformed_reference_lists_the_accepted_forms(bad):
    with pytest.raises(InputError) as error:
        ids.parse_any(bad)
    message = str(error.value)
    assert "\n" not in message and repr(bad) in message
    for example in ("TA-9-2021-0056", "P9_TA(2021)0056", "P9_TA-PROV(2021)0056", "RC-B9-0144/2021", "B9-0079/2022",
                    "A9-0163/2024", "52021IP0056"):
        assert example in message


def test_a_celex_number_of_an_election_year_asks_for_the_doceo_id():
    with pytest.raises(InputError, match=r"give the DOCEO id \(TA-8-2019-0203 or TA-9-2019-0203\)"):
        ids.parse_any("52019IP0203")


@pytest.mark.parametrize("kind", ["TA", "RC", "B", "A"])
def test_fetch_by_reference_outside_the_registry(server, tmp_path, kind):
    reference, doceo_id = SYNTHETIC[kind]
    url = server.route(doceo_id, "en", page(_page(kind)))
    registry = pd.DataFrame({"doceo_id": ["TA-9-2099-0001"], "year": [2099]})  # holds none of them
    result = fetch.fetch_documents(registry, ["en"], tmp_path, base_url=server.base, only=[reference],
                                   retries=0, progress=False)
    assert list(zip(result["doceo_id"], result["status"])) == [(doceo_id, "downloaded")]
    record = provenance.read_record(tmp_path / f"{doceo_id}_EN.html")
    assert record["source_url"] == url and record["doceo_id"] == doceo_id and provenance.verify(
        tmp_path / f"{doceo_id}_EN.html")
    assert server.hits() == 1


def test_fetch_by_celex_inside_and_outside_the_registry(server, tmp_path):
    # inside: the registry's celex column names the document (2099 is in no term, so only it can)
    registry = pd.DataFrame({"doceo_id": ["TA-10-2099-0096"], "year": [2099], "celex": ["52099IP0096"]})
    server.route("TA-10-2099-0096", "en", page(_page("TA")))
    result = fetch.fetch_documents(registry, ["en"], tmp_path, base_url=server.base, only="52099IP0096",
                                   retries=0, progress=False)
    assert list(result["status"]) == ["downloaded"]
    # outside: 52025IP0096 is TA-10-2025-0096 (2025: the 10th term only)
    body = _page("TA").replace(b"P10_TA(2099)0096", b"P10_TA(2025)0096")
    server.route("TA-10-2025-0096", "en", page(body))
    result = fetch.fetch_documents(registry, ["en"], tmp_path, base_url=server.base, only="52025IP0096",
                                   retries=0, progress=False)
    assert list(zip(result["doceo_id"], result["status"])) == [("TA-10-2025-0096", "downloaded")]


def test_cli_refuses_a_bad_reference_in_one_line_before_any_request(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    _write_registry(tmp_path / "data", "TA-9-2099-0001")
    status = cli_main(["fetch", "--only", "P9_TA-2021-0056", "--lang", "en", "--base-url", server.base,
                       "--dest", str(tmp_path / "raw")])
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "analysis fetch: error: --only 'P9_TA-2021-0056' is no document reference; accepted forms:" in err
    assert "RC-B9-0144/2021" in err and "52021IP0056" in err
    assert server.hits() == 0


def test_official_languages_by_date():
    # from data/languages/official.csv: Croatia joined on 2013-07-01; Irish derogation ended 2022-01-01
    assert official_from("hr") == "2013-07-01" and official_from("ga") == "2022-01-01"
    assert official_from("bg") == "2007-01-01"
    check_languages_exist(["hr"], [("TA-7-2013-0300", "2013-07-04")])  # after accession: fine
    with pytest.raises(LanguageError, match=r"TA-7-2013-0190 \(2013-04-18\) has no HR version"):
        check_languages_exist(["hr"], [("TA-7-2013-0190", "2013-04-18")])
    check_languages_exist(["hr"], [("TA-7-2013-0190", "2013")])  # a year only: 2013 may have it
    with pytest.raises(LanguageError, match="GA version"):
        check_languages_exist(["ga"], [("TA-9-2021-0056", "2021")])


def test_a_language_older_than_the_document_is_refused_before_any_request(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    _write_registry(tmp_path / "data", "TA-7-2009-0023")  # dated 2009-01-01 by _write_registry
    server.route("TA-7-2009-0023", "hr", page())
    status = cli_main(["fetch", "--lang", "en,hr", "--base-url", server.base, "--dest", str(tmp_path / "raw")])
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "--lang hr: TA-7-2009-0023 (2009-01-01) has no HR version" in err and "from 2013-07-01" in err
    assert server.hits() == 0 and not (tmp_path / "raw").exists()
