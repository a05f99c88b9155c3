"""The text normalisers: one place decides how text is compared with lexicon and dictionary patterns."""

from __future__ import annotations

import re


def _zero_width_as_space(text: str) -> str:
    return text.replace("\u200b", " ") if "\u200b" in text else text  # not white space to str.split or \s


def collapse_space(text: str) -> str:
    """Every run of white space (no-break and zero-width spaces included) to one space, stripped."""
    return " ".join(_zero_width_as_space(text).split())


#: The white space of ``str.isspace`` but the plain and no-break spaces and the line feed (every other line break).
_OTHER_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: Those of them whose low byte is 0: ``in`` cannot look for them with memchr (as it does for the others, by
#: their low byte) and takes about twice as long as ``str.count`` (#12), so they are counted.
_COUNTED_SPACE = "\u2000\u3000"
#: Every character of ``str.isspace`` (what ``\s`` matches).
WHITE_SPACE = " \n\u00a0" + _OTHER_SPACE
_SEARCHED_SPACE = "".join(space for space in _OTHER_SPACE if space not in _COUNTED_SPACE)
#: Of ``_OTHER_SPACE``, those below U+0100, and the UTF-8 forms of the others by their lead byte: in UTF-8 bytes one
#: memchr finds a lead byte that is not there, and one regex with it as its literal prefix looks at each that is (#12).
_NARROW_SPACE = "".join(space for space in _OTHER_SPACE if space < "\u0100")
_WIDE_SPACE = {lead: re.compile(re.escape(lead) + b"(?:" + b"|".join(re.escape(space.encode()[1:]) for space in
                                                                     _OTHER_SPACE if space.encode()[:1] == lead) + b")")
               for lead in sorted({space.encode()[:1] for space in _OTHER_SPACE if space >= "\u0100"})}


def _other_space(text: str, utf8: bytes | None) -> bool:
    """May ``text`` hold white space of :data:`_OTHER_SPACE`? ``utf8``: the UTF-8 bytes it was decoded from, in
    which the characters above U+00FF are looked for: a character whose low byte is that of many letters
    ("\u2004" and Cyrillic, "\u2000" and Latin) is slow for str's search (#12)."""
    if utf8 is None:
        return any(space in text for space in _SEARCHED_SPACE) or any(map(text.count, _COUNTED_SPACE))
    return any(space in text for space in _NARROW_SPACE) or \
        any(lead in utf8 and pattern.search(utf8) for lead, pattern in _WIDE_SPACE.items())


def collapse_lines(text: str, utf8: bytes | None = None) -> list[str]:
    """The non-empty lines of ``text`` (:meth:`str.splitlines`), each with :func:`collapse_space` applied:
    how the parser reads a plain text. The spacing is settled in the whole text at once (#12): zero-width
    and no-break spaces become plain spaces and runs of plain spaces one space (neither is a line break,
    and collapse_space does the same to each line). If no other white space is left (see :func:`_other_space`;
    ``utf8``: the bytes ``text`` was decoded from, if the caller has them), a line is collapsed by stripping
    its ends; otherwise each line that is not printable is collapsed."""
    text = text.replace("\u200b", " ").replace("\u00a0", " ")
    pieces = text.split("  ")
    while len(pieces) > 1:  # each "  " to " " (what replace gives), again while a run of spaces is left
        text = " ".join(pieces)
        # A piece never ends with a space, so a run is left only where a later piece starts with one or is
        # empty (#12): the text is not searched again for a run that is not there. The least piece starts
        # with a space, or a character before it, or is empty, if any does.
        pieces = text.split("  ") if min(pieces[1:])[:1] <= " " else [text]
    if not _other_space(text, utf8):
        return list(filter(None, [line.strip(" ") for line in text.split("\n")]))
    return [line for line in (x if x.isprintable() and x[:1] != " " and x[-1:] != " " else collapse_space(x)
                              for x in text.splitlines()) if line]


def clause_part_end(text: str, start: int = 0) -> int:
    """Where the clause part of ``text`` that runs from ``start`` ends: at its first ";" or ":", else at the
    text's end (a verb's tail and its addressees are looked for within it, codebook_verbs §5, §8)."""
    return min((i for i in (text.find(";", start), text.find(":", start)) if i != -1), default=len(text))


def fold(text: str) -> str:
    """Lower case, ``ё``→``е``, no-break space→space, with the length of ``text`` kept, so that match
    positions in the folded text are positions in the original.

    A character whose lower case is longer than one character ("İ" → "i̇") is kept as it is.
    """
    text = text.replace("\u00a0", " ")
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(low if len(low := char.lower()) == 1 else char for char in text)
    return folded.replace("ё", "е")


def normalise(text: str) -> str:
    """:func:`match_form`, then :func:`collapse_space`: the form patterns are written in and matched against.
    Zero-width spaces are spaces before the text is lower-cased, so that a "Σ" before one is final ("ς"),
    as before any other space."""
    return collapse_space(match_form(text))


def match_form(text: str) -> str:
    """:func:`fold` with zero-width spaces as spaces: :func:`normalise` without collapsing the white
    space, for the wildcard regexes, which take any run of white space between words (#12: cheaper,
    and they find the same as in the normalised text)."""
    return fold(_zero_width_as_space(text))
