"""Verb-strength classification of operative paragraphs.

The knowledge lives in data files that researchers edit (see ``docs/codebook_verbs.md``):
``data/lexicons/verbs.csv`` (phrase, speech-act type, intensity, strength),
``modifiers.csv`` (adverbs captured and skipped: "настоятелно", "again") and
``addressees.csv`` (who a directive addresses). This module only matches them.

Matching is one compiled regular expression per language (all phrases, longest first,
with modifiers allowed between their words), run once over each paragraph. A match counts
as one of the Parliament's own operative verbs only where it opens a clause: at the start
of the paragraph, after ``;``/``:``/``.``, or after a connective ("и", "но", "and", "but"),
with nothing but modifiers in between; so "..., в които се осъжда ..." (a relative clause),
"изразяват" (another subject) and words inside quotation marks are not coded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.resources import languages

from analysis import paths
from analysis.errors import DataError

ACTS = ("directive", "negative_judgement", "positive_judgement", "emphasis", "observation",
        "support", "procedural")
VERB_COLUMNS = ["document", "number", "order", "phrase", "surface", "act", "intensity", "strength",
                "modifiers", "addressees", "addressee_groups", "start", "end"]
PARAGRAPH_COLUMNS = ["document", "number", "head_verb", "verbs", "strengths", "acts", "act", "strength",
                     "max_strength", "modifiers", "addressees", "addressee_groups", "unclassified"]


#: How far back from a phrase to look for the modifiers and connective that open its clause
#: (longer than any modifier or connective of the lexicon, with the spaces and commas around them).
_WINDOW = 120


def fold(text: str) -> str:
    """Lower case, ё→е, no-break space→space: the form every lexicon pattern is matched against.

    The result has the same length as ``text`` so that match positions carry over: a character
    whose lower case is longer than one character ("İ" → "i̇") is kept as it is, and every
    other character is still lower-cased.
    """
    text = text.replace("\u00a0", " ")
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(low if len(low := char.lower()) == 1 else char for char in text)
    return folded.replace("ё", "е")


def _read_csv(path: Path, required: Iterable[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: lexicon file not found") from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a readable UTF-8 CSV file ({exc})") from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return frame


@dataclass(frozen=True)
class Lexicon:
    """The verb lexicon with its modifiers and addressees, validated."""

    verbs: pd.DataFrame
    modifiers: pd.DataFrame
    addressees: pd.DataFrame

    def languages(self) -> list[str]:
        """Languages that have at least one verb phrase."""
        return sorted(self.verbs["lang"].unique())


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load and check ``verbs.csv``, ``modifiers.csv`` and ``addressees.csv``."""
    folder = Path(directory) if directory else paths.data_dir() / "lexicons"
    verbs = _read_csv(folder / "verbs.csv", ["lang", "phrase", "act", "intensity", "strength"])
    for i, row in verbs.iterrows():
        where = f"{folder / 'verbs.csv'}: line {i + 2}"
        if row["act"] not in ACTS:
            raise DataError(f"{where}: unknown act {row['act']!r} (expected one of {', '.join(ACTS)})")
        if not row["phrase"]:
            raise DataError(f"{where}: empty phrase")
    try:
        verbs["strength"] = verbs["strength"].astype(float)
        verbs["intensity"] = verbs["intensity"].astype(int)
    except ValueError as exc:
        raise DataError(f"{folder / 'verbs.csv'}: strength must be a number and intensity an integer ({exc})") from exc
    verbs["phrase"] = verbs["phrase"].map(lambda p: " ".join(fold(p).split()))
    verbs["lang"] = verbs["lang"].str.lower()
    duplicated = verbs[verbs.duplicated(["lang", "phrase"])]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise DataError(f"{folder / 'verbs.csv'}: phrase {first['phrase']!r} ({first['lang']}) is listed twice")
    modifiers = _read_csv(folder / "modifiers.csv", ["lang", "modifier", "kind"])
    modifiers["modifier"] = modifiers["modifier"].map(lambda p: " ".join(fold(p).split()))
    addressees = _read_csv(folder / "addressees.csv", ["lang", "pattern", "addressee", "group"])
    addressees["pattern"] = addressees["pattern"].map(lambda p: " ".join(fold(p).split()))
    return Lexicon(verbs=verbs.reset_index(drop=True), modifiers=modifiers, addressees=addressees)


