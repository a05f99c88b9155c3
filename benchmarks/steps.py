"""The in-process measurements: parse, gather, verbs and themes per size; their growth; and
the chosen verb matcher beside the naive peer. One core, the package's public functions."""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Callable
from pathlib import Path

from benchmarks import targets
from benchmarks.config import LINEAR_EXPONENT_MAX, SOURCE_TEXT, TARGET_CLASSIFY_SIZE, TARGET_PARSE_RATE
from benchmarks.corpus import make_corpus
from benchmarks.measure import IN_PROCESS_REPEATS, Measured, Timer, best_alternating, best_of, others_note, timed
from benchmarks.peers import NaiveVerbFinder
from benchmarks.results import Table, fmt_rate, fmt_s, verdict


def bench_in_process(table: Table, folder: Path, n: int) -> None:
    """Parse every copy, gather the operative paragraphs, classify verbs and themes (best of 3 each);
    their growth over the sizes is measured on its own (:func:`step_growth`)."""
    from analysis.classify.paragraphs import operative_paragraphs
    from analysis.classify.theme_dictionary import DictionaryClassifier
    from analysis.classify.verbs import classify_verbs, get_matcher
    from analysis.corpus.documents import find_documents, load_documents

    get_matcher("bg")  # built once per language; timed on its own in the matcher section

    def rate(count: int, t: Timer, unit: str) -> str:
        return f"{fmt_rate(count, t.wall, unit)}, CPU {fmt_s(t.cpu)}{others_note(t.others)}"

    files = find_documents([folder])
    # as classify parses a batch: the language profiles read once, not once per file
    here = []
    for _ in range(IN_PROCESS_REPEATS):
        t_parse, documents = timed(lambda: load_documents(files))
        here.append(t_parse)
    judged = n == TARGET_CLASSIFY_SIZE
    runs = targets.parse_beside_floor(folder, lambda: timed(lambda: load_documents(files))[0]) if judged else {}
    # The parses taken in turn with the floor time the same step: the rate judged is that of the least
    # wall time of them all (the machine's passing slowdowns move a parse by a third within minutes here).
    beside = runs.get("parse", [])
    best = min([*here, *beside], key=lambda t: t.wall)
    how = (f"the least wall time of {len(here) + len(beside)} runs: {len(here)} here and {len(beside)} taken in "
           "turn with the floor below" if beside else f"the least wall time of {len(here)} runs")
    table.add(f"parse (`load_documents`, as `classify` parses a batch; in process, 1 core, {how})", n,
              rate(len(documents), best, "documents"),
              f"≥ {TARGET_PARSE_RATE:,.0f} documents/s" if judged else "—",
              verdict(len(documents) / best.wall >= TARGET_PARSE_RATE) if judged else "info")
    if judged:
        targets.bench_parse_floor(table, runs, n)

    t_frame, paragraphs = best_of(lambda: operative_paragraphs(documents))
    table.add("gather operative paragraphs (`operative_paragraphs`, best of 3)", n,
              f"{fmt_s(t_frame.wall)}, CPU {fmt_s(t_frame.cpu)}{others_note(t_frame.others)}")

    t_verbs, verb_rows = best_of(lambda: classify_verbs(paragraphs))
    table.add("classify verbs (`verbs.classify_verbs`, in process, 1 core, best of 3)", n,
              rate(len(verb_rows), t_verbs, "paragraphs"))

    measure = "classify themes (`DictionaryClassifier.predict`, in process, 1 core, best of 3)"
    try:
        classifier = DictionaryClassifier().fit()  # reads and compiles the dictionary, not timed
        t_themes, labels = best_of(lambda: classifier.predict(paragraphs))
        table.add(measure, n, rate(len(labels), t_themes, "paragraphs"))
    except Exception as exc:  # report in the table rather than lose the other rows
        table.add(measure, n, f"failed: {type(exc).__name__}: {exc}"[:200], "—", "FAIL")
    if judged:  # the same 27,000 paragraphs as the measurements
        texts = paragraphs["text"].tolist()
        targets.bench_theme_before_after(table, paragraphs)
        targets.bench_phrase_peer(table, texts)
    del documents, paragraphs, verb_rows
    gc.collect()


