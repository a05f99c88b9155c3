"""Files are written whole or not at all, with the permissions an ordinary file gets."""

from __future__ import annotations

import os
import stat

import pytest

from analysis import atomic


def test_written_file_has_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "table.csv", "a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "table.csv").stat().st_mode) == 0o644  # not mkstemp's 0600


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with atomic.atomic_open(target, "w") as handle:
            handle.write("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_stale_temporary_files_of_an_interrupted_run_are_removed(tmp_path):
    """What ``kill -9`` leaves mid-write (a hidden .part file) goes at the start of the next run;
    other hidden files and the documents stay."""
    stale = tmp_path / ".TA-9-2099-0001_EN.html.k3j_x.part"
    stale.write_bytes(b"<html>half")
    keep = [tmp_path / "TA-9-2099-0001_EN.html", tmp_path / ".gitkeep", tmp_path / "notes.part"]
    for path in keep:
        path.write_text("x")
    assert atomic.remove_stale_parts(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in keep)
    assert atomic.remove_stale_parts(tmp_path / "absent") == []
