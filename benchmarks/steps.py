"""The in-process measurements: parse, gather, verbs and themes per size; their growth; and
the chosen verb matcher beside the naive peer. One core, the package's public functions."""

from __future__ import annotations

import gc
import math
from pathlib import Path

from benchmarks import targets
from benchmarks.config import LINEAR_EXPONENT_MAX, SOURCE_TEXT, TARGET_CLASSIFY_SIZE, TARGET_PARSE_RATE
from benchmarks.measure import Measured, Timer, best_alternating, best_of, others_note, timed
from benchmarks.peers import NaiveVerbFinder
from benchmarks.results import Table, fmt_rate, fmt_s, verdict

StepTimes = dict[str, Timer | Measured | int | None]


def bench_in_process(table: Table, folder: Path, n: int) -> StepTimes:
    """Parse every copy, gather the operative paragraphs, classify verbs and themes (best of 3 each)."""
    from analysis.classify.paragraphs import operative_paragraphs
    from analysis.classify.theme_dictionary import DictionaryClassifier
    from analysis.classify.verbs import classify_verbs, get_matcher
    from analysis.corpus.documents import find_documents, load_documents

    get_matcher("bg")  # built once per language; timed on its own in the matcher section

    def rate(count: int, t: Timer, unit: str) -> str:
        return f"{fmt_rate(count, t.wall, unit)}, CPU {fmt_s(t.cpu)}{others_note(t.others)}"

    files = find_documents([folder])
    # as classify parses a batch: the language profiles read once, not once per file
    t_parse, documents = best_of(lambda: load_documents(files))
    judged = n == TARGET_CLASSIFY_SIZE
    table.add("parse (`load_documents`, as `classify` parses a batch; in process, 1 core, best of 3)", n,
              rate(len(documents), t_parse, "documents"),
              f"≥ {TARGET_PARSE_RATE:,.0f} documents/s" if judged else "—",
              verdict(len(documents) / t_parse.wall >= TARGET_PARSE_RATE) if judged else "info")
    if judged:
        targets.bench_parse_floor(table, folder, lambda: timed(lambda: load_documents(files))[0], n)

    t_frame, paragraphs = best_of(lambda: operative_paragraphs(documents))
    table.add("gather operative paragraphs (`operative_paragraphs`, best of 3)", n,
              f"{fmt_s(t_frame.wall)}, CPU {fmt_s(t_frame.cpu)}{others_note(t_frame.others)}")

    t_verbs, verb_rows = best_of(lambda: classify_verbs(paragraphs))
    table.add("classify verbs (`verbs.classify_verbs`, in process, 1 core, best of 3)", n,
              rate(len(verb_rows), t_verbs, "paragraphs"))

    measure = "classify themes (`DictionaryClassifier.predict`, in process, 1 core, best of 3)"
    t_themes: Timer | None = None
    try:
        classifier = DictionaryClassifier().fit()  # reads and compiles the dictionary, not timed
        t_themes, labels = best_of(lambda: classifier.predict(paragraphs))
        table.add(measure, n, rate(len(labels), t_themes, "paragraphs"))
    except Exception as exc:  # report in the table rather than lose the other rows
        t_themes = None
        table.add(measure, n, f"failed: {type(exc).__name__}: {exc}"[:200], "—", "FAIL")
    if judged:  # the same 27,000 paragraphs as the measurements
        texts = paragraphs["text"].tolist()
        targets.bench_theme_before_after(table, paragraphs)
        targets.bench_phrase_peer(table, texts)
    times: StepTimes = {"parse": t_parse, "verbs": t_verbs, "themes": t_themes, "paragraphs": len(paragraphs)}
    del documents, paragraphs, verb_rows
    gc.collect()
    return times


