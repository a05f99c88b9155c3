"""Shared test helpers: paths to the shipped data and fixtures, and running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
RAW_2021 = REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt"

sys.path.insert(0, str(TESTS))


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` in a subprocess and capture its output."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or REPO, timeout=300)


def copy_with_records(texts: list[Path], folder: Path) -> Path:
    """Copy synthetic ``texts`` into ``folder`` with a provenance record each, as ``fetch`` would write
    it (the report compares only recorded files); return ``folder``. Only for synthetic texts."""
    from analysis.corpus import provenance

    folder.mkdir(parents=True, exist_ok=True)
    for path in texts:
        assert "synthetic" in path.name, path  # never a real text
        target = folder / path.name
        target.write_bytes(path.read_bytes())
        provenance.write_record(target, {"sha256": provenance.sha256_file(target), "obtained": "SYNTHETIC test text"})
    return folder


@pytest.fixture
def raw_2021() -> Path:
    return RAW_2021
