"""The fast regexes of the verb matcher (#12) find what the plain ordered alternations find.

The texts are synthetic sentences written for these tests (no resolution text); the expected
values are read off the sentences by hand, as each comment says.
"""

from __future__ import annotations

import codecs
import random
import re

import pytest

from analysis.classify import phrase_keys
from analysis.classify.automata import code_page_map
from analysis.classify.addressees import AddresseeFinder
from analysis.classify.clauses import WINDOW, ClauseFilter
from analysis.classify.phrases import PhraseIndex
from analysis.classify.verbs import get_matcher
from analysis.resources.languages import LanguageProfile
from analysis.resources.text import fold
from analysis.resources.wildcard import has_astral, ordered_alternation, pattern_pieces, trie_regex

# A phrase word that is also a modifier ("again"), a modifier that begins another's words
# ("in particular" / "in"), and phrases that share their first word: the cases where trying a
# gap once for several phrases could change which phrase wins.
PHRASES = ["calls on", "calls again on", "calls again", "calls", "calls in", "urges", "urges strongly",
           "notes with concern", "notes"]
MODIFIERS = ["again", "once again", "strongly", "in particular", "also"]
SYNTHETIC_TEXTS = [
    "calls again on x; calls on y; calls, in particular, on z; calls for w",
    "calls again the authorities; calls in the end; calls in particular in time",
    "Urges strongly the x; urges, once again, strongly y; notes also with concern; notes, again, with concern",
    "(calls on x) „urges y“ re-calls on z; over-calls; calls\non x; calls  again  on y",
    "🙂calls on x; 𝐀calls on y; x🙂 urges z",
]


def test_fast_phrase_scan_finds_what_the_plain_alternation_finds():
    fast, plain = PhraseIndex(PHRASES, MODIFIERS), PhraseIndex(PHRASES, MODIFIERS, prefilter=False)
    for text in SYNTHETIC_TEXTS:
        folded = text.lower()
        assert fast.matches(folded) == plain.matches(folded), text


def test_fast_phrase_scan_by_hand():
    index = PhraseIndex(PHRASES, MODIFIERS)
    text = "calls again on x; calls again y; 𝐀calls on z; 🙂calls on w"
    # read off the text: "calls again on" (the longest phrase at 0); then "calls again" at 18
    # (no "on" follows); at 34 a letter beyond the BMP (at 33) stands before "calls": no word
    # start; at 47 an emoji (at 46, no letter; one character) does: "calls on" from 47 to 55
    assert [(m.phrase, m.start, m.end) for m in index.matches(text)] == [
        ("calls again on", 0, 14), ("calls again", 18, 29), ("calls on", 47, 55)]


def test_marker_where_a_modifier_may_stand_inside_a_phrase():
    """The scan marks a phrase's first word(s) followed by a modifier; from there the phrases by
    first word decide (expected values read off the synthetic texts by hand)."""
    index = PhraseIndex(PHRASES, MODIFIERS)
    # "calls again" is a phrase and "again" a modifier: the marker must not be read as "calls
    # again"; "calls again on" (longest first) matches with "in particular" inside: 0 to 28
    assert index.spans("calls again in particular on x") == [("calls again on", 0, 28)]
    # a marker ("calls strongly ") where no phrase goes on with the modifier: "calls", 0 to 5;
    # then "urges", 19 to 24 (after the marker, the scan goes on)
    assert index.spans("calls strongly for urges x") == [("calls", 0, 5), ("urges", 19, 24)]
    # phrases before the first marker stand as found: "urges" 0 to 5, then "calls on" with a
    # modifier set off by commas, 7 to 28
    assert index.spans("urges, calls, once again, on x") == [("urges", 0, 5), ("calls on", 7, 28)]


def test_ordered_alternation_keeps_the_order_of_a_plain_alternation():
    words = ["ab", "abc", "a", "abd", "b", "ab*"]
    alternatives = [pattern_pieces(w) for w in words]
    order: list[int] = []
    fast = re.compile(r"(?<!\w)" + ordered_alternation(alternatives, order) + r"(?!\w)")
    plain = re.compile(r"(?<!\w)(?:" + "|".join("(" + "".join(p) + ")" for p in alternatives) + r")(?!\w)")
    assert sorted(order) == list(range(len(words)))
    for text in ["ab abc a abd b abx", "abcd ab", "x ab"]:
        assert [(words[order[m.lastindex - 1]], m.span()) for m in fast.finditer(text)] == \
            [(words[m.lastindex - 1], m.span()) for m in plain.finditer(text)], text
    # by hand: "abx" is the wildcard "ab*" (the first alternative, "ab", wants a word end there)
    assert [words[order[m.lastindex - 1]] for m in fast.finditer("abx")] == ["ab*"]


