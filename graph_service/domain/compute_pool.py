"""CPU-heavy work (analyses, map layouts) in worker processes, so it never stalls other requests.

A Python server process runs one thread of Python at a time: an analysis of a large coalition
computed in the server would make every card read behind it wait. `serve` configures the pool of
each server process (`COALITION_ANALYSIS_WORKERS`, `COALITION_ANALYSIS_QUEUE`); the work handed to
it is a pure function of picklable arguments, so the worker processes need no database.

The pool is bounded: when as many calls wait as it takes, the next gets `Busy` at once (the
service answers 503 with Retry-After) instead of queueing without end. A worker process that dies
(killed, out of memory) fails the calls it had with `Busy` too, and the next call starts a fresh
pool. With no processes configured (tests, one-shot commands) the work runs in the caller.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

from .errors import Busy

T = TypeVar("T")
#: modules the worker processes import once, before the first call (not per call)
PRELOAD = ("graph_service.analysis.analyse", "graph_service.maps.layout")


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _prepare_worker() -> None:
    """In each compute process: stop within a second of the server process that started it (the
    pool may be started by any of its threads, so the kernel's parent-death signal, which follows
    the starting thread, would stop it too early), and import what the calls need."""
    threading.Thread(target=_leave_with, args=(os.getppid(),), name="leave-with-parent", daemon=True).start()
    for module in PRELOAD:
        importlib.import_module(module)


class ComputePool:
    def __init__(self, processes: int = 0, queue: int = 8) -> None:
        self.processes = processes
        #: calls running or waiting before the next is refused
        self.capacity = processes + queue
        self._executor: ProcessPoolExecutor | None = None
        self._taken = 0
        self._lock = threading.Lock()

    def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker process, waiting for its result (call it from a thread,
        never from the event loop)."""
        if self.processes == 0:
            return function(*args)
        with self._lock:
            if self._taken >= self.capacity:
                raise Busy("the service is computing many analyses at once; try again in a few seconds")
            self._taken += 1
            executor = self._executor or self._start()
        try:
            return executor.submit(function, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:  # the first to notice starts a new pool on the next call
                    self._executor = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise Busy("a process that computes analyses stopped; try again in a few seconds") from None
        finally:
            with self._lock:
                self._taken -= 1

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")  # never fork a process with threads and sockets
        self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_prepare_worker)
        return self._executor

    def warm(self) -> None:
        """Start the worker processes now, so the first analysis does not wait for them."""
        if self.processes:
            self.run(int)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        executor = self._executor
        return sorted(executor._processes) if executor is not None else []  # noqa: SLF001 - for the operator


#: this server process's pool; `configure` (by `serve`) gives it processes
POOL = ComputePool()


def configure(processes: int, queue: int) -> ComputePool:
    global POOL
    POOL.close()
    POOL = ComputePool(processes, queue)
    atexit.register(POOL.close)  # a server that stops takes its compute processes with it
    return POOL


def compute(function: Callable[..., T], *args: object) -> T:
    """Run `function(*args)` on this process's pool."""
    return POOL.run(function, *args)
