"""Download one page of the Parliament's site: the HTTP request, retries with backoff, and the
checks of the body (an HTML page, complete, not too large, and a resolution text).

The page is written atomically, so a failed download never replaces a good file; the result
is the provenance fields of the download (see :mod:`analysis.corpus.provenance`).
"""

from __future__ import annotations

import email.utils
import hashlib
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import requests
import urllib3.exceptions
from tqdm import tqdm

from analysis import atomic
from analysis.ids import parse_doceo_id, reference_from_doceo_id, split_name
from analysis.corpus.parser import parse_text
from analysis.corpus.textio import decode
from analysis.errors import FetchError, InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")
DISTRIBUTION = "ep-resolutions-analysis"

_CHUNK = 1 << 16
_HEAD = 4096  # ``<html`` must appear within this many bytes
_TAIL = 1 << 16  # ``</html>`` must appear within this many final bytes
_MAX_DELAY = 60.0
#: The longest wait a server's ``Retry-After`` is honoured for, by default (``--max-retry-after``).
MAX_RETRY_AFTER = 60.0
_NOT_HTML = "body does not look like an HTML page (no <html near the start)"
_BYTE_BAR = 1 << 20  # byte-level progress bar only for pages at least this large


class _Transient(FetchError):
    """A failure worth retrying (5xx, 429, connection trouble, timeout, truncated body); with the
    wait the server asked for (``Retry-After``, seconds) where it named one."""

    def __init__(self, message: str, unreachable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.unreachable = unreachable
        self.retry_after = retry_after


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date; ``None``
    if absent or unreadable. A date in the past is 0."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class _Deadline:
    """Cuts a download off when ``seconds`` have passed since ``start``, even while a read waits
    on a server that sends a byte now and then: the socket is shut down, which ends the read."""

    def __init__(self, start: float, seconds: float) -> None:
        self.start, self.seconds = start, seconds
        self.passed = threading.Event()
        self._timer: threading.Timer | None = None

    def watch(self, response: requests.Response) -> None:
        remaining = self.start + self.seconds - time.monotonic()
        if remaining <= 0:
            self.passed.set()
            return
        try:
            fd = response.raw.fileno()  # the connection's socket, whichever object holds it now
        except (AttributeError, OSError, ValueError):
            fd = None

        def cut() -> None:
            self.passed.set()
            if fd is not None:
                try:  # shutting down a duplicate of the socket ends the read that waits on it
                    with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as duplicate:
                        duplicate.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        self._timer = threading.Timer(remaining, cut)
        self._timer.daemon = True
        self._timer.start()

    def check(self, total: int) -> None:
        """Raise if the time is up (``total``: the bytes received so far)."""
        if self.passed.is_set() or time.monotonic() > self.start + self.seconds:
            self.passed.set()
            raise FetchError(f"cut off after --timeout {self.seconds:g} s: the server had sent {total} bytes "
                             "and was still sending")

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class Unreachable(FetchError):
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


def new_session() -> requests.Session:
    """A session that sends the toolkit's User-Agent and asks for HTML."""
    session = requests.Session()
    session.headers.update({
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    })
    return session


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
    name: str,
) -> dict[str, Any]:
    """One GET of ``url`` into ``path`` (atomically), within ``timeout`` seconds from the request to
    the last byte; returns the provenance fields."""
    deadline = _Deadline(time.monotonic(), timeout)
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
        wait = retry_after(response.headers.get("Retry-After"))
        if code >= 500:
            raise _Transient(f"server error (HTTP {code} {response.reason})", retry_after=wait)
        if code == 429:
            raise _Transient("rate limited (HTTP 429 Too Many Requests)", retry_after=wait)
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
        deadline.watch(response)
        try:
            with atomic.atomic_open(path, "wb") as handle:
                for chunk in response.iter_content(_CHUNK):
                    deadline.check(total)
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
                deadline.check(total)
                if b"<html" not in head.lower():
                    raise FetchError(_NOT_HTML)
                encoded = response.headers.get("Content-Encoding", "identity").lower()
                if expected is not None and encoded == "identity" and total < expected:
                    raise _Transient(f"truncated body ({total} of {expected} bytes)")
                if b"</html" not in tail.lower():
                    raise FetchError("incomplete HTML page (no closing </html>)")
                _check_resolution(bytes(body), name)
        except requests.exceptions.ChunkedEncodingError as exc:
            deadline.check(total)
            raise _Transient("truncated body (connection closed before the end)") from exc
        except requests.exceptions.ConnectionError as exc:
            deadline.check(total)
            raise _Transient(
                f"connection lost or timed out while reading the body ({timeout:g} s)"
            ) from exc
        except requests.exceptions.RequestException as exc:
            deadline.check(total)
            raise FetchError(f"error while reading the body ({type(exc).__name__}: {exc})") from exc
        finally:
            deadline.cancel()
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