def test_addressees_with_the_fast_regex():
    finder = AddresseeFinder([("commission", "the commission", "eu"), ("member state*", "member states", "eu"),
                              ("member", "member", "other")], ["to"])
    # by hand: up to the complement "to": the longest pattern at each word start
    assert finder.find("calls on the commission and the member states to act", 8, 60) == (
        ("the commission", "eu"), ("member states", "eu"))
    assert finder.find("calls on 🙂commission to act", 8, 40) == (("the commission", "eu"),)
    assert finder.find("calls on xcommission to act", 8, 40) == ()
    # an addressee right after the phrase, then its complement; not if other words come first
    assert finder.opens_complement(" commission to act", 0)
    assert finder.opens_complement("🙂, commission to act", 1)
    assert not finder.opens_complement(" the commission to act", 0)


_ADDRESSEE_ROWS = [("commission", "the commission", "eu"), ("member state*", "member states", "eu"),
                   ("member", "member", "other"), ("high representative", "hr", "eu"), ("council", "council", "eu")]


@pytest.mark.parametrize("extra, one_pass, text, by_hand", [
    ([], True, " the commission and member states to act", (("the commission", "eu"), ("member states", "eu"))),
    # a pattern with the complement word in it, and one with a comma: they could run over the marks
    # that end the addressees, so the finder keeps its two passes (a cut, then the addressees); by
    # hand, the addressees end before the complement and the comma all the same
    ([("member states to", "member states (to)", "eu")], False, " member states to act", (("member states", "eu"),)),
    ([("council , commission", "both", "eu")], False, " council , commission to act", (("council", "eu"),)),
])
def test_addressees_in_place_are_those_of_the_span_on_its_own(extra, one_pass, text, by_hand):
    """Random synthetic texts, random spans: :meth:`AddresseeFinder.find` (which reads a span that
    opens with one space in place, in one pass where it can, #12) finds what the plain alternation
    (look-behind, longest pattern first) finds in the span cut off on its own, as the codebook says (§8)."""
    rows = _ADDRESSEE_ROWS + extra
    finder = AddresseeFinder(rows, ["to"])
    assert (finder._reader is not None) is one_pass
    assert AddresseeFinder(rows, ["d'"])._reader is None  # a complement that is no plain word: two passes
    assert finder.find(text, 0, len(text)) == by_hand
    patterns = sorted({p for p, _, _ in rows}, key=lambda p: (-len(p), p))
    plain = re.compile(r"(?<!\w)(?:" + "|".join(f"({''.join(pattern_pieces(p))})" for p in patterns) + r")(?!\w)")
    pairs = {p: (a, g) for p, a, g in rows}

    def expected(text: str, start: int, stop: int) -> tuple:
        span = text[start:min(stop, start + 250)]
        ends = [i for i in (span.find(","), span.find(";"), span.find(":"), span.find(" to ")) if i != -1]
        span = span[:min(ends, default=len(span))]
        if span.lstrip().startswith("to "):
            return ()
        found = [pairs[patterns[m.lastindex - 1]] for m in plain.finditer(span)]
        return tuple(dict.fromkeys(found))

    rng = random.Random(7)
    words = ["commission", "member", "states", "state", "high", "representative", "council", "to", "calls", "on",
             "xcommission", "members"]
    gaps = [" ", " ", " ", "  ", "\n", ", ", " to ", "🙂", "-", ";", " \t", " \n"]
    tried = 0
    for _ in range(5000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 12)))
        spaces = [i for i, char in enumerate(text) if char == " "]
        start = rng.choice(spaces) if spaces and rng.random() < 0.5 else rng.randrange(len(text) + 1)
        stop = rng.randint(start, len(text))
        tried += text.startswith(" ", start) and not text[start + 1:start + 2].isspace()
        assert finder.find(text, start, stop) == expected(text, start, stop), (text, start, stop)
    assert tried > 500  # the spans read in place are many of them


