"""The corpus registry: the seven Kazakhstan resolutions and the helpers over it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.registry import doceo_id_from_reference, document_url, load_registry, tabling_groups, votes


def test_registry_lists_the_seven_resolutions_in_date_order():
    registry = load_registry()
    assert list(registry["year"]) == [2009, 2012, 2013, 2016, 2019, 2021, 2022]
    row = registry[registry["year"] == 2021].iloc[0]
    assert (row["doceo_id"], row["ta_reference"], row["procedure"]) == \
        ("TA-9-2021-0056", "P9_TA(2021)0056", "2021/2544(RSP)")
    assert row["date"] == pd.Timestamp("2021-02-11")
    assert all(doceo_id_from_reference(r) == d for r, d in zip(registry["ta_reference"], registry["doceo_id"]))


def test_registry_matches_the_shared_reference_facts():
    import csv

    from conftest import REPO

    reference = REPO.parent / "shared" / "reference" / "kazakhstan_resolutions.csv"
    if not reference.exists():  # the reference folder sits beside the project checkout, if at all
        pytest.skip("shared/reference is not beside this checkout")
    rows = list(csv.DictReader(reference.open(encoding="utf-8")))
    registry = load_registry()
    for column in ("doceo_id", "ta_reference", "procedure", "joint_motion", "celex", "tabling_groups", "vote"):
        assert list(registry[column]) == [r[column] for r in rows], column


def test_document_url():
    assert document_url("TA-9-2021-0056", "bg") == "https://www.europarl.europa.eu/doceo/document/TA-9-2021-0056_BG.html"


def test_tabling_groups_matrix():
    table = tabling_groups(load_registry())
    assert table.shape[0] == 7
    # PPE, S&D and Verts/ALE tabled all seven joint motions (checked in the reference CSV)
    assert table.loc[:, ["PPE", "S&D", "Verts/ALE"]].sum().tolist() == [7, 7, 7]
    assert table.loc[2009].sum() == 4 and table.loc[2016].sum() == 7
    assert table.loc[2021, "The Left"] == 1 and table.loc[2022, "The Left"] == 0


def test_votes_are_parsed_where_recorded():
    frame = votes(load_registry()).set_index("year")
    assert frame.loc[2022, ["for", "against", "abstentions"]].tolist() == [589, 35, 47]
    assert frame.loc[2013, ["for", "against", "abstentions"]].tolist() == [39, 1, 2]
    assert not frame.loc[2021, "recorded"] and frame["recorded"].sum() == 2
