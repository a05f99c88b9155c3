"""The document server's daily tables of contents of texts adopted, for the terms the Open Data Portal
does not list (before July 2014): ``<base>TA-<term>-<yyyy-mm-dd>-TOC_<LL>.html``, one page per sitting
day, each answer kept on disk with a provenance record like the portal's answers
(:mod:`analysis.corpus.opendata`, whose cache folder it shares under ``toc/``).

Which days: a day without a sitting has no page (HTTP 404); that answer is kept too (a small
``.absent.json`` record), so that a second run asks nothing. A page links the sitting days before and
after it (``TA-<term>-<date>-TOC_<LL>.html``): the first later day it links is the next one asked for,
and the days between are not probed.

What a page lists: each text adopted that day links to its own page, as a DOCEO page
(``TA-7-2012-0083_EN.html``) or, in older pages, through the document server's former address
(``/sides/getDoc.do?pubRef=-//EP//TEXT+TA+P7-TA-2012-0083+0+DOC+XML+V0//EN``). The text's entry is
the innermost element around its links that names no other text: its title is the longest link text,
and the procedure (``2012/2565(RSP)``) and tabled document (``RC-B7-0123/2012``, ``B7-…``, ``A7-…``)
are read from the entry's text. Only the links' targets and the entry's own text are used, never the
page's navigation or layout classes, which differ between terms.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests

from analysis import atomic, ids
from analysis.corpus import provenance
from analysis.corpus.download import HTML_TYPES, check_closed
from analysis.corpus.http import MAX_RETRY_AFTER, NotFound, new_session, with_retries
from analysis.corpus.opendata import OBTAINED, cache_dir, keep_answer, retrieved_now
from analysis.errors import AnalysisError, FetchError
from analysis.resources.languages import official_from
from analysis.resources.text import collapse_space

#: The first day of the 8th term: from here on the Open Data Portal lists the adopted texts.
PORTAL_FROM = date(2014, 7, 1)
#: A procedure reference: ``2012/2565(RSP)``.
PROCEDURE = re.compile(r"\b\d{4}/\d{4}\([A-Z]{3}\)")
_DOCEO_TEXT = re.compile(r"(?<![\w-])TA-(\d{1,2})-(\d{4})-(\d{4})(?:_[A-Za-z]{2})?\.(?:html|pdf|docx|xml)")
_SIDES_TEXT = re.compile(r"\+TA\+P(\d{1,2})-TA-(\d{4})-(\d{4})\+", re.IGNORECASE)
_TOC = re.compile(r"TA-(\d{1,2})-(\d{4}-\d{2}-\d{2})-TOC_[A-Za-z]{2}\.html")
ABSENT = ".absent.json"


@dataclass(frozen=True)
class Entry:
    """One text adopted as a day's table of contents lists it."""

    doceo_id: str
    day: str  # the sitting day, YYYY-MM-DD
    language: str  # of the page (and the title)
    title: str
    procedure: str  # 2012/2565(RSP), or ""
    tabled: str  # the reference of the tabled document adopted (RC-B7-0123/2012, B7-…, A7-…), or ""
    source_url: str  # the table of contents


def term_of_day(day: date) -> int | None:
    """The term whose sittings ``day`` can hold: in an election year, the earlier term before July."""
    terms = ids.terms_of_year(day.year)
    if not terms:
        return None
    return terms[0] if len(terms) == 1 or day.month < 7 else terms[-1]


def toc_url(base: str, term: int, day: date, language: str) -> str:
    """``<base>TA-7-2012-03-15-TOC_EN.html``."""
    return f"{base.rstrip('/')}/TA-{term}-{day.isoformat()}-TOC_{language.upper()}.html"


def _text_of(href: str) -> str | None:
    """The DOCEO id of the adopted text a link opens (either address form), or ``None``."""
    if _TOC.search(href):
        return None
    match = _DOCEO_TEXT.search(href) or _SIDES_TEXT.search(href)
    return f"TA-{int(match[1])}-{match[2]}-{match[3]}" if match else None


def _html(body: bytes) -> Any:
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(body, parser=lxml.html.HTMLParser(encoding="utf-8",
                                                                               remove_comments=True))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FetchError(f"the page is not readable HTML ({exc})") from None


def check_page(body: bytes, url: str) -> None:
    """Refuse an answer that is no whole table of contents, before it is kept: a page cut off (no
    closing ``</html>``, :func:`analysis.corpus.download.check_closed`, as of the document pages), or
    one that links no adopted text and no other sitting day (an empty body, a shell, an error page
    served as 200), which would be kept as a day without texts."""
    check_closed(body)
    if not any(_text_of(href) or _TOC.search(href)
               for anchor in _html(body).iterfind(".//a[@href]") if (href := anchor.get("href", ""))):
        raise FetchError("the page has no link to an adopted text or to another sitting day: "
                         "not a table of contents")


