"""Parser: the shipped 2021 text, its HTML and legacy-encoded renderings, synthetic pages, bad input."""

from __future__ import annotations

import html
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import parse, parse_text
from analysis.corpus.textio import read_lines
from analysis.errors import InputError

from conftest import FIXTURES, RAW_2021, REPO, run_cli

CYRILLIC_RECITALS = list("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦ")


@pytest.fixture(scope="module")
def doc2021():
    return parse(RAW_2021)


def test_2021_counts(doc2021):
    assert doc2021.counts() == {"citation": 11, "recital": 23, "paragraph": 27, "footnote": 5}


def test_2021_metadata(doc2021):
    meta = doc2021.metadata
    assert meta["reference"] == "P9_TA(2021)0056"
    assert meta["date"] == "2021-02-11"
    assert meta["procedure"] == "2021/2544(RSP)"
    assert meta["title"] == "Положението с правата на човека в Казахстан"
    assert meta["language"] == "bg"
    assert meta["place"] == "Брюксел"
    assert meta["doc_type"] == "TA"
    assert meta["doceo_id"] == "TA-9-2021-0056"


def test_2021_labels_in_order(doc2021):
    units = doc2021.units
    assert list(units.loc[units.kind == "citation", "label"]) == ["–"] * 11
    assert list(units.loc[units.kind == "recital", "label"]) == CYRILLIC_RECITALS
    assert list(units.loc[units.kind == "paragraph", "label"]) == [str(n) for n in range(1, 28)]
    assert list(units.loc[units.kind == "footnote", "label"]) == ["1", "2", "3", "4", "5"]
    assert list(units["position"]) == list(range(66))
    # citations, then recitals, then paragraphs, then footnotes
    assert list(units["kind"].drop_duplicates()) == ["citation", "recital", "paragraph", "footnote"]


def test_2021_markers_and_callouts_removed(doc2021):
    units = doc2021.units
    first = units.iloc[0]
    assert first.text.startswith("като взе предвид своята резолюция от 14 март 2019 г.")
    assert "(1)" not in first.text and "Казахстан и предходните" in first.text
    assert first.footnotes == "1;2;3;4"
    recital_n = units[(units.kind == "recital") & (units.label == "Н")].iloc[0]
    assert recital_n.footnotes == "5"
    assert "на ООН, на Парламентарната асамблея" in recital_n.text  # "(5) ," closed up
    for text in units.loc[units.kind != "footnote", "text"]:
        assert not text[:1] in "–-" and "\u00a0" not in text
    paragraphs = units[units.kind == "paragraph"]
    assert paragraphs.iloc[0].text.startswith("настоятелно призовава правителството на Казахстан")
    assert paragraphs.iloc[-1].text.endswith("парламента на Казахстан.")
    footnote5 = units[(units.kind == "footnote") & (units.label == "5")].iloc[0]
    assert footnote5.text.startswith("Специален докладчик на ООН")


def test_2021_page_footer_not_in_units(doc2021):
    assert not doc2021.units.text.str.contains("Последно осъвременяване").any()
    assert not doc2021.units.text.str.contains("Показалец").any()


def test_to_dict_and_csv(doc2021):
    payload = doc2021.to_dict()
    assert set(payload) == {"metadata", "units"}
    assert payload["units"][0]["footnotes"] == [1, 2, 3, 4]
    assert {"kind", "label", "text"} <= set(payload["units"][0])
    csv_text = doc2021.to_csv()
    assert csv_text.count("\n") == 66 + 1


def _same_units(a, b):
    cols = ["kind", "label", "text", "footnotes"]
    assert a.units[cols].to_dict("records") == b.units[cols].to_dict("records")


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig"])
def test_legacy_and_bom_encodings_decode_correctly(tmp_path, doc2021, encoding):
    text = RAW_2021.read_text(encoding="utf-8")
    path = tmp_path / "TA-9-2021-0056_BG.txt"
    path.write_bytes(text.encode(encoding))
    again = parse(path)
    _same_units(again, doc2021)
    assert again.metadata["date"] == "2021-02-11"