def _check_resolution(body: bytes, name: str) -> None:
    """Refuse a complete HTML page that is no resolution ("not available in this language"), or another document
    (by reference, else kind) or language than ``name`` ("TA-9-2021-0056_BG") asks for, as far as the page says."""
    expected_id, expected_language = split_name(name)
    try:
        doc = parse_text(decode(body, name, language=expected_language), name=name)
    except InputError as exc:
        raise FetchError(f"the page is not a resolution text ({str(exc).removeprefix(name + ': ')})") from None
    language, found_id = doc.metadata.get("language"), doc.metadata.get("doceo_id")
    if expected_language and language not in (None, "und", expected_language):
        raise FetchError(f"wrong language: the page is in {language.upper()}, not {expected_language.upper()} "
                         "as requested; nothing was saved")
    if (asked := parse_doceo_id(expected_id)) and (found_id or (kind := doc.metadata["doc_type"])) not in (
            None, expected_id, asked.kind):
        raise FetchError(f"wrong document: the page is {doc.metadata['reference'] or 'of kind ' + kind}, "
                         f"not {reference_from_doceo_id(expected_id) or expected_id} as requested; nothing was saved")


def download(
    session: requests.Session,
    url: str,
    path: Path,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_bytes: int = 20_000_000,
    progress: bool | None = None,
    max_retry_after: float = MAX_RETRY_AFTER,
    sleep: Callable[[float], None] = time.sleep,
    name: str | None = None,
) -> dict[str, Any]:
    """GET ``url`` into ``path`` and return the provenance fields of the download.

    Each attempt must end within ``timeout`` seconds, from the request to the last byte: a server
    that sends too slowly is cut off, and that is not retried. 5xx, 429, connection trouble,
    read timeouts and truncated bodies are retried ``retries`` times, waiting ``backoff``, then
    twice as long each time (at most a minute), with ``sleep``; where the server names a wait
    (``Retry-After``), at least that, up to ``max_retry_after`` seconds: a longer wait is refused
    at once, without asking again. ``name`` is the document's name (default: ``path``'s stem).
    Every failure is a :class:`FetchError`; :class:`Unreachable` if the host could not be connected to.
    """
    attempts = retries + 1
    for attempt in range(attempts):
        try:
            return _attempt(session, url, path, timeout, max_bytes, progress, name or path.stem)
        except _Transient as exc:
            last = exc
            if exc.retry_after is not None and exc.retry_after > max_retry_after:
                raise FetchError(f"{exc}: the server asks to wait {exc.retry_after:g} s before asking again "
                                 f"(Retry-After), more than --max-retry-after {max_retry_after:g} s; "
                                 "try again later") from exc
            if attempt + 1 < attempts:
                delay = min(backoff * 2**attempt, _MAX_DELAY)
                sleep(max(delay, exc.retry_after or 0.0))
    suffix = f" (gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
    if last.unreachable:
        raise Unreachable(str(last) + suffix) from last
    raise FetchError(str(last) + suffix) from last