def _alternation(items: Iterable[str], star: bool = False) -> str:
    """Regex alternation of phrases, longest first; ``*`` at a word end means any ending if ``star``."""
    parts = []
    for item in sorted(set(items), key=lambda s: (-len(s), s)):
        words = [re.escape(w[:-1]) + r"\w*" if star and w.endswith("*") else re.escape(w) for w in item.split()]
        parts.append(r"\s+".join(words))
    return "|".join(parts) if parts else r"(?!x)x"


class VerbMatcher:
    """Finds the Parliament's operative verb phrases in paragraphs of one language."""

    def __init__(self, lexicon: Lexicon, language: str):
        self.language = language.lower()
        profile = languages.get_profile(self.language)
        entries = lexicon.verbs[lexicon.verbs["lang"] == self.language]
        if entries.empty:
            raise DataError(f"the verb lexicon has no phrases for language {self.language!r}")
        self.entries = {row.phrase: (row.act, int(row.intensity), float(row.strength))
                        for row in entries.itertuples(index=False)}
        mods = lexicon.modifiers.loc[lexicon.modifiers["lang"] == self.language, "modifier"].tolist()
        connectives = list(profile.connectives) + lexicon.modifiers.loc[
            (lexicon.modifiers["lang"] == self.language) & (lexicon.modifiers["kind"] == "connective"),
            "modifier"].tolist()
        mod = _alternation(mods)
        # Between the words of a phrase: modifiers, each either after a space or set off by commas
        # ("calls once again on", "calls, once again, on"); no bare comma without a modifier.
        inner = rf"(?:\s*,\s*(?:{mod})\s*,|\s+(?:{mod}))*\s+"
        self._phrases = sorted(self.entries, key=lambda s: (-len(s), s))
        phrase_patterns = [inner.join(re.escape(w) for w in phrase.split()) for phrase in self._phrases]
        self._verb_re = re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in phrase_patterns) + r")(?!\w)")
        # Every phrase starts with one of few first words: find those cheaply, then try the phrases
        # there (about 14x faster than letting the full alternation scan every position; see
        # benchmarks/results.md). It finds exactly what ``_verb_re.finditer`` finds.
        self._first_word_re = re.compile(rf"(?<!\w)(?:{_alternation({p.split()[0] for p in self._phrases})})(?!\w)")
        # A hyphen joins words: "категорично" inside "най-категорично" is not a modifier.
        self._mod_word_re = re.compile(rf"(?<![\w-])(?:{mod})(?![\w-])")
        self._leading_mod_re = re.compile(rf"(?:^|(?<=[\s,;:]))({mod})\s*,?\s*$")
        self._trailing_mod_re = re.compile(rf"(?:,?\s+({mod}))(?![\w-])")
        self._connective_re = re.compile(rf"(?:^|(?<=[\s,]))(?:{_alternation(connectives)})\s*$")
        # Each profile entry is an opening mark followed by the mark(s) that close it: "„“”" means
        # „ closed by “ or ”; "''" is a pair whose two marks are the same.
        self._closers: dict[str, set[str]] = {}
        for entry in profile.quotes:
            if entry:
                self._closers.setdefault(entry[0], set()).update(entry[1:] or entry[0])
        marks = set(self._closers) | {c for closers in self._closers.values() for c in closers}
        self._quote_mark_re = re.compile("[" + "".join(re.escape(c) for c in sorted(marks)) + "]") if marks else None
        self._complement = tuple(profile.complement)
        self._finite_complement = profile.finite_complement
        rows = lexicon.addressees[lexicon.addressees["lang"] == self.language]
        self._addressee_of = {}
        for pattern, addressee, group in rows[["pattern", "addressee", "group"]].itertuples(index=False):
            self._addressee_of[pattern] = (addressee, group)
        self._addressee_patterns = sorted(self._addressee_of, key=lambda s: (-len(s), s))
        self._addressee_re = re.compile(
            r"(?<!\w)(?:" + "|".join(f"({_alternation([p], star=True)})" for p in self._addressee_patterns)
            + r")(?!\w)") if self._addressee_patterns else None

    # -- one paragraph ------------------------------------------------------------------------
    def find(self, text: str) -> list[dict]:
        """Operative verb phrases of one paragraph, in order, each a dict (see ``VERB_COLUMNS``)."""
        folded = fold(text)
        found = []
        last_end = 0
        for match in self._phrase_matches(folded):
            phrase = self._phrases[match.lastindex - 1]
            leading = self._operative_prefix(folded, match.start(), last_end, match.end(),
                                             directive=self.entries[phrase][0] == "directive")
            if leading is None:
                continue
            inside = self._mod_word_re.findall(
                folded[match.start():match.end()].replace(phrase.split()[0], " ", 1)) if " " in phrase else []
            inside = [m for m in inside if m not in phrase.split()]
            trailing = []
            end = match.end()
            while (extra := self._trailing_mod_re.match(folded, end)) is not None:
                trailing.append(extra.group(1))
                end = extra.end()
            act, intensity, strength = self.entries[phrase]
            # R10: the surface runs from the first word of the phrase to the last captured modifier.
            found.append({
                "phrase": phrase, "surface": text[match.start():end],
                "act": act, "intensity": intensity, "strength": strength,
                "modifiers": leading + inside + trailing, "start": match.start(), "end": end,
            })
            last_end = end
        for i, item in enumerate(found):
            stop = found[i + 1]["start"] if i + 1 < len(found) else len(text)
            item["addressees"] = self._addressees(folded, item["end"], stop) if item["act"] == "directive" else []
        return found

    def _phrase_matches(self, folded: str) -> Iterator[re.Match[str]]:
        """Lexicon phrases in ``folded``, left to right, longest at each place, not overlapping."""
        position = 0
        while (word := self._first_word_re.search(folded, position)) is not None:
            match = self._verb_re.match(folded, word.start())
            if match is None:
                position = word.end()
                continue
            yield match
            position = match.end()

    def _operative_prefix(self, folded: str, start: int, last_end: int, end: int = 0,
                          directive: bool = False) -> list[str] | None:
        """Modifiers before the phrase if it opens a clause of the Parliament's own; else ``None``.

        ``last_end`` is where the previous operative phrase ended: in a language whose
        directive complement is finite (Bulgarian "призовава X да наблюдава ... и отправя"),
        a verb joined by a connective after that complement opened belongs to the addressee,
        unless it is a ``directive`` that opens a complement of its own with an addressee
        ("... да действа, и настоятелно призовава Комисията да ..."): then it is the
        Parliament's again.
        """
        if self._inside_quotes(folded, start):
            return None
        prefix = folded[:start].rstrip()
        leading: list[str] = []
        # Modifiers and connectives are short: search only the end of the prefix (a search from
        # ``pos`` still sees the characters before it, so word boundaries hold).
        while (m := self._leading_mod_re.search(prefix, max(0, len(prefix) - _WINDOW))) is not None and m.group(1):
            leading.insert(0, m.group(1))
            prefix = prefix[:m.start()].rstrip()
        if not prefix or prefix.endswith((";", ":", ".")):
            return leading
        if self._connective_re.search(prefix, max(0, len(prefix) - _WINDOW)):
            if self._finite_complement and last_end:
                clause = folded[max(last_end, *(prefix.rfind(p) for p in ";:.")):start]
                if any(f" {c} " in clause for c in self._complement) and not (
                        directive and self._opens_addressed_complement(folded, end)):
                    return None
            return leading
        return None

    def _opens_addressed_complement(self, folded: str, end: int) -> bool:
        """Does an addressee follow the phrase ending at ``end`` at once, and then its complement
        ("настоятелно призовава Комисията да ...")?"""
        if self._addressee_re is None:
            return False
        span = folded[end:end + 250]
        span = span[:min((i for i in (span.find(";"), span.find(":")) if i != -1), default=len(span))]
        addressee = self._addressee_re.search(span)
        if addressee is None or span[:addressee.start()].strip(" ,"):
            return False  # something other than the addressee stands right after the phrase
        after = span[addressee.end():addressee.end() + 120]
        return any(f" {c} " in f"{after} " for c in self._complement)

    def opens(self, folded: str, clause_start: int, phrase_start: int) -> bool:
        """True if only modifiers (and commas) stand between a clause start and a phrase."""
        if phrase_start < clause_start:
            return False
        between = self._mod_word_re.sub(" ", folded[clause_start:phrase_start])
        return between.strip(" ,") == ""

    def _inside_quotes(self, folded: str, start: int) -> bool:
        """True if ``start`` lies inside a quotation that opened earlier in the paragraph.

        The marks are read left to right. A mark with a letter or digit on both sides is an
        apostrophe ("NGO’s", "NGO's") and neither opens nor closes anything. A mark that closes
        an open quotation closes it (and any quotation opened inside it). A mark whose closer is
        the same character (", ') opens only after a non-word character and before a non-space.
        """
        if self._quote_mark_re is None:
            return False
        open_marks: list[str] = []
        for mark in self._quote_mark_re.finditer(folded, 0, start):
            i, char = mark.start(), mark.group()
            before = folded[i - 1] if i else " "
            after = folded[i + 1] if i + 1 < len(folded) else " "
            if before.isalnum() and after.isalnum():
                continue
            depth = next((d for d in range(len(open_marks) - 1, -1, -1)
                          if char in self._closers[open_marks[d]]), None)
            if depth is not None:
                del open_marks[depth:]
            elif char in self._closers:
                symmetric = char in self._closers[char]
                if not symmetric or (not (before.isalnum() or before == "_") and not after.isspace()):
                    open_marks.append(char)
        return bool(open_marks)

    def _addressees(self, folded: str, start: int, stop: int) -> list[tuple[str, str]]:
        """Addressees named between a directive verb and its complement ("да"/"to"), comma or clause end."""
        if self._addressee_re is None:
            return []
        span = folded[start:min(stop, start + 250)]
        cut = len(span)
        for mark in [",", ";", ":"] + [f" {c} " for c in self._complement]:
            position = span.find(mark)
            if position != -1:
                cut = min(cut, position)
        span = span[:cut]
        if any(span.lstrip().startswith(f"{c} ") for c in self._complement):
            return []
        result: list[tuple[str, str]] = []
        for match in self._addressee_re.finditer(span):
            pair = self._addressee_of[self._addressee_patterns[match.lastindex - 1]]
            if pair not in result:
                result.append(pair)
        return result