@pytest.mark.parametrize("named, mark", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")])
def test_a_byte_order_mark_is_dropped_when_the_encoding_is_named(tmp_path, doc2021, named, mark):
    # these codecs keep the mark as U+FEFF: before the first line's marker, or before an HTML page's <!DOCTYPE
    path = tmp_path / "TA-9-2021-0056_BG.txt"
    path.write_bytes(mark + RAW_2021.read_text(encoding="utf-8").encode(named))
    _same_units(parse(path, encoding=named), doc2021)
    page = tmp_path / "synthetic_page_EN.html"
    page.write_bytes(mark + "<!DOCTYPE html><html><body><p>The European Parliament,</p><p>1. Calls on x.</p>"
                     "</body></html>".encode(named))
    assert read_lines(page, encoding=named) == (["The European Parliament,", "1. Calls on x."], "html")


# A synthetic English text with letters that cp1250 and cp1252 both encode, but differently.
WESTERN = (FIXTURES / "synthetic_motion_RC_EN.txt").read_text(encoding="utf-8").replace(
    "an invented person", "the invented journalists Amélie Lefèvre and Søren Ærø")


def test_ambiguous_legacy_encoding_is_settled_by_the_language_or_refused(tmp_path):
    data = WESTERN.encode("cp1252")
    named = tmp_path / "synthetic_motion_EN.txt"  # the _EN suffix names the language: code page cp1252
    named.write_bytes(data)
    assert "Amélie Lefèvre and Søren Ærø" in parse(named).paragraphs()["text"].iloc[0]
    polish = tmp_path / "synthetic_motion_PL.txt"  # the _PL suffix: code page cp1250 from pl.toml
    polish.write_bytes(data)
    assert "Amélie Lefčvre" in parse(polish).paragraphs()["text"].iloc[0]
    anonymous = tmp_path / "synthetic_motion.txt"  # no hint: cp1250 would read "Lefčvre", so refuse
    anonymous.write_bytes(data)
    with pytest.raises(InputError, match="ambiguous legacy encoding"):
        parse(anonymous)
    assert "Amélie Lefèvre" in parse(anonymous, encoding="cp1252").paragraphs()["text"].iloc[0]
    result = run_cli("parse", str(anonymous), "--encoding", "cp1252", "--format", "csv")
    assert result.returncode == 0 and "Lefèvre" in result.stdout
    bad = run_cli("parse", str(anonymous), "--encoding", "no-such-codec")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "unknown encoding name" in bad.stderr


def _as_html(text: str, table_layout: bool) -> str:
    """Render the shipped text as an HTML page (markup only; the words are the file's own)."""
    import re

    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"(?<=[^\s\d(])\((\d)\)", r"<sup>\1</sup>", html.escape(line, quote=False))
        marker = re.match(r"^(–|[А-Я]\.|\d+\.|\(\d\))\s+(.*)$", line.replace("\u00a0", " "))
        if table_layout and marker:
            rows.append(f'<table><tr><td><p class="m">{marker.group(1)}</p></td>'
                        f"<td><p>{marker.group(2)}</p></td></tr></table>")
        else:
            rows.append(f"<p>{line}</p>")
    return ("<!DOCTYPE html><html lang='bg'><head><meta charset='utf-8'><title>t</title></head><body>"
            + "\n".join(rows) + "</body></html>")


@pytest.mark.parametrize("table_layout", [True, False])
def test_html_rendering_parses_like_text(tmp_path, doc2021, table_layout):
    path = tmp_path / "TA-9-2021-0056_BG.html"
    path.write_text(_as_html(RAW_2021.read_text(encoding="utf-8"), table_layout), encoding="utf-8")
    again = parse(path)
    _same_units(again, doc2021)
    assert again.metadata["format"] == "html"
    assert {k: again.metadata[k] for k in ("reference", "date", "procedure", "title")} == \
        {k: doc2021.metadata[k] for k in ("reference", "date", "procedure", "title")}


