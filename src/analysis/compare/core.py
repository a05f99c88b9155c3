"""Compare resolutions over time: structure, verb strength, themes, reuse, people, citations.

Every function is a pure function of pandas DataFrames (the parser's units, the classifier's
paragraphs, the registry) and returns a new DataFrame with a fixed column order and sorted
rows. A resolution is identified by its ``document`` id and labelled by its year (see
:func:`resolution_labels`); resolutions are always ordered by date, then document id.
Every function works on a corpus of one resolution, and an empty input gives an empty
frame with the same columns.

Conventions used throughout:

* ``strength`` is the strength of a paragraph's head (opening) verb, ``max_strength`` the
  strongest verb anywhere in it (see :mod:`analysis.verbs`); unclassified paragraphs have
  ``NaN`` and are skipped by means, medians and maxima but counted in ``n_paragraphs``.
* ``themes`` is a ``;``-joined list of theme ids per paragraph (possibly empty).
* Paragraph numbers are strings ("3", "3a") and are sorted numerically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.resources import languages

from analysis import paths
from analysis.classify.verbs import ACTS

LABEL_COLUMNS = ["document", "year", "date", "reference", "label"]
STRUCTURE_COLUMNS = ["document", "year", "label", "citations", "recitals", "paragraphs", "footnotes", "words"]
HEAD_ACTS = list(ACTS) + ["unclassified"]
DIRECTIVE_TARGETS = ("kazakh", "eu", "other", "unaddressed")
VERB_PROFILE_COLUMNS = (["document", "year", "label", "n_paragraphs"] + [f"share_{a}" for a in HEAD_ACTS]
                        + ["strength_mean", "strength_median", "strength_max", "max_strength_mean",
                           "n_directive"] + [f"share_directive_{t}" for t in DIRECTIVE_TARGETS]
                        + ["n_unclassified"])
STRONGEST_COLUMNS = ["document", "year", "label", "rank", "number", "head_verb", "act", "strength",
                     "max_strength", "addressees", "themes"]
DYNAMICS_COLUMNS = ["theme", "first_year", "last_year", "n_present", "years_present", "status"]
THEME_STRENGTH_COLUMNS = ["document", "year", "label", "theme", "n_paragraphs", "strength_mean",
                          "max_strength_mean"]
REUSE_COLUMNS = ["doc_a", "number_a", "year_a", "doc_b", "number_b", "year_b", "similarity", "text_a", "text_b"]
PEOPLE_COLUMNS = ["document", "year", "label", "person", "count"]
RECURRENCE_COLUMNS = ["person", "n_resolutions", "years", "first_year", "last_year", "total_count", "status"]
CITED_COLUMNS = ["document", "year", "cited_year", "cited_reference", "cited_date"]

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


# -- labels ---------------------------------------------------------------------------------

def _normalise_reference(reference: object) -> str:
    """``P9_TA-PROV(2021)0056`` and ``P9_TA(2021)0056`` compare equal; blanks become ``""``."""
    if reference is None or (isinstance(reference, float) and pd.isna(reference)):
        return ""
    return str(reference).strip().replace("_TA-PROV(", "_TA(")


def _registry_keys(registry: pd.DataFrame) -> dict[str, tuple[int, pd.Timestamp, str]]:
    """Lookup of a registry row by its TA reference, joint motion or DOCEO id."""
    keys: dict[str, tuple[int, pd.Timestamp, str]] = {}
    dates = pd.to_datetime(registry["date"])
    for row, date in zip(registry.itertuples(index=False), dates):
        value = (int(row.year), date, str(row.ta_reference))
        for column in ("ta_reference", "joint_motion", "doceo_id"):
            key = _normalise_reference(getattr(row, column, ""))
            if key:
                keys.setdefault(key, value)
    return keys


def resolution_labels(units: pd.DataFrame, registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: ``document, year, date, reference, label``, in date order.

    The document's ``reference`` is looked up in the registry's ``ta_reference`` (then
    ``joint_motion``; then the document id's DOCEO prefix, e.g. ``TA-9-2021-0056`` of
    ``TA-9-2021-0056_BG``); a document not in the registry takes the year of its own
    ``date`` column. ``label`` is the year ("2021"); two resolutions of one year are
    "2012a", "2012b" in date order; a document with no known year is labelled by its id.
    ``registry`` defaults to ``data/registry.csv``.
    """
    if units.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(LABEL_COLUMNS, [object, "Int64", "datetime64[ns]", object, object])})
    if registry is None:
        from analysis.corpus.registry import load_registry

        registry = load_registry()
    keys = _registry_keys(registry)
    docs = units.drop_duplicates("document").copy()
    for column in ("reference", "date"):
        if column not in docs.columns:
            docs[column] = None
    rows = []
    for document, reference, date in docs[["document", "reference", "date"]].itertuples(index=False):
        candidates = [_normalise_reference(reference), str(document).split("_")[0]]
        found = next((keys[k] for k in candidates if k in keys), None)
        if found:
            year, when, reference = found
        else:
            when = pd.to_datetime(date, errors="coerce") if date is not None else pd.NaT
            year = when.year if pd.notna(when) else None
            reference = None if _normalise_reference(reference) == "" else reference
        rows.append({"document": document, "year": year, "date": when, "reference": reference})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame = frame.sort_values(["date", "document"], kind="stable", na_position="last").reset_index(drop=True)
    frame["label"] = _year_labels(frame)
    return frame[LABEL_COLUMNS]


