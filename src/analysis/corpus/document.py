"""A parsed resolution (:class:`Document`): its metadata, its units and the parser's warnings.

The parser (:mod:`analysis.corpus.parser`) gives the units as plain columns; the pandas frame is
built on first use, so that a batch builds one frame for all documents
(:func:`analysis.corpus.documents.units_frame`) and worker processes send plain lists back (#12).
"""

from __future__ import annotations

import json
from typing import Any

from analysis import cells, lazy

pd = lazy.module("pandas")  # imported where first used: never by ``classify``'s rows (#12)

UNIT_COLUMNS = ["document", "position", "kind", "label", "text", "footnotes"]


class Document:
    """A parsed resolution: ``metadata`` (dict) and ``units`` (DataFrame, one row per unit).

    The parser gives the units as ``columns`` (``UNIT_COLUMNS`` -> list of values) and the frame is
    built on first use: a batch (:func:`analysis.corpus.documents.units_frame`) builds one frame of
    all documents from :meth:`unit_columns` instead of one per document, and worker processes send
    plain lists back (#12).
    """

    def __init__(self, metadata: dict[str, Any], units: pd.DataFrame | None = None,
                 warnings: list[str] | None = None, *, columns: dict[str, list] | None = None):
        if (units is None) == (columns is None):
            raise ValueError("a Document needs its units as a frame or as columns, not both")
        self.metadata = metadata
        self.warnings = warnings if warnings is not None else []
        self._units = units
        self._columns = columns

    @property
    def units(self) -> pd.DataFrame:
        """One row per unit (``UNIT_COLUMNS``)."""
        if self._units is None:
            self._units = pd.DataFrame(self._columns, columns=UNIT_COLUMNS)
        return self._units

    def unit_columns(self) -> dict[str, list]:
        """The units as ``{column: list of values}`` (``UNIT_COLUMNS``), without building a frame."""
        if self._columns is not None:
            return self._columns
        return {key: self._units[key].tolist() for key in UNIT_COLUMNS}

    def __repr__(self) -> str:
        return f"Document({self.metadata.get('document')!r}, {len(self.unit_columns()['kind'])} units)"

    def counts(self) -> dict[str, int]:
        """Number of units of each kind."""
        return {k: int(v) for k, v in self.units["kind"].value_counts().items()}

    def paragraphs(self) -> pd.DataFrame:
        """The operative paragraphs only, their ``label`` named ``number``: with ``document``, the
        paragraph key of every table from the classification on."""
        paragraphs = self.units[self.units["kind"] == "paragraph"].rename(columns={"label": "number"})
        return paragraphs.reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """``{"metadata": {...}, "units": [{"kind", "label", "text", "footnotes"}, ...]}``."""
        units = [
            {"kind": u.kind, "label": u.label, "text": u.text,
             "footnotes": [int(n) for n in cells.split(u.footnotes)]}
            for u in self.units.itertuples(index=False)
        ]
        return {"metadata": dict(self.metadata), "units": units}

    def to_json(self) -> str:
        """The document as indented JSON (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        """One row per unit, with the document id and position."""
        return self.units.to_csv(index=False, lineterminator="\n")
