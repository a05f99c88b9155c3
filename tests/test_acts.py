"""The speech-act table (data/taxonomy/acts.csv): ids, order, labels, colours, scoring, checks."""

from __future__ import annotations

import shutil

import pytest

from analysis.errors import DataError
from analysis.resources import acts
from analysis.resources.lexicon import load_lexicon

from conftest import REPO

HEADER = "act,order,label_en,colour,scored,definition\n"
ROWS = ("directive,1,Directive,#0072B2,true,asks\n"
        "procedural,2,Procedural,#999999,false,instructs itself\n"
        "unclassified,3,Unclassified,#DDDDDD,true,no lexicon phrase\n")


def test_the_seven_acts_of_the_codebook_in_order():
    # codebook_verbs §5.1-5.7
    assert acts.act_ids() == ("directive", "negative_judgement", "positive_judgement", "emphasis",
                              "observation", "support", "procedural")
    assert acts.act_ids(unclassified=True)[-1] == "unclassified"


def test_only_the_forwarding_clause_is_left_out_of_strength_statistics():
    assert acts.unscored_acts() == ("procedural",)  # codebook_verbs §6.4


def test_every_act_and_unclassified_has_a_label_and_a_distinct_colour():
    labels, colours = acts.act_labels(), acts.act_colours()
    assert list(labels) == list(colours) == list(acts.act_ids(unclassified=True))
    assert labels["negative_judgement"] == "Negative judgement" and labels["unclassified"] == "Unclassified"
    assert len(set(colours.values())) == len(colours)


def test_every_lexicon_act_is_in_the_table():
    assert set(load_lexicon().verbs["act"]) <= set(acts.act_ids())


def test_the_table_sorts_by_order_not_by_line(tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text(HEADER + "unclassified,9,Unclassified,#DDDDDD,true,x\n"
                    "procedural,5,Procedural,#999999,false,x\ndirective,2,Directive,#0072B2,true,x\n", encoding="utf-8")
    assert list(acts.load_acts(path)["act"]) == ["directive", "procedural", "unclassified"]


@pytest.mark.parametrize("rows, message", [
    (ROWS + "support,4,Support,blue,true,x\n", r"acts.csv: line 5: colour must be #RRGGBB, got 'blue'"),
    (ROWS + "support,4,Support,#CC79A7,maybe,x\n", r"acts.csv: line 5: scored must be true or false"),
    (ROWS + "directive,4,Directive again,#CC79A7,true,x\n", r"acts.csv: line 5: act 'directive' is listed twice"),
    (ROWS + "support,first,Support,#CC79A7,true,x\n", r"acts.csv: line 5: order must be a whole number"),
    (ROWS + "support,2,Support,#CC79A7,true,x\n", r"acts.csv: line 5: order 2 is given twice"),
    (ROWS + "Support Act,4,Support,#CC79A7,true,x\n", r"acts.csv: line 5: act id must be"),
    (ROWS + "support,4,,#CC79A7,true,x\n", r"acts.csv: line 5: empty label_en"),
    (ROWS.replace("unclassified,3,Unclassified,#DDDDDD,true,no lexicon phrase\n", ""),
     r"acts.csv: the act 'unclassified' is missing"),
])
def test_a_bad_row_names_file_and_line(tmp_path, rows, message):
    path = tmp_path / "acts.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        acts.load_acts(path)


def test_an_edited_label_counts_at_the_next_call(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data" / "taxonomy", tmp_path / "taxonomy")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    path = tmp_path / "taxonomy" / "acts.csv"
    assert acts.act_labels()["support"] == "Support"
    path.write_text(path.read_text(encoding="utf-8").replace(",Support,", ",Solidarity and support,"),
                    encoding="utf-8")
    assert acts.act_labels()["support"] == "Solidarity and support"
