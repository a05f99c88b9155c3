"""Writing a table to standard output, the same way for every command."""

from __future__ import annotations

import json
import sys

import pandas as pd


def write_frame(frame: pd.DataFrame, fmt: str) -> None:
    """``frame`` as CSV (``\\n`` line ends) or as an indented JSON list of records."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))


def csv_rows(frame: pd.DataFrame) -> str:
    """The rows of ``frame`` as :func:`write_frame` writes them, without the header line."""
    return frame.to_csv(index=False, header=False, lineterminator="\n")


def csv_header(columns: list[str]) -> str:
    """The header line :func:`write_frame` writes for ``columns``."""
    return pd.DataFrame(columns=columns).to_csv(index=False, lineterminator="\n")
