"""mfgstats.loading.lifelong: no garbage collection while a process loads what it keeps, which is then frozen."""

from __future__ import annotations

import gc

import pytest

from mfgstats.loading import lifelong


@pytest.fixture
def clean_gc():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()  # give the test's objects back to the collector
    (gc.enable if enabled else gc.disable)()


def test_objects_loaded_inside_are_frozen_and_collection_resumes(clean_gc):
    gc.enable()
    frozen_before = gc.get_freeze_count()
    with lifelong():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]  # lists: containers the collector always tracks
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    collectable = {id(o) for o in gc.get_objects()}  # the three generations, not the frozen objects
    assert not any(id(k) in collectable for k in kept)
    made_after = [[0]]
    assert id(made_after[0]) in {id(o) for o in gc.get_objects()}


def test_a_disabled_collector_stays_disabled_and_an_error_still_freezes(clean_gc):
    gc.disable()
    frozen_before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), lifelong():
        kept = [[0]]
        raise RuntimeError("an import failed")
    assert not gc.isenabled()
    assert gc.get_freeze_count() > frozen_before
    assert id(kept[0]) not in {id(o) for o in gc.get_objects()}
