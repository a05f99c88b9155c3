"""The cyclic garbage collector around long runs (#12).

Importing pandas and building the matchers make hundreds of thousands of objects that live to the
end of a command and are no garbage; classifying a batch makes many short-lived containers that
reference counting frees. With Python's defaults the collector passes over the first again and
again and runs every 700 of the second: on 1,000 copies a tenth of the CPU time. Each helper here
is a context manager that puts the collector's state back as it was when its block ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: New containers between two passes over the youngest generation while batches run (Python: 700).
COLLECT_AFTER = 10_000


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection while the block runs (imports: nothing to collect); on again after, if it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """What exists when the block starts lives to its end: the collector leaves it out of its passes
    (:func:`gc.freeze`; a process forked in the block does not copy the pages it lives on either).
    Unfrozen when the block ends, unless something was frozen before it (then whoever froze that
    unfreezes all, as :func:`gc.unfreeze` does)."""
    outermost = not gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


@contextlib.contextmanager
def fewer_passes() -> Iterator[None]:
    """The youngest generation collected every :data:`COLLECT_AFTER` new containers, not more often,
    while the block runs (processes forked in it inherit the setting)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], COLLECT_AFTER), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
