"""The benchmark's own helpers (no timings here: `make bench` measures, tests do not)."""

from __future__ import annotations

import argparse
import importlib.util
import sys

import pytest

from conftest import REPO, RAW_2021


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_scaled_corpus_is_byte_copies_named_synthetic(bench, tmp_path):
    files = bench.make_corpus(tmp_path, 3)
    assert [f.name for f in files] == [f"synthetic_copy_000{i}_BG.txt" for i in (1, 2, 3)]
    assert all(f.read_bytes() == RAW_2021.read_bytes() for f in files)


def test_naive_finder_counts_whole_words_and_sub_phrases(bench):
    naive = bench.NaiveVerbFinder(["настоятелно призовава", "призовава"])
    text = "настоятелно призовава органите; призоваваме; и призовава съвета"
    # "призоваваме" is another word; the sub-phrase inside "настоятелно призовава" is counted again
    assert naive.find(text) == [(0, "настоятелно призовава"), (12, "призовава"), (47, "призовава")]


def test_csv_rows_are_counted_as_records_not_lines(bench, tmp_path):
    path = tmp_path / "out.csv"
    path.write_text('document,text\nd,"one\nline break"\nd,two\n', encoding="utf-8")
    assert bench.count_csv_rows(path) == 2


@pytest.mark.parametrize("text, expected", [("100,1000", [100, 1000]), ("1_000, 10,10", [10, 1000])])
def test_sizes_are_parsed(bench, text, expected):
    assert bench.parse_sizes(text) == expected


@pytest.mark.parametrize("text", ["", "0", "ten", "-5"])
def test_bad_sizes_are_refused(bench, text):
    with pytest.raises(argparse.ArgumentTypeError):
        bench.parse_sizes(text)


def test_results_file_is_replaced_atomically(bench, tmp_path):
    target = tmp_path / "results.md"
    target.write_text("old\n")
    bench.write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.md"]  # no temporary file left behind
