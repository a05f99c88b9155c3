"""Writing a table to standard output, the same way for every command.

CSV is pandas' (``to_csv``: minimal quoting, ``\\n`` line ends). Where every column is text, whole
numbers or floats, the rows of a frame are composed by pyarrow's string functions instead, the same
bytes in about half the time (#12: pandas' writer was a tenth of ``classify``'s time). ``classify``
has no frame: its workers write their rows, tuples, with the csv module (:func:`csv_tuples_utf8`,
which pandas' writer uses too) and hand the UTF-8 bytes to standard output as they are
(:func:`write_utf8`), without decoding them to text and encoding them again. Tests compare all
three with pandas' ``to_csv``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence

from analysis import lazy

np = lazy.module("numpy")  # imported where first used: never by ``classify``'s rows (#12)
pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

#: Text that the CSV writer quotes (minimal quoting, ``\\n`` line ends); a carriage return, quoted
#: or not by the csv module depending on the Python version, leaves the table to pandas.
_QUOTED = '[,"\n]'


def write_frame(frame: pd.DataFrame, fmt: str) -> None:
    """``frame`` as CSV (``\\n`` line ends) or as an indented JSON list of records."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(csv_header(list(frame.columns)) + csv_rows(frame))


def csv_rows(frame: pd.DataFrame) -> str:
    """The rows of ``frame`` as :func:`write_frame` writes them, without the header line."""
    rows = _arrow_rows(frame)
    return _pandas_rows(frame) if rows is None else rows.decode("utf-8")


def csv_tuples_utf8(rows: Iterable[Sequence[object]]) -> bytes:
    """``rows`` (tuples of cells) as :func:`write_frame` writes a frame of them, without its header,
    UTF-8 encoded: by the csv module, as pandas' ``to_csv`` writes (minimal quoting, ``\\n`` line
    ends, a float as its ``repr``), a missing value (``None``, NaN) as an empty cell. No pandas is
    imported (``classify``'s rows, #12); a test holds the two to the same bytes. Each column must
    hold values of one type as its frame would (text, whole numbers, floats or truth values), a
    missing one only among text or floats: pandas writes a whole number as a float (``3.0``) in a
    column with a missing value or a float, the csv module as it is (``3``)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [cell if cell == cell else "" for cell in row] for row in rows)  # NaN, unequal to itself: empty
    return out.getvalue().encode("utf-8")


def write_utf8(data: bytes) -> None:
    """Write ``data``, UTF-8 text, to standard output: to its byte stream as it is where its text
    layer would write the same bytes (UTF-8, no line-end translation), else decoded, as text."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and codecs.lookup(out.encoding).name == "utf-8" and os.linesep == "\n":
        out.flush()  # what was written as text goes first
        out.buffer.write(data)
    else:
        out.write(data.decode("utf-8"))


def _pandas_rows(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, header=False, lineterminator="\n")


def _arrow_rows(frame: pd.DataFrame) -> bytes | None:
    """The rows of :func:`csv_rows` composed by pyarrow, UTF-8 encoded, or ``None`` where pandas must write
    them (a column of another type, a carriage return, fewer than two columns: a row of one empty cell is
    quoted)."""
    if len(frame.columns) < 2 or frame.empty:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = [_arrow_cells(frame.iloc[:, i]) for i in range(len(frame.columns))]
    if any(column is None for column in cells):
        return None
    comma, empty, line_end = (pa.scalar(text, pa.large_string()) for text in (",", "", "\n"))
    rows = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, comma), empty, line_end)
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    # no row is missing: the rows one after the other are the values' bytes from the first offset on
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset:rows.offset + len(rows) + 1]
    return rows.buffers()[2][int(offsets[0]):int(offsets[-1])].to_pybytes()


def _arrow_cells(column: pd.Series):
    """One column's CSV cells as a pyarrow ``large_string`` array, or ``None`` (see :func:`_arrow_rows`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return pc.cast(pa.array(column.to_numpy()), pa.large_string())
    if dtype == np.float64:  # as Python writes a float; NaN as nothing
        return pa.array(["" if x != x else repr(x) for x in column.to_numpy().tolist()], pa.large_string())
    if not isinstance(dtype, pd.StringDtype):
        return None
    values = pa.array(column.array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    values = values.cast(pa.large_string())
    if pc.any(pc.match_substring(values, "\r")).as_py():
        return None
    mark, empty = pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string())
    quoted = pc.binary_join_element_wise(mark, pc.replace_substring(values, '"', '""'), mark, empty)
    return pc.fill_null(pc.if_else(pc.match_substring_regex(values, _QUOTED), quoted, values), empty)


def csv_header(columns: list[str]) -> str:
    """The header line :func:`write_frame` writes for ``columns`` (by the csv module, as pandas writes
    it, where there is a column: no pandas for ``classify``, #12)."""
    if not columns:
        return pd.DataFrame(columns=columns).to_csv(index=False, lineterminator="\n")
    return csv_tuples_utf8([columns]).decode("utf-8")
