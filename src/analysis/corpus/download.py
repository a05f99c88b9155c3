"""Download one page of the Parliament's site: the checks of the body (an HTML page, complete, not
too large, and a resolution text), over the HTTP of :mod:`analysis.corpus.http` (retries with
backoff, ``Retry-After``, the deadline).

The page is written atomically, so a failed download never replaces a good file; the result
is the provenance fields of the download (see :mod:`analysis.corpus.provenance`).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import requests
from tqdm import tqdm

from analysis import atomic
from analysis.ids import parse_doceo_id, reference_from_doceo_id, split_name
from analysis.corpus.http import (  # noqa: F401 (re-exported: the fetcher's names)
    DISTRIBUTION, MAX_RETRY_AFTER, Deadline, Transient, Unreachable, get, new_session, retry_after, user_agent,
    version, with_retries,
)
from analysis.corpus.parser import parse_text
from analysis.corpus.textio import decode
from analysis.errors import FetchError, InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")

_CHUNK = 1 << 16
_HEAD = 4096  # ``<html`` must appear within this many bytes
_TAIL = 1 << 16  # ``</html>`` must appear within this many final bytes
_NOT_HTML = "body does not look like an HTML page (no <html near the start)"
_BYTE_BAR = 1 << 20  # byte-level progress bar only for pages at least this large


def check_closed(body: bytes) -> None:
    """Refuse a page cut off: no closing ``</html>`` in its last :data:`_TAIL` bytes (``body``: the
    page, or its end)."""
    if b"</html" not in body[-_TAIL:].lower():
        raise FetchError("incomplete HTML page (no closing </html>)")


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
    deadline = Deadline(time.monotonic(), timeout)
    response = get(session, url, timeout)
    with response:
        code = response.status_code
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
                    raise Transient(f"truncated body ({total} of {expected} bytes)")
                check_closed(tail)
                _check_resolution(bytes(body), name)
        except requests.exceptions.ChunkedEncodingError as exc:
            deadline.check(total)
            raise Transient("truncated body (connection closed before the end)") from exc
        except requests.exceptions.ConnectionError as exc:
            deadline.check(total)
            raise Transient(
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
    that sends too slowly is cut off, and that is not retried. (While the status line and headers
    come in, before the cut-off can watch the connection, each wait for data is at most ``timeout``
    seconds: a server that trickles its headers a byte at a time is not cut off.) 5xx, 429,
    connection trouble, read timeouts and truncated bodies are retried ``retries`` times, waiting ``backoff``, then
    twice as long each time (at most a minute), with ``sleep``; where the server names a wait
    (``Retry-After``), at least that, up to ``max_retry_after`` seconds: a longer wait is refused
    at once, without asking again. ``name`` is the document's name (default: ``path``'s stem).
    Every failure is a :class:`FetchError`; :class:`Unreachable` if the host could not be connected to.
    """
    return with_retries(
        lambda: _attempt(session, url, path, timeout, max_bytes, progress, name or path.stem),
        retries=retries, backoff=backoff, max_retry_after=max_retry_after, sleep=sleep)