def test_synthetic_english_html_page():
    doc = parse(FIXTURES / "synthetic_resolution_EN.html")
    meta = doc.metadata
    assert (meta["language"], meta["reference"], meta["date"], meta["procedure"]) == \
        ("en", "P9_TA(2099)0001", "2099-03-05", "2099/9999(RSP)")
    assert meta["place"] == "Strasbourg"
    assert meta["title"] == "Synthetic situation in Examplestan"
    units = doc.units
    assert doc.counts() == {"citation": 2, "recital": 2, "heading": 1, "paragraph": 3, "footnote": 2}
    assert list(units.label[units.kind == "recital"]) == ["A", "B"]
    recital_b = units[units.label == "B"].iloc[0].text
    assert "– a first invented item, – a second invented item;" in recital_b  # sub-items kept
    assert units.iloc[0].footnotes == "1" and units.iloc[0].text.endswith("Examplestan,")
    p1 = units[(units.kind == "paragraph") & (units.label == "1")].iloc[0]
    assert "Article 3(1) intact;" in p1.text and p1.footnotes == "2"  # 3(1) is no call-out
    assert "not a paragraph" not in " ".join(units.text)  # scripts are dropped
    assert "Last updated" not in " ".join(units.text)


def test_synthetic_joint_motion():
    doc = parse(FIXTURES / "synthetic_motion_RC_EN.txt")
    assert doc.metadata["doc_type"] == "RC"
    assert doc.metadata["reference"] == "RC-B9-0002/2099"
    assert doc.metadata["doceo_id"] == "RC-9-2099-0002"
    assert doc.metadata["procedure"] == "2099/9998(RSP)"
    assert doc.metadata["title"] == "the synthetic case in Examplestan"
    assert doc.counts() == {"citation": 1, "recital": 1, "paragraph": 2}


@pytest.mark.parametrize(("reference", "name", "expected"), [
    ("B9-0079/2097", "synthetic_EN", ("B9-0079/2097", "B", "B-9-2097-0079")),
    ("P9_TA-PROV(2097)0001", "synthetic_EN", ("P9_TA-PROV(2097)0001", "TA", "TA-9-2097-0001")),
    ("", "TA-9-2097-0001_EN", ("P9_TA(2097)0001", "TA", "TA-9-2097-0001")),  # read off the name
    ("", "RC-9-2097-0002_EN", ("RC-B9-0002/2097", "RC", "RC-9-2097-0002")),
    ("", "synthetic_EN", (None, None, None)),
])
def test_reference_kind_and_doceo_id(reference, name, expected):
    doc = parse_text(f"{reference}\n{_synthetic_en(['having regard to an invented report,'], [], heading='')}", name=name)
    meta = doc.metadata
    assert (meta["reference"], meta["doc_type"], meta["doceo_id"]) == expected
    assert (meta["date"], meta["procedure"], meta["title"]) == ("2097-05-02", "2097/9100(RSP)",
                                                                "the invented case of Examplestan")


def test_numbering_gap_is_reported():
    text = (FIXTURES / "synthetic_motion_RC_EN.txt").read_text(encoding="utf-8").replace("2.  Instructs", "4.  Instructs")
    doc = parse_text(text, name="synthetic_gap")
    assert doc.warnings and "1, 4" in doc.warnings[0]


# --- footnote call-outs --------------------------------------------------------------------

def _synthetic_en(citations: list[str], footnotes: list[str], parliament: str = "The European Parliament,",
                  heading: str = "Texts adopted") -> str:
    """An invented English resolution (SYNTHETIC: invented wording, years 2097-2099), under the heading
    that names its kind, as on the Parliament's pages."""
    lines = [heading,
             "European Parliament resolution of 2 May 2097 on the invented case of Examplestan (2097/9100(RSP))",
             parliament, *(f"–  {c}" for c in citations),
             "A.  whereas an invented event took place in Examplestan;",
             "1.  Calls on the invented authorities to act;",
             "2.  Instructs its President to forward this resolution to nobody.",
             *(f"({n}) {text}" for n, text in enumerate(footnotes, start=1))]
    return "\n".join(line for line in lines if line) + "\n"


def _unit(doc, kind: str, position: int = 0):
    return doc.units[doc.units.kind == kind].iloc[position]


def test_callout_after_a_year_or_long_number_is_extracted():
    text = _synthetic_en(["having regard to its resolution of 18 April 2097(1),",
                          "having regard to invented Regulation (EU) 2099/1234(2),",
                          "having regard to Article 3(1) of the invented treaty and Rule 144(2),",
                          "having regard to invented points 12(1) and 4567(3),"],
                         ["OJ C 1, 1.1.2097, p. 1.", "OJ L 2, 2.2.2099, p. 2.", "OJ C 3, 3.3.2098, p. 3."])
    doc = parse_text(text, name="synthetic_callouts_EN")
    citations = doc.units[doc.units.kind == "citation"]
    assert list(citations.text) == ["having regard to its resolution of 18 April 2097,",
                                    "having regard to invented Regulation (EU) 2099/1234,",
                                    "having regard to Article 3(1) of the invented treaty and Rule 144(2),",
                                    "having regard to invented points 12(1) and 4567,"]
    assert list(citations.footnotes) == ["1", "2", "", "3"]
    assert doc.warnings == []