def parse_toc(body: bytes, day: str, language: str, source_url: str = "") -> list[Entry]:
    """The texts a table of contents lists, in the page's order, one entry per text."""
    root = _html(body)
    links: dict[str, list[Any]] = {}
    for anchor in root.iterfind(".//a[@href]"):
        if (doceo_id := _text_of(anchor.get("href", ""))) is not None:
            links.setdefault(doceo_id, []).append(anchor)
    entries = []
    for doceo_id, anchors in links.items():
        block = anchors[0]
        while (parent := block.getparent()) is not None and not any(
                _text_of(a.get("href", "")) not in (None, doceo_id) for a in parent.iterfind(".//a[@href]")):
            block = parent
        text = collapse_space(block.text_content())
        title = max((collapse_space(a.text_content()) for a in anchors), key=len, default="")
        tabled = next((ref for kind in ("RC", "B", "A") if (ref := ids.find_reference(text, kind))), "")
        procedure = PROCEDURE.search(text)
        entries.append(Entry(doceo_id, day, language, title, procedure.group(0) if procedure else "",
                             tabled, source_url))
    return entries


def next_day(body: bytes, day: date) -> date | None:
    """The first sitting day after ``day`` that the page links, or ``None``."""
    later = []
    for anchor in _html(body).iterfind(".//a[@href]"):
        if (match := _TOC.search(anchor.get("href", ""))) is not None:
            try:
                linked = date.fromisoformat(match[2])
            except ValueError:
                continue
            if linked > day:
                later.append(linked)
    return min(later, default=None)


class Sittings:
    """The tables of contents at ``base`` (the document server), kept in ``cache`` (default: the portal's
    cache folder's ``toc/``). Like :class:`analysis.corpus.opendata.Portal`: a page on disk that matches
    its record is read from there unless ``refresh``; ``requests`` counts the pages asked for; ``sources``
    holds the record of every page used, ``absent`` the addresses that answered 404."""

    def __init__(self, base: str = ids.DOCEO_BASE, cache: Path | None = None, *, refresh: bool = False,
                 timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
                 max_retry_after: float = MAX_RETRY_AFTER, max_bytes: int = 20_000_000,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not str(base).startswith(("http://", "https://")):
            raise AnalysisError(f"--base-url {base}: expected an http:// or https:// URL")
        self.base = str(base).rstrip("/") + "/"
        self.cache = (Path(cache) if cache is not None else cache_dir()) / "toc"
        self.refresh = refresh
        self.options = dict(retries=retries, backoff=backoff, max_retry_after=max_retry_after, sleep=sleep)
        self.timeout, self.max_bytes = timeout, max_bytes
        self.requests = 0
        self.sources: dict[str, dict[str, Any]] = {}
        self.absent: set[str] = set()
        self._session: requests.Session | None = None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def page(self, term: int, day: date, language: str) -> bytes | None:
        """The table of contents of ``day`` in ``language``, or ``None`` if there is none (no sitting)."""
        url = toc_url(self.base, term, day, language)
        path = self.cache / str(day.year) / url.rsplit("/", 1)[-1]
        gone = path.with_name(path.name + ABSENT)
        if not self.refresh:
            record = provenance.read_record(path) if path.exists() and provenance.verify(path) else None
            if record and record.get("source_url") == url:
                self.sources[path.name] = record
                return path.read_bytes()
            if gone.exists() and _read_absent(gone) == url:
                self.absent.add(url)
                return None
        if self._session is None:
            self._session = new_session()
        self.requests += 1
        try:
            record = with_retries(lambda: keep_answer(self._session, url, path, self.timeout, self.max_bytes,
                                                      HTML_TYPES, check_page), **self.options)
        except NotFound:
            atomic.write_text(gone, json.dumps({"source_url": url, "http_status": 404,
                                                "retrieved_at": retrieved_now(), "obtained": OBTAINED},
                                               indent=2) + "\n")
            self.absent.add(url)
            return None
        except FetchError as exc:  # which page failed
            raise FetchError(f"{url}: {exc}") from exc
        record.update(obtained=OBTAINED, reuse_notice=provenance.REUSE_NOTICE)
        provenance.write_record(path, record)
        gone.unlink(missing_ok=True)
        self.sources[path.name] = record
        return path.read_bytes()

    def entries(self, start: date, end: date, languages: tuple[str, ...] = ("en",),
                step: Callable[[int], None] | None = None) -> Iterator[Entry]:
        """The texts adopted from ``start`` to ``end`` (both included), day by day, in each of ``languages``
        that existed on that day (others are not asked for). ``step(n)`` is told of each ``n`` days done."""
        day = start
        while day <= end:
            term = term_of_day(day)
            bodies = {lang: self.page(term, day, lang) for lang in languages
                      if term is not None and official_from(lang) <= day.isoformat()}
            following = None
            for lang, body in bodies.items():
                if body is not None:
                    yield from parse_toc(body, day.isoformat(), lang, toc_url(self.base, term, day, lang))
                    following = following or next_day(body, day)
            after = following or day + timedelta(days=1)
            if step is not None:
                step(min((after - day).days, (end - day).days + 1))
            day = after


def _read_absent(path: Path) -> str:
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("source_url", ""))
    except (OSError, ValueError, AttributeError):
        return ""
