"""Document kinds (TA, RC, B, A) read from the page's own heading and reference, never from its
navigation; a report's motion only; one resolution per file; pages that lost their characters.

The pages in tests/fixtures/synthetic_kinds/ are SYNTHETIC: invented wording, laid out like the
Parliament's DOCEO pages (title bar "Joint motion for a resolution - RC-B10-0249/2025", heading,
date and procedure, tabling groups, the "Document stages in plenary" box, the document), with
misleading navigation: a header link list "Texts adopted / P10_TA(2099)0001", breadcrumbs naming
the sitting of 30.04.2099, and the stages box naming the adopted text P10_TA(2099)0096 and the
vote of 08/05/2099. The .txt files are the same pages saved as text, navigation included: on the
adopted text's, the bare "Texts adopted" link and its P10_TA(2099)0001 come before the title bar.
"""

from __future__ import annotations

import shutil

import pytest

from analysis import parse, parse_text
from analysis.errors import DataError, InputError
from analysis.resources import languages

from conftest import FIXTURES, REPO

KINDS = FIXTURES / "synthetic_kinds"

# The values each page states in its own heading, worked out from the pages by hand: the title bar
# and heading give kind and reference, the line under the heading the date ("7.5.2099") and
# procedure, the "on behalf of the ... Group" lines the groups, in page order.
SUBJECT = {"EN": "the synthetic case in Examplestan", "BG": "синтетичния случай в Примерстан"}
EXPECTED = {
    "TA": ("P10_TA(2099)0096", "TA-10-2099-0096", "2099-05-07", "2099/2691(RSP)", ""),
    "RC": ("RC-B10-0249/2099", "RC-10-2099-0249", "2099-05-07", "2099/2691(RSP)", "PPE;S&D;The Left"),
    "B": ("B10-0250/2099", "B-10-2099-0250", "2099-05-05", "2099/2691(RSP)", "S&D"),
    "A": ("A10-0163/2099", "A-10-2099-0163", "2099-03-15", "2099/2001(INI)", ""),
}
TITLE = {
    ("TA", "EN"): "The synthetic case in Examplestan",  # the line under the place line
    ("TA", "BG"): "Синтетичният случай в Примерстан",
    ("A", "EN"): "the synthetic state of invented affairs",  # the subject of "REPORT on ..."
    ("A", "BG"): "синтетичното състояние на измислените дела",
}
PAGES = [(kind, lang, ext) for kind in EXPECTED for lang in ("EN", "BG") for ext in ("html",)] + \
    [("RC", "EN", "txt"), ("B", "BG", "txt"), ("TA", "EN", "txt")]


@pytest.mark.parametrize(("kind", "lang", "ext"), PAGES, ids=[f"{k}_{la}.{e}" for k, la, e in PAGES])
def test_each_kind_is_read_from_its_own_heading(kind, lang, ext):
    doc = parse(KINDS / f"synthetic_{kind}_{lang}.{ext}")
    meta = doc.metadata
    reference, doceo_id, date, procedure, groups = EXPECTED[kind]
    assert (meta["doc_type"], meta["reference"], meta["doceo_id"]) == (kind, reference, doceo_id)
    assert (meta["date"], meta["procedure"], meta["groups"]) == (date, procedure, groups)
    assert meta["title"] == TITLE.get((kind, lang), SUBJECT[lang])
    assert meta["language"] == lang.lower() and doc.warnings == []


@pytest.mark.parametrize("page", ["synthetic_RC_EN.html", "synthetic_RC_BG.html", "synthetic_RC_EN.txt"])
def test_a_joint_motion_is_never_an_adopted_text(page):
    meta = parse(KINDS / page).metadata
    assert meta["doc_type"] == "RC" and "TA" not in meta["reference"]
    assert meta["date"] != "2099-04-30"  # the sitting the breadcrumbs name


@pytest.mark.parametrize("lang", ["EN", "BG"])
def test_a_report_gives_only_its_motion_for_a_resolution(lang):
    # The motion has paragraphs 1-6; the opinion after it amends paragraph 5 in a two-column table
    # ("5. ... | 5. ... without delay"), which must not become two more paragraphs 5.
    doc = parse(KINDS / f"synthetic_A_{lang}.html")
    paragraphs = doc.paragraphs()
    assert list(paragraphs["number"]) == ["1", "2", "3", "4", "5", "6"]
    assert not paragraphs["text"].str.contains("without delay|без забавяне").any()
    assert doc.counts() == {"citation": 2, "recital": 1, "paragraph": 6}


