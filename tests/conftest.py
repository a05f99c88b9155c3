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


@pytest.fixture
def raw_2021() -> Path:
    return RAW_2021