def test_callouts_to_undefined_footnotes_are_kept_and_reported():
    text = _synthetic_en(["having regard to its invented report(1),",
                          "having regard to its invented resolutions(2)(4) and the invented study(5),",
                          "having regard to the invented statement(3),"],
                         ["Invented note one.", "Invented note two.", "Invented note three."])
    doc = parse_text(text, name="synthetic_cut_notes_EN")
    second = _unit(doc, "citation", 1)
    assert second.text == "having regard to its invented resolutions(4) and the invented study(5),"
    assert second.footnotes == "2"
    assert doc.counts()["footnote"] == 3
    assert len(doc.warnings) == 1
    assert "(4), (5)" in doc.warnings[0] and "(1)" not in doc.warnings[0]


def test_no_footnote_section_means_no_callout_warning():
    doc = parse_text(_synthetic_en(["having regard to its invented report(4),"], []), name="synthetic_no_notes_EN")
    assert _unit(doc, "citation").text == "having regard to its invented report(4),"
    assert doc.warnings == []


# --- markers in any script ------------------------------------------------------------------

# SYNTHETIC: invented wording; paragraph numbers and sub-items lettered in Latin, Cyrillic and Greek.
SCRIPTS = ("Texts adopted\nThe European Parliament,\n–  having regard to an invented report,\n"
           "A.  whereas an invented event took place;\n1.  Calls on the invented authorities:\n"
           "(α) to act;\n(б) to report;\n1a.  Calls on the invented ministry to act;\n"
           "1б.  Calls on the invented court to act;\n1α.  Calls on the invented council to act;\n"
           "2.  Instructs its President to forward this resolution to nobody.\n")


@pytest.mark.parametrize("layout", ["inline", "alone"])
def test_lower_case_letters_of_any_script_number_paragraphs_and_sub_items(layout):
    text = SCRIPTS if layout == "inline" else SCRIPTS.replace("1α.  ", "1α.\n").replace("1б.  ", "1б.\n")
    doc = parse_text(text, name="synthetic_scripts_EN")
    paragraphs = doc.paragraphs()
    assert list(paragraphs.number) == ["1", "1a", "1б", "1α", "2"]
    assert paragraphs.text.iloc[0] == "Calls on the invented authorities: (α) to act; (б) to report;"
    assert paragraphs.text.iloc[3] == "Calls on the invented council to act;"
    assert doc.warnings == []


def test_upper_case_letters_do_not_number_paragraphs_or_sub_items():
    doc = parse_text(SCRIPTS.replace("1α.", "1Α.").replace("(б)", "(Б)"), name="synthetic_scripts_EN")
    assert list(doc.paragraphs().number) == ["1", "1a", "1б", "2"]
    assert list(doc.units.loc[doc.units.kind == "heading", "text"]) == ["(Б) to report;",
                                                                        "1Α. Calls on the invented council to act;"]


# --- evidence that a page is a resolution ----------------------------------------------------

@pytest.mark.parametrize("name", ["synthetic_agenda", "synthetic_agenda_EN", "synthetic_agenda_BG"])
def test_agenda_page_is_not_a_resolution(name):
    with pytest.raises(InputError, match=rf"^{name}: not a resolution \(no "):
        parse_text(SYNTHETIC_AGENDA, name=name)


def test_agenda_as_plain_text_is_not_a_resolution():
    text = "Synthetic agenda\n–  Opening of the sitting\nA.  Morning session\n1.  Approval of the invented minutes.\n"
    with pytest.raises(InputError, match='not a resolution .*"having regard to"/"whereas"'):
        parse_text(text, name="synthetic_agenda_EN")


