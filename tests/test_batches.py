"""``classify`` in worker processes (#12): the same tables, warnings, errors and coverage for any
number of workers, batches in file order, and the first batch done in this process so that the
workers inherit its built matchers."""

from __future__ import annotations

import gc
import os
import shutil

import pandas as pd
import pytest

from analysis import collector
from analysis.classify import batches, paragraphs
from analysis.classify.paragraphs import classify_files
from analysis.errors import AnalysisError

from conftest import FIXTURES, RAW_2021, run_cli


def _pid_and(batch: list[int]) -> tuple[int, list[int]]:  # module level: a worker must unpickle it
    return os.getpid(), [2 * item for item in batch]


def test_results_come_in_batch_order_and_the_first_batch_warms_this_process():
    work = [[1, 2], [3], [4, 5], [6], [7]]
    serial = list(batches.run_batches(_pid_and, work, workers=1))
    parallel = list(batches.run_batches(_pid_and, work, workers=2))
    assert [r for _, r in serial] == [r for _, r in parallel] == [[2, 4], [6], [8, 10], [12], [14]]
    assert {pid for pid, _ in serial} == {os.getpid()}
    pids = [pid for pid, _ in parallel]
    if batches._fork_context() is not None:  # forked workers: batch 1 here, the rest in workers
        assert pids[0] == os.getpid() and os.getpid() not in pids[1:]
    else:
        assert os.getpid() not in pids



def _collector(batch: list[int]) -> tuple[int, bool]:  # module level: a worker must unpickle it
    return gc.get_threshold()[0], gc.get_freeze_count() > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_the_batches_run_with_fewer_collections_and_after_the_first_what_exists_is_left_out(workers):
    before = gc.get_threshold(), gc.get_freeze_count()
    seen = list(batches.run_batches(_collector, [[1], [2], [3]], workers=workers))
    fewer = max(before[0][0], collector.COLLECT_AFTER)
    first, later = (fewer, before[1] > 0), (fewer, True)
    if workers == 1 or batches._fork_context() is not None:  # the first batch here, the rest after it
        assert seen == [first, later, later]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before  # undone afterwards
    gc.freeze()  # a caller's own freeze is not undone
    try:
        list(batches.run_batches(_collector, [[1], [2]], workers=1))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

def test_workers_must_be_at_least_one():
    with pytest.raises(ValueError, match="at least 1"):
        batches.run_batches(_pid_and, [[1]], workers=0)
    result = run_cli("classify", str(RAW_2021), "--workers", "0")
    assert result.returncode == 2 and "--workers: expected a whole number of at least 1, not '0'" in result.stderr


def test_default_workers_are_the_usable_cores_at_most_four():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert batches.default_workers() == max(1, min(cores, 4))


@pytest.fixture
def six_files(tmp_path):
    """Two copies of the shipped text, a synthetic English text, a synthetic HTML page, an empty
    file (an error) and the synthetic coverage text."""
    for name in ("a_BG.txt", "b_BG.txt"):
        shutil.copy(RAW_2021, tmp_path / name)
    shutil.copy(FIXTURES / "synthetic_conflict_EN.txt", tmp_path / "c_synthetic_EN.txt")
    shutil.copy(FIXTURES / "synthetic_resolution_EN.html", tmp_path / "d_synthetic_EN.html")
    (tmp_path / "e_BG.txt").write_bytes(b"")
    shutil.copy(FIXTURES / "synthetic_coverage_EN.txt", tmp_path / "f_synthetic_EN.txt")
    return tmp_path


def test_the_command_writes_each_batch_as_it_comes_the_same_csv(six_files, monkeypatch, capsys):
    # The CLI streams the CSV a batch at a time; the bytes are those of the whole table written at
    # once, for one worker or two, and stderr is the same.
    from analysis.cli import main
    from analysis.cli.output import write_frame

    monkeypatch.setattr(paragraphs, "BATCH", 2)
    write_frame(classify_files([six_files], errors=[]), "csv")
    whole = capsys.readouterr().out
    outputs = []
    for workers in ("1", "2"):
        assert main(["classify", str(six_files), "--workers", workers]) == 1  # the empty file: exit 1
        outputs.append(capsys.readouterr())
    assert outputs[0].out == outputs[1].out == whole
    assert whole.count("\ndocument,") == 0 and whole.startswith("document,number,")
    assert outputs[0].err == outputs[1].err and "e_BG.txt: empty file" in outputs[0].err


