"""The gap search (analysis.classify.gaps) against a straightforward reference (#12).

``gap_rows`` skips most connectives with a cheap test and takes the phrases' starts and ends as
plain lists; ``_reference_rows`` below is the search as first written (every connective, every
test in turn, ``any`` over the found phrases): both must give the same rows, on the shipped text,
the synthetic fixtures and synthetic paragraphs written for the edge cases (invented wording).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import FIXTURES, RAW_2021

from analysis.classify.clauses import opening_words
from analysis.classify.gaps import AFTER_CONNECTIVE, OPENING, _Chains, gap_rows
from analysis.classify.paragraphs import analyse_paragraphs, operative_paragraphs
from analysis.classify.verbs import get_matcher
from analysis.corpus.documents import load_documents
from analysis.resources import languages
from analysis.resources.text import fold
from analysis.resources.wildcard import trie_regex

EDGES = {
    "bg": ["приветства решението и възхвалява усилията на защитниците;",
           "приветства решението и настоятелно възхвалява усилията; и отново възхвалява това",
           "приветства решението и настоятелно призовава органите да действат;",
           "призовава органите да освободят задържаните и възхвалява усилията им;",
           "осъжда „арестите и възхвалява“ и възхвалява, обаче, смелостта им",
           "приветства решението и Възхвалява усилията; възхвалява усилията и и възхвалява ги",
           "настоятелно приветства решението, както и възхвалява усилията, и също така отбелязва това;",
           "решението и възхвалява усилията; изразява загриженост и възхвалява",
           "приветства решението и\tвъзхвалява усилията,\u2003и\u2003възхвалява смелостта;",
           "приветства решението; изразява загриженост и възхвалява усилията им;",
           "приветства решението;(призовава органите да действат)",
           "приветства решението и още веднъж възхвалява усилията;",
           "приветства решението и освен това възхвалява усилията;",
           "приветства решението и, още веднъж, възхвалява усилията; възхвалява, и, обаче възхвалява ги",
           "приветства решението и,\tоще веднъж възхвалява усилията;",
           "призовава Комисията: а) да действа; б) да докладва; – да наблюдава; (iv) да следи; В) отбелязва това"],
    "en": ["Welcomes the release and salutes the courage of the defenders;",
           "Welcomes the report entitled “Reforms and salutes to the future”;",
           "Welcomes the release and firmly, salutes the courage; and also salutes them",
           "Welcomes the release as well as salutes the courage and further salutes them; takes the view",
           "Welcomes the release and strongly condemns the arrests and Salutes them;",
           "Welcomes the release and once again salutes the courage;",
           "Welcomes the release and, once again, salutes the courage and ,salutes them",
           "Welcomes the release and,salutes the courage and, strongly condemns the arrests;",
           "Calls on the Commission: (a) to act; (b) to report; – to monitor; • to follow; (C) salutes them"],
}


def _reference_rows(paragraphs: pd.DataFrame, words: int) -> pd.DataFrame:
    """Every gap, found the straightforward way."""
    rows = []
    for document, number, text, language in paragraphs[["document", "number", "text", "language"]].itertuples(
            index=False):
        chain = _Chains(get_matcher(language), language)
        matcher, found, folded = chain.matcher, get_matcher(language).find(text), fold(text)
        gaps, offset = [], 0
        for clause in folded.split(";"):
            position = offset + len(clause) - len(clause.lstrip())
            offset += len(clause) + 1
            marker = re.match(r"\(?([^\W\d_]{1,4})\)\s|[–—‒•-]\s", text[position:])
            if marker and (marker.group(1) is None or marker.group(1).islower()):
                continue  # a sub-point ("(b) to report", "– to monitor"): its letters in lower case
            if clause.strip() and not any(matcher.opens(folded, position, item.start) for item in found):
                gaps.append((OPENING, position, clause.strip()))
        profile = languages.get_profile(language)
        connectives = profile.connectives
        complement = profile.complement if profile.finite_complement else ()  # the words, from the profile
        for connective in re.finditer(rf"(?<![\w-])(?:{trie_regex(connectives)}),?\s+(?=\w)", folded):
            start = connective.end()
            before = [item for item in found if item.end <= connective.start()]
            if not before or ";" in folded[before[-1].end:start]:
                continue
            if any(matcher.opens(folded, start, item.start) for item in found if item.start >= start):
                continue
            if complement and any(f" {c} " in f" {folded[before[-1].end:connective.start()]} "
                                  for c in complement):
                continue
            word = chain._verb(folded, start)
            if word is None or not text[word.start()].islower() or matcher.clauses.inside_quotes(folded, start):
                continue
            if any(kind == AFTER_CONNECTIVE and position == word.start() for kind, position, _ in gaps):
                continue  # each word once
            clause = folded[word.start():].split(";")[0].strip()
            if len(clause.split()) > 1:
                gaps.append((AFTER_CONNECTIVE, word.start(), clause))
        gaps.sort(key=lambda gap: gap[1])
        rows += [(language, opening_words(clause, words), position, document, number, clause[:100])
                 for position, _, clause in gaps]
    return pd.DataFrame(rows, columns=["language", "phrase", "position", "document", "number", "example"])


@pytest.fixture(scope="module")
def paragraphs() -> pd.DataFrame:
    files = [RAW_2021, FIXTURES / "synthetic_coverage_EN.txt", *sorted((FIXTURES / "synthetic_corpus").glob("*.txt"))]
    edges = pd.DataFrame([{"document": f"synthetic_edges_{language}", "number": str(i), "language": language,
                           "text": text} for language, texts in EDGES.items() for i, text in enumerate(texts, 1)])
    return pd.concat([operative_paragraphs(load_documents(files)), edges], ignore_index=True)


def test_the_gap_search_finds_what_the_straightforward_one_finds(paragraphs):
    reference = _reference_rows(paragraphs, words=3)
    # The edge paragraphs, by hand. After a connective: bg §1; §2 past the modifier "настоятелно" (its
    # second clause has no known verb before "и отново"); §5 the second "възхвалява" (the first is in
    # quotation marks); §7 after "както и" ("и също така отбелязва" opens with a known verb); en §1; §3
    # past "firmly,"; §4 after "as well as" and after "and further"; bg §9 both, after a tab and after an
    # em space (no quick test there); §10 (the known verb before it is the second clause's, not the
    # first's); bg §12 and en §6 past a modifier of two words ("още веднъж", "once again"); bg §13 once,
    # though both "и" (past the modifier "освен това") and the connective "освен това" reach it; bg §14's
    # first clause and en §7's first "salutes", after a comma right after the connective and past a
    # modifier in commas ("и, още веднъж,", "and, once again,"); bg §15 the same after a tab (no quick
    # test). Not listed: bg §3 (a known verb after the modifier), §4 (inside the "да"-complement),
    # §6 (capitalised; no known verb in its second clause), §8's last (nothing follows it), §14's last
    # (no known verb in its clause); en §2 (quoted), §5 (capitalised), §7's last and §8's first (a comma
    # with no space after the connective, or one before the word), §8's last (a known phrase after
    # "and,"); bg §16 and en §9 the sub-points ("а) да действа", "(b) to report", "– to monitor", "• to
    # follow", "(iv) да следи": the addressee's, not openings), but not "В)" and "(C)", in capitals. Openings no known
    # phrase opens: bg §2's, §6's and §8's "; ..." or first clause, §11's "(призовава" (a mark before
    # the verb), en §3's "and also ..." and §4's.
    edges = reference[reference["document"].str.startswith("synthetic_edges")]
    assert edges[["language", "number", "position", "phrase"]].values.tolist() == [
        ["bg", "1", AFTER_CONNECTIVE, "възхвалява усилията на"],
        ["bg", "2", AFTER_CONNECTIVE, "възхвалява усилията"], ["bg", "2", OPENING, "и отново възхвалява"],
        ["bg", "5", AFTER_CONNECTIVE, "възхвалява обаче смелостта"], ["bg", "6", OPENING, "възхвалява усилията и"],
        ["bg", "7", AFTER_CONNECTIVE, "възхвалява усилията и"], ["bg", "8", OPENING, "решението и възхвалява"],
        ["bg", "9", AFTER_CONNECTIVE, "възхвалява усилията и"], ["bg", "9", AFTER_CONNECTIVE, "възхвалява смелостта"],
        ["bg", "10", AFTER_CONNECTIVE, "възхвалява усилията им"], ["bg", "11", OPENING, "призовава органите да"],
        ["bg", "12", AFTER_CONNECTIVE, "възхвалява усилията"], ["bg", "13", AFTER_CONNECTIVE, "възхвалява усилията"],
        ["bg", "14", AFTER_CONNECTIVE, "възхвалява усилията"], ["bg", "14", OPENING, "възхвалява и обаче"],
        ["bg", "15", AFTER_CONNECTIVE, "възхвалява усилията"], ["bg", "16", OPENING, "в отбелязва това"],
        ["en", "1", AFTER_CONNECTIVE, "salutes the courage"],
        ["en", "3", AFTER_CONNECTIVE, "salutes the courage"], ["en", "3", OPENING, "and also salutes"],
        ["en", "4", AFTER_CONNECTIVE, "salutes the courage"], ["en", "4", AFTER_CONNECTIVE, "salutes them"],
        ["en", "4", OPENING, "takes the view"], ["en", "6", AFTER_CONNECTIVE, "salutes the courage"],
        ["en", "7", AFTER_CONNECTIVE, "salutes the courage"], ["en", "9", OPENING, "c salutes them"]]
    pd.testing.assert_frame_equal(gap_rows(paragraphs, words=3), reference)
    found = analyse_paragraphs(paragraphs)
    pd.testing.assert_frame_equal(gap_rows(paragraphs, words=3, phrases=found.phrases), reference)
    # The phrase table need not hold a paragraph's rows together: only their order within it counts.
    scattered = found.phrases.sort_values("order", kind="stable")
    assert not scattered.index.equals(found.phrases.index)
    pd.testing.assert_frame_equal(gap_rows(paragraphs, words=3, phrases=scattered), reference)
