#!/usr/bin/env python3
"""Performance benchmark of the ``analysis`` package: ``make bench``.

Measures, on this machine, against the targets of the performance issue (see README.md):

* the import time of ``analysis`` (fresh subprocesses);
* wall time, peak memory and output row count of ``python -m analysis classify DIR
  --format csv`` (one fresh subprocess per size, its defaults, its worker processes as chosen on this machine);
* parse throughput (documents/s) and classification throughput (paragraphs/s: verbs and
  themes), in this process, one core, and how they grow from the smallest to the largest size;
* the chosen verb matcher beside a naive ``str.find`` loop over the lexicon phrases;
* theme model evaluation and training on the gold data;
* every notebook under ``notebooks/`` with ``pytest --nbval-lax`` (skipped if none).

The scaled corpus is a SYNTHETIC SCALE TEST: N byte copies of the one shipped resolution,
in a temporary folder deleted afterwards. The table is printed and written atomically to
benchmarks/results.md (or --output). Run as ``python benchmarks/run.py`` or
``python -m benchmarks.run`` from the repository root.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``benchmarks`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import commands, steps, targets, theme_model  # noqa: E402
from benchmarks.config import DEFAULT_OUTPUT, README, REPO, SOURCE_TEXT, TARGET_CLASSIFY_SIZE  # noqa: E402  (puts src/ on sys.path)
from benchmarks.corpus import make_corpus, paragraphs_per_copy  # noqa: E402
from benchmarks.measure import Measured, bytecode_cache  # noqa: E402
from benchmarks.results import Table, load_average, machine_info, readme_with_table, render  # noqa: E402

from analysis.atomic import write_text  # noqa: E402

QUICK_SIZES = "10,100"


def parse_sizes(text: str) -> list[int]:
    """``"100,1_000"`` → ``[100, 1000]``: sorted, distinct, positive."""
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes wants comma-separated integers, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes wants positive integers")
    return sizes


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("100,1000"),
                        help="numbers of synthetic copies (default 100,1000)")
    parser.add_argument("--quick", action="store_true", help=f"a fast check: sizes {QUICK_SIZES}")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"Markdown results file (default {DEFAULT_OUTPUT.relative_to(REPO)})")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--notebooks", action="store_true", help="also time every notebook under nbval")
    parser.add_argument("--no-growth", dest="growth", action="store_false",
                        help="skip the growth runs over 250..2,000 copies")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = parse_sizes(QUICK_SIZES)
    return args


def run_all(table: Table, sizes: list[int], notebooks: bool = False, growth: bool = True) -> None:
    """Every measurement, in an order that keeps this process small while the command runs. The
    measured commands keep their bytecode (``measure.bytecode_cache``, warmed first); the
    notebooks, timed under pytest, run as they are."""
    with bytecode_cache():
        commands.warm_up()
        table.note("The timed commands ran with their bytecode cached (compiled once, untimed, into a temporary "
                   "folder; `measure.bytecode_cache`), as an installed copy of the package runs; and with the "
                   "matchers `classify` builds from the data files kept on disk by the warm-up (`resources.kept`), "
                   "as every run after a user's first.")
        _run_measures(table, sizes, growth)
    if notebooks:
        commands.bench_notebooks(table)


def _run_measures(table: Table, sizes: list[int], growth: bool) -> None:
    bare = commands.bench_import(table)
    targets.bench_help(table, bare)
    commands.bench_startup(table)
    table.note("`classify` ran with its defaults: the dictionary theme classifier, "
               f"{targets.default_workers()} worker process(es) (parsing and classifying).")
    per_copy = paragraphs_per_copy()
    classify_runs: dict[int, Measured] = {}  # the classify command's run at each size
    for n in sizes:
        print(f"size {n:,}: synthetic copies of {SOURCE_TEXT.name}", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            folder = Path(tmp)
            make_corpus(folder, n)
            cli = commands.bench_classify_cli(table, folder, n, per_copy)  # first, with this process small
            targets.bench_floor(table, folder, n, per_copy)
            if n == TARGET_CLASSIFY_SIZE:
                targets.bench_workers(table, folder, n)
            steps.bench_in_process(table, folder, n)
            classify_runs[n] = cli
    steps.growth(table, classify_runs)
    if growth:
        targets.bench_growth(table)
    steps.bench_verb_matchers(table)
    theme_model.bench_theme_model(table)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = _dt.datetime.now(_dt.timezone.utc)
    t0 = time.perf_counter()
    info = machine_info()
    for name, value in info:
        print(f"{name}: {value}")
    table = Table()
    run_all(table, args.sizes, notebooks=args.notebooks, growth=args.growth)
    info.append(("load average at end (1, 5, 15 min)", load_average()
                 + " — other work on the machine at the same time slows the timings"))
    text = render(table, started, time.perf_counter() - t0, args.sizes, info)
    print()
    print(text)
    write_text(args.output, text)
    print(f"written to {args.output}")
    if args.output == DEFAULT_OUTPUT:  # the README's performance table is generated from the same run
        write_text(README, readme_with_table(README.read_text(encoding="utf-8"), table, info))
        print(f"performance table of {README.name} regenerated")
    return 1 if (table.missed() and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