@functools.lru_cache(maxsize=16)
def _cached_matcher(language: str, directory: str) -> VerbMatcher:
    return VerbMatcher(_cached_lexicon(directory), language)


@functools.lru_cache(maxsize=4)
def _cached_lexicon(directory: str) -> Lexicon:
    return load_lexicon(Path(directory))


def get_matcher(language: str, lexicon: Lexicon | None = None) -> VerbMatcher:
    """A matcher for ``language`` (cached when built from the default lexicon files)."""
    if lexicon is not None:
        return VerbMatcher(lexicon, language)
    return _cached_matcher(language.lower(), str(paths.data_dir() / "lexicons"))


def _verb_rows(document: str, number: str, found: list[dict]) -> list[dict]:
    """Tidy rows (``VERB_COLUMNS``) for the phrases found in one paragraph."""
    return [{
        "document": document, "number": number, "order": order, "phrase": item["phrase"],
        "surface": item["surface"], "act": item["act"], "intensity": item["intensity"],
        "strength": item["strength"], "modifiers": ";".join(item["modifiers"]),
        "addressees": ";".join(a for a, _ in item["addressees"]),
        "addressee_groups": ";".join(dict.fromkeys(g for _, g in item["addressees"])),
        "start": item["start"], "end": item["end"],
    } for order, item in enumerate(found, start=1)]


