"""Measurements in fresh subprocesses: import time, the ``classify`` command, the notebooks."""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.config import (REPO, TARGET_CLASSIFY_PEAK_BYTES, TARGET_CLASSIFY_SIZE, TARGET_CLASSIFY_WALL_S,
                               TARGET_IMPORT_S, TARGET_NOTEBOOK_S)
from benchmarks.corpus import make_corpus
from benchmarks.measure import Measured, any_failed, best_run, measure_command, others_note, python, run_python
from benchmarks.results import Table, fmt_bytes, fmt_s, verdict


def classify_command(folder: Path, *extra: str) -> list[str]:
    """``python -m analysis classify FOLDER --format csv [extra]``: the command every ``classify`` row times."""
    return [sys.executable, "-m", "analysis", "classify", str(folder), "--format", "csv", *extra]


def warm_up() -> None:
    """Run, untimed, each kind of subprocess the benchmark times: the imports, ``--help``, the
    floor's imports, the theme model's run, and ``classify`` over one copy and over three copies with
    two workers; so that within :func:`~benchmarks.measure.bytecode_cache` no timed run compiles."""
    print("warming the bytecode cache", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as tmp:
        one, three = Path(tmp) / "one", Path(tmp) / "three"
        for folder, n in ((one, 1), (three, 3)):
            folder.mkdir()
            make_corpus(folder, n)
        for args in (["-c", "import pandas, analysis, analysis.cli.classify, benchmarks.floor"],
                     ["-m", "analysis", "--help"], ["-m", "benchmarks.theme_model"],
                     classify_command(one)[1:], classify_command(three, "--workers", "2")[1:]):
            proc = python(*args, timeout=900)
            if proc.returncode != 0:
                raise RuntimeError(f"python {' '.join(args)} failed: {proc.stderr.strip()[-500:]}")


def import_seconds(module: str, repeats: int) -> float:
    """Median cumulative import time of ``module`` by ``python -X importtime`` (fresh processes)."""
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


def wall_seconds(code: str, repeats: int) -> float:
    """Median wall time of ``python -c code`` (fresh processes)."""
    values = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_python(code)
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def bench_import(table: Table, repeats: int = 7) -> float:
    """``import analysis`` by ``-X importtime`` and by wall time; ``import analysis.classify`` for context.
    Returns the bare interpreter's median wall time."""
    print("import time", flush=True)
    cumulative = import_seconds("analysis", repeats)
    bare = wall_seconds("pass", repeats)
    with_import = wall_seconds("import analysis", repeats)
    difference = max(0.0, with_import - bare)
    worst = max(cumulative, difference)
    table.add(f"`import analysis` (fresh subprocess, median of {repeats})", "—",
              f"{fmt_s(cumulative)} by -X importtime; {fmt_s(difference)} by wall time "
              f"({fmt_s(with_import)} − bare interpreter {fmt_s(bare)})",
              f"< {TARGET_IMPORT_S} s", verdict(worst < TARGET_IMPORT_S))
    heavy = import_seconds("analysis.cli.classify", repeats)
    table.add("`import analysis.cli.classify` (what `classify` loads; pandas and numpy bound lazily, not loaded)",
              "—", f"{fmt_s(heavy)} by -X importtime", "—", "info")
    return bare


def count_csv_rows(path: Path) -> int:
    """Records of a CSV file after its header (quoted fields may hold line breaks)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader, None)  # header
        return sum(1 for _ in reader)


#: What the ``classify`` command builds before its first paragraph, timed piece by piece in fresh
#: processes (where the regexes are not in the ``re`` module's cache yet, as they would be on a second
#: build in one process): ``import pandas`` and building the bg verb matcher from the data files (what
#: a first run, or one after an edit of a lexicon file, costs); and, in another process, what every
#: later ``classify`` does instead: reading the matcher and the theme dictionary from their pickles.
BUILD_CODE = """
import json, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
from analysis.classify.verbs import VerbMatcher
from analysis.resources.lexicon import load_lexicon
VerbMatcher(load_lexicon(), "bg")
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""
KEPT_CODE = """
import json, sys, time
t0 = time.perf_counter()
from analysis.classify.verbs import get_matcher
get_matcher("bg")
t1 = time.perf_counter()
from analysis.classify.theme_dictionary import DictionaryClassifier
DictionaryClassifier().fit().labels(["."], ["bg"])
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, "pandas.core.frame" in sys.modules]))
"""


def bench_startup(table: Table, repeats: int = 3) -> None:
    """The start-up pieces of ``classify`` in fresh processes (median of ``repeats``)."""
    import json

    print("start-up pieces", flush=True)
    runs: dict[str, list] = {"build": [], "kept": []}
    for _ in range(repeats):
        for name, code in (("build", BUILD_CODE), ("kept", KEPT_CODE)):
            proc = run_python(code)
            if proc.returncode != 0:
                raise RuntimeError(f"start-up measurement failed: {proc.stderr.strip()[-500:]}")
            runs[name].append(json.loads(proc.stdout))
    pandas_s, build_s = (statistics.median(run[i] for run in runs["build"]) for i in range(2))
    matcher_s, themes_s = (statistics.median(run[i] for run in runs["kept"]) for i in range(2))
    pandas_loaded = any(run[2] for run in runs["kept"])
    table.add(f"start-up in a fresh process (median of {repeats}): `import pandas`; building the bg verb matcher "
              "from the data files (`VerbMatcher(load_lexicon(), \"bg\")`: a first run's, or after an edit of "
              "the lexicon)", "—", f"{fmt_s(pandas_s)}; {fmt_s(build_s)}", "—", "info")
    table.add(f"start-up of every later `classify` (fresh process, median of {repeats}): the bg verb matcher "
              "and the theme dictionary read from their pickles (`resources.kept`, `data/.cache/built/`)",
              "—", f"{fmt_s(matcher_s)}; {fmt_s(themes_s)}; pandas "
              f"{'loaded' if pandas_loaded else 'not loaded'}", "—", "info")


def bench_classify_cli(table: Table, folder: Path, n: int, per_copy: int, repeats: int = 2) -> Measured:
    """``python -m analysis classify DIR --format csv`` (its defaults), ``repeats`` runs: the least
    wall time, the largest peak memory, rows (:func:`~benchmarks.measure.best_run`)."""
    with tempfile.TemporaryDirectory(prefix="bench-out-") as tmp:
        out = Path(tmp) / "classify.csv"
        m = best_run([measure_command(classify_command(folder), out) for _ in range(repeats)])
        rows = count_csv_rows(out) if out.exists() else -1
    label = "`python -m analysis classify DIR --format csv`"
    any_failed(table, label, n, [m])
    at_target = n == TARGET_CLASSIFY_SIZE
    table.add(f"{label}: wall time (fresh subprocess, start-up included; least of {repeats} runs)", n,
              f"{fmt_s(m.wall)} (CPU {fmt_s(m.cpu)} user+system over its processes{others_note(m.others)})",
              f"< {TARGET_CLASSIFY_WALL_S:g} s" if at_target else "—",
              verdict(m.wall < TARGET_CLASSIFY_WALL_S and m.returncode == 0) if at_target else "info")
    peak = max(m.maxrss, m.tree_pss)
    memory = f"{fmt_bytes(m.maxrss)} largest process (wait4 ru_maxrss)"
    if m.tree_pss:
        memory += (f"; {fmt_bytes(m.tree_pss)} whole process tree (sampled PSS sum, "
                   f"{m.tree_processes} process(es) alive at the peak)")
    table.add(f"{label}: peak memory (largest of {repeats} runs)", n, memory,
              f"< {fmt_bytes(TARGET_CLASSIFY_PEAK_BYTES)}" if at_target else "—",
              verdict(peak < TARGET_CLASSIFY_PEAK_BYTES) if at_target else "info")
    expected = per_copy * n
    table.add(f"{label}: output rows (csv module)", n, f"{rows:,}", f"= {expected:,}", verdict(rows == expected))
    return m


def bench_notebooks(table: Table, timeout: float = 900) -> None:
    """Each ``notebooks/*.ipynb`` under ``pytest --nbval-lax``, timed; skipped when there are none."""
    print("notebooks", flush=True)
    notebooks = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    measure, target = "notebooks (`pytest --nbval-lax`, each)", f"< {TARGET_NOTEBOOK_S:g} s each"
    if not notebooks:
        table.add(measure, "—", "skipped: no .ipynb files in notebooks/", target, "skipped")
        return
    if run_python("import nbval").returncode != 0:
        table.add(measure, "—", "skipped: nbval is not installed", target, "skipped")
        return
    for nb in notebooks:
        cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
               str(nb.relative_to(REPO))]
        with tempfile.TemporaryDirectory(prefix="bench-nb-") as tmp:
            m = measure_command(cmd, Path(tmp) / "pytest.out", timeout=timeout)
        code = "timeout" if m.wall > timeout else m.returncode
        table.add(f"notebook `{nb.name}` (`pytest --nbval-lax`)", "—",
                  fmt_s(m.wall) + f" (CPU {fmt_s(m.cpu)}{others_note(m.others)})"
                  + ("" if code == 0 else f" (pytest exit {code})"),
                  f"< {TARGET_NOTEBOOK_S:g} s", verdict(code == 0 and m.wall < TARGET_NOTEBOOK_S))
