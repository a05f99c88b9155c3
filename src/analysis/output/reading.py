"""The reading view: a resolution's operative paragraphs with the machine's codes drawn on the text.

Every coded verb phrase is highlighted (colour by speech act, from ``data/taxonomy/acts.csv``;
shade by strength, :func:`strength_level`), the addressees of a directive follow it as a badge,
a paragraph whose opening verb the lexicon does not know is flagged, and its themes stand as tags
beside it. :func:`reading_view` returns a :class:`ReadingView`: rich output in a notebook
(``_repr_html_``) and a self-contained HTML page (inline CSS, no script, no external asset, a
print style), written by :func:`write_reading_views` for the report. Same inputs, same bytes.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pandas as pd

from analysis import atomic
from analysis.classify.paragraphs import Classification
from analysis.errors import AnalysisError
from analysis.output.style import STYLE
from analysis.resources.acts import UNCLASSIFIED, act_colours, act_labels
from analysis.resources.taxonomy import UNCOVERED, theme_labels

#: Strength levels drawn as shades: 0 (lightest) to 5 (darkest), the codebook's 0-5 scale rounded.
LEVELS = range(6)
#: Where the report writes the pages: ``figures/reading/<document>.html``.
FOLDER = "reading"
_OPENING = re.compile(r"\W*\w+(?:\W+\w+){0,2}")  # the first three words of a paragraph


def strength_level(strength: float) -> int:
    """The shade of a phrase: its strength rounded half up to a whole level and kept within 0-5
    (0.6 -> 1, 2.5 -> 3, 4.5 -> 5); a missing strength is level 0."""
    if strength is None or math.isnan(strength):
        return 0
    return min(max(int(math.floor(float(strength) + 0.5)), LEVELS[0]), LEVELS[-1])


@dataclass(frozen=True)
class ReadingView:
    """The reading view of one document: ``body`` is the view's HTML (one ``<div class="rv">``),
    ``css`` its style (every rule under ``.rv``, so that it leaves a notebook's own style alone)."""

    document: str
    language: str
    css: str = field(repr=False)
    body: str = field(repr=False)

    def _repr_html_(self) -> str:
        return f"<style>{self.css}</style>\n{self.body}"

    def page(self) -> str:
        """A self-contained HTML page: inline CSS, no script, and a policy that lets the browser
        load nothing from outside."""
        return ("<!DOCTYPE html>\n"
                f'<html lang="{_attr(self.language)}">\n<head>\n<meta charset="utf-8">\n'
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'\">\n"
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>Reading view: {_text(self.document)}</title>\n<style>{self.css}</style>\n"
                f"</head>\n<body>\n{self.body}\n</body>\n</html>\n")

    def write(self, path: str | Path) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8, whole or not at all); return the path."""
        path = Path(path)
        with atomic.atomic_open(path, "wb") as handle:
            handle.write(self.page().encode("utf-8"))
        return path


def reading_view(classification: Classification, texts: pd.DataFrame, document: str | None = None) -> ReadingView:
    """The reading view of ``document`` (default: the only document of ``texts``).

    ``texts`` are the operative paragraphs with their text (``document, number, text, language``
    and optionally ``reference``, ``date``; as from
    :func:`analysis.classify.paragraphs.operative_paragraphs`), ``classification`` their
    classification (:func:`analysis.classify.paragraphs.analyse_paragraphs`). A classification that
    does not fit the texts (another paragraph list, a phrase not at its ``start:end``) is an error.
    """
    documents = list(dict.fromkeys(texts["document"]))
    if document is None:
        if len(documents) != 1:
            raise AnalysisError(f"name the document to show; the texts hold {len(documents)}: {', '.join(documents)}")
        document = documents[0]
    if document not in documents:
        raise AnalysisError(f"no operative paragraphs of {document!r} in the texts")
    own = texts[texts["document"] == document]
    rows = classification.paragraphs[classification.paragraphs["document"] == document]
    numbers = [str(n) for n in own["number"]]
    if sorted(numbers) != sorted(str(n) for n in rows["number"]):
        raise AnalysisError(f"{document}: the classification's paragraphs are not the texts' paragraphs; "
                            "classify these texts again")
    coded = dict(zip(rows["number"].astype(str), rows.to_dict("records")))
    phrases = _by_paragraph(classification.phrases, document)
    themes = _by_paragraph(classification.themes, document)
    for number, rows_ in _by_paragraph(classification.addressees, document).items():
        for phrase in phrases.get(number, []):
            phrase["named"] = [(r["addressee"], r["group"]) for r in rows_ if r["order"] == phrase["order"]]
    labels = theme_labels("en")
    paragraphs = [_paragraph(number, text, coded[number], phrases.get(number, []),
                             [t["theme"] for t in themes.get(number, [])], labels, document)
                  for number, text in zip(numbers, own["text"])]
    source = own if "language" in own else rows  # the classification carries it too
    language = str(source["language"].iloc[0]) if "language" in source and len(source) else ""
    known = sum(1 for number in numbers if coded[number]["head_verb"])
    found = {number: [t["theme"] for t in themes.get(number, [])] for number in numbers}
    with_theme = sum(1 for number in numbers if found[number] and found[number] != [UNCOVERED])
    uncovered = sum(1 for number in numbers if found[number] == [UNCOVERED])  # counted, not left out (#14)
    facts = [own[c].iloc[0] for c in ("reference", "date") if c in own and len(own) and _present(own[c].iloc[0])]
    summary = (f"{len(numbers)} operative paragraphs, {sum(map(len, phrases.values()))} coded verb phrases; "
               f"{known} of {len(numbers)} open with a verb the lexicon knows, {with_theme} have a theme, "
               f"{uncovered} uncovered")
    meta = " · ".join([*(_text(str(f)) for f in facts), _text(language.upper()), _text(summary)])
    body = (f'<div class="rv" lang="{_attr(language)}">\n<header class="rv-head"><h1>Reading view: '
            f'<span class="rv-doc">{_text(document)}</span></h1>\n<p class="rv-meta">{meta}</p></header>\n'
            f"{_legend()}\n"
            '<section class="rv-paragraphs" aria-label="Operative paragraphs" lang="' + _attr(language) + '">\n'
            + "\n".join(paragraphs) + "\n</section>\n</div>")
    return ReadingView(document=document, language=language, css=_css(), body=body)


def reading_views(classification: Classification, texts: pd.DataFrame) -> dict[str, ReadingView]:
    """The reading view of every document of ``texts``, in their order."""
    return {doc: reading_view(classification, texts, doc) for doc in dict.fromkeys(texts["document"])}


def write_reading_views(tables: dict[str, pd.DataFrame], directory: str | Path) -> list[Path]:
    """Write one page per document of the report's ``tables`` (``units``, ``paragraphs``, ``verbs``,
    ``addressees``, ``themes``) to ``directory/<document>.html``; return the paths."""
    directory = Path(directory)
    atomic.remove_stale_parts(directory)
    units = tables["units"]
    texts = units[units["kind"] == "paragraph"].rename(columns={"label": "number"})
    classification = Classification(paragraphs=tables["paragraphs"], phrases=tables["verbs"],
                                     addressees=tables["addressees"], themes=tables["themes"])
    return [view.write(directory / f"{doc}.html") for doc, view in reading_views(classification, texts).items()]


def _paragraph(number: str, text: str, coded: dict, phrases: list[dict], themes: list[str],
               labels: dict[str, str], document: str) -> str:
    """One paragraph: its number, its text with the phrases drawn on it, its theme tags."""
    spans = sorted(phrases, key=lambda p: (int(p["start"]), int(p["order"])))
    for phrase in spans:
        start, end = int(phrase["start"]), int(phrase["end"])
        if not 0 <= start < end <= len(text) or text[start:end] != phrase["surface"]:
            raise AnalysisError(f"{document}, paragraph {number}: phrase {phrase['order']} ({phrase['surface']!r}) "
                                f"is not at {start}:{end} of the text; classify this text again")
    uncoded = not coded["head_verb"]
    opening = 0
    if uncoded:
        first = min((int(p["start"]) for p in spans), default=len(text))
        found = _OPENING.match(text)
        opening = min(found.end() if found else 0, first)
    body = _draw(text, spans, opening)
    flag = ""
    if uncoded:
        words = coded.get("unclassified") or ""
        flag = (f'<span class="rv-flag" title="the lexicon does not know this opening">uncoded opening'
                f'{": " + _text(words) if words else ""}</span> ')
    tags = "".join(f'<span class="rv-theme" data-theme="{_attr(t)}">{_text(labels.get(t, t))}</span>' for t in themes)
    classes = "rv-par rv-uncoded" if uncoded else "rv-par"
    return (f'<div class="{classes}" id="p-{_attr(number)}" data-number="{_attr(number)}" '
            f'data-act="{_attr(coded["act"])}">'
            f'<div class="rv-num">{_text(number)}.</div>'
            f'<div class="rv-text">{flag}{body}</div>'
            f'<div class="rv-tags">{tags}</div></div>')


def _draw(text: str, spans: list[dict], opening: int) -> str:
    """``text`` escaped, with a ``<mark>`` over each phrase. Phrases that overlap are cut at every
    boundary: a piece covered by several is drawn in the colours of the first and marked
    ``rv-overlap``; each phrase's addressees follow the piece where it ends."""
    cuts = sorted({0, len(text), opening, *(int(p["start"]) for p in spans), *(int(p["end"]) for p in spans)})
    out = []
    for a, b in pairwise(cuts):
        piece = _text(text[a:b])
        covering = [p for p in spans if int(p["start"]) <= a and b <= int(p["end"])]
        if covering:
            first = covering[0]
            classes = f"rv-phrase rv-act-{_slug(first['act'])} rv-s{strength_level(first['strength'])}"
            if len(covering) > 1:
                classes += " rv-overlap"
            tip = "; ".join(f"{p['act']}, strength {float(p['strength']):.1f}: {p['phrase']}" for p in covering)
            piece = (f'<mark class="{classes}" data-order="{" ".join(str(p["order"]) for p in covering)}" '
                     f'data-act="{_attr(first["act"])}" data-strength="{float(first["strength"]):.1f}" '
                     f'title="{_attr(tip)}">{piece}</mark>')
        elif b <= opening:
            piece = f'<span class="rv-opening">{piece}</span>'
        out.append(piece)
        for phrase in spans:
            if int(phrase["end"]) == b and phrase.get("named"):
                groups = ", ".join(dict.fromkeys(group for _, group in phrase["named"]))
                out.append(f'<span class="rv-addressee" data-order="{phrase["order"]}" '
                           f'title="addressees of phrase {phrase["order"]} (group: {_attr(groups)})">&#8594;&#160;'
                           f'{_text(", ".join(name for name, _ in phrase["named"]))}</span>')
    return "".join(out)