def _paragraph_row(document: str, number: str, text: str, found: list[dict], matcher: VerbMatcher) -> dict:
    """The paragraph-level row (``PARAGRAPH_COLUMNS``) for the phrases found in one paragraph."""
    if not found:
        return {"document": document, "number": number, "head_verb": "", "verbs": "", "strengths": "",
                "acts": "", "act": "unclassified", "strength": float("nan"), "max_strength": float("nan"),
                "modifiers": "", "addressees": "", "addressee_groups": "", "unclassified": opening_words(text)}
    head = found[0]
    known_head = matcher.opens(fold(text), 0, head["start"])
    addressees = [pair for item in found for pair in item["addressees"]]
    return {
        "document": document, "number": number, "head_verb": head["phrase"] if known_head else "",
        "verbs": ";".join(item["phrase"] for item in found),
        "strengths": ";".join(f"{item['strength']:.1f}" for item in found),
        "acts": ";".join(item["act"] for item in found),
        "act": head["act"] if known_head else "unclassified",
        "strength": head["strength"] if known_head else float("nan"),
        "max_strength": max(item["strength"] for item in found),
        "modifiers": ";".join(m for item in found for m in item["modifiers"]),
        "addressees": ";".join(dict.fromkeys(a for a, _ in addressees)),
        "addressee_groups": ";".join(dict.fromkeys(g for _, g in addressees)),
        "unclassified": "" if known_head else opening_words(text),
    }


