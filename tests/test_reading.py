"""The reading view's renderer (analysis.output.reading), on synthetic classifications built by hand
and on the shipped 2021 text. The page in a real browser: tests/test_reading_browser.py."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from analysis.classify.paragraphs import Classification, analyse_paragraphs, operative_paragraphs
from analysis.corpus.documents import units_frame
from analysis.corpus.parser import parse
from analysis.errors import AnalysisError
from analysis.output.reading import reading_view, strength_level, write_reading_views
from conftest import REPO

DOC = "synthetic_reading_EN"


def _view(paragraphs: list[tuple[str, str, str]], phrases: list[tuple], addressees=(), themes=(), document=DOC):
    """A view of synthetic paragraphs ``(number, text, unclassified opening or "")``; phrases are
    ``(number, order, surface, act, strength, start, end)``, addressees ``(number, order, addressee,
    group)``, themes ``(number, theme)``."""
    texts = pd.DataFrame([(document, n, t, "en") for n, t, _ in paragraphs],
                         columns=["document", "number", "text", "language"])
    heads = {n: next((p[2] for p in phrases if p[0] == n and p[1] == 1), "") for n, _, _ in paragraphs}
    rows = pd.DataFrame([(document, n, "" if u else heads[n], "directive" if not u else "unclassified", u)
                         for n, _, u in paragraphs],
                        columns=["document", "number", "head_verb", "act", "unclassified"])
    verb_rows = pd.DataFrame([(document, n, o, s.lower(), s, a, st, b, e) for n, o, s, a, st, b, e in phrases],
                             columns=["document", "number", "order", "phrase", "surface", "act", "strength",
                                      "start", "end"])
    classification = Classification(
        paragraphs=rows, phrases=verb_rows,
        addressees=pd.DataFrame([(document, *a) for a in addressees],
                                columns=["document", "number", "order", "addressee", "group"]),
        themes=pd.DataFrame([(document, *t) for t in themes], columns=["document", "number", "theme"]))
    return reading_view(classification, texts)


def _paragraph_html(view, number: str) -> str:
    match = re.search(rf'<div class="rv-par[^"]*" id="p-{re.escape(number)}".*?</div></div>', view.body, re.S)
    assert match, number
    return match.group(0)


def _text_of(fragment: str) -> str:
    """The text a reader sees in a paragraph's text column, without flags and addressee badges."""
    inner = re.search(r'<div class="rv-text">(.*?)</div>', fragment, re.S).group(1)
    inner = re.sub(r'<span class="rv-(?:flag|addressee)"[^>]*>.*?</span>', "", inner)
    return html.unescape(re.sub(r"<[^>]+>", "", inner))


def test_strength_levels_round_half_up_within_the_scale():
    # By hand: 0.6+0.5=1.1 -> 1; 2.5+0.5=3.0 -> 3; 4.49+0.5=4.99 -> 4; 4.5 -> 5; 7 -> capped 5; -1 -> 0.
    assert [strength_level(s) for s in (0.6, 2.5, 4.49, 4.5, 7.0, -1.0, float("nan"))] == [1, 3, 4, 5, 5, 0, 0]


def test_hostile_text_is_escaped_everywhere():
    text = 'Urges <script>alert("x")</script> & \'friends\' <b>now</b>;'
    view = _view([("1", text, "")], [("1", 1, "Urges", "directive", 3.0, 0, 5)],
                 addressees=[("1", 1, '<img src=x onerror="y">', "g<1>")], themes=[("1", "<i>odd</i>")],
                 document='synthetic_"><script>')
    page = view.page()
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;friends&#x27;" in page
    assert 'data-theme="&lt;i&gt;odd&lt;/i&gt;"' in page  # an unknown theme shows its id, escaped
    assert "&lt;img src=x onerror=&quot;y&quot;&gt;" in page and "group: g&lt;1&gt;" in page
    assert "<title>Reading view: synthetic_&quot;&gt;&lt;script&gt;</title>" in page
    # what the reader sees is the text itself, unchanged
    assert _text_of(_paragraph_html(view, "1")) == text


@pytest.mark.parametrize("text, phrases, expected", [
    # adjacent: "Welcomes " is 0:9 (with its space), "regrets" 9:16; they touch, two marks
    ("Welcomes regrets the step.",
     [("1", 1, "Welcomes ", "positive_judgement", 1.0, 0, 9), ("1", 2, "regrets", "negative_judgement", 2.5, 9, 16)],
     [("rv-phrase rv-act-positive_judgement rv-s1", "1", "Welcomes "),
      ("rv-phrase rv-act-negative_judgement rv-s3", "2", "regrets")]),
    # overlapping: "Strongly condemns" 0:17 and "condemns firmly" 9:24 share "condemns" 9:17, drawn once
    ("Strongly condemns firmly the act.",
     [("1", 1, "Strongly condemns", "negative_judgement", 4.0, 0, 17), ("1", 2, "condemns firmly", "emphasis", 2.0, 9, 24)],
     [("rv-phrase rv-act-negative_judgement rv-s4", "1", "Strongly "),
      ("rv-phrase rv-act-negative_judgement rv-s4 rv-overlap", "1 2", "condemns"),
      ("rv-phrase rv-act-emphasis rv-s2", "2", " firmly")]),
], ids=["adjacent", "overlapping"])
def test_adjacent_and_overlapping_phrases_keep_the_text(text, phrases, expected):
    fragment = _paragraph_html(_view([("1", text, "")], phrases), "1")
    assert re.findall(r'<mark class="([^"]+)" data-order="([^"]+)"[^>]*>([^<]*)</mark>', fragment) == expected
    assert _text_of(fragment) == text


