"""The text normalisers: one place decides how text is compared with lexicon and dictionary patterns."""

from __future__ import annotations


def _zero_width_as_space(text: str) -> str:
    return text.replace("\u200b", " ") if "\u200b" in text else text  # not white space to str.split or \s


def collapse_space(text: str) -> str:
    """Every run of white space (no-break and zero-width spaces included) to one space, stripped."""
    return " ".join(_zero_width_as_space(text).split())


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
    """:func:`fold`, then :func:`collapse_space`: the form patterns are written in and matched against."""
    return collapse_space(fold(text))


def match_form(text: str) -> str:
    """:func:`fold` with zero-width spaces as spaces: :func:`normalise` without collapsing the white
    space, for the wildcard regexes, which take any run of white space between words (#12: cheaper,
    and they find the same as in the normalised text)."""
    return fold(_zero_width_as_space(text))