def test_connective_read_backwards_is_the_forward_search():
    """ClauseFilter's connective test (the end of the text before a phrase read backwards, #12)
    answers as the forward search it replaced: a connective ending the text, after white space, a
    comma or nothing, starting within its last WINDOW characters; random synthetic texts."""
    connectives = ["and", "as well as", "and further", "whilst", "furth*"]
    profile = LanguageProfile(code="xx", name="synthetic", connectives=tuple(connectives), complement=("to",))
    clauses = ClauseFilter(profile, ["once again"], connectives, AddresseeFinder([], ["to"]))
    forward = re.compile(rf"(?:^|(?<=[\s,]))(?:{trie_regex(connectives)})\s*$")
    rng = random.Random(3)
    words = ["and", "as", "well", "further", "furthermore", "band", "whilst", "x" * 50]
    gaps = [" ", " ", "  ", "\n", ",", ", ", "-", "🙂", " " * 60]
    hits = 0
    for _ in range(5000):
        prefix = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 8)))
        prefix = (prefix + rng.choice(words)).rstrip()
        expected = forward.search(prefix, max(0, len(prefix) - WINDOW)) is not None
        assert clauses._ends_with_connective(prefix) is expected, prefix
        hits += expected
    assert 500 < hits < 4500  # both answers are tried often
    # by hand: the whole text, a word that only ends like one, a wildcard, white space of any run
    assert clauses._ends_with_connective("and") and clauses._ends_with_connective("x,furthermore")
    assert not clauses._ends_with_connective("band") and not clauses._ends_with_connective("x-and")
    # "as" + 111 spaces + "well as" is 120 characters: it starts just within the window; one more space, outside
    assert clauses._ends_with_connective("x " + "as" + " " * 111 + "well as")
    assert not clauses._ends_with_connective("x " + "as" + " " * 112 + "well as")


def test_has_astral():
    assert not has_astral("calls on") and not has_astral("призовава „х“")
    assert has_astral("calls 🙂") and not has_astral("\ud800")  # a lone surrogate is one unit


@pytest.fixture(params=["stretches as shipped", "smallest stretches"])
def stretches(request, monkeypatch):
    """The automaton reads a text a stretch at a time (phrase_keys.KeyScan.CHUNK): as shipped, which holds
    these short texts whole, and the smallest (twice the longest key), which cuts them in many."""
    if request.param == "smallest stretches":
        monkeypatch.setattr(phrase_keys.KeyScan, "CHUNK", 0)
    return request.param


def _synthetic_texts(phrases: list[str], modifiers: list[str], n: int, seed: int) -> list[str]:
    """Random synthetic texts: phrases (with modifiers, commas and odd white space between their
    words), loose phrase words and modifiers, joined by separators."""
    rng = random.Random(seed)
    words = sorted({w for p in phrases for w in p.split()})
    mods = [m.replace("*", "x") for m in modifiers]

    def gap() -> str:
        m1, m2 = rng.choice(mods), rng.choice(mods)
        return rng.choice([" ", " ", "  ", "\n", ",", " , ", f" {m1} ", f", {m1}, ", f" {m1} {m2} ", f" {m1}, ",
                           f" {m1},{m2}, "])

    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 5)):
            kind = rng.random()
            chosen = (rng.choice(phrases).split() if kind < 0.6 else
                      [rng.choice(words) for _ in range(rng.randint(1, 4))] if kind < 0.8 else [rng.choice(mods)])
            parts += ["".join(w + gap() for w in chosen[:-1]) + chosen[-1],
                      rng.choice([" ", "; ", ",", "-", "(", "🙂", "𝐀", "x", gap()])]
        texts.append("".join(parts[:-1]))
    return texts


def test_fast_phrase_scan_on_random_synthetic_texts(stretches):
    """Many random texts with modifiers inside phrases: the fast index (its plain scan, and the
    regexes of the phrases by first word for a match with modifiers inside) finds what the plain
    alternation finds."""
    phrases = PHRASES + ["very-best x", "very", "in particular on", "again on the"]
    modifiers = MODIFIERS + ["in", "ag*"]
    fast, plain = PhraseIndex(phrases, modifiers), PhraseIndex(phrases, modifiers, prefilter=False)
    texts = _synthetic_texts(phrases, modifiers, 3000, seed=12)
    inside = 0
    for text in texts:
        found = fast.spans(text)
        assert found == plain.spans(text), text
        inside += any(end - start != len(phrase) for phrase, start, end in found)
    assert inside > 300  # the texts do put modifiers inside phrases


