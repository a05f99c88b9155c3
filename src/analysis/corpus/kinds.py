"""Which document a page is: its kind and reference, read from its own heading, never from navigation.

The Parliament's pages name the document in a heading: "Texts adopted" (``TA``), "JOINT MOTION FOR
A RESOLUTION on ..." (``RC``), "MOTION FOR A RESOLUTION on ..." (``B``), "REPORT on ..." (``A``),
and, in the page's title bar, "Joint motion for a resolution - RC-B10-0249/2025". The words of
each kind are data, in the language profiles (``[kinds]`` in ``data/languages/<code>.toml``); the
reference patterns are the language-independent ones of :mod:`analysis.ids`.

A header line is a *kind heading* if it is one of those words alone ("Texts adopted", but not the
navigation label "Texts adopted :"), or, a *strong* one, the words in capitals followed by the
subject ("MOTION FOR A RESOLUTION on ...") or the words followed by a dash and a reference (the
title bar). Then:

- the kind is that of the first strong heading of the header, else of its first heading (a bare
  "Texts adopted" may also be a navigation link, but a page with no strong heading, such as an
  adopted text in the layout of 2019-2023, names its kind only so);
- the reference is the first reference *of that kind* from that heading on: the navigation
  before it (the "Document stages in plenary" box of a text rendering, "Texts adopted :
  P10_TA(2025)0096" on a joint motion's page) is never read, and neither is another kind's
  reference after it (the motions a joint motion replaces);
- the document's own part of the header, where its date, procedure, title and tabling groups are
  read, starts at the last heading of that kind (the one above the document's text).

A header without a kind heading is identified by a line holding nothing but references (the
"P9_TA(2021)0056RC-B9-0144/2021" line of an adopted text): the first of them. Failing both, the
file name's DOCEO id (``TA-9-2021-0056_BG``) is used, unless the heading names another kind.
References written with a non-breaking hyphen ("B10‑0249/2025", as the pages do) are read as usual.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from analysis import cells, ids
from analysis.resources.languages import LanguageProfile

_DASH_AFTER = re.compile(r"\s*[-–—]\s*\S")  # after the kind's words: a dash and a reference


@dataclass(frozen=True)
class Identity:
    """A page's own ``kind`` (TA, RC, B, A or ``None``) and ``reference``; ``start``: the index of the
    header line where the document's own part begins; ``subject``: the subject its heading names."""

    kind: str | None
    reference: str | None
    start: int = 0
    subject: str | None = None


def _plain(line: str) -> str:
    """The line with non-breaking hyphens (U+2011) as plain ones, as references are matched."""
    return line.replace("\u2011", "-")


def kind_heading(line: str, profile: LanguageProfile) -> tuple[str, str | None, bool] | None:
    """``(kind, subject, strong)`` if ``line`` is a kind heading of ``profile`` (see module docstring),
    else ``None``; ``strong``: the heading names its subject or reference, not only the kind's words."""
    return _kind_heading(line, _heading_forms(profile.kinds, profile.title_intro))


@dataclass(frozen=True)
class _HeadingForms:
    """The kinds' words of a profile as :func:`_kind_heading` compares them, worked out once (#12)."""

    kinds: tuple[tuple[str, int, str, str, str], ...]  # kind, len(words), casefolded, upper + " ", lower
    intros: tuple[tuple[str, str], ...]  # title intro, its lower case + " "
    longest: int  # the longest casefolded words: casefolding never shortens a line, so a longer one is none
    #: Whether a line with this first character may be a heading (see :func:`_may_open`), filled in as
    #: lines are met (#12): most header lines are passed over after one look-up.
    firsts: dict[str, bool] = field(default_factory=dict, compare=False)


@functools.lru_cache(maxsize=64)
def _heading_forms(kinds: tuple[tuple[str, str], ...], intros: tuple[str, ...]) -> _HeadingForms:
    forms = tuple((kind, len(words), words.casefold(), words.upper() + " ", words.lower()) for kind, words in kinds)
    return _HeadingForms(forms, tuple((intro, intro.lower() + " ") for intro in intros),
                         max((len(f[2]) for f in forms), default=-1))