def analyse_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Match every paragraph once; return ``(paragraph rows, tidy verb rows)``.

    ``paragraphs`` needs ``document, label, text, language`` (as from the parser's units with
    ``kind == "paragraph"``).
    """
    paragraph_rows, verb_rows = [], []
    matchers: dict[str, VerbMatcher] = {}  # one per language for this call, built once
    for document, number, text, language in paragraphs[["document", "label", "text", "language"]].itertuples(index=False):
        matcher = matchers.get(language) or matchers.setdefault(language, get_matcher(language, lexicon))
        found = matcher.find(text)
        verb_rows += _verb_rows(document, number, found)
        paragraph_rows.append(_paragraph_row(document, number, text, found, matcher))
    return pd.DataFrame(paragraph_rows, columns=PARAGRAPH_COLUMNS), pd.DataFrame(verb_rows, columns=VERB_COLUMNS)


def find_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per operative verb phrase (tidy), for paragraphs with ``document, label, text, language``."""
    return analyse_verbs(paragraphs, lexicon)[1]


def classify_verbs(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """One row per operative paragraph: head verb, all verbs in order, strengths, addressees.

    A paragraph whose opening verb is not in the lexicon gets ``act == "unclassified"`` and
    its opening words in ``unclassified``; it is never dropped.
    """
    return analyse_verbs(paragraphs, lexicon)[0]


def opening_words(text: str, n: int = 3) -> str:
    """The first ``n`` words of a clause, lower case, without punctuation: a candidate phrase."""
    words = re.findall(r"\w+", fold(text)[:120])
    return " ".join(words[:n])


def lexicon_gaps(paragraphs: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Clause openings with no lexicon phrase: one row per candidate phrase, most frequent first.

    A clause opening is the start of a paragraph or the text after ``;``. Where no operative
    phrase starts there, its first words are a candidate for the lexicon.
    """
    rows = []
    for document, number, text, language in paragraphs[["document", "label", "text", "language"]].itertuples(index=False):
        matcher = get_matcher(language, lexicon)
        starts = {item["start"] for item in matcher.find(text)}
        folded = fold(text)
        offset = 0
        for clause in folded.split(";"):
            lead = len(clause) - len(clause.lstrip())
            position = offset + lead
            stripped = clause.strip()
            offset += len(clause) + 1
            if not stripped:
                continue
            if not any(matcher.opens(folded, position, start) for start in starts):
                rows.append({"language": language, "phrase": opening_words(stripped, 2),
                             "document": document, "number": number, "example": stripped[:100]})
    columns = ["language", "phrase", "count", "document", "number", "example"]
    frame = pd.DataFrame(rows, columns=[c for c in columns if c != "count"])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    counts = frame.groupby(["language", "phrase"]).size().rename("count")
    first = frame.drop_duplicates(["language", "phrase"]).set_index(["language", "phrase"])
    return (first.join(counts).reset_index()
            .sort_values(["count", "language", "phrase"], ascending=[False, True, True], kind="stable")
            .reset_index(drop=True)[columns])


def act_summary(verbs_found: pd.DataFrame, head_only: bool = False) -> pd.DataFrame:
    """Count and share of each act type per document (all phrases, or head verbs only).

    ``verbs_found`` is the tidy output of :func:`find_verbs`. Acts absent from a document
    appear with count 0, in the order of ``ACTS``.
    """
    frame = verbs_found[verbs_found["order"] == 1] if head_only else verbs_found
    counts = (frame.groupby(["document", "act"]).size()
              .unstack(fill_value=0).reindex(columns=list(ACTS), fill_value=0))
    long = counts.stack().rename("n").reset_index()
    long["share"] = (long["n"] / long.groupby("document")["n"].transform("sum")).round(4)
    return long.sort_values(["document", "act"], key=lambda c: c.map(ACTS.index) if c.name == "act" else c,
                            kind="stable").reset_index(drop=True)
