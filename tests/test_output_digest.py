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
CLASSIFY_CSV_SHA256 = "f3410c10b9012285de74d55533b1ca2d768dd0814ddf8ea1ba415f0ccd3a0bd0"
#: sha256 of the phrase, addressee, theme and coverage tables of the 2021 text (CSV, in that order).
TABLES_SHA256 = "366a911dbb437f04caf631bf5d2e0cbf2f52114179ff1c5f5fc2eb25198a8102"
#: sha256 of the gold scores (verbs; dictionary themes on every gold unit, strict and lenient) as JSON.
GOLD_SHA256 = "7629e4e049a388acb780963c8200a7fe36bade81ac1b2fb82a20ab8f2f55fff5"


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
