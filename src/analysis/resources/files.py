"""The one loader of the project's data files (CSV and TOML) and the one cache of what they hold.

Every data file a researcher edits (lexicons, taxonomy, annotations, registry, cases, language
profiles) is read here: UTF-8, the columns it must have checked, values stripped, and every
problem a :class:`~analysis.errors.DataError` that names the file (and the line, where there is
one). Loaders built on it are cached on the files' identity (path, modification time and size),
so a file edited while a notebook runs is read again at the next call, and an unchanged one is
not.
"""

from __future__ import annotations

import csv
import functools
import os
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from analysis import lazy
from analysis.errors import DataError

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

T = TypeVar("T")
FileKey = tuple[str, int, int, int, int]

#: The column :func:`read_table` adds: the line of the file each row came from (header = line 1).
LINE = "line"


def file_key(path: str | Path) -> FileKey:
    """``(path, mtime in ns, size, inode, ctime in ns)``: changes whenever the file is edited or
    replaced; ``-1`` for a missing file. The modification time alone is not enough: a copy that keeps
    it (``cp -p``, ``rsync -t``, unzipping) can put a file of the same size in place with the old time,
    but it cannot set the status-change time, and a file moved into place has another inode."""
    try:
        stat = os.stat(path)  # not Path.stat: this runs for every document parsed
    except OSError:
        return (str(path), -1, -1, -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


def cached_on_files(maxsize: int = 16) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a loader ``load(*paths)`` on the identity of the files it is given (see :func:`file_key`).

    The cached result is shared between callers: treat it as read-only (copy before changing).
    ``wrapper.cache_clear()`` empties the cache.
    """
    def decorate(load: Callable[..., T]) -> Callable[..., T]:
        @functools.lru_cache(maxsize=maxsize)
        def by_key(keys: tuple[FileKey, ...]) -> T:
            return load(*(Path(key[0]) for key in keys))

        @functools.wraps(load)
        def wrapper(*paths: str | Path) -> T:
            return by_key(tuple(map(file_key, paths)))

        wrapper.cache_clear = by_key.cache_clear  # type: ignore[attr-defined]
        return wrapper

    return decorate


def read_table(path: str | Path, required: Sequence[str] = (), what: str = "data file") -> pd.DataFrame:
    """A UTF-8 CSV data file (with or without a byte-order mark) as a frame of stripped strings, with the file line of each row in ``line``.

    Missing file, unreadable bytes, a missing required column or a row with more fields than the
    header are :class:`~analysis.errors.DataError` naming the file (and line). Empty cells are ``""``.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:  # -sig: a BOM (Excel) is skipped
            reader = csv.reader(handle)  # rows as lists, not dicts (#12: faster)
            header = next((row for row in reader if row), [])  # blank lines are skipped, as everywhere
            columns = [c.strip() for c in header]
            missing = [c for c in required if c not in columns]
            if missing:
                raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
            width, rows, lines = len(header), [], []
            for row in reader:
                if not row:
                    continue
                if len(row) > width:
                    raise DataError(f"{path}: line {reader.line_num}: more fields than columns")
                rows.append([cell.strip() for cell in row] + [""] * (width - len(row)))
                lines.append(reader.line_num)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: {what} not found") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable UTF-8 CSV file ({exc})") from exc
    if LINE in columns:
        raise DataError(f"{path}: a column may not be called {LINE!r}")
    frame = pd.DataFrame(rows, columns=columns, dtype=object) if rows else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in columns})
    frame[LINE] = pd.Series(lines, dtype=int)
    return frame


def read_toml(path: str | Path, what: str = "data file") -> dict[str, Any]:
    """A UTF-8 TOML data file as a dict; a missing or malformed file is a :class:`DataError`."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise DataError(f"{path}: {what} not found") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: unreadable {what} ({exc})") from exc


def where(path: str | Path, line: int | None = None) -> str:
    """``"data/lexicons/verbs.csv: line 12"``: how an error names its place."""
    return f"{path}: line {line}" if line is not None else str(path)