def test_scan_tells_which_texts_have_no_quotation_mark(stretches):
    """An index watching for quotation marks finds the phrases it finds without them, and says a
    text has none only where it has none; on random synthetic texts, half of them with a mark put
    in somewhere (also inside a phrase's words)."""
    phrases = PHRASES + ["very-best x", "in particular on"]
    modifiers = MODIFIERS + ["in", "ag*"]
    marks = "„“\"«»"
    watching, plain = PhraseIndex(phrases, modifiers, watch=marks), PhraseIndex(phrases, modifiers)
    rng = random.Random(5)
    told = 0
    for text in _synthetic_texts(phrases, modifiers, 3000, seed=4):
        if rng.random() < 0.5:
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(marks) + text[at:]
        spans, unquoted = watching.scan(text)
        assert spans == plain.spans(text), text
        if unquoted:
            assert not any(mark in text for mark in marks), text
        told += unquoted
    assert told > 200  # many of those without one (the others have stretches the regex reads)
    # by hand: none; one; white space the automaton cannot read (the regex reads the text: not told)
    assert watching.scan("calls on x") == ([("calls on", 0, 8)], True)
    assert watching.scan("calls on „x“") == ([("calls on", 0, 8)], False)
    assert watching.scan("calls\non x") == ([("calls on", 0, 8)], False)
    assert PhraseIndex(phrases, modifiers).scan("calls on x") == ([("calls on", 0, 8)], False)  # not watching
    assert PhraseIndex(phrases, modifiers, prefilter=False, watch=marks).scan("calls on x")[1] is False
    # a phrase that holds a mark would hide it: then no text is told to have none
    apostrophe = PhraseIndex(["jilqa’", "calls"], [], watch="’")
    assert apostrophe.scan("calls x") == ([("calls", 0, 5)], False)
    with pytest.raises(ValueError, match="single characters"):
        PhraseIndex(phrases, modifiers, watch=["„“"])


@pytest.mark.parametrize("language", ["en", "bg"])
def test_inner_modifiers_of_a_phrase_as_written_are_those_read_off_the_text(language):
    """Where a phrase is found as written, the clause filter takes its inner modifiers from a cache
    by phrase (#12): on random synthetic texts of the language's phrases and modifiers, the same as
    reading them off the text where it was found."""
    matcher = get_matcher(language)
    phrases = [p for p in matcher.phrases.phrases if " " in p]
    modifiers = [m.replace("*", "x") for m in matcher.modifiers]
    clauses, as_written = matcher.clauses, 0
    for text in _synthetic_texts(phrases, modifiers, 1500, seed=7):
        for phrase, start, end in matcher.phrases.spans(text):
            as_written += text[start:end] == phrase
            assert clauses.inner_modifiers_at(text, phrase, start, end) == \
                clauses._inner_modifiers(text[start:end], phrase), (text, phrase)
    assert as_written > 300  # the cache is used
    # by hand: "calls on" as written has no modifier inside; with "once again" inside, that one
    found = get_matcher("en").find("calls on x; calls once again on y")
    assert [(item.phrase, item.modifiers) for item in found] == [("calls on", ()), ("calls on", ("once again",))]


@pytest.mark.parametrize("language", ["bg", "en", "de", "el", "fr", "sv"])
def test_key_scan_finds_what_the_plain_alternation_finds(language, stretches):
    """The automaton pass of the phrase index (#12) with each language's own phrases and modifiers:
    on random synthetic texts (phrases with modifiers, commas and odd white space inside, loose
    words, punctuation), the same spans as the plain alternation with modifiers inside."""
    matcher = get_matcher(language)
    index = matcher.phrases
    plain = PhraseIndex(index.phrases, matcher.modifiers, prefilter=False)
    modifiers = list(matcher.modifiers) or ["again"]
    texts = _synthetic_texts(index.phrases, modifiers, 1500, seed=21)
    # glued to words: a phrase inside a longer word, or a longer word after it
    rng = random.Random(5)
    texts += [rng.choice(["x", "", "re"]) + rng.choice(index.phrases) + rng.choice(["x", "", "s", " x"])
              for _ in range(500)]
    for text in texts:
        assert index.spans(text) == plain.spans(text), text