def _legend() -> str:
    """Acts by colour and strength by shade (one row per act), then the marks."""
    labels = act_labels()
    rows = []
    for act, label in labels.items():
        if act == UNCLASSIFIED:
            continue
        swatches = "".join(f'<td><mark class="rv-phrase rv-act-{_slug(act)} rv-s{level}">{level}</mark></td>'
                           for level in LEVELS)
        rows.append(f'<tr data-act="{_attr(act)}"><th scope="row">{_text(label)}</th>{swatches}</tr>')
    head = "".join(f"<th scope=\"col\">{level}</th>" for level in LEVELS)
    return ('<section class="rv-legend" aria-label="Legend"><h2>Legend</h2>\n'
            '<p>Colour: the speech act of a coded verb phrase; shade: its strength (codebook scale 0-5, '
            'rounded half up). Hover a phrase for its act, strength and lexicon entry.</p>\n'
            '<div class="rv-legend-body"><table class="rv-legend-acts">\n'
            f'<thead><tr><th scope="col">act</th>{head}</tr></thead>\n<tbody>{"".join(rows)}</tbody></table>\n'
            '<ul class="rv-legend-marks">'
            '<li><span class="rv-num-sample">12.</span> paragraph number</li>'
            '<li><span class="rv-addressee">&#8594;&#160;addressee</span> whom the directive before it addresses</li>'
            '<li><span class="rv-flag">uncoded opening</span> <span class="rv-opening">opening words</span> '
            'the paragraph opens with a verb the lexicon does not know</li>'
            '<li><span class="rv-theme">theme</span> a theme of the paragraph</li>'
            '<li><mark class="rv-phrase rv-act-directive rv-s3 rv-overlap">overlap</mark> phrases that overlap</li>'
            "</ul></div></section>")