def test_metadata_a_page_does_not_state_is_empty_not_borrowed():
    # Without its title bar, the joint motion's page names no RC reference of its own: the adopted
    # text its stages box names, or the TA id of the address it was saved under, is not lent to it.
    lines = (KINDS / "synthetic_RC_EN.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if "RC-B10-0249/2099" not in line)
    meta = parse_text(text, name="TA-10-2099-0096_EN").metadata
    assert (meta["doc_type"], meta["reference"], meta["doceo_id"]) == ("RC", None, None)
    # A header with nothing but a place-less, dateless heading: no date, procedure or title.
    bare = "Texts adopted\nThe European Parliament,\n–  having regard to an invented report,\n" \
           "1.  Calls on nobody to act.\n"
    meta = parse_text(bare, name="synthetic_EN").metadata
    assert (meta["doc_type"], meta["reference"], meta["date"], meta["procedure"], meta["title"]) == \
        ("TA", None, None, None, None)


def test_a_page_of_unknown_kind_says_so_in_its_warnings():
    # No kind heading, no line of references, a file name that is no document id: the kind is None
    # and the parser's warnings say so (they reach classify and report users); a page with a kind
    # heading has no such warning.
    body = "The European Parliament,\n–  having regard to an invented report,\n1.  Calls on nobody to act.\n"
    unknown = parse_text(body, name="synthetic_EN")
    assert unknown.metadata["doc_type"] is None
    assert [w for w in unknown.warnings if w.startswith("kind unknown:")]
    known = parse_text("Texts adopted\n" + body, name="synthetic_EN")
    assert known.metadata["doc_type"] == "TA" and not [w for w in known.warnings if w.startswith("kind unknown")]


def test_kind_words_are_data(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data" / "languages", tmp_path / "languages")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    path = tmp_path / "languages" / "en.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('RC = ["Joint motion for a resolution"]', "RC = []"),
                    encoding="utf-8")
    # Without the joint motion's words, its page's only heading left is the bare "Texts adopted" link.
    assert parse(KINDS / "synthetic_RC_EN.txt").metadata["doc_type"] == "TA"
    path.write_text(path.read_text(encoding="utf-8").replace("RC = []", 'XX = ["Invented"]'), encoding="utf-8")
    with pytest.raises(DataError, match=r"en.toml: \[kinds\] names XX"):
        languages.profiles()


# --- one resolution per file ---------------------------------------------------------------


def _synthetic(number_from: int = 1, parliament: bool = True) -> str:
    """A SYNTHETIC English resolution (invented wording)."""
    lines = ["European Parliament resolution of 2 May 2097 on the invented case (2097/9100(RSP))",
             "The European Parliament," if parliament else "",
             "–  having regard to an invented report,", "A.  whereas an invented event took place;",
             f"{number_from}.  Calls on the invented authorities to act;",
             f"{number_from + 1}.  Instructs its President to forward this resolution to nobody."]
    return "\n".join(line for line in lines if line) + "\n"


def test_two_copies_in_one_file_are_refused():
    text = (KINDS / "synthetic_RC_EN.txt").read_text(encoding="utf-8")
    with pytest.raises(InputError, match=r'holds 2 resolutions \("the european parliament" opens 2 times\); '
                                         r"split the file, one resolution per file"):
        parse_text(text + text, name="synthetic_copies_EN")
    # Two HTML pages in one file: the HTML parser would keep the first and drop the other unseen.
    page = (KINDS / "synthetic_TA_EN.html").read_text(encoding="utf-8")
    with pytest.raises(InputError, match=r"holds 3 pages \(<html> opens 3 times\); split the file"):
        parse_text(page * 3, name="synthetic_copies_EN")
    # "<html" written in a script, a style or a comment opens no page; a long comment before the page and
    # one between the XML declaration and the doctype still leave it a page.
    script = "<script>var s = '<html>';</script><style>/* <HTML lang=x> */</style>"
    one = page.replace("</head>", script + "</head>").replace("<body>", "<body><!-- <html> --><script>'<html '</script>")
    assert parse_text(one, name="synthetic_TA_EN").metadata["reference"] == "P10_TA(2099)0096"
    for before in ("<!--" + "synthetic " * 500 + "-->\n", '<?xml version="1.0"?>\n<!-- synthetic -->\n'):
        assert parse_text(before + page, name="synthetic_TA_EN").metadata["format"] == "html"


def test_two_different_resolutions_in_one_file_are_refused():
    with pytest.raises(InputError, match="holds 3 resolutions"):
        parse_text(_synthetic() + _synthetic() + _synthetic(), name="synthetic_three_EN")
    # Without "The European Parliament," lines, the numbering that starts at 1 again tells.
    with pytest.raises(InputError, match=r"holds 2 resolutions \(the operative paragraphs are numbered from 1 2 "
                                         r"times\); split the file"):
        parse_text(_synthetic(parliament=False) + _synthetic(parliament=False), name="synthetic_two_EN")


def test_a_duplicate_paragraph_number_is_refused():
    text = _synthetic() + "3.  Calls on the invented authorities to act again;\n2.  Regrets nothing.\n"
    with pytest.raises(InputError, match=r"operative paragraph 2 occurs 2 times; a paragraph number must be unique"):
        parse_text(text, name="synthetic_duplicate_EN")


# --- a page saved in an encoding that cannot hold its text ------------------------------------


def test_a_bulgarian_page_saved_as_latin1_is_refused(tmp_path):
    page = (KINDS / "synthetic_TA_BG.html").read_text(encoding="utf-8").replace("UTF-8", "iso-8859-1")
    path = tmp_path / "TA-10-2099-0096_BG.html"
    path.write_bytes(page.encode("latin-1", errors="replace"))  # Cyrillic and en dashes become "?"
    with pytest.raises(InputError, match=r"saved in an encoding that cannot hold its text .*; "
                                         r"save it again as UTF-8$") as caught:
        parse(path)
    assert "\n" not in str(caught.value)


def test_an_english_page_that_lost_its_dashes_is_refused():
    # Only the en dashes of the citations are lost ("?  having regard to"): the citations would be gone.
    text = (KINDS / "synthetic_TA_EN.html").read_text(encoding="utf-8").replace("–", "?")
    with pytest.raises(InputError, match="saved in an encoding that cannot hold its text"):
        parse_text(text, name="synthetic_TA_EN")
    # The same saved as text with each marker alone on its line (as join_marker_lines reads a bare "–").
    saved = (KINDS / "synthetic_TA_EN.txt").read_text(encoding="utf-8").replace("– having", "?\nhaving")
    with pytest.raises(InputError, match="saved in an encoding that cannot hold its text"):
        parse_text(saved, name="synthetic_TA_EN")
    # One question mark in the text is no sign of it, nor one alone on its line.
    parse_text(_synthetic().replace("an invented event", "an invented event (why?)"), name="synthetic_EN")
    parse_text(_synthetic().replace("The European Parliament,", "?\nThe European Parliament,"), name="synthetic_EN")


class _EveryFirst(dict):
    """A ``firsts`` table that lets every line through to the full test (the reading before #12's gate)."""

    def get(self, key, default=None):
        return True


def test_the_first_character_gate_passes_every_heading():
    # _kind_heading passes over a line whose first character opens no kind's words (#12); over the
    # shipped and synthetic pages' lines, and each profile's words in many cases and forms, with
    # first characters whose case mapping is special (sigma, sharp s, dotted I, Kelvin sign, a
    # ligature), it must find what the test of every line finds.
    from analysis.corpus import kinds, textio

    from conftest import RAW_2021

    lines = list(textio.read_lines(RAW_2021)[0])
    for path in sorted(KINDS.iterdir()):
        lines += textio.read_lines(path)[0]
    tricky = ["Σ", "σ", "ς", "ß", "ẞ", "İ", "ı", "K", "ﬁ", "Ǆ", "ǅ", "", " ", "-"]
    for profile in languages.profiles().values():
        forms = kinds._heading_forms(profile.kinds, profile.title_intro)
        reference = kinds._HeadingForms(forms.kinds, forms.intros, forms.longest, _EveryFirst())
        candidates = list(lines)
        for _, words in profile.kinds:
            for form in (words, words.upper(), words.lower(), words.casefold(), words.title(), words.swapcase()):
                candidates += [form, f"{form} – P9_TA(2099)0001", f"{form.upper()} {' '.join(profile.title_intro)} x"]
                candidates += [c + form[1:] for c in tricky] + [c + form for c in tricky]
        for line in candidates:
            assert kinds._kind_heading(line, forms) == kinds._kind_heading(line, reference), (profile.code, line)