def test_code_page_automaton_finds_what_the_text_automaton_finds(stretches):
    """The automaton over the bytes of a single-byte code page (#12) finds what the automaton of the
    text finds: the bg phrases and modifiers, with a phrase the page cannot hold ("қ" is not in
    cp1251), on random synthetic texts, some with a character the page lacks (read by the text's
    automaton then)."""
    matcher = get_matcher("bg")
    phrases = list(matcher.phrases.phrases) + ["қабылдайды"]
    modifiers = list(matcher.modifiers)
    paged = PhraseIndex(phrases, modifiers, watch="„“\"", code_page="cp1251")
    plain = PhraseIndex(phrases, modifiers, watch="„“\"")
    assert paged._keys._automata.encoding_map is not None and plain._keys._automata.encoding_map is None
    rng = random.Random(9)
    texts = _synthetic_texts(phrases, modifiers, 2000, seed=8)
    texts = [text + rng.choice(["", "", " „х“", " қ", " €"]) for text in texts]
    held = 0
    for text in texts:
        assert paged.scan(text) == plain.scan(text), text
        try:
            text.encode("cp1251")
        except UnicodeEncodeError:
            continue
        held += 1
    assert 500 < held < len(texts)  # many are read in the code page, and not all
    # by hand: a phrase of the page and the one it lacks, in a text it cannot hold and in one it can
    assert paged.spans("призовава; қабылдайды х") == [("призовава", 0, 9), ("қабылдайды", 11, 21)]
    assert paged.spans("х призовава") == [("призовава", 2, 11)]
    # keys the page cannot hold never match in it ("а" is a word, and a letter of "қабылдайды"): the
    # text below is read by the automaton alone, so it is told to have no quotation mark
    assert paged.scan("а призовава х") == ([("призовава", 2, 11)], True)


def test_code_page_map():
    """The map of a code page's single bytes, and a byte no text encodes to: cp1251 leaves only 0x98
    undefined; none for a page Python does not know or one that defines every byte (latin-1); for a
    multi-byte codec only its single bytes count (UTF-8: ASCII)."""
    page, never = code_page_map("cp1251")
    assert never == b"\x98"
    assert codecs.charmap_encode("призовава „х“", "strict", page)[0] == "призовава „х“".encode("cp1251")
    assert code_page_map("no-such-page") is None and code_page_map("latin-1") is None
    # codecs Python knows that are no text encodings, or that decode nothing: no map, no error
    assert all(code_page_map(name) is None for name in ("rot13", "hex", "base64", "undefined"))
    assert PhraseIndex(PHRASES, MODIFIERS, code_page="rot13").spans("calls on x") == [("calls on", 0, 8)]
    assert code_page_map(None) is None
    ascii_only, never = code_page_map("utf-8")
    assert never == b"\x80" and codecs.charmap_encode("calls on", "strict", ascii_only)[0] == b"calls on"
    with pytest.raises(UnicodeEncodeError):
        codecs.charmap_encode("calls é", "strict", ascii_only)
    index = PhraseIndex(PHRASES, MODIFIERS, code_page="utf-8")
    assert index.spans("calls on é, urges x") == [("calls on", 0, 8), ("urges", 12, 17)]
    assert index.spans("calls on x, urges x") == [("calls on", 0, 8), ("urges", 12, 17)]


def _no_regex(folded, found, start, until):
    raise AssertionError(f"the regex read {folded!r} from {start}")


def test_key_scan_by_hand():
    """Where the automaton can tell, it alone finds the phrases; where not, the regex reads on
    (expected values read off the synthetic texts by hand)."""
    index = PhraseIndex(PHRASES, MODIFIERS)
    # whole words, no modifier after first words: "calls on" 0-8, "urges" 12-17, "notes" 24-29
    assert index._keys.scan("calls on x; urges y and notes", _no_regex)[0] == [
        ("calls on", 0, 8), ("urges", 12, 17), ("notes", 24, 29)]
    # "calls on" inside "recalls on" is no phrase; "calls onward": the shorter "calls" (0-5)
    assert index._keys.scan("recalls on x", _no_regex)[0] == []
    assert index._keys.scan("calls onward", _no_regex)[0] == [("calls", 0, 5)]
    # a modifier after first words ("calls strongly on"): the regex reads on, "calls" with the
    # modifier is no phrase, so "calls" 0-5; a modifier with no first words before it is no marker
    assert index.spans("calls strongly for x") == [("calls", 0, 5)]
    assert index._keys.scan("strongly, urges x", _no_regex)[0] == [("urges", 10, 15)]
    # a line break between the words of a phrase, and a lone surrogate (UTF-8 cannot hold it):
    # the regex reads the whole text: "calls on" 0-8; "urges" 2-7
    assert index.spans("calls\non x") == [("calls on", 0, 8)]
    assert index.spans("\ud800 urges x") == [("urges", 2, 7)]
    # a modifier ("once again") over the first word of a phrase ("again on the"): the regex reads
    # on from before it and finds the phrase, 5 to 17
    with_again = PhraseIndex(PHRASES + ["again on the"], MODIFIERS)
    assert with_again.spans("once again on the x") == [("again on the", 5, 17)]