def test_a_paragraph_without_a_known_opening_is_flagged():
    texts = [("1", "Calls on the Council to act;", ""),
             ("2", "Takes the view that, as it notes, nothing changed;", "takes the view")]
    view = _view(texts, [("1", 1, "Calls on", "directive", 3.0, 0, 8),
                         ("2", 1, "notes", "observation", 1.0, 27, 32)],
                 addressees=[("1", 1, "council", "eu_council")], themes=[("1", "elections")])
    coded, uncoded = _paragraph_html(view, "1"), _paragraph_html(view, "2")
    assert "rv-uncoded" not in coded and "rv-flag" not in coded
    assert '<div class="rv-par rv-uncoded" id="p-2"' in uncoded
    assert '<span class="rv-flag"' in uncoded and "uncoded opening: takes the view</span>" in uncoded
    # the opening's first three words are underlined; the later phrase is still highlighted
    assert '<span class="rv-opening">Takes the view</span>' in uncoded
    assert '<mark class="rv-phrase rv-act-observation rv-s1" data-order="1"' in uncoded
    assert '&#8594;&#160;council</span>' in coded and '<span class="rv-theme" data-theme="elections">Elections</span>' in coded
    assert '<div class="rv-num">2.</div>' in uncoded
    assert "1 of 2 open with a verb the lexicon knows, 1 have a theme" in view.body


def test_a_classification_of_another_text_is_refused():
    with pytest.raises(AnalysisError, match="paragraph 1: phrase 1 .* is not at 0:5 of the text"):
        _view([("1", "Notes the report.", "")], [("1", 1, "Urges", "directive", 3.0, 0, 5)])
    texts = pd.DataFrame([(DOC, "1", "Notes.", "en"), ("synthetic_other", "1", "Notes.", "en")],
                         columns=["document", "number", "text", "language"])
    empty = Classification(*(pd.DataFrame(columns=["document", "number"]) for _ in range(4)))
    with pytest.raises(AnalysisError, match="name the document"):
        reading_view(empty, texts)
    with pytest.raises(AnalysisError, match="not the texts' paragraphs"):
        reading_view(empty, texts, DOC)


def test_the_view_is_deterministic_and_self_contained(tmp_path):
    build = lambda: _view([("1", "Urges the Council; notes it.", "")],  # noqa: E731
                          [("1", 1, "Urges", "directive", 3.0, 0, 5), ("1", 2, "notes", "observation", 1.0, 19, 24)])
    first, second = build(), build()
    assert first.page() == second.page()
    a, b = first.write(tmp_path / "a.html"), second.write(tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes() and a.read_bytes().decode("utf-8") == first.page()
    page = first.page()
    assert "<script" not in page and "http" not in page.replace('http-equiv', "")  # no external asset
    assert "@media print" in page and first._repr_html_().startswith("<style>")
    assert not list(tmp_path.glob(".*.part"))


def test_the_2021_text(tmp_path):
    doc = parse(REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt")
    texts = operative_paragraphs([doc])
    classification = analyse_paragraphs(texts)
    view = reading_view(classification, texts)
    # 27 operative paragraphs and 53 verb phrases: the counts of the hand-coded gold (README)
    assert len(re.findall(r'<div class="rv-par', view.body)) == 27
    assert [int(n) for n in re.findall(r'<div class="rv-num">(\d+)\.</div>', view.body)] == list(range(1, 28))
    assert len(re.findall(r'<mark class="rv-phrase[^"]*" data-order', view.body)) == 53
    assert "rv-uncoded" not in view.body and view.language == "bg"
    # the text a reader sees is each paragraph's own text
    for number, text in zip(texts["number"], texts["text"]):
        assert _text_of(_paragraph_html(view, number)) == text
    tables = {"units": units_frame([doc]), "paragraphs": classification.paragraphs,
              "verbs": classification.phrases, "addressees": classification.addressees,
              "themes": classification.themes}
    written = write_reading_views(tables, tmp_path)
    assert written == [tmp_path / "TA-9-2021-0056_BG.html"]
    assert written[0].read_text(encoding="utf-8") == view.page()
