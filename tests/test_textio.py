"""Shortcuts of #12 in reading files, each against the reading it replaced: textio.read_lines looks for "?" and
collapse_lines for white space above U+00FF in a UTF-8 file's bytes, not in its decoded text; find_documents asks
stat once per named source."""

from __future__ import annotations

import random
from pathlib import Path

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


def _reference_find(sources):
    """find_documents as it was before #12's single stat: ``is_dir``, then ``exists``."""
    from analysis.corpus.documents import _one_per_stem

    found = []
    for source in map(Path, sources):
        if source.is_dir():
            found.extend(_one_per_stem(p for p in source.iterdir() if p.is_file() and p.suffix.lower()
                                       in (".html", ".htm", ".xhtml", ".txt") and not p.name.startswith(".")))
        elif source.exists():
            found.append(source)
        else:
            raise InputError(f"{source}: no such file or directory")
    return found


def test_find_documents_with_one_stat_finds_what_is_dir_and_exists_found(tmp_path):
    # find_documents asks stat once per named source (#12): a file, a folder, a missing path, a path through a
    # file (ENOTDIR), a symbolic link loop (ELOOP), a dangling link, a link to a file and a NUL in the name
    # must be taken or refused as is_dir and exists took them.
    from analysis.corpus.documents import find_documents

    (tmp_path / "synthetic_a_EN.txt").write_text("synthetic", encoding="utf-8")
    (tmp_path / "synthetic_b_EN.html").write_text("synthetic", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "link_EN.txt").symlink_to(tmp_path / "synthetic_a_EN.txt")
    sources = [tmp_path / "synthetic_a_EN.txt", tmp_path, tmp_path / "missing.txt", tmp_path / "synthetic_a_EN.txt" / "x",
               tmp_path / "loop", tmp_path / "dangling", tmp_path / "link_EN.txt", str(tmp_path / "nul\x00.txt")]
    for source in sources:
        assert _outcome(lambda: find_documents([source])) == _outcome(lambda: _reference_find([source])), source
    # By hand: the folder gives its two documents and the link, by name; a missing path is refused.
    assert [p.name for p in find_documents([tmp_path])] == ["link_EN.txt", "synthetic_a_EN.txt", "synthetic_b_EN.html"]
    with pytest.raises(InputError, match="missing.txt: no such file or directory"):
        find_documents([tmp_path / "missing.txt"])


def test_find_documents_takes_a_file_once_and_refuses_two_files_of_one_document(tmp_path, monkeypatch):
    # A document is named by its file's name (its stem): a file named twice, or a folder and a file in
    # it, is that document once; two other files of one name would put two documents under one name.
    from analysis.corpus.documents import find_documents

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for name in ("synthetic_x_EN.txt", f"synthetic_{folder}_EN.txt"):
            (tmp_path / folder / name).write_text("synthetic", encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    x = a / "synthetic_x_EN.txt"
    monkeypatch.chdir(tmp_path)
    assert find_documents([x, a, "a/synthetic_x_EN.txt", a / ".." / "a" / "synthetic_x_EN.txt"]) == [
        x, a / "synthetic_a_EN.txt"]  # in the order first named, each once
    assert find_documents([a, x]) == [a / "synthetic_a_EN.txt", x]
    with pytest.raises(InputError, match=f"^{b / 'synthetic_x_EN.txt'}: document 'synthetic_x_EN' is named "
                                         f"twice: also {x}; rename one of the files or leave one out$"):
        find_documents([a, b])
    (a / "synthetic_x_EN.html").write_text("synthetic", encoding="utf-8")
    assert find_documents([a]) == [a / "synthetic_a_EN.txt", a / "synthetic_x_EN.html"]  # a folder: HTML first
    with pytest.raises(InputError, match="document 'synthetic_x_EN' is named twice"):
        find_documents([a / "synthetic_x_EN.html", x])  # named by hand: which one is meant is not guessed


@pytest.mark.parametrize("tag", ["p", "div", "li", "h2", "blockquote", "address", "center", "details", "dialog",
                                 "fieldset", "figcaption", "figure", "hgroup", "legend", "menu", "search", "summary"])
def test_each_element_a_browser_shows_as_a_block_is_a_line_of_its_own(tag):
    page = f"<!DOCTYPE html><html><body><{tag}>synthetic one</{tag}><{tag}>synthetic two</{tag}>tail</body></html>"
    assert textio.html_to_lines(page) == ["synthetic one", "synthetic two", "tail"]
    inline = "<!DOCTYPE html><html><body><span>synthetic one</span><b>synthetic two</b>tail</body></html>"
    assert textio.html_to_lines(inline) == ["synthetic onesynthetic twotail"]


def test_a_page_nested_as_deep_as_libxml2_reads_is_read_and_one_level_more_refused():
    # html, body and 254 divs are 256 levels of elements: read whole; one div more is refused, and says so.
    def page(divs: int) -> str:
        return "<html><body>" + "<div>" * divs + "synthetic" + "</div>" * divs + "<p>end</p></body></html>"

    assert textio.html_to_lines(page(254)) == ["synthetic", "end"]
    with pytest.raises(InputError, match=r"^<input>: HTML nested too deeply \(over 256 levels of elements\); "):
        textio.html_to_lines(page(255))
