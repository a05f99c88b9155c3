"""Download registry documents from the Parliament's official pages, with provenance.

Each document-language pair becomes ``<dest>/<doceo_id>_<LL>.html`` plus a provenance record
(``<file>.provenance.json``, see :mod:`analysis.provenance`). Files already on disk whose
SHA-256 matches their record are left alone, so re-running is a no-op.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import requests
import urllib3.exceptions
from tqdm import tqdm

from analysis import atomic

from analysis import paths

from analysis.corpus import provenance
from analysis.resources.languages import LANGUAGES, LanguageError, language_from_name, normalise_languages  # noqa: F401 (API)
from analysis.corpus import registry as _registry
from analysis.errors import AnalysisError, FetchError, InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")
DISTRIBUTION = "ep-resolutions-analysis"
OBTAINED = "downloaded by analysis fetch"
STATUSES = ("downloaded", "present", "unverified", "missing", "failed")
COLUMNS = ["doceo_id", "language", "path", "status", "message"]

_CHUNK = 1 << 16
_HEAD = 4096  # ``<html`` must appear within this many bytes
_TAIL = 1 << 16  # ``</html>`` must appear within this many final bytes
_MAX_DELAY = 60.0
_NOT_HTML = "body does not look like an HTML page (no <html near the start)"
_BYTE_BAR = 1 << 20  # byte-level progress bar only for pages at least this large


class _Transient(FetchError):
    """A failure worth retrying (5xx, 429, connection trouble, timeout, truncated body)."""

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class _Unreachable(FetchError):
    """The host could not be connected to on any attempt."""


def version() -> str:
    """The installed version of the toolkit, or ``"dev"`` when it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "dev"


def user_agent() -> str:
    """The User-Agent sent with every request: tool name, version and a contact placeholder."""
    return (
        f"{DISTRIBUTION}/{version()} (analysis fetch; EP resolutions analysis toolkit; "
        f"research use) python-requests/{requests.__version__}"
    )


def _select(frame: pd.DataFrame, only: Sequence[str] | None) -> list[str]:
    """Registry doceo ids, in order, optionally filtered by ids or years."""
    if "doceo_id" not in frame.columns:
        raise AnalysisError("registry has no doceo_id column")
    ids = list(dict.fromkeys(str(v).strip() for v in frame["doceo_id"] if str(v).strip()))
    if only is None:
        return ids
    if isinstance(only, str):
        only = only.split(",")
    wanted = [str(w).strip() for w in only if str(w).strip()]
    years = (
        [str(y) for y in frame["year"]]
        if "year" in frame.columns
        else [(str(v).split("-") + ["", "", ""])[2] for v in frame["doceo_id"]]  # TA-9-2021-0056
    )
    year_of = dict(zip((str(v).strip() for v in frame["doceo_id"]), years))
    chosen: list[str] = []
    for item in wanted:
        hits = [i for i in ids if i.upper() == item.upper() or year_of.get(i) == item]
        if not hits:
            raise AnalysisError(f"--only {item}: no registry document has that id or year")
        chosen.extend(h for h in hits if h not in chosen)
    return [i for i in ids if i in chosen]


def _is_connect_failure(exc: BaseException) -> bool:
    """True if ``exc`` means no connection could be opened (refused, DNS, connect timeout)."""
    stack: list[Any] = [exc]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(
            item,
            (
                requests.exceptions.ConnectTimeout,
                urllib3.exceptions.NewConnectionError,
                urllib3.exceptions.ConnectTimeoutError,
            ),
        ):
            return True
        stack.extend([getattr(item, "reason", None), item.__cause__, item.__context__, *item.args])
    return False


def _too_large(limit: int) -> FetchError:
    return FetchError(f"body larger than the {limit}-byte limit (--max-bytes)")


