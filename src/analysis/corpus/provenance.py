"""Provenance records: one JSON file beside every raw document (``<file>.provenance.json``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from analysis import atomic
from analysis.errors import DataError

SUFFIX = ".provenance.json"
REUSE_NOTICE = (
    "© European Union - Source: European Parliament; reproduction is authorised "
    "provided the source is acknowledged."
)


def sha256_file(path: Path, chunk: int = 1 << 16) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def record_path(document: Path) -> Path:
    """Where the provenance record of ``document`` lives."""
    return document.with_name(document.name + SUFFIX)


def read_record(document: Path) -> dict[str, Any] | None:
    """The provenance record of ``document``, or ``None`` if it has none."""
    path = record_path(document)
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: unreadable provenance record ({exc})") from exc


def write_record(document: Path, record: dict[str, Any]) -> None:
    """Atomically write the provenance record of ``document`` (sorted keys, UTF-8)."""
    text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic.write_text(record_path(document), text)


def verify(document: Path) -> bool | None:
    """``True`` if ``document`` matches its recorded SHA-256, ``False`` if not, ``None`` if unrecorded."""
    record = read_record(document)
    if record is None or "sha256" not in record:
        return None
    return sha256_file(document) == record["sha256"]
