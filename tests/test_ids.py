"""Document ids: references, DOCEO ids, names and URLs, converted both ways (forms checked by hand
against the registry's 2021 row: P9_TA(2021)0056, TA-9-2021-0056, RC-B9-0144/2021)."""

from __future__ import annotations

import math

import pytest

from analysis import ids
from analysis.errors import InputError

# (reference, DOCEO id) pairs of each kind, as the Parliament writes them
PAIRS = [
    ("P9_TA(2021)0056", "TA-9-2021-0056"),
    ("P7_TA(2009)0023", "TA-7-2009-0023"),
    ("RC-B9-0144/2021", "RC-9-2021-0144"),
    ("B9-0079/2022", "B-9-2022-0079"),
    ("A9-0163/2024", "A-9-2024-0163"),  # a committee report: A, term, number / year
    ("A10-0007/2025", "A-10-2025-0007"),
]


@pytest.mark.parametrize("reference, doceo_id", PAIRS)
def test_reference_and_doceo_id_convert_both_ways(reference, doceo_id):
    assert ids.doceo_id_from_reference(reference) == doceo_id
    assert ids.reference_from_doceo_id(doceo_id) == reference
    assert ids.reference_from_doceo_id(ids.doceo_id_from_reference(reference)) == reference


def test_provisional_reference_names_the_same_document():
    assert ids.doceo_id_from_reference("P9_TA-PROV(2021)0056") == "TA-9-2021-0056"
    assert ids.reference_from_doceo_id("TA-9-2021-0056", provisional=True) == "P9_TA-PROV(2021)0056"
    assert ids.normalise_reference(" P9_TA-PROV(2021)0056 ") == ids.normalise_reference("P9_TA(2021)0056")


def test_parsed_id_has_its_parts():
    found = ids.parse_reference("RC-B9-0144/2021")
    assert (found.kind, found.term, found.year, found.number) == ("RC", 9, 2021, "0144")
    assert found == ids.parse_doceo_id("RC-9-2021-0144")
    assert ids.year_of("B-9-2022-0079") == 2022


@pytest.mark.parametrize("text", ["", "   ", "P9_TA(2021)56", "P9-TA(2021)0056", "TA-9-2021-0056",
                                  "RC-B9-0144-2021", "XB9-0079/2022", "P9_TA(2021)0056 extra", None])
def test_malformed_reference_is_none(text):
    assert ids.parse_reference(text) is None
    assert ids.doceo_id_from_reference(text) is None


@pytest.mark.parametrize("text", ["", "TA-9-2021-56", "TA-9-21-0056", "XX-9-2021-0056", "P9_TA(2021)0056",
                                  "TA-9-2021-0056_BG", None])
def test_malformed_doceo_id_is_none(text):
    assert ids.parse_doceo_id(text) is None
    assert ids.reference_from_doceo_id(text) is None
    assert ids.year_of(text) is None


def test_references_found_in_running_text():
    text = "Joint motion RC-B9-0144/2021 replacing B9-0079/2021 and RC-B9-0145/2021; adopted as P9_TA(2021)0056."
    assert ids.find_reference(text, "TA") == "P9_TA(2021)0056"
    assert ids.find_reference(text, "RC") == "RC-B9-0144/2021"
    assert ids.find_reference(text, "B") == "B9-0079/2021"  # not the B9-... inside RC-B9-...
    assert ids.find_reference("RC-B9-0144/2021 only", "B") is None
    assert ids.mentions_reference("see B9-0079/2021") and not ids.mentions_reference("see 2021/2544(RSP)")


def test_report_references_found_in_running_text():
    # An adopted text's own reference line runs its TA reference and its report's together; the
    # A pattern needs a boundary before it, so only a free-standing report reference is found.
    assert ids.find_reference("P8_TA(2017)0487A8-0385/2017", "A") is None
    assert ids.find_reference("report of the committee (A9-0163/2024),", "A") == "A9-0163/2024"
    assert ids.mentions_reference("see A9-0163/2024")
    found = ids.parse_reference("A9-0163/2024")
    assert (found.kind, found.term, found.year, found.number) == ("A", 9, 2024, "0163")
    assert ids.document_url("A-9-2024-0163", "en").endswith("/A-9-2024-0163_EN.html")


def test_blank_references_normalise_to_empty():
    assert ids.normalise_reference(None) == "" and ids.normalise_reference(math.nan) == ""
    assert ids.normalise_reference("RC-B9-0144/2021") == "RC-B9-0144/2021"


@pytest.mark.parametrize("name, base, language", [
    ("TA-9-2021-0056_BG", "TA-9-2021-0056", "bg"),
    ("TA-9-2021-0056_en", "TA-9-2021-0056", "en"),
    ("synthetic_2098_EN", "synthetic_2098", "en"),
    ("TA-9-2021-0056", "TA-9-2021-0056", None),
    ("synthetic_motion_RC", "synthetic_motion", "rc"),  # any two letters read as a language suffix
    ("synthetic_BGX", "synthetic_BGX", None),
    ("synthetic-BG", "synthetic-BG", None),
])
def test_name_splits_into_document_and_language(name, base, language):
    assert ids.split_name(name) == (base, language)
    assert ids.language_from_name(name) == language


def test_document_name_and_url():
    assert ids.document_name("TA-9-2021-0056", "bg") == "TA-9-2021-0056_BG"
    assert ids.split_name(ids.document_name("RC-9-2021-0144", "EN")) == ("RC-9-2021-0144", "en")
    assert ids.document_url("TA-9-2021-0056", "bg") == \
        "https://www.europarl.europa.eu/doceo/document/TA-9-2021-0056_BG.html"
    assert ids.document_url("TA-9-2021-0056", "EN", "http://127.0.0.1:8000/doc") == \
        "http://127.0.0.1:8000/doc/TA-9-2021-0056_EN.html"


@pytest.mark.parametrize("language", ["", "bul", "b", "1g", "b_"])
def test_document_name_refuses_a_malformed_language(language):
    with pytest.raises(InputError, match=r"^TA-9-2021-0056: language code .* is not two letters"):
        ids.document_name("TA-9-2021-0056", language)


def test_resolution_key_prefers_doceo_id_then_reference_then_name():
    base = {"document": "synthetic_2098_BG"}
    assert ids.resolution_key({**base, "doceo_id": "TA-9-2098-0002", "reference": "P9_TA(2098)0002"}) == \
        "TA-9-2098-0002"
    assert ids.resolution_key({**base, "doceo_id": None, "reference": "P9_TA(2098)0002"}) == "P9_TA(2098)0002"
    assert ids.resolution_key({**base, "doceo_id": None, "reference": None}) == "synthetic_2098"
    assert ids.resolution_key({"document": "synthetic_2098"}) == "synthetic_2098"