def test_language_without_profile_is_judged_on_structure_only(tmp_path, monkeypatch):
    # every EP language has a profile: remove Polish's from a copy of the language data
    shutil.copytree(REPO / "data" / "languages", tmp_path / "languages")
    (tmp_path / "languages" / "pl.toml").unlink()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    doc = parse_text(SYNTHETIC_AGENDA, name="synthetic_agenda", language="pl")
    assert doc.counts() == {"citation": 1, "recital": 1, "paragraph": 2}
    with pytest.raises(InputError, match="not a resolution"):  # with its profile: no Polish wording
        monkeypatch.delenv("ANALYSIS_DATA_DIR")
        parse_text(SYNTHETIC_AGENDA, name="synthetic_agenda", language="pl")


def test_parliament_line_or_opening_words_are_enough():
    # the Parliament line without the usual opening words ...
    doc = parse_text(_synthetic_en(["noting an invented report,"], []).replace("whereas ", "noting that "),
                     name="synthetic_wording_EN")
    assert _unit(doc, "citation").text == "noting an invented report,"
    # ... or the opening words without the Parliament line
    doc = parse_text(_synthetic_en(["having regard to an invented report,"], [], parliament=""),
                     name="synthetic_wording_EN")
    assert doc.counts() == {"citation": 1, "recital": 1, "paragraph": 2}
    # neither: refused
    text = _synthetic_en(["noting an invented report,"], [], parliament="").replace("whereas ", "noting that ")
    with pytest.raises(InputError, match="not a resolution"):
        parse_text(text, name="synthetic_wording_EN")


# --- markers on a line of their own ---------------------------------------------------------

_MARKER = r"^(–|[А-Я]\.|\d+\.|\(\d\))\s+"


def _marker_layout(text: str, layout: str) -> str:
    """The shipped text with each unit marker set apart from its text (markup only)."""
    import re

    if layout == "text":
        return re.sub(_MARKER, "\\1\n", text, flags=re.M)
    if layout == "pre":
        return f"<!DOCTYPE html><html><head></head><body><pre>{html.escape(text, quote=False)}</pre></body></html>"
    template = {"br": "<p>{}<br>{}</p>", "div": "<div><div>{}</div><div>{}</div></div>"}[layout]
    blocks = []
    for line in filter(None, (x.strip() for x in html.escape(text, quote=False).splitlines())):
        marker = re.match(_MARKER, line)
        blocks.append(template.format(marker.group(1), line[marker.end():]) if marker else f"<p>{line}</p>")
    return "<!DOCTYPE html><html><body>" + "\n".join(blocks) + "</body></html>"


@pytest.mark.parametrize("layout", ["text", "br", "div", "pre"])
def test_marker_on_its_own_line_parses_like_the_original(doc2021, layout):
    text = RAW_2021.read_text(encoding="utf-8")
    rendered = _marker_layout(text, layout)
    assert rendered != text
    again = parse_text(rendered, name="TA-9-2021-0056_BG")
    _same_units(again, doc2021)
    assert {k: again.metadata[k] for k in ("reference", "date", "procedure", "title")} == \
        {k: doc2021.metadata[k] for k in ("reference", "date", "procedure", "title")}


def test_synthetic_markers_alone_in_plain_text():
    text = ("The European Parliament,\n–\nhaving regard to an invented report(1),\n\nA.\n\n"
            "whereas an invented event took place;\n1.\nCalls on the invented authorities to act;\n"
            "2.\n   Instructs its President to forward this resolution to nobody.\n(1)\nInvented note.\n")
    doc = parse_text(text, name="synthetic_alone_EN")
    assert list(zip(doc.units.kind, doc.units.label, doc.units.text, doc.units.footnotes)) == [
        ("citation", "–", "having regard to an invented report,", "1"),
        ("recital", "A", "whereas an invented event took place;", ""),
        ("paragraph", "1", "Calls on the invented authorities to act;", ""),
        ("paragraph", "2", "Instructs its President to forward this resolution to nobody.", ""),
        ("footnote", "1", "Invented note.", ""),
    ]


# --- bad input: one clear line, non-zero exit, no traceback --------------------------------

# An invented agenda page: it has a dash, a capital letter and numbered items, but no resolution wording.
SYNTHETIC_HTML = (FIXTURES / "synthetic_resolution_EN.html").read_bytes()