# Found by an adversarial review (#12), each minimised: phrases, modifiers, a synthetic text, and the
# phrases the plain alternation finds there, read off the text by hand.
REVIEWED = [
    # "in" is a modifier and the stem of "in*": "inx" is a modifier inside "calls ... on"
    (["calls on"], ["in", "in*"], "calls inx on", [("calls on", 0, 12)]),
    # "again" (no whole word here) over the shorter probe "ag" of "ag*", which "againx" is
    (["calls on"], ["again", "ag*"], "calls againx on", [("calls on", 0, 15)]),
    # "once again" (no whole word: "against") over the shorter modifier "once"
    (["calls against"], ["once", "once again"], "calls once against", [("calls against", 0, 18)]),
    # a phrase that starts after the hyphen inside a modifier
    (["b c"], ["a-b"], "a-b c", [("b c", 2, 5)]),
    # a phrase that starts with a mark, inside a longer phrase that is no whole word
    (["calls -urges", "-urges"], [], "recalls -urges", [("-urges", 8, 14)]),
    # a phrase inside a longer one that is no whole word, before the first words of a marker
    (["a", "b a b c"], ["c"], "xb a b c", [("a", 3, 4)]),
    # first words that end in a colon, then a phrase that begins with a modifier
    (["calls: on", "again on"], ["again"], "calls: again on", [("calls: on", 0, 15)]),
    # a phrase that begins with a mark right after one that ends with one
    (["x.", "(calls on"], ["again"], "x.(calls again on", [("x.", 0, 2), ("(calls on", 2, 17)]),
    (["-a", "a'"], [], "a'-a\n", [("a'", 0, 2), ("-a", 2, 4)]),
    # a marker that reads as a phrase ending in a comma, where no word end follows it
    (["calls again,", "calls"], ["again"], "calls again,x", [("calls", 0, 5)]),
    # a wildcard modifier that could take a phrase's word ("ag*" and "again")
    (["calls again", "calls on"], ["ag*"], "calls again on", [("calls again", 0, 11)]),
]


@pytest.mark.parametrize("phrases, modifiers, text, expected", REVIEWED)
def test_reviewed_edge_cases(phrases, modifiers, text, expected):
    fast, plain = PhraseIndex(phrases, modifiers), PhraseIndex(phrases, modifiers, prefilter=False)
    assert plain.spans(text) == expected
    assert fast.spans(text) == expected


def test_an_index_is_freed_without_the_cycle_collector():
    """The automaton calls back into the regex reader, which holds nothing of the index: no reference
    cycle, so an index (a matcher built for one call, say) goes as soon as it is dropped (#12)."""
    import gc
    import weakref

    collecting = gc.isenabled()
    gc.disable()
    try:
        index = PhraseIndex(["calls on", "calls"], ["strongly"])
        assert index.spans("calls strongly on x") == [("calls on", 0, 17)]  # by hand: the modifier inside
        gone = weakref.ref(index)
        del index
        assert gone() is None
    finally:
        if collecting:
            gc.enable()


@pytest.mark.parametrize("language, unit", [
    ("en", "calls once again on x; "), ("en", "calls, in particular, on z; "), ("en", "strongly urges y and "),
    ("en", "„calls on x“ "), ("bg", "призовава отново Комисията; "), ("de", "fordert die Kommission erneut auf, x; ")])
def test_a_long_text_read_a_stretch_at_a_time_gives_the_plain_alternations_phrases(language, unit):
    """A text far longer than a stretch (#12), with a place the regex reads in every clause (a modifier inside
    a phrase) or none: read a stretch at a time, going on after each such place, the same phrases as the plain
    alternation finds; by hand, one for each repetition of the synthetic clause."""
    matcher = get_matcher(language)
    plain = PhraseIndex(matcher.phrases.phrases, matcher.modifiers, prefilter=False)
    text = fold(unit * 800)
    assert len(text) > 4 * phrase_keys.KeyScan.CHUNK
    found = matcher.phrases.spans(text)
    assert found == plain.spans(text)
    assert len(found) == 800 * len(plain.spans(fold(unit)))