def _css() -> str:
    """The view's style: one rule per (act, strength level), the layout and a print style."""
    colours = act_colours()
    flag = colours.get(UNCLASSIFIED, "#DDDDDD")
    rules = []
    for act, colour in colours.items():
        for level in LEVELS:
            fill = _mix(colour, 0.18 + 0.14 * level)
            ink = "#ffffff" if _luminance(fill) < 0.3 else "#000000"
            rules.append(f".rv .rv-act-{_slug(act)}.rv-s{level}{{background:{fill};color:{ink};"
                         f"border-bottom:2px solid {colour}}}")
    font = STYLE["font.family"]
    return "\n".join([
        f'.rv{{font-family:"{font}","Noto Sans",Arial,sans-serif;font-size:15px;line-height:1.55;color:#111;'
        "max-width:72em;margin:0 auto;padding:1em}",
        ".rv h1{font-size:1.3em;margin:0 0 .2em}.rv h2{font-size:1.05em;margin:.2em 0}",
        ".rv .rv-meta{color:#444;margin:0 0 .8em}",
        ".rv .rv-legend{border:1px solid #ccc;padding:.5em .8em;margin-bottom:1em;font-size:.85em}",
        ".rv .rv-legend p{margin:.2em 0 .4em}.rv .rv-legend-body{display:flex;flex-wrap:wrap;gap:.5em 2.5em}",
        ".rv .rv-legend-acts{border-collapse:collapse}",
        ".rv .rv-legend-acts th,.rv .rv-legend-acts td{padding:.1em .3em;text-align:left;font-weight:normal}",
        ".rv .rv-legend-marks{list-style:none;padding:0;margin:.5em 0 0}.rv .rv-legend-marks li{margin:.2em 0}",
        ".rv .rv-par{display:grid;grid-template-columns:3em minmax(0,1fr) 13em;gap:.8em;padding:.45em 0;"
        "border-top:1px solid #e4e4e4}",
        ".rv .rv-num,.rv .rv-num-sample{font-weight:bold;text-align:right;color:#333}",
        ".rv mark.rv-phrase{padding:0 .1em;border-radius:2px}",
        ".rv .rv-overlap{outline:2px dotted #000}",
        ".rv .rv-addressee{font-size:.78em;border:1px solid #333;color:#333;border-radius:.6em;"
        "padding:0 .35em;margin:0 .2em;white-space:nowrap;background:#fff}",
        f".rv .rv-flag{{font-size:.78em;background:{flag};color:#000;border:1px dashed #000;padding:0 .35em;"
        "margin-right:.3em}",
        ".rv .rv-opening{text-decoration:underline wavy #D55E00}",
        ".rv .rv-uncoded{background:#fbf3ee}",
        ".rv .rv-tags{font-size:.78em}.rv .rv-theme{display:inline-block;border:1px solid #999;"
        "border-radius:.3em;padding:0 .35em;margin:0 .25em .25em 0;background:#f6f6f6;color:#222}",
        *rules,
        "@media print{.rv{font-size:10pt;max-width:none;padding:0}"
        ".rv .rv-par{break-inside:avoid;grid-template-columns:2.5em minmax(0,1fr) 10em}"
        ".rv .rv-legend{break-inside:avoid}"
        ".rv *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
    ])


def _by_paragraph(frame: pd.DataFrame, document: str) -> dict[str, list[dict]]:
    """The rows of ``document`` in ``frame``, grouped by paragraph number (as text)."""
    rows = frame[frame["document"] == document]
    grouped: dict[str, list[dict]] = {}
    for row in rows.to_dict("records"):
        grouped.setdefault(str(row["number"]), []).append(row)
    return grouped


def _mix(colour: str, share: float) -> str:
    """``colour`` (``#RRGGBB``) mixed with white: ``share`` of the colour, the rest white."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of ``#RRGGBB``: 0 black, 1 white."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _slug(act: str) -> str:
    """A class-name-safe form of an act id (act ids are ``[a-z][a-z0-9_]*``; anything else becomes ``-``)."""
    return re.sub(r"[^a-z0-9_]", "-", str(act).lower())


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value) != ""


def _text(value: object) -> str:
    """``value`` as HTML text or attribute value: ``& < > " '`` escaped."""
    return html.escape(str(value), quote=True)


_attr = _text