def test_with_each_the_batches_are_handed_over_not_kept(six_files, monkeypatch):
    monkeypatch.setattr(paragraphs, "BATCH", 2)
    handed: list[pd.DataFrame] = []
    frame = classify_files([six_files], errors=[], each=handed.append)
    assert frame.empty and list(frame.columns) == paragraphs.OUTPUT_COLUMNS
    # batches of two files in file order; the one holding the empty file has one document
    assert [list(part["document"].unique()) for part in handed] == [
        ["a_BG", "b_BG"], ["c_synthetic_EN", "d_synthetic_EN"], ["f_synthetic_EN"]]
    pd.testing.assert_frame_equal(pd.concat(handed, ignore_index=True), classify_files([six_files], errors=[]))
    with pytest.raises(AnalysisError, match="render is used only with each"):
        classify_files([six_files], errors=[], render=len)
    lengths: list[int] = []  # render runs on each batch's table; each gets what it returns
    classify_files([six_files], errors=[], each=lengths.append, render=len)
    assert lengths == [len(part) for part in handed]


def test_any_number_of_workers_gives_the_same_output(six_files, monkeypatch):
    tmp_path = six_files  # three batches of two files (BATCH lowered to 2)
    monkeypatch.setattr(paragraphs, "BATCH", 2)
    outcomes = []
    for workers in (1, 2, 3):
        errors, warnings, coverage = [], [], []
        frame = classify_files([tmp_path], workers=workers, errors=errors, warnings=warnings, coverage=coverage)
        outcomes.append((frame, [str(e) for e in errors], warnings, coverage[0]))
    (frame, errors, warnings, table), *others = outcomes
    assert list(frame["document"].unique()) == ["a_BG", "b_BG", "c_synthetic_EN", "d_synthetic_EN",
                                                "f_synthetic_EN"]
    assert errors == [f"{tmp_path / 'e_BG.txt'}: empty file"]
    assert list(table["document"]) == list(frame["document"].unique())
    for other_frame, other_errors, other_warnings, other_table in others:
        pd.testing.assert_frame_equal(other_frame, frame)
        pd.testing.assert_frame_equal(other_table, table)
        assert other_errors == errors and other_warnings == warnings
    single = classify_files([tmp_path / "a_BG.txt"])  # a batch's rows are those of the file alone
    pd.testing.assert_frame_equal(frame[frame["document"] == "a_BG"].reset_index(drop=True),
                                  single)


def test_split_keeps_file_order_and_shrinks_the_last_batches_of_the_workers(monkeypatch):
    files = [f"f{i:03d}" for i in range(1, 252)]  # 251 names
    monkeypatch.setattr(paragraphs, "BATCH", 100)
    assert [len(b) for b in paragraphs.split(files, 1)] == [100, 100, 51]
    # two workers: the first file alone, then each batch a quarter of the files left (rounded up), at
    # least 10, the rest at the end where fewer than 10 would be left. By hand: 250 left: 63; 187: 47;
    # 140: 35; 105: 27; 78: 20; 58: 15; 43: 11; 32: 8, so 10; 22: 6, so 10; 12: 10 would leave 2, so 12.
    two = paragraphs.split(files, 2)
    assert [len(b) for b in two] == [1, 63, 47, 35, 27, 20, 15, 11, 10, 10, 12]
    assert [name for batch in two for name in batch] == files
    # 100 left: 25; 75: 19; 56: 14; 42: 11; 31: 10; 21: 10; 11: 10 would leave 1, so 11
    assert [len(b) for b in paragraphs.split(files[:101], 2)] == [1, 25, 19, 14, 11, 10, 10, 11]
    # never more than BATCH: 999 left with 2 workers begin with 100s (a quarter of 399 is still 100, of 299 75)
    many = [len(b) for b in paragraphs.split([f"f{i:04d}" for i in range(1000)], 2)]
    assert many[:8] == [1, 100, 100, 100, 100, 100, 100, 100] and many[8:10] == [75, 56] and sum(many) == 1000
    assert paragraphs.split(files[:1], 4) == [files[:1]] and paragraphs.split([], 2) == []
    monkeypatch.setattr(paragraphs, "BATCH", 4)  # below LEAST_BATCH: still never more than BATCH
    assert [len(b) for b in paragraphs.split(files[:20], 2)] == [1, 4, 4, 4, 4, 3]


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_off_while_the_command_is_imported_and_as_it_was_after(monkeypatch, collecting):
    from analysis import cli

    seen = []
    real = cli.build_parser

    def recording(argv=()):
        seen.append(gc.isenabled())
        return real(argv)

    monkeypatch.setattr(cli, "build_parser", recording)
    (gc.enable if collecting else gc.disable)()
    try:
        assert cli.main(["parse", "/nonexistent/synthetic_missing.txt"]) == 2
        assert seen == [False] and gc.isenabled() is collecting and gc.get_freeze_count() == 0
    finally:
        gc.enable()
