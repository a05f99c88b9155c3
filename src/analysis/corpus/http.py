"""HTTP for every download of the toolkit (pages of the document server, answers of the Open Data
Portal): the session and its User-Agent, one GET with its failures sorted into those worth retrying
and the others, a deadline from the request to the last byte, and the retry loop with exponential
backoff that honours the server's ``Retry-After``.

:mod:`analysis.corpus.download` checks and saves HTML pages with it; :mod:`analysis.corpus.opendata`
saves the Open Data Portal's JSON answers with it.
"""

from __future__ import annotations

import email.utils
import math
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import requests
import urllib3.exceptions

from analysis.errors import FetchError

DISTRIBUTION = "ep-resolutions-analysis"
_MAX_DELAY = 60.0
#: The longest wait a server's ``Retry-After`` is honoured for, by default (``--max-retry-after``).
MAX_RETRY_AFTER = 60.0
T = TypeVar("T")


class Transient(FetchError):
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
    if value.isascii() and value.isdigit():  # not "²", which isdigit() takes and float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def seconds(text: str) -> float:
    """A number of seconds given as an option (``--backoff``, ``--max-retry-after``): finite and not
    negative, else a ``ValueError`` (argparse's one-line usage error: "invalid seconds value")."""
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"not a finite number of seconds, at least 0: {text!r}")
    return value


def timeout_seconds(text: str) -> float:
    """``--timeout``: :func:`seconds`, and more than 0 (requests refuses a timeout of 0)."""
    value = seconds(text)
    if value == 0:
        raise ValueError("a timeout of 0 seconds")
    return value


class Deadline:
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


class NotFound(FetchError):
    """The server has no such page (HTTP 404): an answer in itself, e.g. a day without a sitting."""


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


def new_session(accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1") -> requests.Session:
    """A session that sends the toolkit's User-Agent and asks for ``accept`` (default: HTML)."""
    session = requests.Session()
    session.headers.update({"User-Agent": user_agent(), "Accept": accept})
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


def get(session: requests.Session, url: str, timeout: float, **params: Any) -> requests.Response:
    """One streamed GET of ``url``; a response of status 200, else a :class:`FetchError` (404 and other
    codes) or a :class:`Transient` one (5xx, 429 with the server's ``Retry-After``, connection trouble,
    read timeout). The caller closes the response."""
    try:
        response = session.get(url, stream=True, timeout=(timeout, timeout), params=params or None)
    except requests.exceptions.ConnectTimeout as exc:
        raise Transient(f"connection timed out after {timeout:g} s", unreachable=True) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise Transient(f"no response within {timeout:g} s (timed out)") from exc
    except requests.exceptions.ConnectionError as exc:
        if _is_connect_failure(exc):
            raise Transient("cannot connect", unreachable=True) from exc
        raise Transient(f"connection error ({type(exc).__name__})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"request failed ({type(exc).__name__}: {exc})") from exc
    code = response.status_code
    if code == 200:
        return response
    response.close()
    wait = retry_after(response.headers.get("Retry-After"))
    if code == 404:
        raise NotFound("not found (HTTP 404)")
    if code >= 500:
        raise Transient(f"server error (HTTP {code} {response.reason})", retry_after=wait)
    if code == 429:
        raise Transient("rate limited (HTTP 429 Too Many Requests)", retry_after=wait)
    raise FetchError(f"unexpected HTTP {code} {response.reason}")


def with_retries(attempt: Callable[[], T], *, retries: int = 3, backoff: float = 1.0,
                 max_retry_after: float = MAX_RETRY_AFTER, sleep: Callable[[float], None] = time.sleep) -> T:
    """``attempt()``, tried again ``retries`` times on a :class:`Transient` failure, waiting ``backoff``,
    then twice as long each time (at most a minute), with ``sleep``; where the server names a wait
    (``Retry-After``), at least that, up to ``max_retry_after`` seconds: a longer wait is refused at
    once, without asking again. Every failure is a :class:`FetchError`; :class:`Unreachable` if the
    host could not be connected to."""
    attempts = retries + 1
    for number in range(attempts):
        try:
            return attempt()
        except Transient as exc:
            last = exc
            if exc.retry_after is not None and exc.retry_after > max_retry_after:
                raise FetchError(f"{exc}: the server asks to wait {exc.retry_after:g} s before asking again "
                                 f"(Retry-After), more than --max-retry-after {max_retry_after:g} s; "
                                 "try again later") from exc
            if number + 1 < attempts:
                delay = min(backoff * 2**number, _MAX_DELAY)
                sleep(max(delay, exc.retry_after or 0.0))
    suffix = f" (gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
    if last.unreachable:
        raise Unreachable(str(last) + suffix) from last
    raise FetchError(str(last) + suffix) from last
