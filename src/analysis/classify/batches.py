"""Run a function over batches of files in worker processes, results in batch order (#12).

:func:`analysis.classify.paragraphs.classify_files` parses and classifies its files a batch at a
time. With more than one worker the batches go to a process pool; where the platform can fork,
the first batch is done in this process first, so that the matchers and theme patterns it builds
(the costly part of start-up) are inherited by the workers instead of being built in each
(:func:`analysis.classify.paragraphs.split` makes that batch one file).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from analysis import collector
from analysis.progress import progress_bar

T = TypeVar("T")
B = TypeVar("B")

#: The most worker processes :func:`default_workers` picks (each holds a batch of parsed documents).
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Worker processes by default: the cores this process may use, at most :data:`MAX_DEFAULT_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def run_batches(step: Callable[[B], T], batches: Sequence[B], workers: int = 1, progress: bool = False
                ) -> Iterator[T]:
    """``step(batch)`` for each of ``batches``, by up to ``workers`` processes, yielded in batch order
    as each is done (a caller may write one batch out while the workers go on with the next)."""
    if workers < 1:  # said at the call, not at the first result
        raise ValueError(f"workers must be at least 1, not {workers}")
    return _run(step, list(batches), workers, _bar(len(batches)) if progress else None)


def _run(step: Callable[[B], T], pending: list[B], workers: int, bar) -> Iterator[T]:
    with contextlib.ExitStack() as settled:
        if bar is not None:
            settled.callback(bar.close)
        settled.enter_context(collector.fewer_passes())  # #12: see analysis.collector
        parallel = workers > 1 and len(pending) > 1
        context = _fork_context() if parallel else None
        # The first batch is done here (but not for workers that do not fork): forked workers inherit
        # the caches it warms, and what it built lives on, left out of the collector's passes.
        if pending and (context is not None or not parallel):
            yield _done(step(pending.pop(0)), bar)
            settled.enter_context(collector.kept())
        if parallel:
            with ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=context) as pool:
                for result in pool.map(step, pending):
                    yield _done(result, bar)
        else:
            for batch in pending:
                yield _done(step(batch), bar)


def _done(result: T, bar) -> T:
    if bar is not None:
        bar.update()
    return result


def _fork_context():
    """The ``fork`` start method where the platform has it (Linux), else ``None`` (the default)."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _bar(total: int):
    """A progress bar over the batches (shown on a terminal only)."""
    return progress_bar(total=total, desc="classify", unit="batch")
