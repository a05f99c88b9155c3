#!/usr/bin/env python3
"""Performance benchmark of the ``analysis`` package: ``make bench``.

Measures, on this machine, against the targets of the performance issue:

* the import time of ``analysis`` (fresh subprocesses);
* parse throughput (documents/s) and classification throughput (paragraphs/s: verbs and,
  when ``analysis.themes`` exists, themes), in this process, one core;
* wall time, peak memory and output row count of ``python -m analysis classify DIR
  --format csv`` (one fresh subprocess per size, its defaults, so 2 parse workers);
* how the times grow from the smallest to the largest size (linear would be ~10x for 10x);
* the chosen verb matcher (one compiled regex per language) beside a naive ``str.find``
  loop over the lexicon phrases, in the same run, as a ratio;
* theme model training and evaluation on the gold data (``themes.trained_model`` and
  ``themes.evaluate_themes``);
* every notebook under ``notebooks/`` with ``pytest --nbval-lax`` (skipped if none).

The scaled corpus is a SYNTHETIC SCALE TEST: N byte copies of the one shipped resolution
(data/raw/TA-9-2021-0056_BG.txt), named synthetic_copy_0001_BG.txt ..., in a temporary
folder that is deleted afterwards. The copies say nothing about other resolutions; they
only load the code with N times the same work.

The results table is printed and written atomically to benchmarks/results.md (or --output).
Only the standard library and the project's own dependencies are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import gc
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
SOURCE_TEXT = REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt"
DEFAULT_OUTPUT = REPO / "benchmarks" / "results.md"

# Targets from the issue.
TARGET_IMPORT_S = 0.5
TARGET_CLASSIFY_SIZE = 1000          # the wall/memory targets are stated for 1,000 copies
TARGET_CLASSIFY_WALL_S = 15.0
TARGET_CLASSIFY_PEAK_BYTES = 1 << 30  # 1 GiB
TARGET_THEMES_S = 5.0
TARGET_NOTEBOOK_S = 30.0
LINEAR_EXPONENT_MAX = 1.15           # growth t2/t1 = (n2/n1)**k; k = 1 is linear

if str(SRC) not in sys.path:          # works without an editable install too
    sys.path.insert(0, str(SRC))


# --------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------
@dataclass
class Row:
    measure: str
    size: str
    result: str
    target: str
    status: str  # PASS, MISS, info, skipped, FAIL


ROWS: list[Row] = []
NOTES: list[str] = []


def add(measure: str, size: str | int, result: str, target: str = "—", status: str = "info") -> None:
    row = Row(measure, f"{size:,}" if isinstance(size, int) else size, result, target, status)
    ROWS.append(row)
    print(f"  {row.measure} [{row.size}]: {row.result}  ({row.target}: {row.status})", flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_bytes(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def fmt_rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s ({count:,} in {fmt_s(seconds)})" if seconds > 0 else "n/a"


# --------------------------------------------------------------------------------------
# subprocess helpers
# --------------------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _process_tree(root: int) -> list[int]:
    """``root`` and its live descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _pss_bytes(pid: int) -> int:
    """Proportional set size of one process (shared pages split between sharers)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemorySampler(threading.Thread):
    """Samples the summed PSS of a process and its children (the parse workers) every 0.1 s."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.peak_processes = 0
        self.supported = os.path.exists("/proc/self/smaps_rollup")
        self._stop_event = threading.Event()

    def run(self) -> None:
        if not self.supported:
            return
        while not self._stop_event.is_set():
            tree = _process_tree(self.pid)
            total = sum(_pss_bytes(p) for p in tree)
            if total > self.peak:
                self.peak, self.peak_processes = total, len(tree)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes of the machine have used since boot (Linux /proc/stat)."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def others_note(others: float | None) -> str:
    """Text for the CPU used by other processes of the machine during a measurement."""
    if others is None:
        return ""
    note = f"; other processes used {others:.2f} cores meanwhile"
    return note + " (contended: timing inflated)" if others > 0.25 else note