def growth(table: Table, classify_runs: dict[int, Measured]) -> None:
    """The in-process steps at the smallest size and the largest, taken in turn (:func:`step_growth`),
    and the ``classify`` command's times at both (``classify_runs``: its run at each size)."""
    sizes = sorted(classify_runs)
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print("growth", flush=True)
    step_growth(table, small, large)
    a, b = classify_runs[small], classify_runs[large]
    table.add("growth: `classify` command (start-up included, so below 10x)", f"{small:,} → {large:,}",
              f"wall {_growth(a.wall, b.wall, large / small)[0]}; CPU {b.cpu / a.cpu:.1f}x", "—", "info")


def step_growth(table: Table, small: int, large: int, repeats: int = IN_PROCESS_REPEATS) -> None:
    """Parse, classify verbs and classify themes over ``small`` and ``large`` copies, in process: for
    each step the two sizes run in turn (:func:`~benchmarks.measure.best_alternating`, CPU time, the
    least of ``repeats``), so that the machine's passing slowdowns, which move a step by a third within
    minutes here, fall on both sizes alike. The step over ``small`` copies is timed ``large / small``
    times over (rounded) in one run, so that both runs handle as many documents and last as long: a
    run of a tenth of a second is too short to time reliably. A step is judged on its time at
    ``large`` over its time for one pass at ``small``: about ``large / small`` for linear growth."""
    import tempfile

    from analysis.classify.paragraphs import operative_paragraphs
    from analysis.classify.theme_dictionary import DictionaryClassifier
    from analysis.classify.verbs import classify_verbs
    from analysis.corpus.documents import load_documents

    factor = large / small
    times = max(1, round(factor))  # passes over the small copies in one timed run
    sizes = f"{small:,} → {large:,}"
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
        files = {}
        for n in (small, large):
            (Path(tmp) / str(n)).mkdir()
            files[n] = make_corpus(Path(tmp) / str(n), n)
        paragraphs = {n: operative_paragraphs(load_documents(files[n])) for n in (small, large)}

        def themes() -> Callable[[int], object]:
            classifier = DictionaryClassifier().fit()  # reads and compiles the dictionary, not timed
            return lambda n: classifier.predict(paragraphs[n])

        # each step made (untimed) inside the guard below: what fails there is a FAIL row, not a lost run
        for label, make in [("parse", lambda: lambda n: load_documents(files[n])),
                            ("classify verbs", lambda: lambda n: classify_verbs(paragraphs[n])),
                            ("classify themes", themes)]:
            measure = f"growth: {label} (in process, CPU time; the two sizes taken in turn, best of {repeats})"
            try:
                step = make()
                (passes, _), (b, _) = best_alternating([lambda: [step(small) for _ in range(times)],
                                                        functools.partial(step, large)], repeats)
            except Exception as exc:  # report in the table rather than lose the other rows
                table.add(measure, sizes, f"failed: {type(exc).__name__}: {exc}"[:200], "—", "FAIL")
                continue
            a = passes / times  # one pass over the small copies
            if a <= 0 or b <= 0:
                table.add(measure, sizes, f"too short to time ({fmt_s(a)} → {fmt_s(b)})")
                continue
            text, exponent = _growth(a, b, factor)
            judged = passes >= 0.1
            table.add(measure, sizes,
                      f"{text} ({fmt_s(passes)} for {times} passes over {small:,} copies → {fmt_s(b)} for one over "
                      f"{large:,})" + ("" if judged else "; too short to judge"),
                      f"≈ {factor:g}x (exponent ≤ {LINEAR_EXPONENT_MAX})",
                      verdict(exponent <= LINEAR_EXPONENT_MAX) if judged else "info")


def _growth(a: float, b: float, factor: float) -> tuple[str, float]:
    """``b`` over ``a`` for ``factor`` times the documents, said, and its exponent."""
    ratio = b / a
    exponent = math.log(ratio) / math.log(factor)
    return f"{ratio:.1f}x for {factor:g}x the documents (exponent {exponent:.2f}; 1 = linear)", exponent


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
