"""Write files whole or not at all: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


#: Environment variable naming a :func:`kill_point` at which the process kills itself (tests only).
KILL_VARIABLE = "ANALYSIS_KILL_AT"

#: Ending of the hidden temporary file (``.<name>.<random>.part``) that a write goes to before its rename.
PART_SUFFIX = ".part"


def remove_stale_parts(folder: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files that an interrupted write (``kill -9``) left in ``folder``; return them.

    Call it when a run starts, before it writes into ``folder``: a ``.part`` file then belongs to
    no live write (two runs must not write into one folder at the same time).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.glob(f".*{PART_SUFFIX}")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb", **kwargs) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success rename it over ``path``.

    If the block raises, the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write ``data`` to ``path``."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Atomically write ``text`` to ``path`` (UTF-8, ``\\n`` line ends)."""
    with atomic_open(path, "w", encoding=encoding, newline="\n") as handle:
        handle.write(text)


def kill_point(name: str) -> None:
    """A named point of a run at which a test can simulate ``kill -9`` (off by default).

    Only when the environment variable ``ANALYSIS_KILL_AT`` equals ``name`` (``fetch:recorded``,
    ``report:swap``, ...) does the process send itself SIGKILL here: no handler, no ``finally`` runs,
    exactly as after ``kill -9``. The tests use it to prove that a run killed at that point leaves
    nothing that the next run does not repair (tests/test_kill.py).
    """
    if os.environ.get(KILL_VARIABLE) == name and hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def locked(*folders: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on each of ``folders`` (created if missing) for the block: a second run
    that writes into the same folders waits until the first is done. The lock is the operating
    system's (``flock`` on the folder itself, no lock file), so a killed run holds none. Where
    ``flock`` does not exist (Windows), the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    handles = []
    try:
        for folder in sorted({Path(f).resolve() for f in folders}):  # one order: no deadlock
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(folder, os.O_RDONLY)
            handles.append(handle)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in reversed(handles):
            os.close(handle)  # closing releases the lock
