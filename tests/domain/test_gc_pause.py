"""Reads pause Python's garbage collector while a reply becomes objects; the pause must always
end, or a long-running service would stop reclaiming memory held in reference cycles."""

from __future__ import annotations

import gc
import threading

import pytest
import redis

from graph_service.domain.gc_pause import gc_paused


def test_the_collector_runs_again_after_reads_that_succeed_or_fail(embedded_store):
    backend = embedded_store.backend
    backend.write("CREATE (:Probe {n: 1})")
    assert backend.read("MATCH (p:Probe) RETURN p.n AS n") == [{"n": 1}]
    assert gc.isenabled()
    with pytest.raises(redis.ResponseError):
        backend.read("MATCH (p:Probe RETURN p")  # a syntax error from the database
    assert gc.isenabled()


def test_concurrent_readers_share_one_pause():
    first_inside, second_done, release = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def long_reader() -> None:
        with gc_paused():
            first_inside.set()
            release.wait(5)
            seen.append(gc.isenabled())  # the other reader has finished: still paused for this one

    def short_reader() -> None:
        first_inside.wait(5)
        with gc_paused():
            pass
        second_done.set()

    threads = [threading.Thread(target=long_reader), threading.Thread(target=short_reader)]
    for thread in threads:
        thread.start()
    second_done.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_operator_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
