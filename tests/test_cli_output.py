"""The CSV rows the commands write: composed by pyarrow where the columns allow, or by the csv module
from tuples (``classify``'s rows, no pandas), the same bytes as pandas' ``to_csv`` (#12). The tables
are synthetic, made up for these tests."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

import io
import sys

from analysis.cli.output import _arrow_rows, csv_header, csv_rows, csv_tuples_utf8, write_utf8


def _pandas_rows(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, header=False, lineterminator="\n")


def _random_frame(rng: random.Random) -> pd.DataFrame:
    alphabet = list('ab ,"\nщ;é\t') + ["🙂", "  ", "\r" if rng.random() < 0.1 else "x"]
    rows = rng.randint(1, 8)
    columns = {}
    for j in range(rng.randint(1, 5)):
        kind = rng.choice("sifb")
        if kind == "s":
            values = [None if rng.random() < 0.1 else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
                      for _ in range(rows)]
            columns[f"c{j}"] = pd.Series(values, dtype="str")
        elif kind == "i":
            columns[f"c{j}"] = np.array([rng.randint(-10**12, 10**12) for _ in range(rows)], dtype=np.int64)
        elif kind == "f":
            columns[f"c{j}"] = np.array([rng.choice([np.nan, 0.1, 4.0, -0.0, 1e16, 1e-7, np.inf,
                                                     rng.random() * 10 ** rng.randint(-9, 20)]) for _ in range(rows)])
        else:
            columns[f"c{j}"] = np.array([rng.random() < 0.5 for _ in range(rows)])
    return pd.DataFrame(columns)


def test_csv_rows_are_pandas_rows_on_random_synthetic_tables():
    rng = random.Random(12)
    composed = 0
    for _ in range(600):
        frame = _random_frame(rng)
        assert csv_rows(frame) == _pandas_rows(frame), frame
        assert _arrow_rows(frame) in (None, _pandas_rows(frame).encode("utf-8")), frame
        composed += _arrow_rows(frame) is not None
    assert composed > 150  # the pyarrow rows are compared, not only pandas' fallback


def _tuples(frame: pd.DataFrame) -> list[tuple]:
    """The rows of ``frame`` as tuples of Python values (a missing text is NaN), as ``classify``'s rows hold them."""
    return list(zip(*(frame[column].tolist() for column in frame.columns)))


def test_csv_tuples_are_pandas_rows_on_random_synthetic_tables():
    rng = random.Random(13)
    for _ in range(600):
        frame = _random_frame(rng)
        assert csv_tuples_utf8(_tuples(frame)) == _pandas_rows(frame).encode("utf-8"), frame
        assert csv_header(list(frame.columns)) == frame.iloc[:0].to_csv(index=False, lineterminator="\n")


def test_csv_tuples_by_hand():
    rows = [("a", 1, 1.0, True), ('say "no"', 22, 0.5, False), (None, -3, float("nan"), True), ("x,y", 0, 1e-7, False),
            ("a\nb", 4, 2.5, True)]
    # written out by hand: quotes doubled inside quotes; a comma or a line end quoted; None and NaN empty
    expected = 'a,1,1.0,True\n"say ""no""",22,0.5,False\n,-3,,True\n"x,y",0,1e-07,False\n"a\nb",4,2.5,True\n'
    assert csv_tuples_utf8(rows) == expected.encode("utf-8")
    assert csv_tuples_utf8([]) == b""
    assert csv_header(["id", "a,b", 'q"']) == 'id,"a,b","q"""\n'
    assert csv_header([]) == pd.DataFrame().to_csv(index=False, lineterminator="\n")


def test_csv_rows_by_hand():
    frame = pd.DataFrame({"id": pd.Series(["a", 'say "no"', None, "x,y"], dtype="str"),
                          "n": np.array([1, 22, -3, 0], dtype=np.int64),
                          "w": np.array([1.0, 0.5, np.nan, 1e-7])})
    # written out by hand: quotes doubled inside quotes; a comma quoted; missing text and NaN empty
    expected = 'a,1,1.0\n"say ""no""",22,0.5\n,-3,\n"x,y",0,1e-07\n'
    assert _arrow_rows(frame) == expected.encode("utf-8")
    assert csv_rows(frame) == expected
    assert csv_header(list(frame.columns)) + csv_rows(frame) == frame.to_csv(index=False, lineterminator="\n")
    # pandas writes these: a carriage return, a column of truth values, one column, no rows
    assert _arrow_rows(frame.assign(id=pd.Series(["a\rb", "", "", ""], dtype="str"))) is None
    assert _arrow_rows(frame.assign(flag=[True, False, True, False])) is None
    assert _arrow_rows(frame[["n"]]) is None and _arrow_rows(frame.iloc[:0]) is None


def _stdout(monkeypatch, encoding: str) -> tuple[io.BytesIO, io.TextIOWrapper]:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding)
    monkeypatch.setattr(sys, "stdout", out)
    return raw, out


def test_utf8_rows_go_to_a_utf8_stdout_as_they_are_after_the_text_before_them(monkeypatch):
    raw, out = _stdout(monkeypatch, "utf-8")
    out.write("id,текст\n")  # still in the text layer's buffer
    write_utf8("1,щ 🙂\n".encode("utf-8"))
    out.write("2,x\n")
    out.flush()
    assert raw.getvalue() == "id,текст\n1,щ 🙂\n2,x\n".encode("utf-8")


def test_utf8_rows_are_written_as_text_where_stdout_has_another_encoding(monkeypatch):
    raw, out = _stdout(monkeypatch, "utf-16-le")
    write_utf8("1,щ\n".encode("utf-8"))
    out.flush()
    assert raw.getvalue() == "1,щ\n".encode("utf-16-le")  # the text, in the stream's own encoding
    text = io.StringIO()  # a stream with no bytes beneath
    monkeypatch.setattr(sys, "stdout", text)
    write_utf8("1,щ\n".encode("utf-8"))
    assert text.getvalue() == "1,щ\n"



def test_ctrl_c_while_the_command_loads_is_one_line_not_a_traceback(monkeypatch, capsys):
    # Ctrl-C during the imports a command needs (pandas and all, before its own code runs) ended in a
    # traceback and exit status -2; it is the same one line and status as during the command.
    import analysis.cli as cli
    from analysis.errors import EXIT_INTERRUPTED

    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["classify", "x"]) == EXIT_INTERRUPTED
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "analysis: interrupted\n")
