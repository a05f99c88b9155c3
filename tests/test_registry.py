"""The corpus registry: the seven Kazakhstan resolutions and the helpers over it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.ids import doceo_id_from_reference
from analysis.corpus.registry import REQUIRED, load_registry, tabling_groups, votes
from analysis.errors import DataError


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


GOOD_ROW = "2099,2099-02-05,TA-9-2099-0003,P9_TA(2099)0003,2099/9003(RSP),RC-B9-0003/2099,SYNTHETIC"


@pytest.mark.parametrize("row, message", [
    ("20x9,2099-02-05,TA-9-2099-0003,P9_TA(2099)0003,x,x,SYNTHETIC", "line 3: year '20x9' is not a year"),
    ("2099,2099-02-30,TA-9-2099-0003,P9_TA(2099)0003,x,x,SYNTHETIC", "line 3: date '2099-02-30' is not a YYYY-MM-DD"),
    ("2099,05.02.2099,TA-9-2099-0003,P9_TA(2099)0003,x,x,SYNTHETIC", "line 3: date '05.02.2099'"),
    ("2099,2099-02-05,P9_TA(2099)0003,P9_TA(2099)0003,x,x,SYNTHETIC", "line 3: doceo_id 'P9_TA(2099)0003' is not"),
    ("2099,2099-02-05,TA-9-2099-0003,x,x,x,SYNTHETIC,extra", "line 3: more fields than columns"),
])
def test_malformed_registry_row_is_a_data_error_naming_its_line(tmp_path, row, message):
    path = tmp_path / "registry.csv"
    path.write_text("\n".join([",".join(REQUIRED), GOOD_ROW, row]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="^" + re.escape(f"{path}: {message}")):
        load_registry(path)


def test_registry_without_a_required_column_is_a_data_error(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("year,date\n2099,2099-02-05\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column.*doceo_id"):
        load_registry(path)
    with pytest.raises(DataError, match="registry file not found"):
        load_registry(tmp_path / "nowhere.csv")


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