SYNTHETIC_AGENDA = ("<!DOCTYPE html><html><body><h1>Synthetic sitting of 3 March 2097</h1>"
                    "<ul><li>– Opening of the sitting</li></ul><p>A. Morning session</p>"
                    "<p>1. Item</p><p>2. Closing of the sitting.</p></body></html>")

def _truncated_before_operative_part(tmp_path):
    text = RAW_2021.read_text(encoding="utf-8")
    path = tmp_path / "truncated_BG.txt"
    path.write_text(text[: text.index("1.\u00a0")], encoding="utf-8")
    return path


BAD_INPUTS = {
    "empty": (lambda p: p.write_bytes(b""), "empty file"),
    "blank": (lambda p: p.write_text(" \n\n\t\n"), "empty file"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 4), "binary file"),
    "pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF file"),
    "not_resolution": (lambda p: p.write_text("<!DOCTYPE html><html><body><h1>Plenary agenda</h1>"
                                              "<p>Nothing to see here.</p></body></html>"), "not a resolution"),
    "unknown_encoding": (lambda p: p.write_bytes(bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xff, 0xfe, 0x98]) * 200),
                         "unknown text encoding"),
    # BOM files that do not decode: one InputError line naming the file, not an internal error
    "utf16_odd_length": (lambda p: p.write_bytes("Синтетичен текст 2097.".encode("utf-16") + b"\x41"),
                         "truncated: the file ends in the middle of a UTF-16 character"),
    "utf16_lone_surrogate": (lambda p: p.write_bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xdc"
                                                     + "cd".encode("utf-16-le")), "not valid UTF-16"),
    "utf8_bom_cut": (lambda p: p.write_bytes(b"\xef\xbb\xbf" + "Синтетичен текст".encode()[:-1]),
                     "truncated: the file ends in the middle of a UTF-8 character"),
    "utf8_bom_invalid": (lambda p: p.write_bytes(b"\xef\xbb\xbf" + "Синтетичен".encode() + b"\xff" + b" text"),
                         "not valid UTF-8"),
    "agenda": (lambda p: p.write_text(SYNTHETIC_AGENDA, encoding="utf-8"), "not a resolution"),
    # a NUL past the first 8 KiB (the binary sniffing window) used to stay inside a unit's text
    "nul_late": (lambda p: p.write_bytes(SYNTHETIC_HTML.replace(b"</body>", b"<p>a\x00b</p></body>")
                                         .replace(b"<body>", b"<body>" + b"<!-- synthetic -->" * 600)),
                 "a NUL character at character"),
    # libxml2 stops past 256 levels and drops the rest: it used to say "no text found"
    "nested_too_deeply": (lambda p: p.write_text("<!DOCTYPE html><html><body>" + "<div>" * 300
                                                 + "<p>The European Parliament,</p>" + "</div>" * 300
                                                 + "</body></html>"), "HTML nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_raises_clear_error(tmp_path, case):
    make, expected = BAD_INPUTS[case]
    path = tmp_path / f"{case}.html"
    make(path)
    with pytest.raises(InputError) as info:
        parse(path)
    assert expected in str(info.value) and str(path) in str(info.value)


def test_truncated_document_is_refused(tmp_path):
    path = _truncated_before_operative_part(tmp_path)
    with pytest.raises(InputError, match="cut off before its operative part"):
        parse(path)


def _cut_inside_operative_part(tmp_path, marker: str, extra: int) -> Path:
    """The 2021 text cut ``extra`` characters after ``marker`` (inside the operative part)."""
    text = RAW_2021.read_text(encoding="utf-8")
    path = tmp_path / "cut_BG.txt"
    path.write_text(text[: text.index(marker) + extra], encoding="utf-8")
    return path


@pytest.mark.parametrize("marker, extra, label", [
    ("26.\u00a0", -1, "25"),   # at the end of paragraph 25's line: it ends with ";", not "."
    ("27.\u00a0", 40, "27"),   # in the middle of the last paragraph, mid-sentence
])
def test_text_cut_inside_the_operative_part_is_refused(tmp_path, marker, extra, label):
    path = _cut_inside_operative_part(tmp_path, marker, extra)
    with pytest.raises(InputError, match=rf"truncated: the last operative paragraph \({label}\)") as info:
        parse(path)
    assert str(path) in str(info.value)


def test_complete_text_with_footnotes_is_not_flagged_as_truncated(tmp_path, doc2021):
    text = RAW_2021.read_text(encoding="utf-8")
    path = tmp_path / "no_footer_BG.txt"
    path.write_text(text[: text.index("Последно осъвременяване")], encoding="utf-8")
    assert parse(path).counts() == doc2021.counts()


def test_file_cut_in_the_middle_of_a_utf8_character(tmp_path):
    data = RAW_2021.read_bytes()
    cut = data.index("27.\u00a0".encode()) + 40
    while (data[cut] & 0xC0) != 0x80:  # move onto a continuation byte of a Cyrillic letter
        cut += 1
    path = tmp_path / "cut_BG.txt"
    path.write_bytes(data[:cut])
    with pytest.raises(InputError, match="truncated: the file ends in the middle of a UTF-8 character"):
        parse(path)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS) + ["truncated", "cut_inside", "missing", "directory"])