def _attempt(
    session: requests.Session,
    url: str,
    path: Path,
    timeout: float,
    max_bytes: int,
    progress: bool | None,
) -> dict[str, Any]:
    """One GET of ``url`` into ``path`` (atomically); returns the provenance fields."""
    try:
        response = session.get(url, stream=True, timeout=(timeout, timeout))
    except requests.exceptions.ConnectTimeout as exc:
        raise _Transient(f"connection timed out after {timeout:g} s", unreachable=True) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise _Transient(f"no response within {timeout:g} s (timed out)") from exc
    except requests.exceptions.ConnectionError as exc:
        if _is_connect_failure(exc):
            raise _Transient("cannot connect", unreachable=True) from exc
        raise _Transient(f"connection error ({type(exc).__name__})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"request failed ({type(exc).__name__}: {exc})") from exc

    with response:
        code = response.status_code
        if code == 404:
            raise FetchError("not found (HTTP 404)")
        if code >= 500:
            raise _Transient(f"server error (HTTP {code} {response.reason})")
        if code == 429:
            raise _Transient("rate limited (HTTP 429 Too Many Requests)")
        if code != 200:
            raise FetchError(f"unexpected HTTP {code} {response.reason}")
        content_type = response.headers.get("Content-Type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in HTML_TYPES:
            raise FetchError(f"expected an HTML page, got {media or 'no Content-Type'}")
        declared = response.headers.get("Content-Length", "")
        expected = int(declared) if declared.isdigit() else None
        if expected is not None and expected > max_bytes:
            raise _too_large(max_bytes)

        digest = hashlib.sha256()
        body = bytearray()  # at most max_bytes: kept to check that the page is a resolution
        head = b""
        tail = b""
        total = 0
        bar = tqdm(
            total=expected, unit="B", unit_scale=True, leave=False, desc=path.name,
            file=sys.stderr,
            disable=True if progress is False or (expected or 0) < _BYTE_BAR else None,
        )
        try:
            with atomic.atomic_open(path, "wb") as handle:
                for chunk in response.iter_content(_CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise _too_large(max_bytes)
                    if len(head) < _HEAD:
                        head = (head + chunk)[:_HEAD]
                        if len(head) >= _HEAD and b"<html" not in head.lower():
                            raise FetchError(_NOT_HTML)
                    tail = (tail + chunk)[-_TAIL:]
                    body += chunk
                    digest.update(chunk)
                    handle.write(chunk)
                    bar.update(len(chunk))
                if b"<html" not in head.lower():
                    raise FetchError(_NOT_HTML)
                encoded = response.headers.get("Content-Encoding", "identity").lower()
                if expected is not None and encoded == "identity" and total < expected:
                    raise _Transient(f"truncated body ({total} of {expected} bytes)")
                if b"</html" not in tail.lower():
                    raise FetchError("incomplete HTML page (no closing </html>)")
                _check_resolution(bytes(body), path)
        except requests.exceptions.ChunkedEncodingError as exc:
            raise _Transient("truncated body (connection closed before the end)") from exc
        except requests.exceptions.ConnectionError as exc:
            raise _Transient(
                f"connection lost or timed out while reading the body ({timeout:g} s)"
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"error while reading the body ({type(exc).__name__}: {exc})") from exc
        finally:
            bar.close()

    return {
        "source_url": url,
        "retrieved_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "http_status": code,
        "sha256": digest.hexdigest(),
        "bytes": total,
        "content_type": content_type,
        **({"final_url": response.url} if response.url and response.url != url else {}),
    }


def _check_resolution(body: bytes, path: Path) -> None:
    """Refuse a complete HTML page that is no resolution (e.g. "not available in this language")."""
    from analysis.corpus.parser import parse_text
    from analysis.corpus.textio import decode

    name = path.stem  # "TA-9-2021-0056_BG": its language suffix helps decoding and parsing
    try:
        parse_text(decode(body, name, language=language_from_name(name)), name=name)
    except InputError as exc:
        raise FetchError(f"the page is not a resolution text ({str(exc).removeprefix(name + ': ')})") from None


def _download(
    session: requests.Session,
    url: str,
    path: Path,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    max_bytes: int,
    progress: bool | None,
) -> dict[str, Any]:
    """GET with retries and exponential backoff; raises FetchError / _Unreachable at the end."""
    attempts = retries + 1
    for attempt in range(attempts):
        try:
            return _attempt(session, url, path, timeout, max_bytes, progress)
        except _Transient as exc:
            last = exc
            if attempt + 1 < attempts:
                time.sleep(min(backoff * 2**attempt, _MAX_DELAY))
    suffix = f" (gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
    if last.unreachable:
        raise _Unreachable(str(last) + suffix) from last
    raise FetchError(str(last) + suffix) from last


def _check_existing(path: Path) -> tuple[str, str]:
    """Status and message of a document already on disk (present / unverified / failed)."""
    try:
        verified = provenance.verify(path)
    except (AnalysisError, OSError) as exc:
        return "failed", f"{path}: cannot verify ({exc}); use --force to re-download"
    if verified is None:
        return "unverified", (
            f"{path} is present but has no provenance record (unverified); "
            "left as is, use --force to re-download"
        )
    if not verified:
        return "failed", (
            f"{path}: SHA-256 does not match its provenance record; use --force to re-download"
        )
    return "present", "verified against its provenance record"


def fetch_documents(
    registry: pd.DataFrame,
    languages: Sequence[str] = ("bg", "en"),
    dest: Path | None = None,
    *,
    base_url: str = _registry.DOCEO_BASE,
    offline: bool = False,
    force: bool = False,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_bytes: int = 20_000_000,
    only: Sequence[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Download the registry's documents in ``languages`` into ``dest`` (default raw data dir).

    Returns one row per document-language: ``doceo_id, language`` (upper case), ``path``,
    ``status`` (downloaded / present / unverified / missing / failed) and ``message``.
    Failures are reported on stderr, one line each; the other documents still go on.
    ``offline`` only inspects the files on disk. ``progress=None`` shows bars on a TTY only.
    """
    codes = normalise_languages(languages)
    ids = _select(registry, only)
    if not str(base_url).startswith(("http://", "https://")):
        raise AnalysisError(f"--base-url {base_url}: expected an http:// or https:// URL")
    if timeout <= 0 or retries < 0 or backoff < 0 or max_bytes <= 0:
        raise AnalysisError("timeout and max-bytes must be positive, retries and backoff >= 0")
    dest = Path(dest).expanduser() if dest is not None else paths.raw_dir()

    def say(line: str) -> None:
        tqdm.write(f"fetch: {line}", file=sys.stderr)

    rows: list[dict[str, Any]] = []
    unreachable: dict[str, int] = {}
    session: requests.Session | None = None
    jobs = [(doc, code) for doc in ids for code in codes]
    try:
        for doc, code in tqdm(
            jobs, desc="documents", unit="doc", file=sys.stderr,
            disable=True if progress is False else (None if progress is None else False),
        ):
            name = f"{doc}_{code.upper()}"
            path = dest / f"{name}.html"
            url = _registry.document_url(doc, code, base_url)
            saved_text = dest / f"{name}.txt"
            if not path.exists() and saved_text.exists() and not force:
                path = saved_text  # a saved plain-text rendering of the page stands for it
            row = {"doceo_id": doc, "language": code.upper(), "path": path}
            rows.append(row)
            if path.exists() and not (force and not offline):
                row["status"], row["message"] = _check_existing(path)
                if row["status"] != "present":
                    say(f"{name}: {row['message']}")
                continue
            if offline:
                row["status"], row["message"] = "missing", "not on disk (offline)"
                continue
            host = urlsplit(url).netloc
            if host in unreachable:
                unreachable[host] += 1
                row["status"], row["message"] = "failed", f"not fetched: cannot reach {host}"
                continue
            if session is None:
                session = requests.Session()
                session.headers.update({
                    "User-Agent": user_agent(),
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                })
            try:
                record = _download(
                    session, url, path, timeout=timeout, retries=retries, backoff=backoff,
                    max_bytes=max_bytes, progress=progress,
                )
                record.update(
                    doceo_id=doc, language=code.upper(), obtained=OBTAINED,
                    reuse_notice=provenance.REUSE_NOTICE,
                )
                provenance.write_record(path, record)
            except _Unreachable as exc:
                unreachable[host] = 1
                row["status"], row["message"] = "failed", f"cannot reach {host}: {exc}"
            except FetchError as exc:
                row["status"], row["message"] = "failed", f"{exc} at {url}"
                say(f"{name}: {row['message']}")
            except OSError as exc:
                row["status"], row["message"] = "failed", f"cannot write {path}: {exc}"
                say(f"{name}: {row['message']}")
            except Exception as exc:  # one bad document must not stop the others
                row["status"] = "failed"
                row["message"] = f"unexpected error ({type(exc).__name__}: {exc}) at {url}"
                say(f"{name}: {row['message']}")
            else:
                row["status"], row["message"] = "downloaded", f"{record['bytes']} bytes"
    finally:
        if session is not None:
            session.close()
    for host, count in unreachable.items():
        shown = urlsplit(f"//{host}").hostname or host
        say(f"cannot reach {shown} (no network?); {count} document(s) not fetched")
    return pd.DataFrame(rows, columns=COLUMNS)
