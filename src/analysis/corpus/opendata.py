"""The Parliament's Open Data Portal (``https://data.europarl.europa.eu/api/v2``): its answers on
adopted texts, each saved on disk with a provenance record and read from there on the next run.

What the API answers (JSON-LD, ``format=application/ld+json``; ELI-EP application profile, adopted
texts data structure 0.4.4, and the answers the portal documents): every answer is an object
``{"data": [...], "@context": [...]}``.

- ``GET /adopted-texts?year=YYYY&offset=N&limit=L`` lists one year's adopted texts, one small object
  each: ``id`` (``eli/dl/doc/TA-9-2021-0056``), ``type`` (``Work``), ``work_type``, ``identifier``
  (the DOCEO id) and ``label`` (``T9-0056/2021``). A page shorter than ``limit`` is the last.
- ``GET /adopted-texts/{identifier}`` describes one: ``document_date``, ``title_dcterms`` (the title,
  one string per language code), ``is_realized_by`` (one ``Expression`` per language, with its own
  ``title`` and its renditions in ``is_embodied_by``), ``parliamentary_term`` (``org/ep-9``),
  ``epNumber``, ``is_about``; and links to the procedure (``based_on_a_concept_procedure``) and to the
  tabled document adopted (``adopts``: ``eli/dl/doc/RC-9-2021-0144``). The profile does not fix the
  form of the procedure link: :mod:`analysis.corpus.discover` reads a procedure reference
  (``2021/2544(RSP)``) wherever the record holds one.
- Adopted-text records start with the 8th term (2014); earlier texts are not listed (:data:`FIRST_YEAR`).
- The API is rate-limited: it answers 429 with ``Retry-After``, honoured by :mod:`analysis.corpus.http`.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from analysis import atomic, ids, paths
from analysis.corpus import provenance
from analysis.corpus.http import MAX_RETRY_AFTER, Deadline, Transient, get, new_session, with_retries
from analysis.errors import AnalysisError, FetchError

API_BASE = "https://data.europarl.europa.eu/api/v2"
JSON_TYPES = ("application/ld+json", "application/json")
FORMAT = "application/ld+json"
#: The first year whose adopted texts the portal lists (the 8th term began in July 2014).
FIRST_YEAR = 2014
OBTAINED = "downloaded by analysis discover"
_CHUNK = 1 << 16


def cache_dir() -> Path:
    """Where answers are kept: ``data/.cache/opendata/`` (hidden, so outside the report's inputs; not
    committed)."""
    return paths.data_dir() / ".cache" / "opendata"


def _read_json(body: bytes, url: str) -> dict[str, Any]:
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FetchError(f"the answer is not JSON ({exc})") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("data", []), list):
        raise FetchError("the answer is not an Open Data Portal answer (no 'data' list)")
    return answer


def keep_answer(session: requests.Session, url: str, path: Path, timeout: float, max_bytes: int,
                types: tuple[str, ...] = JSON_TYPES, check: Any = _read_json) -> dict[str, Any]:
    """One GET of ``url``; the answer (of a media type in ``types``, accepted by ``check(body, url)``) is
    written to ``path`` atomically. Returns the provenance fields. The one download of the Open Data
    Portal's answers and of the document server's tables of contents (:mod:`analysis.corpus.sittings`)."""
    deadline = Deadline(time.monotonic(), timeout)
    response = get(session, url, timeout)
    with response:
        content_type = response.headers.get("Content-Type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in types:
            raise FetchError(f"expected {' or '.join(types)}, got {media or 'no Content-Type'}")
        body = bytearray()
        deadline.watch(response)
        try:
            for chunk in response.iter_content(_CHUNK):
                deadline.check(len(body))
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"answer larger than the {max_bytes}-byte limit")
            deadline.check(len(body))
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
            deadline.check(len(body))  # cut short or lost on the way: worth asking again, as a page's body
            raise Transient(f"connection lost while reading the answer ({type(exc).__name__})") from exc
        except requests.exceptions.RequestException as exc:
            deadline.check(len(body))
            raise FetchError(f"error while reading the answer ({type(exc).__name__})") from exc
        finally:
            deadline.cancel()
    check(bytes(body), url)
    atomic.write_bytes(path, bytes(body))
    return {
        "source_url": url,
        "retrieved_at": retrieved_now(),
        "http_status": response.status_code,
        "sha256": hashlib.sha256(body).hexdigest(),
        "bytes": len(body),
        "content_type": content_type,
    }


def retrieved_now() -> str:
    """The time of a retrieval as the provenance records write it (UTC, seconds)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Portal:
    """The Open Data Portal at ``base``, its answers cached in ``cache`` (default :func:`cache_dir`).

    An answer on disk whose bytes match its provenance record is read from there, unless ``refresh``;
    ``requests`` counts the answers asked of the server. ``timeout``, ``retries``, ``backoff``,
    ``max_retry_after``, ``sleep``: see :func:`analysis.corpus.http.with_retries`.
    """

    def __init__(self, base: str = API_BASE, cache: Path | None = None, *, refresh: bool = False,
                 timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
                 max_retry_after: float = MAX_RETRY_AFTER, max_bytes: int = 50_000_000,
                 sleep: Any = time.sleep) -> None:
        if not str(base).startswith(("http://", "https://")):
            raise AnalysisError(f"--api {base}: expected an http:// or https:// URL")
        self.base = str(base).rstrip("/")
        self.cache = Path(cache) if cache is not None else cache_dir()
        self.refresh = refresh
        self.options = dict(retries=retries, backoff=backoff, max_retry_after=max_retry_after, sleep=sleep)
        self.timeout, self.max_bytes = timeout, max_bytes
        self.requests = 0
        self.sources: dict[str, dict[str, Any]] = {}  # path -> provenance record, of every answer used
        self._session: requests.Session | None = None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def answer(self, endpoint: str, name: str, **params: Any) -> dict[str, Any]:
        """The answer of ``GET <base>/<endpoint>?<params>&format=...``, kept as ``<cache>/<name>.json``."""
        query = urlencode({**params, "format": FORMAT})
        url = f"{self.base}/{endpoint}?{query}"
        path = self.cache / f"{name}.json"
        if not self.refresh and path.exists() and provenance.verify(path):
            record = provenance.read_record(path) or {}
            if record.get("source_url") == url:
                self.sources[name] = record
                return _read_json(path.read_bytes(), url)
        if self._session is None:
            self._session = new_session(accept=f"{FORMAT},application/json;q=0.9")
        self.requests += 1
        try:
            record = with_retries(lambda: keep_answer(self._session, url, path, self.timeout, self.max_bytes),
                                  **self.options)
        except FetchError as exc:  # which answer failed: the message alone may say only "not found"
            raise FetchError(f"{url}: {exc}") from exc
        record.update(obtained=OBTAINED, reuse_notice=provenance.REUSE_NOTICE)
        provenance.write_record(path, record)
        self.sources[name] = record
        return _read_json(path.read_bytes(), url)

    def adopted_texts(self, year: int, limit: int = 50) -> list[dict[str, Any]]:
        """Every item of the list of ``year``'s adopted texts, page by page."""
        items: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self.answer("adopted-texts", f"adopted-texts/{year}/offset-{offset:05d}-limit-{limit}",
                               year=year, offset=offset, limit=limit)["data"]
            items.extend(item for item in page if isinstance(item, dict))
            if len(page) < limit:
                return items
            offset += limit

    def adopted_text(self, identifier: str) -> dict[str, Any] | None:
        """The description of one adopted text (the first object of its answer's ``data``), or ``None``."""
        data = self.answer(f"adopted-texts/{identifier}",
                           f"adopted-texts/{ids.year_of(identifier) or 'other'}/{identifier}")["data"]
        return data[0] if data and isinstance(data[0], dict) else None