def growth(table: Table, per_size: dict[int, StepTimes]) -> None:
    """Time at the largest size over time at the smallest. The in-process steps are judged on
    their CPU time (one thread), which other work on the machine inflates far less than wall time."""
    sizes = sorted(per_size)
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    factor = large / small
    print("growth", flush=True)

    def describe(a: float, b: float) -> tuple[str, float]:
        ratio = b / a
        exponent = math.log(ratio) / math.log(factor)
        return f"{ratio:.1f}x for {factor:g}x the documents (exponent {exponent:.2f}; 1 = linear)", exponent

    for key, label in [("parse", "parse"), ("verbs", "classify verbs"), ("themes", "classify themes")]:
        a, b = per_size[small].get(key), per_size[large].get(key)
        if not isinstance(a, Timer) or not isinstance(b, Timer) or a.cpu <= 0:
            continue
        cpu_text, exponent = describe(a.cpu, b.cpu)
        wall_text, _ = describe(a.wall, b.wall)
        judged = a.cpu >= 0.1  # best of 3 runs; shorter steps are still too noisy to judge
        table.add(f"growth: {label} (in process), CPU time", f"{small:,} → {large:,}",
                  f"{cpu_text}; wall time {wall_text.split(' for ')[0]}"
                  + ("" if judged else "; too short at the smallest size to judge"),
                  f"≈ {factor:g}x (exponent ≤ {LINEAR_EXPONENT_MAX})",
                  verdict(exponent <= LINEAR_EXPONENT_MAX) if judged else "info")
    a, b = per_size[small].get("cli"), per_size[large].get("cli")
    if isinstance(a, Measured) and isinstance(b, Measured):
        wall_text, _ = describe(a.wall, b.wall)
        cpu_text, _ = describe(a.cpu, b.cpu)
        table.add("growth: `classify` command (start-up included, so below 10x)", f"{small:,} → {large:,}",
                  f"wall {wall_text}; CPU {cpu_text.split(' for ')[0]}", "—", "info")


def bench_verb_matchers(table: Table, n_copies: int = 100, repeats: int = 3) -> None:
    """The chosen matcher (full ``find``, and its phrase scan alone) beside :class:`NaiveVerbFinder`:
    CPU time, best of ``repeats`` taken in turn."""
    print("verb matcher: chosen vs naive", flush=True)
    from analysis.classify.paragraphs import operative_paragraphs
    from analysis.classify.verbs import get_matcher
    from analysis.corpus.parser import parse
    from analysis.resources.lexicon import load_lexicon
    from analysis.resources.text import fold

    paragraphs = operative_paragraphs([parse(SOURCE_TEXT)])
    language = str(paragraphs["language"].iloc[0])
    texts = list(paragraphs["text"]) * n_copies
    matcher = get_matcher(language, load_lexicon())  # its cost in a fresh process: commands.bench_startup
    phrases = matcher.phrases.phrases  # the language's lexicon phrases, longest first
    naive = NaiveVerbFinder(phrases)

    (full_s, full_hits), (scan_s, scan_hits), (naive_s, naive_hits) = best_alternating([
        lambda: sum(len(matcher.find(t)) for t in texts),
        lambda: sum(len(matcher.phrases.scan(fold(t))[0]) for t in texts),
        lambda: sum(len(naive.find(fold(t))) for t in texts)], repeats)
    size = f"{len(texts):,} paragraphs ({language})"
    table.add("verbs: chosen, `VerbMatcher.find` (phrase index + clause/addressee logic)", size,
              f"{fmt_rate(len(texts), full_s, 'paragraphs')}; {full_hits:,} operative phrases")
    table.add("verbs: chosen, its phrase scan alone (`matcher.phrases.scan`: an Aho-Corasick automaton of the "
              "phrases; the regex reads on where a modifier may stand inside a phrase)", size,
              f"{fmt_rate(len(texts), scan_s, 'paragraphs')}; {scan_hits:,} raw matches")
    table.add(f"verbs: naive, `str.find` per lexicon phrase ({len(phrases)} phrases)", size,
              f"{fmt_rate(len(texts), naive_s, 'paragraphs')}; {naive_hits:,} raw hits")

    def relation(chosen: float) -> str:
        return f"{chosen / naive_s:.1f}x slower" if chosen > naive_s else f"{naive_s / chosen:.1f}x faster"

    table.add(f"verbs: chosen vs naive, same run (CPU time, best of {repeats} taken in turn)", size,
              f"chosen/naive time = {full_s / naive_s:.2f}: full `find` {relation(full_s)} than naive; "
              f"phrase scan alone {scan_s / naive_s:.2f} ({relation(scan_s)}). The naive loop does less: "
              "no modifiers inside phrases, no clause test, and it also counts sub-phrases "
              "(\"призовава\" inside \"настоятелно призовава\")", "—", "info")
