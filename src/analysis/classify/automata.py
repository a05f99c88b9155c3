"""The two Aho-Corasick automata of the phrase scan (:mod:`analysis.classify.phrase_keys`, #12): its
keys over the text, and over the text's bytes in the language's single-byte code page ("cp1251").

Both find the leftmost-longest keys (the Rust ``aho-corasick`` crate, through ``ahocorasick_rs``).
The automata cannot be pickled: a pickle of :class:`Automata` holds their keys and code page, and
they are made again when it is read (the verb matcher is kept on disk, :mod:`analysis.resources.kept`).
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

#: What a code page's table (:func:`codecs.charmap_build`) has for a byte the page does not define.
_UNDEFINED = "\ufffe"


def code_page_map(code_page: str | None) -> tuple[object, bytes] | None:
    """The characters of a code page's single bytes as an encoding map for :func:`codecs.charmap_encode`
    (each byte decoded on its own, so only a single-byte part of any codec counts), and a byte that
    no text encodes to; ``None`` if there is no code page, Python does not know it or cannot decode
    with it (``rot13``, ``hex``), or it defines every byte or none."""
    if not code_page:
        return None
    try:
        codecs.lookup(code_page)
    except LookupError:
        return None
    table = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode(code_page)
        except (UnicodeError, LookupError):  # a byte the page does not define, or no text encoding at all
            char = _UNDEFINED
        table.append(char if len(char) == 1 else _UNDEFINED)
    if _UNDEFINED not in table or all(char == _UNDEFINED for char in table):
        return None
    encoding_map = codecs.charmap_build("".join(table))
    try:  # the byte that stands for the keys the page cannot hold: one that no text encodes to
        codecs.charmap_encode(_UNDEFINED, "strict", encoding_map)
    except UnicodeEncodeError:
        return encoding_map, bytes([table.index(_UNDEFINED)])
    return None


class Automata:
    """``keys`` (in order: a hit's index is its key's) as an automaton over a text (:attr:`find_text`)
    and, where ``code_page`` is a usable single-byte page (:func:`code_page_map`), over a text's
    bytes in it (:attr:`find_bytes`, with :attr:`encoding_map`; else both ``None``): a key the page
    cannot hold becomes a byte no text encodes to."""

    def __init__(self, keys: Sequence[str], code_page: str | None = None):
        self.keys, self.code_page = list(keys), code_page
        self._build()

    def _build(self) -> None:
        options = {"matchkind": ahocorasick_rs.MatchKind.LeftmostLongest,
                   "implementation": ahocorasick_rs.Implementation.DFA}
        self.find_text = ahocorasick_rs.AhoCorasick(self.keys, **options).find_matches_as_indexes
        self.encoding_map = self.find_bytes = None
        page = code_page_map(self.code_page)
        if page is not None:
            self.encoding_map, never = page
            encoded = []
            for key in self.keys:
                try:
                    encoded.append(codecs.charmap_encode(key, "strict", self.encoding_map)[0])
                except UnicodeEncodeError:
                    encoded.append(never)
            self.find_bytes = ahocorasick_rs.BytesAhoCorasick(encoded, **options).find_matches_as_indexes

    def __getstate__(self) -> dict[str, Any]:
        return {"keys": self.keys, "code_page": self.code_page}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build()
