"""Read a resolution file (official HTML page or its plain-text rendering) into text lines.

HTML is flattened to text blocks first, so that the parser has a single code path:
one line per block (paragraph, table row, heading, list item), with a table row's marker
cell (``–``, ``А.``, ``1.``) joined to its text cell, and footnote call-outs written ``(n)``.
Line breaks inside ``<pre>`` are kept, and in both formats a line holding only a unit marker
is joined to the line after it.

Navigation is left out of an HTML page, so that no other document's reference, date or kind
heading reaches the parser: ``<nav>`` and ``<aside>`` elements, and the boxes the Parliament's
DOCEO pages mark by class (:data:`NAVIGATION_CLASSES`): the breadcrumbs, the language and download
menus, and the "Document stages in plenary" box (``doceo-ring``) that lists the texts tabled and
adopted in the same procedure. What stays is the page's own title bar ("Joint motion for a
resolution - RC-B10-0249/2025"), its heading and the document. A plain-text rendering has no
markup to tell navigation by; there :mod:`analysis.corpus.kinds` reads the document's identity
from its own heading onwards.

A page saved in an encoding that cannot hold its text (a Bulgarian page written as latin-1, its
letters and dashes replaced by ``?``) is refused: see :func:`check_characters`.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.ids import language_from_name
from analysis.errors import InputError
from analysis.resources.languages import code_page
from analysis.resources.text import collapse_lines, collapse_space

_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (DOCX?)",
    b"\xd0\xcf\x11\xe0": "an MS Office (OLE) file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Possessive (*+): a text of many comments that is no page fails at once, not after trying every way of
# sharing the comments between the two groups.
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*+(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*+"
                         r"(?:<!doctype\s+html|<html|<head|<body)", re.I | re.S)
# The elements a browser shows as blocks (HTML's block-level elements, and "center" of old pages).
_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "tbody", "thead", "tfoot", "caption", "blockquote", "pre", "form", "hr", "title",
    "address", "center", "details", "dialog", "fieldset", "figcaption", "figure", "hgroup", "legend",
    "menu", "search", "summary",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "button", "select", "nav", "aside"}
#: Classes of the navigation boxes of the Parliament's DOCEO pages, left out with what they hold.
NAVIGATION_CLASSES = frozenset({"breadcrumb", "doceo-ring", "dropdown-menu", "es_header-language-selector",
                                "es_wai-access"})
_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
# What no "<html" in it opens a page: a comment, a script or a style (their text is not markup).
_NOT_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
# A run of characters an encoding could not hold: "?" or U+FFFD (replacement character) in a row.
_LOST_RUN = re.compile(r"[?\ufffd]{3,}")
# A unit marker (a dash) that became "?" or U+FFFD: white space after it, or alone on its line.
_LOST_MARKER = re.compile(r"^[?\ufffd](?:\s|$)")
_SUP_NUMBER = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")
# A line holding nothing but a unit marker: dash, capital letter(s), number (with a lower-case
# letter: "12a.") or footnote number. Letters of any script; their case is checked in _is_marker_only.
_MARKER_ONLY = re.compile(r"^(?:[–—‒-]|([^\W\d_]{1,3})\.|\d{1,3}([^\W\d_])?\.|\(\d{1,3}\))$")
_MARKER_ONLY_LENGTH = 6  # the longest line _MARKER_ONLY matches ("(123)" and the "\n" that "$" allows after it)


def decode(data: bytes, name: str = "<input>", encoding: str | None = None, language: str | None = None) -> str:
    """Decode a file's bytes to text, or raise :class:`InputError` with a one-line reason.

    ``encoding``, if given, is used as it is. Otherwise UTF-8 (with or without BOM) and UTF-16
    with BOM are read directly; then a charset declared in an HTML ``<meta>``; then the legacy
    encoding is detected with charset-normalizer (e.g. Windows-1251) and refused if nothing
    decodes it coherently. Where several legacy encodings read the file equally well but
    differently, the code page of ``language`` settles it; without one the file is refused
    as ambiguous rather than returned as mojibake. A NUL character anywhere in the text is refused.
    """
    return _decode_checked(data, name, encoding, language)[0]


def _decode_checked(data: bytes, name: str, encoding: str | None, language: str | None) -> tuple[str, bool]:
    """:func:`decode`, and whether ``data`` was read as UTF-8 without a byte-order mark (see :func:`_decode`)."""
    text, utf8 = _decode(data, name, encoding, language)
    nul = -1 if utf8 and b"\x00" not in data else text.find("\x00")
    if nul != -1:
        raise InputError(f"{name}: a NUL character at character {nul}: not a text file, or a damaged one")
    return text, utf8


def _decode(data: bytes, name: str, encoding: str | None, language: str | None) -> tuple[str, bool]:
    """The text of ``data`` (see :func:`decode`), before the check for NUL characters, and whether it was read as
    UTF-8 without a byte-order mark: then a character below 128 is its own byte, found in the bytes by memchr at
    once (#12), where ``str.find`` cannot use memchr for a NUL character (whose low byte is 0) or is slowed by
    every letter whose low byte is the character's ("?" and Cyrillic "п", U+043F)."""
    if encoding:
        return _decode_as(data, encoding, name), False
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: {kind}, not an HTML page or text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_with_bom(data, 3, "utf-8", name), False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_with_bom(data, 0, "utf-16", name), False
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not an HTML page or text")
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            raise InputError(f"{name}: truncated: the file ends in the middle of a UTF-8 character") from None
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii")), False
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect_legacy(data, name, language), False


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    """Decode with the encoding the user named; an unknown name or a bad byte is an InputError. A byte-order
    mark that the codec keeps (``utf-8``, ``utf-16-le``: U+FEFF first) is dropped, as detection drops it."""
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except LookupError:
        raise InputError(f"{name}: unknown encoding name {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} ({exc.reason} at byte {exc.start})") from None


def _detect_legacy(data: bytes, name: str, language: str | None) -> str:
    """The text of a file in a legacy single-byte encoding, detected by charset-normalizer."""
    import codecs

    import charset_normalizer

    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None or best.chaos > 0.1:
        raise InputError(f"{name}: unknown text encoding (not UTF-8 and not a recognisable legacy encoding)")
    tied = [r for r in results if abs(r.chaos - best.chaos) <= 0.01 and abs(r.coherence - best.coherence) <= 0.01]
    readings = {str(r) for r in tied}
    if len(readings) == 1:
        return str(best)
    page = code_page(language) if language else None  # the Windows code page of the language
    for result in tied:
        if page and codecs.lookup(result.encoding).name == codecs.lookup(page).name:
            return str(result)
    candidates = ", ".join(dict.fromkeys(r.encoding for r in tied))
    raise InputError(f"{name}: ambiguous legacy encoding ({candidates} read it differently); save it as UTF-8, "
                     "name its language in the file name (..._EN.txt), or give the encoding (parse --encoding)")


def _decode_with_bom(data: bytes, skip: int, codec: str, name: str) -> str:
    """Decode ``data[skip:]`` (a file whose BOM names its codec); a bad or cut-off end is an InputError."""
    label = codec.upper()
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason in ("truncated data", "unexpected end of data") and exc.end >= len(data) - skip:
            raise InputError(f"{name}: truncated: the file ends in the middle of a {label} character") from None
        raise InputError(f"{name}: not valid {label} despite its {label} byte-order mark "
                         f"({exc.reason} at byte {exc.start + skip})") from None


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like an HTML document."""
    return bool(_HTML_START.match(text))


#: The depth of elements (``html`` and ``body`` included) past which libxml2's HTML parser stops reading a page.
_MAX_DEPTH = 256


def _too_deep(parser) -> bool:
    """Did the parser stop at its depth limit?"""
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message
               for entry in parser.error_log)


def html_to_lines(html: str, name: str = "<input>") -> list[str]:
    """Flatten an HTML page to its text blocks, one line each (see module docstring)."""
    import lxml.etree
    import lxml.html

    pages = len(_HTML_OPEN.findall(_NOT_MARKUP.sub("", html)))
    if pages > 1:  # libxml2 would read the first page and drop the others unseen
        raise InputError(f"{name}: holds {pages} pages (<html> opens {pages} times); "
                         "split the file, one resolution per file")
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        if _too_deep(parser):
            raise InputError(f"{name}: HTML nested too deeply (over {_MAX_DEPTH} levels of elements); "
                             "not a page as the Parliament publishes them") from None
        raise InputError(f"{name}: HTML that cannot be parsed ({exc})") from exc
    if _too_deep(parser):  # libxml2 stops at that depth and drops the rest of the page
        raise InputError(f"{name}: HTML nested too deeply (over {_MAX_DEPTH} levels of elements); "
                         "not a page as the Parliament publishes them")
    lines: list[str] = []
    _flatten(root, lines)
    return [line for line in (collapse_space(x) for x in lines) if line]


def _flatten(element, lines: list[str]) -> None:
    """Append the text blocks under ``element`` to ``lines`` (the last item is the open line)."""
    buffer: list[str] = []

    def flush() -> None:
        text = collapse_space("".join(buffer))
        if text:
            lines.append(text)
        buffer.clear()

    def add(text: str | None, in_pre: bool) -> None:
        """Buffer ``text``; inside ``<pre>`` each line break ends a line."""
        if not text:
            return
        first, *rest = text.split("\n") if in_pre else [text]
        buffer.append(first)
        for part in rest:
            flush()
            buffer.append(part)

    def walk(el, in_pre: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not NAVIGATION_CLASSES.isdisjoint((el.get("class") or "").split()):
            add(el.tail, in_pre)
            return
        if tag == "tr":
            flush()
            lines.extend(_row_lines(el))
        elif tag == "br":
            flush()
        elif tag == "sup" and _SUP_NUMBER.match(el.text_content().strip()):
            buffer.append(f"({_SUP_NUMBER.match(el.text_content().strip()).group(1)})")
        else:
            block = tag in _BLOCK_TAGS
            inner_pre = in_pre or tag == "pre"
            if block:
                flush()
            add(el.text, inner_pre)
            for child in el:
                walk(child, inner_pre)
            if block:
                flush()
        add(el.tail, in_pre)

    walk(element)
    flush()


def _row_lines(row) -> list[str]:
    """A table row: short marker cells are joined to the first line of the last cell."""
    cells = [child for child in row if isinstance(child.tag, str) and child.tag.lower() in ("td", "th")]
    cell_lines: list[list[str]] = []
    for cell in cells:
        sub: list[str] = []
        _flatten(cell, sub)
        sub = [collapse_space(x) for x in sub if collapse_space(x)]
        if sub:
            cell_lines.append(sub)
    if len(cell_lines) >= 2 and all(len(c) == 1 and len(c[0]) <= 8 for c in cell_lines[:-1]):
        prefix = " ".join(c[0] for c in cell_lines[:-1])
        last = cell_lines[-1]
        return [f"{prefix} {last[0]}", *last[1:]]
    return [line for c in cell_lines for line in c]


def read_lines(path: str | Path, encoding: str | None = None,
               language: str | None = None) -> tuple[list[str], str]:
    """Read a file and return ``(lines, format)`` where format is ``"html"`` or ``"text"``.

    ``encoding`` overrides detection; ``language`` (default: the ``_XX`` suffix of the file
    name) settles a tie between legacy encodings (see :func:`decode`).
    """
    path = Path(path)
    name = str(path)
    try:  # one open, no stat before it (#12)
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    language = language or language_from_name(path.stem)
    text, utf8 = _decode_checked(data, name, encoding, language)
    return text_to_lines(text, name, utf8=data if utf8 else None)


def text_to_lines(text: str, name: str = "<input>", *, utf8: bytes | None = None) -> tuple[list[str], str]:
    """Split decoded text (HTML or plain) into normalised non-empty lines. ``utf8``: the UTF-8 bytes (no
    byte-order mark) that ``text`` was decoded from, if known: some characters are looked for in them (#12)."""
    if looks_like_html(text):
        lines, fmt = html_to_lines(text, name), "html"
    else:
        lines, fmt = collapse_lines(text, utf8), "text"
    # A "?" of a plain text is the byte of ASCII in UTF-8 (one memchr); a page's may be an entity.
    check_characters(lines, name, question_marks=utf8 is None or fmt == "html" or b"?" in utf8)
    return join_marker_lines(lines), fmt


def check_characters(lines: list[str], name: str = "<input>", *, question_marks: bool = True) -> None:
    """Refuse text whose characters were lost to an encoding that could not hold them.

    Such a page shows runs of ``?`` (or U+FFFD) where its words were ("????????? ??????????") and
    ``?`` where its dash markers were, so its citations are gone. No resolution has three runs of
    three question marks, or two lines opening with a lone ``?``.
    """
    text = "\n".join(lines)  # one search for the whole text (#12); a run never spans a line break
    if (not question_marks or "?" not in text) and "\ufffd" not in text:  # question_marks=False: none, known
        return
    runs = len(_LOST_RUN.findall(text))
    markers = sum(1 for line in lines if line[:1] in ("?", "\ufffd") and _LOST_MARKER.match(line))
    if runs >= 3 or markers >= 2:
        raise InputError(f"{name}: the page was saved in an encoding that cannot hold its text (its letters or "
                         "dashes became '?'); save it again as UTF-8")


def join_marker_lines(lines: list[str]) -> list[str]:
    """Join a line that is only a unit marker (``–``, ``A.``, ``1.``, ``(1)``) to the next line.

    Some renderings put the marker on a line of its own (a marker ``<div>``, a ``<br>`` after
    the marker, or a saved text with the marker alone on its line).
    """
    if not any(_is_marker_only(line) for line in lines if len(line) <= _MARKER_ONLY_LENGTH):
        return list(lines)  # no line is a bare marker: nothing to join (#12)
    joined: list[str] = []
    for line in lines:
        if joined and len(joined[-1]) <= _MARKER_ONLY_LENGTH and _is_marker_only(joined[-1]) \
                and not (len(line) <= _MARKER_ONLY_LENGTH and _is_marker_only(line)):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _is_marker_only(line: str) -> bool:
    """Is ``line`` a bare marker: a dash, 1-3 capital letters, a paragraph number or ``(n)``?"""
    match = _MARKER_ONLY.match(line)
    return bool(match) and (match.group(1) is None or match.group(1).isupper()) \
        and (match.group(2) is None or match.group(2).islower())