def _kind_heading(line: str, forms: _HeadingForms) -> tuple[str, str | None, bool] | None:
    """:func:`kind_heading` with the profile's words worked out (:func:`_heading_forms`)."""
    first = line[:1]
    opens = forms.firsts.get(first)
    if opens is None:
        opens = forms.firsts[first] = _may_open(first, forms)
    if not opens:
        return None
    folded = line.casefold() if len(line) <= forms.longest else None
    for kind, size, words_folded, upper, lower in forms.kinds:
        if folded == words_folded:
            return kind, None, False
        if line.startswith(upper):
            rest = line[len(upper) - 1:].strip()
            rest_lower = rest.lower()
            for intro, intro_lower in forms.intros:
                if rest_lower.startswith(intro_lower):
                    return kind, rest[len(intro):].strip(), True
        if _DASH_AFTER.match(line, size) and line[:size].lower() == lower \
                and ids.mentions_reference(_plain(line[size:])):
            return kind, None, True
    return None


def _may_open(first: str, forms: _HeadingForms) -> bool:
    """May a line opening with ``first`` be a heading of ``forms``? Each test of :func:`_kind_heading` needs
    the words to start with it: in case-folded form (casefolding is one character at a time), as it
    is (the capitals), or in lower case (which reads the context only for a sigma, and one at the start
    of a line lower-cases as it does alone)."""
    return any(size == 0 or folded.startswith(first.casefold()) or upper.startswith(first)
               or lower.startswith(first.lower()) for _, size, folded, upper, lower in forms.kinds)


def _reference_line(line: str) -> str | None:
    """The first reference of a line that holds nothing but references, else ``None``."""
    text = _plain(line).replace(" ", "")
    found = [m for pattern in ids.REFERENCE_PATTERNS.values() for m in pattern.finditer(text)]
    if not found:
        return None
    rest = text
    for match in found:
        rest = rest.replace(match.group(0), "", 1)
    return min(found, key=lambda m: m.start()).group(0) if not rest.strip() else None


def identify(header: list[str], name: str, profile: LanguageProfile) -> Identity:
    """The identity of the document whose ``header`` lines (above its first unit) are given."""
    forms = _heading_forms(profile.kinds, profile.title_intro)
    headings = [(i, found) for i, line in enumerate(header) if (found := _kind_heading(line, forms))]
    kind = reference = subject = None
    start = 0
    if headings:
        strong = [(i, found) for i, found in headings if found[2]]
        kind = (strong or headings)[0][1][0]
        own = [(i, s) for i, (k, s, _) in headings if k == kind]
        first, start = (strong or headings)[0][0], own[-1][0]  # read from the heading that gave the kind on
        subject = next((s for _, s in reversed(own) if s), None)
        reference = next((found for line in header[first:] if (found := ids.find_reference(_plain(line), kind))),
                         None)
    else:
        reference = next((found for line in header if (found := _reference_line(line))), None)
        kind = ids.parse_reference(reference).kind if reference else None
    if reference is None:
        named = ids.parse_doceo_id(ids.split_name(name)[0])
        if named and kind in (None, named.kind):
            kind, reference = named.kind, named.reference()
    return Identity(kind, reference, start, subject)


def tabling_groups(lines: list[str], profile: LanguageProfile) -> str:
    """The political groups a motion names as tabling it ("on behalf of the PPE Group"), in page
    order, each once, joined as a list cell; ``""`` if the lines name none."""
    patterns = [re.compile(re.escape(p).replace(re.escape("{group}"), r"(?P<group>[^,;]+?)") + r"\s*$")
                for p in profile.tabling_group]
    groups: list[str] = []
    for line in lines:
        match = next((m for pattern in patterns if (m := pattern.search(line))), None)
        if match and match.group("group").strip() not in groups:
            groups.append(match.group("group").strip())
    return cells.join(groups)


def motion_part(body: list[str], profile: LanguageProfile) -> list[str]:
    """The motion for a resolution of a report: the ``body`` up to its first later section heading
    ("EXPLANATORY STATEMENT", "OPINION OF THE ...", "ANNEX", in capitals or alone on its line) or
    its first amendment ("Amendment 5"), whose tables are never operative paragraphs."""
    sections = tuple(s.casefold() for s in profile.report_sections)
    amendment = re.compile(rf"^(?:{'|'.join(map(re.escape, profile.amendment))})\s+\d+$", re.I) \
        if profile.amendment else None
    for i, line in enumerate(body):
        folded = line.casefold()
        if sections and folded.startswith(sections) and (line.isupper() or folded in sections):
            return body[:i]
        if amendment and amendment.match(line):
            return body[:i]
    return body