def _year_labels(frame: pd.DataFrame) -> list[str]:
    """Labels: "2021"; "2021a", "2021b" ... for several resolutions of one year; else the document id."""
    counts = frame["year"].value_counts()
    seen: dict[int, int] = {}
    labels = []
    for document, year in frame[["document", "year"]].itertuples(index=False):
        if pd.isna(year):
            labels.append(str(document))
        elif counts[year] == 1:
            labels.append(str(year))
        else:
            seen[year] = seen.get(year, 0) + 1
            labels.append(f"{year}{chr(ord('a') + seen[year] - 1)}")
    return labels


def _chronological(labels: pd.DataFrame) -> pd.DataFrame:
    """``labels`` sorted by date (when it has one), then document id."""
    if "date" not in labels.columns:
        return labels.reset_index(drop=True)
    ordered = labels.assign(_date=pd.to_datetime(labels["date"], errors="coerce"))
    ordered = ordered.sort_values(["_date", "document"], kind="stable", na_position="last")
    return ordered.drop(columns="_date").reset_index(drop=True)


def _attach(frame: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``year``, ``label`` and an ``_order`` column (chronological rank)."""
    meta = _chronological(labels)[["document", "year", "label"]].drop_duplicates("document").reset_index(drop=True)
    meta["_order"] = range(len(meta))
    merged = frame.drop(columns=[c for c in ("year", "label", "_order") if c in frame.columns])
    merged = merged.merge(meta, on="document", how="left")
    missing = merged["_order"].isna()
    if missing.any():  # documents absent from ``labels``: after the known ones, by id
        extra = sorted(merged.loc[missing, "document"].astype(str).unique())
        rank = {d: len(meta) + i for i, d in enumerate(extra)}
        merged.loc[missing, "_order"] = merged.loc[missing, "document"].astype(str).map(rank)
        merged.loc[missing, "label"] = merged.loc[missing, "document"].astype(str)
    merged["_order"] = merged["_order"].astype(int)
    merged["year"] = merged["year"].astype("Int64")
    return merged


def number_rank(numbers: pd.Series) -> pd.Series:
    """Sort key for paragraph numbers: "2" < "3" < "3a" < "3b" < "10" (non-numbers last)."""
    def key(value: str) -> tuple[int, str]:
        match = re.match(r"(\d+)(.*)", value)
        return (int(match.group(1)), match.group(2)) if match else (10**9, value)

    values = numbers.astype(str)
    rank = {v: i for i, v in enumerate(sorted(set(values), key=key))}
    return values.map(rank)


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


# -- structure ------------------------------------------------------------------------------

def structure_table(units: pd.DataFrame, registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per resolution: numbers of citations, recitals, paragraphs, footnotes, and words.

    ``words`` counts ``\\w+`` tokens (Unicode letters, digits, underscore; "COVID-19" is two)
    in the citations, recitals and operative paragraphs only (not headings or footnotes).
    """
    if units.empty:
        return _empty(STRUCTURE_COLUMNS)
    labels = resolution_labels(units, registry)
    kinds = {"citation": "citations", "recital": "recitals", "paragraph": "paragraphs", "footnote": "footnotes"}
    counts = pd.crosstab(units["document"], units["kind"]).reindex(columns=list(kinds), fill_value=0)
    counts = counts.rename(columns=kinds)
    body = units[units["kind"].isin(["citation", "recital", "paragraph"])]
    words = body["text"].fillna("").str.count(_WORD.pattern).groupby(body["document"]).sum()
    counts["words"] = words.reindex(counts.index, fill_value=0)
    table = _attach(counts.reset_index(), labels).sort_values("_order", kind="stable")
    for column in STRUCTURE_COLUMNS[3:]:
        table[column] = table[column].astype(int)
    return table[STRUCTURE_COLUMNS].reset_index(drop=True)


# -- verbs ----------------------------------------------------------------------------------

def _contains(cells: pd.Series, item: str) -> pd.Series:
    """Does a ``;``-joined cell list ``item``?"""
    return cells.fillna("").astype(str).map(lambda s: item in s.split(";"))


#: Head acts left out of strength statistics (codebook_verbs §6.4): the forwarding clause
#: ("възлага на своя председател" / "instructs its President") says nothing about Kazakhstan.
UNSCORED_ACTS = ("procedural",)


def scored(classified: pd.DataFrame, unscored: Sequence[str] = UNSCORED_ACTS) -> pd.DataFrame:
    """``classified`` with ``strength`` and ``max_strength`` blanked (NaN) where the head act is in
    ``unscored``: means, medians and maxima then leave those paragraphs out, counts keep them."""
    frame = classified.copy()
    keep = ~frame["act"].isin(list(unscored))
    for column in ("strength", "max_strength"):
        frame[column] = frame[column].where(keep)
    return frame


def verb_profile(classified: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Per resolution: head acts, strength statistics and whom its directives address.

    * ``share_<act>``: share of the resolution's paragraphs whose head act is ``<act>``
      (the seven acts of :data:`analysis.verbs.ACTS` and ``unclassified``; they sum to 1).
    * ``strength_mean/median/max``: of the head-verb strength; ``max_strength_mean``: mean
      of each paragraph's strongest verb. Unclassified paragraphs and those whose head act is
      in :data:`UNSCORED_ACTS` (the procedural forwarding clause) are left out (:func:`scored`).
    * Directives: ``n_directive`` paragraphs have ``directive`` anywhere in ``acts``. Of
      those, ``share_directive_kazakh`` name at least one addressee of group ``kazakh``,
      ``share_directive_eu`` of group ``eu``, ``share_directive_other`` of any other group
      (``international``, ``other``), and ``share_directive_unaddressed`` none (impersonal
      "calls for ..."). A paragraph addressing both the Kazakh authorities and the EU counts
      in both, so the first three shares can sum to more than 1; ``unaddressed`` excludes
      the others. With no directive paragraph the shares are ``NaN``.
    * ``n_unclassified``: paragraphs with no known head verb.
    """
    if classified.empty:
        return _empty(VERB_PROFILE_COLUMNS)
    frame = _attach(scored(classified), labels)
    groups = frame.groupby("_order", sort=True)
    result = _meta(frame)
    result["n_paragraphs"] = groups.size()
    shares = pd.crosstab(frame["_order"], frame["act"], normalize="index")
    for act in HEAD_ACTS:
        result[f"share_{act}"] = shares[act] if act in shares.columns else 0.0
    result["strength_mean"] = groups["strength"].mean()
    result["strength_median"] = groups["strength"].median()
    result["strength_max"] = groups["strength"].max()
    result["max_strength_mean"] = groups["max_strength"].mean()
    directive = frame[_contains(frame["acts"], "directive")].copy()
    group_sets = directive["addressee_groups"].fillna("").astype(str).map(lambda s: set(filter(None, s.split(";"))))
    directive["kazakh"] = group_sets.map(lambda g: "kazakh" in g)
    directive["eu"] = group_sets.map(lambda g: "eu" in g)
    directive["other"] = group_sets.map(lambda g: bool(g - {"kazakh", "eu"}))
    directive["unaddressed"] = group_sets.map(lambda g: not g)
    by_doc = directive.groupby("_order", sort=True)
    result["n_directive"] = by_doc.size().reindex(result.index, fill_value=0).astype(int)
    for target in DIRECTIVE_TARGETS:
        result[f"share_directive_{target}"] = by_doc[target].mean().reindex(result.index).astype(float)
    result["n_unclassified"] = (frame["act"] == "unclassified").groupby(frame["_order"]).sum().astype(int)
    return result.sort_index()[VERB_PROFILE_COLUMNS].reset_index(drop=True)


def _meta(frame: pd.DataFrame) -> pd.DataFrame:
    """``document, year, label`` of each resolution in an attached frame, indexed by ``_order``."""
    return frame.drop_duplicates("_order").set_index("_order")[["document", "year", "label"]].sort_index()


def strongest_paragraphs(classified: pd.DataFrame, labels: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` paragraphs with the strongest head verb in each resolution.

    Ordered by head ``strength`` (highest first), ties by paragraph number (lowest first);
    unclassified paragraphs (no strength) come last. ``rank`` is 1..n within a resolution.
    """
    if classified.empty or n <= 0:
        return _empty(STRONGEST_COLUMNS)
    frame = _attach(classified, labels)
    frame["_number"] = number_rank(frame["number"])
    frame = frame.sort_values(["_order", "strength", "_number"], ascending=[True, False, True],
                              na_position="last", kind="stable")
    frame["rank"] = frame.groupby("_order").cumcount() + 1
    frame = frame[frame["rank"] <= n]
    return frame.reindex(columns=STRONGEST_COLUMNS).reset_index(drop=True)


# -- themes ---------------------------------------------------------------------------------

def taxonomy_themes(path: Path | None = None) -> list[str]:
    """Theme ids in taxonomy order from ``data/taxonomy/themes.csv`` (``[]`` if there is none)."""
    path = Path(path) if path else paths.data_dir() / "taxonomy" / "themes.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["theme"])
    except (FileNotFoundError, ValueError):
        return []
    return list(dict.fromkeys(t.strip() for t in frame["theme"] if t.strip()))


def _exploded_themes(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (paragraph, theme); paragraphs without a theme are dropped."""
    themes = frame["themes"].fillna("").astype(str).str.split(";")
    exploded = frame.assign(theme=themes).explode("theme")
    exploded["theme"] = exploded["theme"].str.strip()
    return exploded[exploded["theme"] != ""].drop_duplicates([c for c in exploded.columns if c != "themes"])


def _theme_order(seen: Iterable[str], themes: Sequence[str] | None) -> list[str]:
    """Taxonomy (or given) order, then any other theme seen, sorted."""
    base = list(themes) if themes is not None else taxonomy_themes()
    if not base and themes is None:
        return sorted(set(seen))
    return base + sorted(set(seen) - set(base))


def theme_matrix(classified: pd.DataFrame, labels: pd.DataFrame, normalise: bool = False,
                 themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Resolution x theme: number of paragraphs coding each theme (or their share if ``normalise``).

    Rows are indexed by resolution ``label`` (index name ``resolution``) in date order;
    columns (name ``theme``) are every theme of ``themes`` (default: the taxonomy
    ``data/taxonomy/themes.csv``, or the themes seen, sorted, if there is no taxonomy) in
    that order, followed by any other theme seen. With ``normalise`` a cell is the share of
    the resolution's paragraphs (those without a theme included) that code the theme.
    Works on the classifier's output or on any frame with ``document`` and ``themes`` (for
    parser units with themes, every row given counts: filter to the kinds wanted first).
    """
    seen = _exploded_themes(classified)["theme"] if not classified.empty else []
    columns = _theme_order(seen, themes)
    if classified.empty:
        empty = pd.DataFrame(columns=columns, dtype=float if normalise else int)
        empty.index.name, empty.columns.name = "resolution", "theme"
        return empty
    frame = _attach(classified, labels)
    resolutions = frame[["_order", "label"]].drop_duplicates().sort_values("_order")
    exploded = _exploded_themes(frame)
    counts = pd.crosstab(exploded["label"], exploded["theme"]) if not exploded.empty else pd.DataFrame()
    matrix = counts.reindex(index=resolutions["label"], columns=columns, fill_value=0).fillna(0).astype(int)
    if normalise:
        totals = frame.groupby("label").size().reindex(matrix.index)
        matrix = matrix.div(totals, axis=0).astype(float)
    matrix.index.name, matrix.columns.name = "resolution", "theme"
    return matrix


def _label_year(label: str) -> int | None:
    match = re.match(r"(\d{4})", str(label))
    return int(match.group(1)) if match else None


def _status(present: list[bool]) -> str:
    """Classify a presence pattern over resolutions in date order (see :func:`theme_dynamics`)."""
    n, k = len(present), sum(present)
    if k == 0:
        return "absent"
    if k == 1 and (n == 1 or not present[-1]):
        return "single"
    if k == n:
        return "persistent"
    first = present.index(True)
    last = n - 1 - present[::-1].index(True)
    contiguous = all(present[first:last + 1])
    if contiguous and not present[0] and present[-1]:
        return "new"
    if contiguous and not present[-1]:
        return "dropped"
    return "intermittent"


def theme_dynamics(matrix: pd.DataFrame) -> pd.DataFrame:
    """For each theme of a :func:`theme_matrix`: when it appears and how it evolves.

    Rows of ``matrix`` are read as resolutions in date order; a theme is present in a
    resolution when its cell is > 0. ``status``, first rule that applies:

    * ``absent``: in no resolution;
    * ``single``: in exactly one resolution that is not the latest (or the only one);
    * ``persistent``: in every resolution (at least two);
    * ``new``: not in the first resolution, and in every resolution from its first
      appearance to the latest (a theme seen only in the latest resolution is new);
    * ``dropped``: not in the latest resolution, after one unbroken run of appearances;
    * ``intermittent``: any other pattern (it comes and goes).

    ``first_year``/``last_year`` are the years (from the labels) of its first and last
    appearance, ``years_present`` the ``;``-joined labels of the resolutions coding it.
    """
    if matrix.empty:  # no resolution or no theme
        return _empty(DYNAMICS_COLUMNS)
    labels = [str(label) for label in matrix.index]
    rows = []
    for theme in matrix.columns:
        present = [bool(v) for v in (matrix[theme].fillna(0) > 0)]
        where = [label for label, p in zip(labels, present) if p]
        rows.append({"theme": theme,
                     "first_year": _label_year(where[0]) if where else None,
                     "last_year": _label_year(where[-1]) if where else None,
                     "n_present": len(where), "years_present": ";".join(where),
                     "status": _status(present)})
    frame = pd.DataFrame(rows, columns=DYNAMICS_COLUMNS)
    for column in ("first_year", "last_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def theme_strength(classified: pd.DataFrame, labels: pd.DataFrame,
                   themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Long frame: how hard the Parliament pushes on each theme in each resolution.

    One row per (resolution, theme coded in it): ``n_paragraphs`` coding the theme, the
    mean head-verb ``strength`` and the mean ``max_strength`` of those paragraphs (a
    paragraph with several themes counts for each; procedural paragraphs are counted but
    left out of the means, see :func:`scored`). Rows: date order, then theme order as in
    :func:`theme_matrix`.
    """
    if classified.empty:
        return _empty(THEME_STRENGTH_COLUMNS)
    exploded = _exploded_themes(_attach(scored(classified), labels))
    if exploded.empty:
        return _empty(THEME_STRENGTH_COLUMNS)
    order = {t: i for i, t in enumerate(_theme_order(exploded["theme"], themes))}
    exploded["_theme"] = exploded["theme"].map(order)
    grouped = exploded.groupby(["_order", "_theme", "theme"], sort=True)
    result = grouped.agg(n_paragraphs=("theme", "size"), strength_mean=("strength", "mean"),
                         max_strength_mean=("max_strength", "mean")).reset_index()
    result = result.join(_meta(exploded), on="_order")
    result["n_paragraphs"] = result["n_paragraphs"].astype(int)
    return result.sort_values(["_order", "_theme"], kind="stable")[THEME_STRENGTH_COLUMNS].reset_index(drop=True)


# -- text reuse -----------------------------------------------------------------------------

def reuse_pairs(paragraphs: pd.DataFrame, labels: pd.DataFrame, threshold: float = 0.5,
                classified: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of paragraphs from different resolutions whose wording is similar: recurring demands.

    Each paragraph becomes a TF-IDF vector of character 3- to 5-grams inside word
    boundaries (``analyzer="char_wb"``, lower-cased, sublinear tf), which matches inflected
    Bulgarian forms ("политически затворници"/"политическите затворници") without a
    lemmatiser. Vectors are fitted and compared within one language at a time (a Bulgarian
    and an English text are never paired). A pair is kept if its cosine similarity is
    ``>= threshold``; ``doc_a`` is the earlier resolution.

    What the default ``0.5`` means (measured on the 2021 text, the only one on disk):
    identical paragraphs score 1.0; the 351 pairs of its 27 different paragraphs score
    0.04-0.45 (median 0.12, 95th percentile 0.22), the highest being two paragraphs that
    share only the long title of the VP/HR in their list of EU addressees. Rewriting a
    paragraph by replacing a random quarter of its words gives a median of 0.80 against
    the original; replacing half of them 0.60 (10th percentile 0.49); deleting half 0.75;
    replacing three quarters 0.38. So 0.5 roughly means "at least half of the wording is
    kept": it finds repeated and edited demands and leaves out paragraphs that only share
    the Parliament's formulae ("настоятелно призовава правителството на Казахстан да").
    Use 0.7-0.8 for near-verbatim reuse, 0.35-0.4 to explore looser echoes, and read the
    pairs (``text_a``/``text_b``) before drawing conclusions. The IDF weights are fitted on
    the paragraphs given, so scores shift a little as resolutions are added.

    ``paragraphs`` needs ``document, text`` and the paragraph number as ``number`` or
    ``label`` (parser units are accepted: rows with a ``kind`` other than ``paragraph`` are
    ignored); ``language`` if present (else all are compared together). Given the
    ``classified`` paragraphs, those whose head act is in :data:`UNSCORED_ACTS` are left out:
    the forwarding clause is the same formula in every resolution (similarity about 1.0)
    and is no recurring demand.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if paragraphs.empty:
        return _empty(REUSE_COLUMNS)
    frame = paragraphs
    if "kind" in frame.columns:
        frame = frame[frame["kind"] == "paragraph"]
    number = "number" if "number" in frame.columns else "label"
    frame = pd.DataFrame({
        "document": frame["document"].astype(str), "number": frame[number].astype(str),
        "text": frame["text"].fillna("").astype(str),
        "language": frame["language"].fillna("und").astype(str) if "language" in frame.columns else "und",
    }).reset_index(drop=True)
    if classified is not None:
        skip = classified.loc[classified["act"].isin(list(UNSCORED_ACTS)), ["document", "number"]].astype(str)
        dropped = pd.MultiIndex.from_frame(skip)
        frame = frame[~pd.MultiIndex.from_frame(frame[["document", "number"]]).isin(dropped)].reset_index(drop=True)
    frame = _attach(frame, labels)
    found = []
    for _, group in frame.groupby("language", sort=True):
        if group["document"].nunique() < 2:
            continue
        group = group.reset_index(drop=True)
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                  lowercase=True).fit_transform(group["text"])
        similarity = (vectors @ vectors.T).tocoo()
        i, j, value = similarity.row, similarity.col, similarity.data
        documents = group["document"].to_numpy()
        keep = (i < j) & (value >= threshold - 1e-9) & (documents[i] != documents[j])
        a = group.iloc[i[keep]].reset_index(drop=True)
        b = group.iloc[j[keep]].reset_index(drop=True)
        swap = (b["_order"] < a["_order"]) | ((b["_order"] == a["_order"]) & (b["document"] < a["document"]))
        a, b = a.mask(swap, b), b.mask(swap, a)  # doc_a is the earlier resolution
        found.append(pd.DataFrame({
            "doc_a": a["document"], "number_a": a["number"], "year_a": a["year"],
            "doc_b": b["document"], "number_b": b["number"], "year_b": b["year"],
            "similarity": value[keep].clip(max=1.0).round(4),
            "text_a": a["text"].str[:200], "text_b": b["text"].str[:200]}))
    if not found or all(f.empty for f in found):
        return _empty(REUSE_COLUMNS)
    pairs = pd.concat([f for f in found if not f.empty], ignore_index=True)
    pairs["_a"], pairs["_b"] = number_rank(pairs["number_a"]), number_rank(pairs["number_b"])
    pairs = pairs.sort_values(["similarity", "doc_a", "_a", "doc_b", "_b"],
                              ascending=[False, True, True, True, True], kind="stable")
    for column in ("year_a", "year_b"):
        pairs[column] = pairs[column].astype("Int64")
    return pairs[REUSE_COLUMNS].reset_index(drop=True)


# -- people ---------------------------------------------------------------------------------

def load_not_people(path: Path | None = None) -> list[str]:
    """Capitalised words that are not parts of personal names (``data/lexicons/not_people.csv``).

    Columns ``lang,word``; a word ending in ``*`` stands for every word beginning with
    the rest ("Европейск*" = Европейският, Европейския ...). All languages' words apply to
    every text (Bulgarian texts quote Latin names of organisations).
    """
    path = Path(path) if path else paths.lexicon_path("not_people.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return sorted({w.strip() for w in frame["word"] if w.strip()})


def _stop_test(words: Iterable[str]):
    exact = {w.casefold() for w in words if not w.endswith("*")}
    prefixes = tuple(w[:-1].casefold() for w in words if w.endswith("*") and len(w) > 1)
    return lambda word: word.casefold() in exact or word.casefold().startswith(prefixes)


def _is_capitalised(word: str) -> bool:
    """Initial capital and at least one lower-case letter (acronyms such as ЕС, OSCE are not)."""
    return word[0].isupper() and any(c.islower() for c in word)


def _names_in(text: str, is_stop) -> list[str]:
    """Runs of 2-3 capitalised words separated only by spaces, cut at stop words."""
    names: list[str] = []
    run: list[str] = []

    def close() -> None:
        piece: list[str] = []
        for word in run + [""]:
            if word and not is_stop(word):
                piece.append(word)
                continue
            if 2 <= len(piece) <= 3:
                names.append(" ".join(piece))
            piece = []
        run.clear()

    previous_end = None
    for index, match in enumerate(_TOKEN.finditer(text)):
        word = match.group(0)
        joined = previous_end is not None and text[previous_end:match.start()].isspace()
        if not joined:
            close()
        if index > 0 and _is_capitalised(word):
            run.append(word)
        else:
            close()
        previous_end = match.end()
    close()
    return names


def people_named(units: pd.DataFrame, labels: pd.DataFrame,
                 not_people: Iterable[str] | None = None) -> pd.DataFrame:
    """Individuals named in the recitals and paragraphs of each resolution, with counts.

    A transparent heuristic, not named-entity recognition: a name is a run of two or three
    capitalised words (initial capital, some lower case, Cyrillic or Latin, hyphens
    allowed: "Алмат Жумагулов", "Yevgeny Zhovtis") separated only by spaces (a comma, a
    quotation mark or a dot ends the run). The first word of a unit never counts, and runs
    are cut at words of the stop list ``not_people`` (default
    ``data/lexicons/not_people.csv``: places, institutions, parties, titles such as "Mr");
    pieces of 2-3 words remain names. Single names, initials ("Y. Zhovtis") and names of
    four words are missed; spelling variants count as different people.

    Checked by hand on the 2021 text (all its recitals and paragraphs): 61 distinct names
    found (77 mentions); 58 are people, 3 are organisations or movements ("Еркиндик
    Канати", "Бостандик Кз", "Фемина Виртуте"): precision 0.95 by name, 0.96 by mention;
    no person named there with a first name and surname was missed. The text spells some
    people in two or three ways (e.g. "Дулат/Дулаг/Дулад Агадил", "Кайша/Каиша
    Аканкизи"), which count separately: normalise spellings before counting individuals.
    Without the stop list, 5 more non-people would be found ("Коше Партияси", "Централна
    Азия", "Transparency International" ...).
    """
    if units.empty:
        return _empty(PEOPLE_COLUMNS)
    body = units[units["kind"].isin(["recital", "paragraph"])] if "kind" in units.columns else units
    is_stop = _stop_test(load_not_people() if not_people is None else list(not_people))
    found = body[["document"]].assign(person=body["text"].fillna("").astype(str).map(lambda t: _names_in(t, is_stop)))
    found = found.explode("person").dropna(subset=["person"])
    if found.empty:
        return _empty(PEOPLE_COLUMNS)
    counts = found.groupby(["document", "person"]).size().rename("count").reset_index()
    counts = _attach(counts, labels).sort_values(["_order", "person"], kind="stable")
    return counts[PEOPLE_COLUMNS].reset_index(drop=True)


def people_recurrence(people: pd.DataFrame, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person of :func:`people_named`: in which resolutions they are named.

    Resolutions are those of ``labels`` (pass them so that a resolution naming nobody still
    counts) or else those in ``people``, in date order. ``status``:

    * ``recurring``: named in two or more resolutions, including the latest;
    * ``dropped``: named in two or more resolutions, but not in the latest;
    * ``new``: named only in the latest resolution (of two or more);
    * ``single``: named in one resolution that is not the latest, or in the only one.
    """
    if people.empty:
        return _empty(RECURRENCE_COLUMNS)
    if labels is not None:
        order = list(_chronological(labels)["label"].astype(str))
    else:
        seen = people.drop_duplicates("label")[["year", "label"]]
        order = list(seen.sort_values(["year", "label"], kind="stable")["label"].astype(str))
    rank = {label: i for i, label in enumerate(order)}
    latest = len(order) - 1
    frame = people.assign(_rank=people["label"].astype(str).map(rank))
    rows = []
    for person, group in frame.sort_values("_rank", kind="stable").groupby("person", sort=True):
        named = list(dict.fromkeys(group["label"].astype(str)))
        in_latest = rank.get(named[-1]) == latest
        if len(named) >= 2:
            status = "recurring" if in_latest else "dropped"
        else:
            status = "new" if in_latest and len(order) >= 2 else "single"
        rows.append({"person": person, "n_resolutions": len(named), "years": ";".join(named),
                     "first_year": _label_year(named[0]), "last_year": _label_year(named[-1]),
                     "total_count": int(group["count"].sum()), "status": status})
    result = pd.DataFrame(rows, columns=RECURRENCE_COLUMNS)
    for column in ("first_year", "last_year"):
        result[column] = result[column].astype("Int64")
    return result


# -- citations ------------------------------------------------------------------------------

def _date_patterns(months: Sequence[str]) -> list[tuple[re.Pattern[str], tuple[int, int, int]]]:
    """Day-month-year ("14 март 2019", "14. März 2019") and month-day-year ("March 14, 2019")."""
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    return [(re.compile(rf"\b(\d{{1,2}})\.?\s+({names})\s+(\d{{4}})\b", re.I), (1, 2, 3)),
            (re.compile(rf"\b({names})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), (2, 1, 3))]


def _dates_in(text: str, months: Sequence[str]) -> list[pd.Timestamp]:
    lower = [m.lower() for m in months]
    found = []
    for pattern, (d, m, y) in _date_patterns(months):
        for match in pattern.finditer(text):
            month = lower.index(match.group(m).lower()) + 1
            when = pd.to_datetime(f"{match.group(y)}-{month:02d}-{int(match.group(d)):02d}", errors="coerce")
            if pd.notna(when):
                found.append(when)
    return found


def cited_resolutions(units: pd.DataFrame, registry: pd.DataFrame | None = None,
                      languages_profiles: Mapping[str, languages.LanguageProfile] | None = None) -> pd.DataFrame:
    """Which registry resolutions each resolution's citations refer to (intertextuality).

    Dates written out in the citations ("14 март 2019 г.", "of 14 March 2019") are read
    with the month names of the document's language profile (``languages_profiles``,
    default: all of ``data/languages``; a language without months is read with every
    profile's months) and matched to the registry's ``date``. A date is kept only if it is
    earlier than the citing resolution. The match is by date alone: a citation of another
    act adopted on the day of a registry resolution would be counted too (rare; check
    ``cited_reference``). Columns: ``document, year, cited_year, cited_reference,
    cited_date``; one row per (document, cited resolution), in date order.
    """
    if units.empty or "kind" not in units.columns:
        return _empty(CITED_COLUMNS)
    if registry is None:
        from analysis.corpus.registry import load_registry

        registry = load_registry()
    profiles = dict(languages_profiles) if languages_profiles is not None else languages.profiles()
    all_months = [m for p in profiles.values() for m in p.months]
    labels = resolution_labels(units, registry)
    own = labels.set_index("document")
    by_date = {pd.Timestamp(d): (int(y), str(r)) for d, y, r in
               zip(pd.to_datetime(registry["date"]), registry["year"], registry["ta_reference"])}
    citations = units[units["kind"] == "citation"]
    language = citations["language"] if "language" in citations.columns else pd.Series("", index=citations.index)
    rows = []
    for document, text, code in zip(citations["document"], citations["text"].fillna(""), language.fillna("")):
        profile = profiles.get(str(code).lower()) or languages.get_profile(str(code) or "und")
        months = profile.months or all_months
        if not months:
            continue
        own_date, own_reference = own.at[document, "date"], _normalise_reference(own.at[document, "reference"])
        for when in _dates_in(text, months):
            if when not in by_date or (pd.notna(own_date) and when >= own_date):
                continue
            year, reference = by_date[when]
            if _normalise_reference(reference) == own_reference:
                continue
            rows.append({"document": document, "cited_year": year, "cited_reference": reference, "cited_date": when})
    if not rows:
        return _empty(CITED_COLUMNS)
    frame = _attach(pd.DataFrame(rows).drop_duplicates(["document", "cited_reference"]), labels)
    frame = frame.sort_values(["_order", "cited_date", "cited_reference"], kind="stable")
    frame["cited_year"] = frame["cited_year"].astype(int)
    return frame[CITED_COLUMNS].reset_index(drop=True)
