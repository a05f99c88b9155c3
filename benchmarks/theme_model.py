"""The theme model on the gold: ``evaluate_themes()`` then ``fit_gold_model()``, in fresh subprocesses.

Run as ``python -m benchmarks.theme_model`` (from the repository root) this module is the timed
child: it imports :mod:`analysis.evaluate.themes`, calls the two functions and prints their
times as one JSON line. :func:`bench_theme_model` starts it three times and adds the rows.
"""

from __future__ import annotations

import json
import statistics
import time

from benchmarks.config import TARGET_THEMES_S
from benchmarks.measure import machine_busy_seconds, others_cores, others_note, python
from benchmarks.results import Table, fmt_s, verdict

STEPS = {"evaluate_themes": "5-fold cross-validation of both classifiers",
         "fit_gold_model": "fits the model on all gold units"}


def time_steps() -> dict:
    """Import time of :mod:`analysis.evaluate.themes`, then wall/CPU/others of each of ``STEPS``."""
    start = time.perf_counter()
    import analysis.evaluate.themes as evaluation

    out: dict = {"import": time.perf_counter() - start}
    for name in STEPS:
        busy, cpu, start = machine_busy_seconds(), time.process_time(), time.perf_counter()
        try:
            getattr(evaluation, name)()
        except Exception as exc:
            out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
            continue
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        out[name] = {"seconds": wall, "cpu": cpu, "others": others_cores(busy, machine_busy_seconds(), cpu, wall)}
    return out


def bench_theme_model(table: Table, repeats: int = 3) -> None:
    """Median over ``repeats`` fresh subprocesses of evaluation + training, against the target.

    Evaluation runs first, so it carries the one-off scikit-learn import of the process, as a
    user's first call would; ``fit_gold_model()`` then fits the model on all gold units.
    """
    print("theme model", flush=True)
    measure = "theme model: train + evaluate on the gold (fresh subprocess, start-up excluded)"
    target = f"< {TARGET_THEMES_S:g} s"
    runs: list[dict] = []
    for _ in range(repeats):
        proc = python("-m", "benchmarks.theme_model", timeout=900)
        try:
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            table.add(measure, "gold", f"failed: {proc.stderr.strip()[-300:]}", target, "FAIL")
            return
    table.add("theme model: `import analysis.evaluate.themes`", "gold",
              f"{fmt_s(statistics.median(r['import'] for r in runs))} (median of {len(runs)})")
    totals = [0.0] * len(runs)
    for name, what in STEPS.items():
        items = [r.get(name, {}) for r in runs]
        if not all("seconds" in item for item in items):
            error = next((item.get("error") for item in items if "error" in item), "not run")
            table.add(f"theme model: `evaluate.themes.{name}()`", "gold", error, target, "FAIL")
            return
        values = [item["seconds"] for item in items]
        totals = [t + v for t, v in zip(totals, values)]
        cpus = ", ".join(f"{item['cpu']:.2f}" for item in items)
        busiest = max((item["others"] for item in items if item.get("others") is not None), default=None)
        table.add(f"theme model: `evaluate.themes.{name}()` ({what})", "gold",
                  f"{fmt_s(statistics.median(values))} (median of {len(values)}; "
                  f"runs: {', '.join(f'{v:.2f}' for v in values)} s; CPU {cpus} s"
                  f"{others_note(busiest).replace('meanwhile', 'in the busiest run')})")
    total = statistics.median(totals)
    table.add(measure, "gold", f"{fmt_s(total)} (median of {len(totals)} runs)", target,
              verdict(total < TARGET_THEMES_S))


if __name__ == "__main__":
    print(json.dumps(time_steps()))
