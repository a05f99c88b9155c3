"""textio.read_lines looks for "?" in a UTF-8 file's bytes, not in its decoded text (#12): it must read every file
as text_to_lines reads the decoded text, lines and refusals alike."""

from __future__ import annotations

import random

import pytest

from analysis.corpus import textio
from analysis.errors import InputError

from conftest import RAW_2021


def _outcome(read):
    try:
        return read()
    except InputError as exc:
        return "refused", str(exc)


def _same_as_text_to_lines(path, data: bytes, text: str, encoding: str | None = None):
    path.write_bytes(data)
    assert _outcome(lambda: textio.read_lines(path, encoding=encoding)) == \
        _outcome(lambda: textio.text_to_lines(text, str(path)))


def test_question_marks_looked_for_in_the_bytes_read_as_in_the_text(tmp_path):
    path = tmp_path / "synthetic_marks_BG.txt"
    # Worked by hand: two lines opening with a lone "?" are dashes lost to an encoding, and refused; one "?"
    # in a sentence is not.
    path.write_bytes("synthetic\n? a\n? b\n".encode("utf-8"))
    with pytest.raises(InputError, match="cannot hold its text"):
        textio.read_lines(path)
    path.write_bytes("synthetic (why?)\n".encode("utf-8"))
    assert textio.read_lines(path) == (["synthetic (why?)"], "text")
    # A page's "?" may be written as an entity, which no byte shows; so may a text in an encoding that does not
    # write "?" as the byte of ASCII (EBCDIC, cp500: 0x6F).
    path.write_bytes(b"<html><body><p>synthetic</p><p>&#63; a</p><p>&#63; b</p></body></html>")
    with pytest.raises(InputError, match="cannot hold its text"):
        textio.read_lines(path)
    path.write_bytes("synthetic\n? a\n? b\n".encode("cp500"))
    with pytest.raises(InputError, match="cannot hold its text"):
        textio.read_lines(path, encoding="cp500")
    # Random synthetic texts and pages of question marks, replacement characters, Cyrillic "п" (whose low
    # byte is that of "?"), markers and line breaks; in UTF-8 with and without a byte-order mark, and in UTF-16.
    pieces = ["synthetic п", "?", "??", "???", "\ufffd", "\ufffd\ufffd\ufffd", "п", "– ", "\n", "? ", "\n? x",
              "\n\ufffd y", "A. ", " ", "&#63;", "&#63;&#63;&#63;"]
    rng = random.Random(7)
    for _ in range(1500):
        body = "synthetic " + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        page = "<html><body><p>" + body.replace("\n", "</p><p>") + "</p></body></html>"
        for text in (body, page):
            _same_as_text_to_lines(path, text.encode("utf-8"), text)
            if rng.random() < 0.1:
                _same_as_text_to_lines(path, b"\xef\xbb\xbf" + text.encode("utf-8"), text)
                _same_as_text_to_lines(path, text.encode("utf-16"), text)
                _same_as_text_to_lines(path, text.encode("cp500", errors="replace"),
                                       text.encode("cp500", errors="replace").decode("cp500"), encoding="cp500")
    # The shipped text, as it is and with lost dashes.
    shipped = RAW_2021.read_text(encoding="utf-8")
    for text in (shipped, shipped.replace("–", "?")):
        _same_as_text_to_lines(path, text.encode("utf-8"), text)


def test_other_white_space_looked_for_in_the_utf8_bytes_as_in_the_text():
    # collapse_lines looks for the white space above U+00FF in the UTF-8 bytes of the text (#12): every
    # character of the Basic Multilingual Plane alone, each other white space character amid the shipped text,
    # and random texts of spaces must be judged as the search of the text judges them, and give the same lines.
    from analysis.resources import text as normalisers

    for code in range(0x10000):
        if not 0xD800 <= code <= 0xDFFF:  # surrogates have no UTF-8 form
            char = chr(code)
            assert normalisers._other_space(char, char.encode()) == normalisers._other_space(char, None), hex(code)
    shipped = RAW_2021.read_text(encoding="utf-8")
    texts = [shipped] + [shipped[:20000] + f"x {space}y" + shipped[20000:] for space in normalisers._OTHER_SPACE]
    rng = random.Random(9)
    spaces = " \n\xa0\u200b" + normalisers._OTHER_SPACE
    texts += ["".join(rng.choice("aп–„") + rng.choice(spaces) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in texts:
        assert normalisers._other_space(text, text.encode()) == normalisers._other_space(text, None)
        assert normalisers.collapse_lines(text, text.encode()) == normalisers.collapse_lines(text)
    # By hand: an en space (U+2002, UTF-8 e2 80 82) after an en dash (e2 80 93) is found; the dash alone is none.
    assert normalisers._other_space("–\u2002", "–\u2002".encode())
    assert not normalisers._other_space("– x", "– x".encode())