class Timer:
    """Wall time, this process's CPU time, and the CPU other processes used meanwhile (in cores)."""

    def __enter__(self) -> "Timer":
        self._busy = machine_busy_seconds()
        self._cpu = time.process_time()
        self._wall = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        busy = machine_busy_seconds()
        self.others = (max(0.0, (busy - self._busy) - self.cpu) / self.wall
                       if busy is not None and self._busy is not None and self.wall > 0 else None)


@dataclass
class Measured:
    returncode: int
    wall: float
    maxrss: int          # bytes, largest single process of the tree (wait4 rusage)
    tree_pss: int        # bytes, sampled peak of the summed PSS of the tree (0 if unsupported)
    tree_processes: int
    stderr: str
    cpu: float           # user + system seconds of the command and its reaped children
    others: float | None  # cores used by other processes of the machine meanwhile


def measure_command(cmd: list[str], stdout_path: Path, timeout: float = 1800) -> Measured:
    """Run ``cmd`` in a fresh subprocess; wall time, and peak memory of that command only.

    ``os.wait4`` returns the rusage of this one child (its own and its reaped children's),
    so measurements of different commands never mix, unlike RUSAGE_CHILDREN of this process.
    """
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        busy_before, own_before = machine_busy_seconds(), time.process_time()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO, env=child_env())
        sampler = TreeMemorySampler(proc.pid)
        sampler.start()
        deadline = start + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.005)
        except BaseException:  # Ctrl-C: do not leave the command running
            proc.kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            sampler.stop()
            raise
        wall = time.perf_counter() - start
        busy_after, own = machine_busy_seconds(), time.process_time() - own_before  # own: the sampler
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    others = (max(0.0, busy_after - busy_before - cpu - own) / wall
              if busy_after is not None and busy_before is not None and wall > 0 else None)
    return Measured(proc.returncode, wall, maxrss, sampler.peak, sampler.peak_processes, stderr, cpu, others)


def run_python(code: str, *extra: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *extra, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env=child_env(), timeout=timeout)


