"""Guard for the performance work (#12): what ``classify`` finds must not change.

The expected digests below were computed ONCE from the code of main at commit 3637150, before
any optimisation of #12 (by running :func:`classify_csv` and :func:`gold_scores` of this file
there and hashing them). They are not derived from the code under test: a speed-up that changes
a single byte of the CSV of the 2021 text, of its phrase/addressee/theme/coverage tables, or any
gold score, fails here. If a change of the lexicons or the classifier alters them ON PURPOSE, the
digests are recomputed and the commit says why.
"""

from __future__ import annotations

import hashlib
import json

from analysis.classify.coverage import coverage_table
from analysis.classify.paragraphs import analyse_paragraphs, operative_paragraphs
from analysis.classify.theme_dictionary import DictionaryClassifier
from analysis.corpus.parser import parse
from analysis.evaluate.scores import score_themes
from analysis.evaluate.themes import gold_units
from analysis.evaluate.verbs import score_verbs
from analysis.resources.annotations import load_verbs_gold

from conftest import RAW_2021, run_cli

#: sha256 of ``python -m analysis classify data/raw/TA-9-2021-0056_BG.txt --format csv`` (stdout).
#: Recomputed once, on purpose, when the paragraph table gained ``position`` and ``text`` (#11): the
#: CSV with those two columns dropped still hashes to the digest of 3637150,
#: 77d901f4ef26dd114c79f09e1941bdf755f11b09f548195238e1c3c869774899, so nothing the classifier finds changed.
#: Recomputed on purpose for the general themes of #14: paragraph 13 gains ``children`` (the bare
#: pattern ``деца`` in a treaty's name, a false positive by codebook B16); with its themes cell put back
#: to "gender;trafficking" the CSV hashes to f3410c10b9012285de74d55533b1ca2d768dd0814ddf8ea1ba415f0ccd3a0bd0,
#: the digest before #14, so nothing else changed.
CLASSIFY_CSV_SHA256 = "29c354552d5d6f82f76bd5a99c958f33ddedb1eaf4198488f1c3f1572cbbc271"
#: sha256 of the phrase, addressee, theme and coverage tables of the 2021 text (CSV, in that order).
#: Recomputed for #14: the theme table's row (13, children) and the coverage table's new ``n_uncovered``
#: column (0: every 2021 paragraph has a theme); without them it hashes to the digest before #14,
#: 366a911dbb437f04caf631bf5d2e0cbf2f52114179ff1c5f5fc2eb25198a8102.
TABLES_SHA256 = "b2a1fa23574914cbbf90af41e0496fad71541f55b7142afb8a154074252215a2"
#: sha256 of the gold scores (verbs; dictionary themes on every gold unit, strict and lenient) as JSON.
#: Recomputed for #14: the dictionary gives ``children`` to recital Л ("деца" in a biographical detail)
#: and paragraph 13 (both false positives; the gold has no code of the four new themes), and the
#: per-theme scores gain rows for armed_conflict, humanitarian, children, international_justice. With
#: the new themes taken out of the predictions and the scores over the 26 old themes it hashes to the
#: digest before #14, 7629e4e049a388acb780963c8200a7fe36bade81ac1b2fb82a20ab8f2f55fff5 (lenient micro-F1
#: 0.8782 -> 0.8726, strict 0.5809 -> 0.5761).
GOLD_SHA256 = "d2c211a326a47cb1937934bb10f6001487d3c678c53ff4414461810bf5cd13eb"


def sha256(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def classify_csv() -> str:
    result = run_cli("classify", str(RAW_2021), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return result.stdout


def tables_csv() -> str:
    paragraphs = operative_paragraphs([parse(RAW_2021)])
    found = analyse_paragraphs(paragraphs)
    coverage = coverage_table(paragraphs, found.paragraphs, phrases=found.phrases)
    return "".join(frame.to_csv(index=False, lineterminator="\n")
                   for frame in (found.phrases, found.addressees, found.themes, coverage))


def gold_scores() -> str:
    paragraphs = operative_paragraphs([parse(RAW_2021)])
    verbs = score_verbs(analyse_paragraphs(paragraphs, themes="none").phrases, load_verbs_gold())
    units = gold_units()
    predicted = DictionaryClassifier().fit().predict(units)
    themes = {}
    for level in ("strict", "lenient"):
        per_theme, summary = score_themes(list(units[f"themes_{level}"]), predicted)
        themes[level] = {"summary": summary, "per_theme": per_theme.to_csv(lineterminator="\n")}
    return json.dumps({"verbs": verbs, "themes": themes, "predicted": predicted}, sort_keys=True, default=str)


def test_classify_csv_of_the_2021_text_is_unchanged():
    assert sha256(classify_csv()) == CLASSIFY_CSV_SHA256


def test_phrase_addressee_theme_and_coverage_tables_are_unchanged():
    assert sha256(tables_csv()) == TABLES_SHA256


def test_gold_scores_are_unchanged():
    assert sha256(gold_scores()) == GOLD_SHA256
