"""What is built from data files, kept on disk for the next process (#12).

Building the verb matcher of a language, or the theme dictionary's patterns, reads and checks
several data files with pandas and compiles their patterns: before this cache, most of what every
``classify`` took before its first paragraph. :func:`load_or_build` keeps what a build made as a
pickle in ``data/.cache/built/`` (hidden, so outside the report's inputs; git ignores it), named by
a SHA-256 of the files' bytes, the package's source and the Python version: an edited data file or
a changed module builds anew, and only the pickle of each name written last is kept. A pickle that
cannot be read back is built again; a data folder that cannot be written is only slower.

The pickles are the project's own, made on this machine from its own data folder, and trusted as
the data files beside them are (a pickle runs code when it is read: never put one there from
elsewhere).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from analysis import atomic, paths

T = TypeVar("T")

#: Where the pickles are, under the data folder.
FOLDER = (".cache", "built")


def _source_digest() -> bytes:
    """A digest of the package's source and the Python that runs it."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


#: The source this process runs: taken when it imports this module (with the matchers' modules, which
#: import it), not at the first build, when the files on disk may be newer than the code in memory.
_SOURCE = _source_digest()


def _digest(name: str, files: Iterable[str | Path], source: bytes = _SOURCE) -> str:
    """The SHA-256 that names the pickle of ``name`` built from ``files`` (their bytes, in order)."""
    digest = hashlib.sha256(source + name.encode() + b"\0")
    for path in files:
        try:
            data = Path(path).read_bytes()
        except OSError:
            digest.update(b"-")  # a missing file, which the build reports (or does without)
            continue
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def load_or_build(name: str, files: Iterable[str | Path], build: Callable[[], T]) -> T:
    """What ``build()`` returns, read from its pickle where one was kept for the same ``files``
    (their bytes) and source; else built, and kept for the next process, unless a file or the
    package's source changed while it was built (it may have read either). ``name`` (letters,
    digits, ``-``; no ``.``) tells apart what is built from the same files."""
    files = list(files)
    folder = paths.data_dir().joinpath(*FOLDER)
    key = _digest(name, files)
    target = folder / f"{name}.{key}.pickle"
    try:
        return pickle.loads(target.read_bytes())
    except Exception:  # noqa: BLE001 - none kept, or truncated, or unreadable by this code: built again
        pass
    built = build()
    if _digest(name, files, _source_digest()) != key:  # changed under the build: not kept under this key
        return built
    try:
        data = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something that cannot be pickled: built again next time
        return built
    try:
        atomic.write_bytes(target, data)
        for older in folder.glob(f"{name}.*.pickle"):  # one per name: the one written last
            if older != target:
                older.unlink(missing_ok=True)
    except OSError:  # a read-only data folder: built again next time
        pass
    return built
