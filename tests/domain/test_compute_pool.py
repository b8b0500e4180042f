"""The pool that computes analyses and map layouts in worker processes: the same answers as in
the server process, a clear refusal when too much waits, and a killed worker costs only the calls
it had."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from graph_service.domain.compute_pool import ComputePool
from graph_service.domain.errors import Busy
from graph_service.maps.layout import _layout


def _nap(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@pytest.fixture
def pool():
    pool = ComputePool(processes=1, queue=1)
    yield pool
    pool.close()


def test_a_layout_computed_in_a_worker_process_is_the_one_the_server_would_draw(pool):
    nodes = [f"n{i}" for i in range(40)]
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [(i, (i * 7 + 3) % 40) for i in range(40) if i != (i * 7 + 3) % 40]
    assert pool.run(_layout, nodes, index, pairs, 7) == _layout(nodes, index, pairs, 7)
    assert pool.run(_nap, 0) != os.getpid()  # it ran elsewhere


def test_when_as_many_calls_wait_as_the_pool_takes_the_next_is_refused_at_once(pool):
    pool.warm()
    running = [threading.Thread(target=pool.run, args=(_nap, 1.5)) for _ in range(2)]  # one runs, one waits
    for thread in running:
        thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    with pytest.raises(Busy) as refused:
        pool.run(_nap, 0)
    assert time.monotonic() - started < 0.2 and refused.value.code == "BUSY"
    for thread in running:
        thread.join()
    assert pool.run(_nap, 0) > 0  # the queue drained: served again


def test_a_killed_worker_fails_its_own_call_with_busy_and_the_next_call_gets_a_new_one(pool):
    pool.warm()
    first = pool.worker_pids()
    outcome: list[object] = []

    def long_call() -> None:
        try:
            outcome.append(pool.run(_nap, 30))
        except Busy as error:
            outcome.append(error)

    thread = threading.Thread(target=long_call)
    started = time.monotonic()
    thread.start()
    time.sleep(0.5)
    os.kill(first[0], signal.SIGKILL)
    thread.join(10)
    assert isinstance(outcome[0], Busy) and time.monotonic() - started < 10  # not the 30 s it asked for
    assert pool.run(_nap, 0) not in first
    assert pool.worker_pids() and pool.worker_pids() != first
