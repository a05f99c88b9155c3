"""Split verbs (#15): German phrases whose particle closes the clause part after the addressee
("fordert die Kommission auf, …"), written "fordert … auf" in verbs.csv.

The sentences are synthetic, written for this test; the expected concepts are read off
data/lexicons/verbs.csv by hand (the de rows "fordert", "fordert … auf", "fordert … nachdrücklich
auf", "lehnt … ab", "lehnt … entschieden ab") and codebook_verbs §5.11.
"""

from __future__ import annotations

import pytest

from analysis.classify.particles import SplitPhrases
from analysis.classify.verbs import get_matcher


def concepts(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.concept, tuple(a for a, _ in m.addressees)) for m in get_matcher("de").find(text)]


@pytest.mark.parametrize("text, expected", [
    # the particle closes the part after the addressee: calls on, urges
    ("fordert die Kommission auf, die Lage zu beobachten;", [("call_on", ("eu_commission",))]),
    ("fordert die Kommission nachdrücklich auf, die Lage zu beobachten;", [("urge", ("eu_commission",))]),
    ("fordert die Kommission mit Nachdruck auf, die Lage zu beobachten.", [("urge", ("eu_commission",))]),
    # no particle: the head alone, "calls for" (no addressee before a comma: none)
    ("fordert die sofortige Freilassung aller Gefangenen;", [("call_for", ())]),
    # the first part that a particle closes decides: a later "auf die" is a preposition
    ("fordert die Kommission auf, sich auf die Lage zu konzentrieren;", [("call_on", ("eu_commission",))]),
    # the tail is not looked for beyond the clause's semicolon
    ("fordert die Freilassung der Gefangenen; fordert die Kommission auf, zu handeln;",
     [("call_for", ()), ("call_on", ("eu_commission",))]),
    ("lehnt den Vorschlag der Kommission ab;", [("reject", ())]),
    ("lehnt den Vorschlag entschieden ab.", [("firmly_reject", ())]),
    # "lehnt" is no phrase of its own: without its particle nothing is found
    ("lehnt sich an den Vorschlag an;", []),
])
def test_split_verbs_in_german(text, expected):
    assert concepts(text) == expected


def test_longest_tail_wins_at_the_same_place_and_the_first_place_wins():
    split = SplitPhrases(["fordert … auf", "fordert … nachdrücklich auf"])
    assert split.heads == {"fordert"}
    text = "fordert den rat nachdrücklich auf, und auf."
    assert split.resolve(text, "fordert", len("fordert")) == "fordert … nachdrücklich auf"
    text = "fordert den rat auf, nachdrücklich auf."
    assert split.resolve(text, "fordert", len("fordert")) == "fordert … auf"
    assert split.resolve("fordert die freilassung", "fordert", len("fordert")) is None


def test_a_tail_at_the_end_of_the_reach_is_read_on_in_the_text():
    # REACH (250) characters after "lehnt" (ending at 5) end at 255. By hand: with 246 "x", " ab" fills
    # 252-254, so "ab" ends where the reach does; the text goes on with "kommen" or " und", neither of
    # which closes the clause part, so no tail closes it and "lehnt" alone is no phrase.
    filler = "x" * 246
    assert concepts(f"lehnt {filler} abkommen, und") == []
    assert concepts(f"lehnt {filler} ab und") == []
    assert concepts(f"lehnt {filler} ab, und") == [("reject", ())]  # closed by the comma after the reach
    assert concepts(f"lehnt {filler} ab") == [("reject", ())]  # the reach ends with the text
    # "fordert" ends at 7, the reach at 257: "auf" of "aufhebung" is cut there and is no particle
    assert concepts(f"fordert {'x' * 245} aufhebung, und") == [("call_for", ())]
