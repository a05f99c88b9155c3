"""The cross-language check (issue #15): synthetic parallel versions of one urgency resolution.

The versions are built from the formulae of tests/fixtures/synthetic_languages (see
test_synthetic_languages.py): the same six paragraphs (urge, call on, condemn, welcome, express
concern, instruct to forward) in each language, so every paragraph agrees by construction. The
planted disagreement replaces the English "Welcomes" of paragraph 4 by "Condemns": worked out by
hand, paragraph 4 then differs in concept (condemn, not welcome), act (negative_judgement, not
positive_judgement) and head strength (4.0, not 0.6), with one phrase on each side; the other five
agree, so the agreement rate against Bulgarian is 5/6 for English and 6/6 for the others.
"""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.compare.crosscheck import crosscheck
from analysis.corpus.parser import parse_text
from analysis.errors import InputError

from test_synthetic_languages import synthetic_text

LANGUAGES = ("bg", "en", "fr", "it", "pl")


def versions(planted: bool = False):
    texts = {code: synthetic_text(code, "urgency") for code in LANGUAGES}
    if planted:
        texts["en"] = texts["en"].replace("4.  Welcomes", "4.  Condemns")
    return texts


def test_parallel_versions_agree_in_full():
    result = crosscheck([parse_text(text, name=f"synthetic_urgency_{code.upper()}")
                         for code, text in versions().items()])
    assert result.reference == "bg" and result.agreement == 1.0
    assert len(result.paragraphs) == 6 * 4 and result.disagreements().empty
    assert result.summary["same_paragraphs"].all() and list(result.summary["n_agree"]) == [6, 6, 6, 6]


def test_planted_disagreement_is_flagged_by_paragraph_and_phrase():
    result = crosscheck([parse_text(text, name=f"synthetic_urgency_{code.upper()}")
                         for code, text in versions(planted=True).items()])
    wrong = result.disagreements()
    assert len(wrong) == 1
    row = wrong.iloc[0]
    assert (row["number"], row["language"], row["reference_language"]) == ("4", "en", "bg")
    assert (row["concepts"], row["reference_concepts"]) == ("condemn", "welcome")
    assert (row["acts"], row["reference_acts"]) == ("negative_judgement", "positive_judgement")
    assert (row["head_strength"], row["reference_head_strength"]) == (4.0, 0.6)
    assert row["same_phrases"] and not (row["same_concepts"] or row["same_acts"] or row["same_strength"])
    assert (row["head_phrase"], row["reference_head_phrase"]) == ("Condemns", "Приветства")
    assert result.agreement == pytest.approx(23 / 24)
    english = result.summary.set_index("language").loc["en"]
    assert (english["n_agree"], english["agreement"]) == (5, pytest.approx(5 / 6))


def test_a_head_no_lexicon_phrase_opens_is_shown_by_its_opening_words_not_by_a_later_phrase():
    # English paragraph 4 opens with words of no lexicon phrase and welcomes only after them: its head is
    # unknown (no strength), so the head phrase shown is its opening, not the later "welcomes".
    texts = versions()
    texts["en"] = texts["en"].replace("4.  Welcomes", "4.  Is delighted and welcomes")
    result = crosscheck([parse_text(texts[code], name=f"synthetic_urgency_{code.upper()}") for code in ("bg", "en")])
    row = result.paragraphs.set_index("number").loc["4"]
    assert (row["head_phrase"], row["concepts"]) == ("is delighted and", "welcome")
    assert row["head_strength"] != row["head_strength"]  # NaN: no head strength


def test_versions_of_different_resolutions_or_a_single_version_are_refused():
    bg = parse_text(versions()["bg"], name="synthetic_urgency_BG")
    other = parse_text(versions()["en"].replace("P9_TA(2098)0011", "P9_TA(2098)0012"), name="synthetic_urgency_EN")
    with pytest.raises(InputError, match="different resolutions"):
        crosscheck([bg, other])
    with pytest.raises(InputError, match="two or more"):
        crosscheck([bg])


def test_cli_prints_the_disagreements_and_warns_below_the_threshold(tmp_path, capsys):
    for code, text in versions(planted=True).items():
        (tmp_path / f"synthetic_urgency_{code.upper()}.txt").write_text(text, encoding="utf-8")
    status = main(["crosscheck", str(tmp_path), "--reference", "bg", "--disagreements"])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.count("\n") == 2 and "Condemns" in out and "Приветства" in out  # header + one row
    assert "23 of 24 aligned paragraph(s) agree (96%)" in err and "warning" not in err  # 0.96 >= 0.9
    status = main(["crosscheck", str(tmp_path / "synthetic_urgency_BG.txt"), str(tmp_path / "synthetic_urgency_EN.txt")])
    err = capsys.readouterr().err
    assert status == 0 and "5 of 6" in err and "below 90%" in err  # 0.83 < 0.9


def test_agreement_counts_the_aligned_paragraphs_that_agree():
    import math

    import pandas as pd

    from analysis.compare.crosscheck import agreement, agreement_note

    table = pd.DataFrame({"document": ["d", "d", "d", "d"], "language": ["en", "en", "fr", "fr"],
                          "agree": [True, False, True, True]})
    assert agreement(table) == (3, 4, 0.75)  # three True of four rows, counted by hand
    headline, warning = agreement_note(table, threshold=0.8)
    assert headline.startswith("3 of 4 aligned") and "75%" in warning
    assert agreement_note(table, threshold=0.75)[1] == ""  # at the threshold: no warning
    agree, n, rate = agreement(table.iloc[:0])
    assert (agree, n) == (0, 0) and math.isnan(rate)
    assert agreement_note(table.iloc[:0], threshold=0.8) == ("no aligned paragraph", "")  # nothing to warn of
