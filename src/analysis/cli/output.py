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


class CsvStream:
    """Tables written to standard output one after the other as one CSV (the header once, before
    the first): what :func:`write_frame` writes of them put together, a batch at a time."""

    def __init__(self) -> None:
        self.rows = 0
        self.started = False

    def __call__(self, frame: pd.DataFrame) -> None:
        sys.stdout.write(frame.to_csv(index=False, header=not self.started, lineterminator="\n"))
        self.started = True
        self.rows += len(frame)
