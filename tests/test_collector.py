"""The garbage collector's settings around long runs (#12): each helper puts them back as they were."""

from __future__ import annotations

import gc

import pytest

from analysis import collector


@pytest.fixture(autouse=True)
def as_found():
    state = gc.isenabled(), gc.get_threshold()
    yield
    (gc.enable if state[0] else gc.disable)()
    gc.set_threshold(*state[1])
    gc.unfreeze()


@pytest.mark.parametrize("collecting", [True, False])
def test_paused_turns_the_collector_off_and_back_to_what_it_was(collecting):
    (gc.enable if collecting else gc.disable)()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled() is collecting


def test_kept_freezes_what_exists_and_only_the_outermost_unfreezes():
    gc.unfreeze()
    with collector.kept():
        assert gc.get_freeze_count() > 0
        kept_before = gc.get_freeze_count()
        made = [[] for _ in range(100)]  # new containers: not frozen by the outer block
        with collector.kept():  # a nested block freezes them too, and leaves the unfreezing to the outer
            assert gc.get_freeze_count() >= kept_before + 100
        assert gc.get_freeze_count() >= kept_before + 100
        del made
    assert gc.get_freeze_count() == 0
    gc.freeze()  # frozen by someone else before: left frozen
    with collector.kept():
        pass
    assert gc.get_freeze_count() > 0


def test_fewer_passes_raises_the_youngest_threshold_and_puts_it_back():
    gc.set_threshold(700, 10, 10)
    with collector.fewer_passes():
        assert gc.get_threshold() == (collector.COLLECT_AFTER, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    gc.set_threshold(50_000, 5, 5)  # already less often: kept
    with collector.fewer_passes():
        assert gc.get_threshold() == (50_000, 5, 5)
    assert gc.get_threshold() == (50_000, 5, 5)