# --------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------
def bench_import(repeats: int = 7) -> None:
    print("import time", flush=True)

    def importtime(module: str) -> float:
        values = []
        for _ in range(repeats):
            proc = run_python(f"import {module}", "-X", "importtime")
            if proc.returncode != 0:
                raise RuntimeError(f"import {module} failed: {proc.stderr.strip()[-500:]}")
            for line in proc.stderr.splitlines():
                parts = line.split("|")
                if len(parts) == 3 and parts[2].strip() == module and parts[1].strip().isdigit():
                    values.append(int(parts[1]) / 1e6)  # cumulative, microseconds
        return statistics.median(values)

    def wall(code: str) -> float:
        values = []
        for _ in range(repeats):
            start = time.perf_counter()
            run_python(code)
            values.append(time.perf_counter() - start)
        return statistics.median(values)

    cumulative = importtime("analysis")
    bare = wall("pass")
    with_import = wall("import analysis")
    difference = max(0.0, with_import - bare)
    worst = max(cumulative, difference)
    add("`import analysis` (fresh subprocess, median of 7)", "—",
        f"{fmt_s(cumulative)} by -X importtime; {fmt_s(difference)} by wall time "
        f"({fmt_s(with_import)} − bare interpreter {fmt_s(bare)})",
        f"< {TARGET_IMPORT_S} s", verdict(worst < TARGET_IMPORT_S))
    heavy = importtime("analysis.classify")
    add("`import analysis.classify` (what `classify` loads: pandas etc.)", "—",
        f"{fmt_s(heavy)} by -X importtime", "—", "info")


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` byte copies of the shipped text: a synthetic scale test, not new documents."""
    width = max(4, len(str(n)))
    files = []
    for i in range(1, n + 1):
        target = folder / f"synthetic_copy_{i:0{width}d}_BG.txt"
        shutil.copyfile(SOURCE_TEXT, target)
        files.append(target)
    expected = SOURCE_TEXT.stat().st_size
    assert all(f.stat().st_size == expected for f in files), "copies differ from the shipped file"
    return files


def paragraphs_per_copy() -> int:
    from analysis import parse

    return int((parse(SOURCE_TEXT).units["kind"] == "paragraph").sum())


def count_csv_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader, None)  # header
        return sum(1 for _ in reader)


def themes_status() -> dict:
    """Is ``analysis.themes`` importable, and what does it offer? (checked in a subprocess)"""
    code = r"""
import json, sys
out = {"available": False}
try:
    import analysis.themes as t
except Exception as exc:
    out["reason"] = f"cannot import analysis.themes ({type(exc).__name__}: {exc})"
else:
    out["available"] = True
print(json.dumps(out))
"""
    proc = run_python(code, timeout=300)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"available": False, "reason": f"probe failed: {proc.stderr.strip()[-300:]}"}


def bench_classify_cli(folder: Path, n: int, per_copy: int, theme_flag: list[str], results: dict) -> None:
    cmd = [sys.executable, "-m", "analysis", "classify", str(folder), "--format", "csv", *theme_flag]
    with tempfile.TemporaryDirectory(prefix="bench-out-") as tmp:
        out = Path(tmp) / "classify.csv"
        m = measure_command(cmd, out)
        rows = count_csv_rows(out) if out.exists() else -1
    results["cli"] = m
    label = "`python -m analysis classify DIR --format csv" + (" " + " ".join(theme_flag) if theme_flag else "") + "`"
    if m.returncode != 0:
        add(f"{label}: exit status", n, f"{m.returncode}: {m.stderr.strip()[-300:]}", "0", "FAIL")
    at_target = n == TARGET_CLASSIFY_SIZE
    add(f"{label}: wall time (fresh subprocess, start-up included)", n,
        f"{fmt_s(m.wall)} (CPU {fmt_s(m.cpu)} user+system over its processes{others_note(m.others)})",
        f"< {TARGET_CLASSIFY_WALL_S:g} s" if at_target else "—",
        verdict(m.wall < TARGET_CLASSIFY_WALL_S and m.returncode == 0) if at_target else "info")
    peak = max(m.maxrss, m.tree_pss)
    memory = f"{fmt_bytes(m.maxrss)} largest process (wait4 ru_maxrss)"
    if m.tree_pss:
        memory += (f"; {fmt_bytes(m.tree_pss)} whole process tree (sampled PSS sum, "
                   f"{m.tree_processes} process(es) alive at the peak)")
    add(f"{label}: peak memory", n, memory,
        f"< {fmt_bytes(TARGET_CLASSIFY_PEAK_BYTES)}" if at_target else "—",
        verdict(peak < TARGET_CLASSIFY_PEAK_BYTES) if at_target else "info")
    expected = per_copy * n
    add(f"{label}: output rows (csv module)", n, f"{rows:,}", f"= {expected:,}", verdict(rows == expected))


IN_PROCESS_REPEATS = 3


def best_of(step, repeats: int = IN_PROCESS_REPEATS):
    """``(timer, result)`` of the run of ``step()`` with the least CPU time of ``repeats`` runs.

    One run of a sub-second step moves by a third with the machine's passing slowdowns;
    the best of three is what the code costs, and makes the growth ratio trustworthy.
    """
    best, result = None, None
    for _ in range(repeats):
        with Timer() as timer:
            result = step()
        if best is None or timer.cpu < best.cpu:
            best = timer
    return best, result


def bench_in_process(folder: Path, n: int, themes_available: bool, results: dict) -> None:
    from analysis import classify, corpus, verbs
    from analysis.parser import parse

    verbs.get_matcher("bg")  # built once per language; timed on its own in the matcher section

    def rate(count: int, t: Timer, unit: str) -> str:
        return f"{fmt_rate(count, t.wall, unit)}, CPU {fmt_s(t.cpu)}{others_note(t.others)}"

    files = corpus.find_documents([folder])
    t_parse, documents = best_of(lambda: [parse(path) for path in files])
    add("parse (in process, 1 core, best of 3)", n, rate(len(documents), t_parse, "documents"))

    t_frame, paragraphs = best_of(lambda: classify.operative_paragraphs(documents))
    add("gather operative paragraphs (`operative_paragraphs`, best of 3)", n,
        f"{fmt_s(t_frame.wall)}, CPU {fmt_s(t_frame.cpu)}{others_note(t_frame.others)}")

    t_verbs, verb_rows = best_of(lambda: verbs.classify_verbs(paragraphs))
    add("classify verbs (`verbs.classify_verbs`, in process, 1 core, best of 3)", n,
        rate(len(verb_rows), t_verbs, "paragraphs"))

    t_themes = None
    if themes_available:
        try:
            from analysis import themes

            themes.predict_themes(paragraphs.head(1), method="dictionary")  # compile the dictionary first
            t_themes, labels = best_of(lambda: themes.predict_themes(paragraphs, method="dictionary"))
            add("classify themes (`themes.predict_themes`, dictionary, in process, 1 core, best of 3)", n,
                rate(len(list(labels)), t_themes, "paragraphs"))
        except Exception as exc:  # report in the table rather than lose the other rows
            t_themes = None
            add("classify themes (`themes.predict_themes`, dictionary)", n,
                f"failed: {type(exc).__name__}: {exc}"[:200], "—", "FAIL")
    else:
        add("classify themes", n, "not available (`analysis.themes` cannot be imported)", "—", "skipped")
    results.update(parse=t_parse, verbs=t_verbs, themes=t_themes, paragraphs=len(paragraphs))
    del documents, paragraphs, verb_rows
    gc.collect()


class NaiveVerbFinder:
    """The naive alternative: for each lexicon phrase, ``str.find`` over the folded paragraph.

    Whole-word hits only; no modifiers between the words of a phrase, no clause logic.
    """

    def __init__(self, phrases: list[str]):
        self.phrases = phrases

    def find(self, folded: str) -> list[tuple[int, str]]:
        hits = []
        for phrase in self.phrases:
            i = folded.find(phrase)
            while i != -1:
                end = i + len(phrase)
                if (i == 0 or not folded[i - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                    hits.append((i, phrase))
                i = folded.find(phrase, i + 1)
        return hits


def bench_verb_matchers(n_copies: int = 100, repeats: int = 3) -> None:
    print("verb matcher: chosen vs naive", flush=True)
    from analysis import classify, parse, verbs

    paragraphs = classify.operative_paragraphs([parse(SOURCE_TEXT)])
    language = str(paragraphs["language"].iloc[0])
    texts = list(paragraphs["text"]) * n_copies
    start = time.perf_counter()
    lexicon = verbs.load_lexicon()
    matcher = verbs.VerbMatcher(lexicon, language)  # built afresh (get_matcher caches it)
    build_s = time.perf_counter() - start
    phrases = sorted(lexicon.verbs.loc[lexicon.verbs["lang"] == language, "phrase"], key=lambda s: (-len(s), s))
    naive = NaiveVerbFinder(phrases)
    # The matcher's own phrase scan, without the clause and addressee logic (private: may go).
    if callable(getattr(matcher, "_phrase_matches", None)):
        scan_name, scan = "`_phrase_matches`: first-word search, then the phrase regex there", matcher._phrase_matches
    elif getattr(matcher, "_verb_re", None) is not None:
        scan_name, scan = "`_verb_re.finditer`: the one compiled regex", matcher._verb_re.finditer
    else:
        scan_name, scan = "", None

    def best(fn) -> tuple[float, int]:
        times, count = [], 0
        for _ in range(repeats):
            start = time.perf_counter()
            count = fn()
            times.append(time.perf_counter() - start)
        return min(times), count

    full_s, full_hits = best(lambda: sum(len(matcher.find(t)) for t in texts))
    naive_s, naive_hits = best(lambda: sum(len(naive.find(verbs.fold(t))) for t in texts))
    size = f"{len(texts):,} paragraphs ({language})"
    add("verb matcher build (`load_lexicon` + `VerbMatcher`, once per language per process)", language, fmt_s(build_s))
    add("verbs: chosen, `VerbMatcher.find` (regex + clause/addressee logic)", size,
        f"{fmt_rate(len(texts), full_s, 'paragraphs')}; {full_hits:,} operative phrases")
    if scan is not None:
        scan_s, scan_hits = best(lambda: sum(1 for t in texts for _ in scan(verbs.fold(t))))
        add(f"verbs: chosen, its phrase scan alone ({scan_name})", size,
            f"{fmt_rate(len(texts), scan_s, 'paragraphs')}; {scan_hits:,} raw matches")
    add(f"verbs: naive, `str.find` per lexicon phrase ({len(phrases)} phrases)", size,
        f"{fmt_rate(len(texts), naive_s, 'paragraphs')}; {naive_hits:,} raw hits")
    def relation(chosen: float) -> str:
        return (f"{chosen / naive_s:.1f}x slower" if chosen > naive_s else f"{naive_s / chosen:.1f}x faster")

    ratio = f"chosen/naive time = {full_s / naive_s:.2f}: full `find` {relation(full_s)} than naive"
    if scan is not None:
        ratio += f"; phrase scan alone {scan_s / naive_s:.2f} ({relation(scan_s)})"
    add("verbs: chosen vs naive, same run", size,
        ratio + ". The naive loop does less: no modifiers inside phrases, no clause test, "
        "and it also counts sub-phrases (\"призовава\" inside \"настоятелно призовава\")", "—", "info")


THEME_TIMER = r"""
import inspect, json, os, sys, time

def busy():
    try:
        with open("/proc/stat") as fh:
            f = [int(v) for v in fh.readline().split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None

start = time.perf_counter()
import analysis.themes as t
out = {"import": time.perf_counter() - start}
for name in sys.argv[1:]:
    fn = getattr(t, name)
    required = [p.name for p in inspect.signature(fn).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if required:
        out[name] = {"error": "needs arguments " + ", ".join(required) + "; not timed"}
        continue
    b0, c0, start = busy(), time.process_time(), time.perf_counter()
    try:
        fn()
    except Exception as exc:
        out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        continue
    wall, cpu, b1 = time.perf_counter() - start, time.process_time() - c0, busy()
    others = max(0.0, b1 - b0 - cpu) / wall if b0 is not None and b1 is not None and wall > 0 else None
    out[name] = {"seconds": wall, "cpu": cpu, "others": others}
print(json.dumps(out))
"""


def bench_theme_model(status: dict, repeats: int = 3) -> None:
    """``themes.evaluate_themes()`` then ``themes.trained_model()`` on the gold, in fresh subprocesses.

    Both read the gold data by default. Evaluation (5-fold cross-validation of both
    classifiers) runs first, so it carries the one-off scikit-learn import of the process,
    as a user's first call would; ``trained_model()`` then fits the model on all gold units.
    """
    print("theme model", flush=True)
    measure = "theme model: train + evaluate on the gold (fresh subprocess, start-up excluded)"
    target = f"< {TARGET_THEMES_S:g} s"
    if not status.get("available"):
        add(measure, "gold", f"not available: {status.get('reason', 'analysis.themes missing')}", target, "FAIL")
        return
    wanted = {"evaluate_themes": "5-fold cross-validation of both classifiers",
              "trained_model": "fits the model on all gold units"}
    runs: list[dict] = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, "-c", THEME_TIMER, *wanted], capture_output=True, text=True,
                              cwd=REPO, env=child_env(), timeout=900)
        try:
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            add(measure, "gold", f"failed: {proc.stderr.strip()[-300:]}", target, "FAIL")
            return
    add("theme model: `import analysis.themes`", "gold",
        f"{fmt_s(statistics.median(r['import'] for r in runs))} (median of {len(runs)})")
    totals = [0.0] * len(runs)
    for name, what in wanted.items():
        items = [r.get(name, {}) for r in runs]
        if not all("seconds" in item for item in items):
            error = next((item.get("error") for item in items if "error" in item), "not run")
            add(f"theme model: `themes.{name}()`", "gold", error, target, "FAIL")
            return
        values = [item["seconds"] for item in items]
        totals = [t + v for t, v in zip(totals, values)]
        cpus = ", ".join(f"{item['cpu']:.2f}" for item in items)
        busiest = max((item["others"] for item in items if item.get("others") is not None), default=None)
        add(f"theme model: `themes.{name}()` ({what})", "gold",
            f"{fmt_s(statistics.median(values))} (median of {len(values)}; "
            f"runs: {', '.join(f'{v:.2f}' for v in values)} s; CPU {cpus} s"
            f"{others_note(busiest).replace('meanwhile', 'in the busiest run')})")
    total = statistics.median(totals)
    add(measure, "gold", f"{fmt_s(total)} (median of {len(totals)} runs)", target, verdict(total < TARGET_THEMES_S))


def bench_notebooks() -> None:
    print("notebooks", flush=True)
    notebooks = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not notebooks:
        add("notebooks (`pytest --nbval-lax`, each)", "—", "skipped: no .ipynb files in notebooks/",
            f"< {TARGET_NOTEBOOK_S:g} s each", "skipped")
        return
    if run_python("import nbval").returncode != 0:
        add("notebooks (`pytest --nbval-lax`, each)", "—", "skipped: nbval is not installed",
            f"< {TARGET_NOTEBOOK_S:g} s each", "skipped")
        return
    import resource

    for nb in notebooks:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy_before = machine_busy_seconds()
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                                   str(nb.relative_to(REPO))], capture_output=True, text=True, cwd=REPO,
                                  env=child_env(), timeout=900)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        seconds = time.perf_counter() - start
        after, busy_after = resource.getrusage(resource.RUSAGE_CHILDREN), machine_busy_seconds()
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        others = (max(0.0, busy_after - busy_before - cpu) / seconds
                  if busy_after is not None and busy_before is not None and seconds > 0 else None)
        ok = code == 0 and seconds < TARGET_NOTEBOOK_S
        add(f"notebook `{nb.name}` (`pytest --nbval-lax`)", "—",
            fmt_s(seconds) + f" (CPU {fmt_s(cpu)}{others_note(others)})"
            + ("" if code == 0 else f" (pytest exit {code})"),
            f"< {TARGET_NOTEBOOK_S:g} s", verdict(ok))


def growth(per_size: dict[int, dict]) -> None:
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
        if not a or not b or a.cpu <= 0:
            continue
        cpu_text, exponent = describe(a.cpu, b.cpu)
        wall_text, _ = describe(a.wall, b.wall)
        judged = a.cpu >= 0.1  # best of 3 runs; shorter steps are still too noisy to judge
        add(f"growth: {label} (in process), CPU time", f"{small:,} → {large:,}",
            f"{cpu_text}; wall time {wall_text.split(' for ')[0]}"
            + ("" if judged else "; too short at the smallest size to judge"),
            f"≈ {factor:g}x (exponent ≤ {LINEAR_EXPONENT_MAX})",
            verdict(exponent <= LINEAR_EXPONENT_MAX) if judged else "info")
    a, b = per_size[small].get("cli"), per_size[large].get("cli")
    if a and b:
        wall_text, _ = describe(a.wall, b.wall)
        cpu_text, _ = describe(a.cpu, b.cpu)
        add("growth: `classify` command (start-up included, so below 10x)", f"{small:,} → {large:,}",
            f"wall {wall_text}; CPU {cpu_text.split(' for ')[0]}", "—", "info")


# --------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------
def load_average() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def machine_info() -> list[tuple[str, str]]:
    import importlib.metadata as md

    info = []
    cpu_model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu_model = next((l.split(":", 1)[1].strip() for l in fh if l.startswith("model name")), "")
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info.append(("CPUs", f"{os.cpu_count()} (usable by this process: {usable})" + (f", {cpu_model}" if cpu_model else "")))
    try:
        with open("/proc/meminfo") as fh:
            total_kb = int(next(l for l in fh if l.startswith("MemTotal:")).split()[1])
        info.append(("memory", f"{total_kb / 2**20:.1f} GiB"))
    except (OSError, StopIteration):
        pass
    info.append(("platform", platform.platform()))
    if hasattr(os, "getloadavg"):
        info.append(("load average at start (1, 5, 15 min)", load_average()))
    info.append(("Python", f"{platform.python_version()} ({platform.python_implementation()}), {sys.executable}"))
    versions = []
    for dist in ("pandas", "numpy", "scikit-learn", "pyarrow"):
        try:
            versions.append(f"{dist} {md.version(dist)}")
        except md.PackageNotFoundError:
            pass
    info.append(("libraries", ", ".join(versions)))
    digest = hashlib.sha256()
    for path in sorted((SRC / "analysis").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    info.append(("code measured", f"src/analysis/*.py sha256 {digest.hexdigest()[:12]}"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=REPO, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=REPO, timeout=30).stdout.strip()
        if commit:
            info.append(("commit", commit + (" (with uncommitted changes)" if dirty else "")))
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def render(started: _dt.datetime, elapsed: float, sizes: list[int], info: list[tuple[str, str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "# Benchmark results",
        "",
        f"Run on {started.strftime('%Y-%m-%d %H:%M UTC')} by `benchmarks/run.py` "
        f"(sizes {', '.join(f'{s:,}' for s in sizes)}; took {elapsed:.0f} s).",
        "",
        "**The scaled corpus is a synthetic scale test:** N byte copies of the one shipped resolution "
        f"(`{SOURCE_TEXT.relative_to(REPO)}`, 27 operative paragraphs each), not N different resolutions.",
        "",
    ]
    for name, value in info:
        lines.append(f"- {name}: {value}")
    if NOTES:
        lines.append("")
        lines.extend(f"- {note}" for note in NOTES)
    lines += ["", "| Measure | Size (documents) | Result | Target | Status |", "|---|---:|---|---|---|"]
    for r in ROWS:
        status = f"**{r.status}**" if r.status in ("MISS", "FAIL") else r.status
        lines.append(f"| {cell(r.measure)} | {cell(r.size)} | {cell(r.result)} | {cell(r.target)} | {status} |")
    counts = {s: sum(r.status == s for r in ROWS) for s in ("PASS", "MISS", "FAIL", "skipped")}
    lines += ["", "Summary: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."]
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes wants comma-separated integers, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes wants positive integers")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("100,1000"),
                        help="numbers of synthetic copies (default 100,1000)")
    parser.add_argument("--quick", action="store_true", help="a fast check: sizes 10,100")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"Markdown results file (default {DEFAULT_OUTPUT.relative_to(REPO)})")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    args = parser.parse_args(argv)
    sizes = parse_sizes("10,100") if args.quick else args.sizes

    started = _dt.datetime.now(_dt.timezone.utc)
    t0 = time.perf_counter()
    info = machine_info()
    for name, value in info:
        print(f"{name}: {value}")

    bench_import()
    status = themes_status()
    theme_flag = [] if status.get("available") else ["--themes", "none"]
    if status.get("available"):
        NOTES.append("`analysis.themes` is importable: `classify` ran with its default theme classifier.")
    else:
        NOTES.append(f"`analysis.themes` is not available ({status.get('reason', '?')}): "
                     "`classify` ran with `--themes none`, so its times and memory exclude themes.")

    per_copy = paragraphs_per_copy()
    per_size: dict[int, dict] = {}
    for n in sizes:
        print(f"size {n:,}: synthetic copies of {SOURCE_TEXT.name}", flush=True)
        results: dict = {}
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            folder = Path(tmp)
            make_corpus(folder, n)
            bench_classify_cli(folder, n, per_copy, theme_flag, results)   # first, with this process small
            bench_in_process(folder, n, bool(status.get("available")), results)
        per_size[n] = results
    growth(per_size)
    bench_verb_matchers()
    bench_theme_model(status)
    bench_notebooks()

    if hasattr(os, "getloadavg"):
        info.append(("load average at end (1, 5, 15 min)", load_average()
                     + " — other work on the machine at the same time slows the timings"))
    table = render(started, time.perf_counter() - t0, sizes, info)
    print()
    print(table)
    write_atomic(args.output, table)
    print(f"written to {args.output}")
    missed = any(r.status in ("MISS", "FAIL") for r in ROWS)
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