def test_cli_bad_input_one_line(tmp_path, case):
    if case == "truncated":
        path = _truncated_before_operative_part(tmp_path)
    elif case == "cut_inside":
        path = _cut_inside_operative_part(tmp_path, "27.\u00a0", 40)
    elif case == "missing":
        path = tmp_path / "nowhere.html"
    elif case == "directory":
        path = tmp_path
    else:
        path = tmp_path / f"{case}.html"
        BAD_INPUTS[case][0](path)
    result = run_cli("parse", str(path))
    assert result.returncode == 2  # an InputError, not an internal error (3)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr


def test_a_date_that_does_not_exist_is_not_reported():
    text = (FIXTURES / "synthetic_motion_RC_EN.txt").read_text(encoding="utf-8")
    dated = text.replace("The European Parliament,", "Thursday, 11 February 2099 - Strasbourg\nThe European Parliament,")
    assert parse_text(dated, name="synthetic_EN").metadata["date"] == "2099-02-11"
    impossible = dated.replace("11 February", "31 February")
    assert parse_text(impossible, name="synthetic_EN").metadata["date"] is None
    # a line that is a date, as on a motion's page: the first whose day exists, not the first line of that form
    lines = text.replace("RC-B9-0002/2099\n", "RC-B9-0002/2099\n31.2.2099\n7.5.2099 - (2099/9998(RSP))\n", 1)
    assert parse_text(lines, name="synthetic_EN").metadata["date"] == "2099-05-07"
    assert parse_text(lines.replace("7.5.2099", "32.5.2099"), name="synthetic_EN").metadata["date"] is None


def test_cli_json_and_csv():
    result = run_cli("parse", str(RAW_2021), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["metadata"]["doc_type"], payload["metadata"]["reference"]) == ("TA", "P9_TA(2021)0056")
    assert sum(u["kind"] == "paragraph" for u in payload["units"]) == 27
    result = run_cli("parse", str(RAW_2021), "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == \
        "document,position,kind,label,text,footnotes,doc_type,reference,date,language"
    assert len(result.stdout.splitlines()) == 67
    assert result.stdout.splitlines()[1].endswith(",TA,P9_TA(2021)0056,2021-02-11,bg")


def test_python_module_entry_point_help():
    result = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("fetch", "parse", "classify", "report"):
        assert command in result.stdout


def test_plain_text_lines_are_collapsed_like_collapse_space_line_by_line():
    # The shortcuts of text.collapse_lines (#12) must give what collapse_space gives each line of
    # str.splitlines(), empty lines dropped. _OTHER_SPACE must list every str.isspace character but
    # " ", "\n" and the no-break space (the three the shortcut handles itself); the plain space must be
    # the only white space that str.isprintable accepts (checked over all of Unicode).
    from analysis.resources import text as normalisers
    from analysis.resources.text import collapse_space

    everything = [chr(c) for c in range(0x110000)]
    spaces = {c for c in everything if c.isspace()}
    assert set(normalisers._OTHER_SPACE) == spaces - {" ", "\n", "\u00a0"}
    assert [c for c in spaces if c.isprintable()] == [" "]
    shipped = RAW_2021.read_text(encoding="utf-8")
    texts = ["synthetic  a\u00a0 b\n\n  c \n", "a\u200b b\r\nc\u2028d\te", "x \u00a0\u00a0 y\n z", "\u200b\n\u00a0",
             "a  b\tc\nd   e \n", "a\u3000b\n c\u2000 \n\xadd ", "a     b\n", "a   b    c     d      e  ", "  a\n    \n",
             shipped, shipped.replace("\n", "\r\n")]
    # Each other white space character (searched or counted, #12) in the middle of the shipped text.
    texts += [shipped[:20000] + f"x {space}y" + shipped[20000:] for space in normalisers._OTHER_SPACE]
    for text in texts:
        expected = [line for line in (collapse_space(x) for x in text.splitlines()) if line]
        assert normalisers.collapse_lines(text) == expected
    # Random short texts of spaces, no-break and zero-width spaces, tabs and line breaks: runs of every length.
    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice("ab  \n\xa0\u200b\t\u2000") for _ in range(rng.randint(0, 30)))
        assert normalisers.collapse_lines(text) == [line for line in map(collapse_space, text.splitlines()) if line]
    # Worked by hand: "a\u00a0 b" has one run of two spaces, collapsed to one; the ends are stripped.
    assert normalisers.collapse_lines(" a\u00a0 b \n\n c") == ["a b", "c"]


