"""The one schema of the report's tables: keys derive from it, a table that departs from it is
never written, Stata's limits hold, and docs/data_dictionary.md is its current rendering."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REPO, run_cli

from analysis.output import fields
from analysis.output.package import data_dictionary
from analysis.output.schema import TABLES
from analysis.output.stata import LABEL_LIMIT, NAME_LIMIT
from analysis.output.tables import TABLE_KEYS, write_tables


def test_table_keys_come_from_the_schema():
    assert TABLE_KEYS["paragraphs"] == ("document", "number")
    assert TABLE_KEYS["addressees"] == ("document", "number", "order", "addressee")
    assert "warnings" not in TABLE_KEYS  # a table with no key


def test_every_key_and_foreign_key_names_described_columns():
    by_name = {spec.name: {f.name for f in spec.fields} for spec in TABLES}
    for spec in TABLES:
        assert set(spec.key) <= by_name[spec.name], spec.name
        for fk in spec.foreign:
            assert set(fk.fields) <= by_name[spec.name] and set(fk.to) <= by_name[fk.table], (spec.name, fk)


def test_stata_names_and_labels_fit_stata():
    for name, columns in fields.resolve(options={"reviewed"}).items():
        for column in columns:
            assert len(column.stata) <= NAME_LIMIT, (name, column.name)
            assert len(column.label) <= LABEL_LIMIT, (name, column.name, column.label)


def test_interval_columns_follow_their_measure_and_get_short_stata_names():
    # A field with interval=True is followed by its two bounds; in Stata the bounds end in _lo/_hi and
    # a name still over 32 characters is shortened (worked out by hand from STATA_ABBREVIATIONS).
    profile = [c.name for c in fields.columns(fields.table("verb_profile"))]
    at = profile.index("strength_mean")
    assert profile[at:at + 3] == ["strength_mean", "strength_mean_ci_low", "strength_mean_ci_high"]
    assert fields.stata_name("strength_mean_ci_low") == "strength_mean_lo"
    assert fields.stata_name("share_negative_judgement_phrases_ci_high") == "share_neg_judgement_phrases_hi"
    assert fields.stata_name("share_directive_unaddressed_ci_low") == "share_directive_unaddressed_lo"
    names = [c.stata for columns in fields.resolve(options={"reviewed"}).values() for c in columns]
    assert all(len(n) <= NAME_LIMIT for n in names)


def test_code_lists_are_read_from_the_data():
    from analysis.resources.taxonomy import theme_ids

    assert fields.code_list("themes") == list(theme_ids())
    assert fields.code_list("acts")[-1] == "unclassified"  # last row of data/taxonomy/acts.csv
    assert "compared" in fields.code_list("statuses")
    # the case's groups (kazakhstan.toml: target kazakh, then eu), then other and unaddressed
    assert fields.code_list("directive_groups") == ["kazakh", "eu", "other", "unaddressed"]


def test_an_undescribed_or_missing_column_is_never_written(tmp_path):
    frame = pd.DataFrame({"document": ["synthetic_a"], "warning": ["x"]})
    with pytest.raises(fields.SchemaError, match="undescribed column.s. extra"):
        write_tables({"warnings": frame.assign(extra=1)}, tmp_path / "t")
    with pytest.raises(fields.SchemaError, match="missing column.s. warning"):
        write_tables({"warnings": frame[["document"]]}, tmp_path / "t")
    with pytest.raises(fields.SchemaError, match="table surprise is not in the schema"):
        write_tables({"surprise": frame}, tmp_path / "t")
    assert not (tmp_path / "t").exists()
    write_tables({"warnings": frame}, tmp_path / "t")
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["warnings.csv", "warnings.dta", "warnings.parquet"]


def test_a_code_outside_its_list_is_never_written(tmp_path):
    themes = pd.DataFrame({"document": ["synthetic_a"], "number": ["1"], "theme": ["no_such_theme"],
                           "theme_label": ["synthetic label"]})
    with pytest.raises(fields.SchemaError, match="'no_such_theme' is not in its code list"):
        write_tables({"themes": themes}, tmp_path / "t")


def test_the_reviewed_column_is_described_only_for_reviewed_runs():
    plain = [c.name for c in fields.resolve()["themes"]]
    reviewed = [c.name for c in fields.resolve(options={"reviewed"})["themes"]]
    assert plain == ["document", "number", "theme", "theme_label"] and reviewed == plain + ["code_source"]


def test_data_dictionary_is_up_to_date():
    committed = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "regenerate it: make dictionary"
    assert "| `number` | string | Paragraph number as printed (1, 12a)." in committed


def test_data_dictionary_command_prints_it():
    result = run_cli("data-dictionary")
    assert result.returncode == 0, result.stderr
    assert result.stdout == data_dictionary()


def test_an_empty_coded_table_still_gets_a_stata_file(tmp_path):
    """pandas cannot value-label a column of no value: an empty table is written with string columns."""
    empty = pd.DataFrame({"document": pd.Series([], dtype=object), "number": pd.Series([], dtype=object),
                          "theme": pd.Series([], dtype=object), "theme_label": pd.Series([], dtype=object)})
    write_tables({"themes": empty}, tmp_path / "t")
    back = pd.read_stata(tmp_path / "t" / "themes.dta")
    assert list(back.columns) == ["document", "number", "theme", "theme_label"] and back.empty


def test_a_table_description_longer_than_a_stata_label_is_cut_after_a_whole_word(tmp_path):
    # The units table's description runs past Stata's 80 characters; it was cut in the middle of a word
    # ("... adop"). It is cut after the last whole word that leaves room for "...".
    from analysis.output.fields import table

    description = table("units").description
    assert len(description) > 80
    from analysis.output.fields import resolve

    units = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in resolve()["units"]})
    write_tables({"units": units}, tmp_path / "t")
    with pd.io.stata.StataReader(tmp_path / "t" / "units.dta") as reader:
        label = reader.data_label
    assert label.endswith("...") and len(label) <= 80
    kept = label.removesuffix("...")
    assert description.startswith(kept) and description[len(kept)] in " ,;:"


def test_object_columns_get_their_schema_type_in_parquet_and_a_value_that_fits_none_is_one_error(tmp_path):
    # Columns pandas holds as objects (a None among booleans, NaN among counts): each value of its type,
    # a missing one missing (it was the text "nan" before its type was given, and Arrow refused it as a
    # boolean: the whole report failed). A count of 2.5 fits no integer column: one SchemaError naming it.
    import pyarrow.parquet as pq

    from analysis.output.fields import SchemaError, resolve

    columns = [c.name for c in resolve()["coverage"]]
    row = {"document": "synthetic_EN", "language": "en", "n_paragraphs": 3, "n_head_verb": 2,
           "share_head_verb": 2 / 3, "n_theme": None, "share_theme": float("nan"), "n_uncovered": 1,
           "unknown_openings": 7, "unknown_after_connective": "", "below_threshold": True}
    other = {**row, "document": "synthetic_BG", "language": "bg", "n_theme": 3, "below_threshold": float("nan")}
    frame = pd.DataFrame([row, other], columns=columns).astype(object)
    write_tables({"coverage": frame}, tmp_path / "t")
    back = pq.read_table(tmp_path / "t" / "coverage.parquet").to_pydict()
    assert back["below_threshold"] == [True, None] and back["n_theme"] == [None, 3]
    assert back["n_paragraphs"] == [3, 3] and back["unknown_openings"] == ["7", "7"]
    assert back["share_theme"] == [None, None]
    stata = pd.read_stata(tmp_path / "t" / "coverage.dta")  # Stata's missing value, not an error
    assert stata["below_threshold"].tolist()[0] == 1 and pd.isna(stata["below_threshold"].tolist()[1])
    frame.loc[1, "n_uncovered"] = 2.5
    with pytest.raises(SchemaError, match=r"^table coverage: a value does not fit its column's type in the schema "):
        write_tables({"coverage": frame}, tmp_path / "u")