def test_missing_file_and_directory_are_refused_in_one_line(tmp_path):
    # read_lines opens the file with no stat before it (#12); both mistakes keep their own message.
    with pytest.raises(InputError, match=r"synthetic_missing_EN\.txt: no such file$"):
        parse(tmp_path / "synthetic_missing_EN.txt")
    with pytest.raises(InputError, match=r"synthetic_missing_EN\.txt: no such file$"):
        parse(RAW_2021 / "synthetic_missing_EN.txt")  # a file where a folder should be
    with pytest.raises(InputError, match=r": is a directory, not a file$"):
        parse(tmp_path)


def test_profiles_read_once_for_a_batch_give_the_documents_parse_gives_alone():
    # load_documents reads the language profiles once and passes them to parse (#12); each document
    # must be the one parse reads alone, checking the profile files itself.
    from analysis.corpus.documents import load_documents
    from analysis.resources import languages

    files = [RAW_2021, *sorted((FIXTURES / "synthetic_corpus").glob("*.txt"))]
    batch = {doc.metadata["source"]: doc for doc in load_documents(files)}
    assert len(batch) == len(files)
    for path in files:
        for doc in (batch[str(path)], parse(path, profiles=languages.profiles())):
            alone = parse(path)
            assert (doc.metadata, doc.warnings, doc.unit_columns()) == \
                (alone.metadata, alone.warnings, alone.unit_columns())
    # The table given is the one used: with none, the Bulgarian month of "11 февруари 2021" is unknown.
    assert parse(RAW_2021, profiles={}).metadata["date"] is None
    assert parse(RAW_2021).metadata["date"] == "2021-02-11"


def test_a_late_nul_in_utf8_is_found_at_its_character():
    # decode searches the text for a NUL only when the UTF-8 bytes hold one (#12). Worked by hand:
    # 10,000 characters of "synthetic ", then "ж" (two bytes, one character) at 10,000, the NUL at 10,001.
    from analysis.corpus import textio

    data = ("synthetic " * 1000 + "ж\x00").encode("utf-8")
    with pytest.raises(InputError, match=r"a NUL character at character 10001:"):
        textio.decode(data, "synthetic_EN.txt")
    assert textio.decode(data[:-1], "synthetic_EN.txt").endswith("ж")


def test_join_marker_lines_joins_as_line_by_line():
    # join_marker_lines returns the lines unchanged when none is a bare marker (#12); over random
    # synthetic lines it must give what joining line by line gives.
    from analysis.corpus import textio

    def reference(lines):
        joined = []
        for line in lines:
            if joined and textio._is_marker_only(joined[-1]) and not textio._is_marker_only(line):
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        return joined

    pool = ["–", "-", "A.", "AB.", "ab.", "1.", "12a.", "12A.", "(1)", "(123)", "Назад", "Б.", "synthetic text", "x"]
    rng = random.Random(12)
    for _ in range(5000):
        lines = [rng.choice(pool) for _ in range(rng.randint(0, 8))]
        assert textio.join_marker_lines(lines) == reference(lines), lines
    # Worked by hand: the dash joins the line after it; "Назад" is short but no marker.
    assert textio.join_marker_lines(["Назад", "–", "synthetic text"]) == ["Назад", "– synthetic text"]
