"""Several server processes on one port (`serve --workers N`, `COALITION_WORKERS`).

One Python process serves one request's CPU work at a time. `serve` starts N processes, each
listening on the port with SO_REUSEPORT so that the kernel spreads new connections evenly over
them (with one shared socket, whichever process was idle first took them: one of four served
twice the connections of another, and its clients waited twice as long), and replaces one that
dies. The process that runs `serve` keeps the database (the embedded server is its child) and
each worker attaches to it. What the workers must agree on (browser sessions, sign-in codes,
attempt counters, one-time form ids, the graph version and the record of changes their caches
are kept by) is already in the database. Each worker writes its own audit chain
(`audit-w<slot>.jsonl`), because two writers of one chain would break it: a worker takes the
lowest free slot, held by a file lock for its lifetime, so a replacement writes on the chain of
the worker it replaces and there stay N chains.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import signal
import socket
import threading
from itertools import count
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from ..config import Settings
from ..domain.parent_death import die_with_parent
from .starting import StartingApp

LOG = logging.getLogger(__name__)
APP_FACTORY = "graph_service.api.server_workers:create_worker_app"
#: the exit code of a worker that could not build the service
START_FAILED = 3

SLOTS_FOLDER = "workers"
#: the flags of `serve` that a worker reads back from its environment
PASSED_ON = {"data_dir": "COALITION_DATA_DIR", "store_url": "COALITION_STORE_URL", "host": "COALITION_HOST",
             "port": "COALITION_PORT", "dev_mode": "COALITION_DEV", "replica": "COALITION_REPLICA"}

_slot_lock: int | None = None  # the open lock file of this process's slot, held until it exits


def pass_on(settings: Settings) -> None:
    """Put the settings that came from `serve`'s flags where the worker processes read them."""
    for name, variable in PASSED_ON.items():
        value = getattr(settings, name)
        os.environ[variable] = ("1" if value else "0") if isinstance(value, bool) else str(value)


def claim_slot(data_dir: Path) -> int:
    """The lowest worker number no living worker holds."""
    global _slot_lock
    folder = data_dir / SLOTS_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for slot in count(1):
        fd = os.open(folder / f"w{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        _slot_lock = fd
        return slot
    raise AssertionError("unreachable")


def worker_settings(settings: Settings, slot: int) -> Settings:
    """This worker's settings: its own audit chain, named after the replica (when named) and slot."""
    return settings.with_overrides(replica=f"{settings.replica}-w{slot}" if settings.replica else f"w{slot}")


def create_worker_app() -> StartingApp:
    """The app of one worker process (uvicorn's factory): answering /healthz at once, the service
    built in a thread on the store `serve` opened (attached when its database answers)."""
    from . import logs

    logs.configure()
    return StartingApp(_built, on_failure=lambda: os._exit(START_FAILED), threads=Settings.from_env().threads)


def _built() -> ASGIApp:
    from ..bootstrap import Services
    from ..domain import compute_pool
    from ..domain.gc_pause import freeze_startup_objects
    from ..store.factory import open_store_waiting
    from .app import create_app

    base = Settings.from_env()
    settings = worker_settings(base, claim_slot(base.data_dir))
    store = open_store_waiting(settings, attach=True)  # ready when the database is
    app = create_app(store, settings, Services(store, settings))
    compute_pool.configure(settings.analysis_workers, settings.analysis_queue).warm()
    freeze_startup_objects()
    return app


def listening_socket(host: str, port: int) -> socket.socket:
    """This worker's own socket on the shared port (SO_REUSEPORT: the kernel balances connections)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run_worker(host: str, port: int) -> None:
    """One worker process: build the app, listen on the shared port, serve until told to stop
    (or until `serve` stops: the kernel sends it SIGTERM then, so no worker is left behind)."""
    die_with_parent()
    config = uvicorn.Config(APP_FACTORY, factory=True, host=host, port=port, log_level="warning", access_log=False,
                            lifespan="off")
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def run_workers(settings: Settings) -> None:
    """Serve with `settings.workers` processes until SIGTERM or SIGINT; a worker that dies is
    started again. Refuses to start when the port is taken (checked without SO_REUSEPORT, so a
    second `serve` on the same port fails instead of sharing it)."""
    with socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET) as probe:
        probe.bind((settings.host, settings.port))
    pass_on(settings)
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=_run_worker, args=(settings.host, settings.port), daemon=False)
        process.start()
        return process

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers = [start() for _ in range(settings.workers)]
    failed = False
    while not stopping.wait(0.5):
        for index, process in enumerate(workers):
            if process.is_alive():
                continue
            if process.exitcode == START_FAILED:  # a setting it cannot start with: so would the next
                failed = True
                stopping.set()
                break
            LOG.warning("server process %s stopped (exit code %s); starting another", process.pid, process.exitcode)
            workers[index] = start()
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(30)
        if process.is_alive():
            process.kill()
    if failed:
        raise RuntimeError("a server process could not start (its log line says why)")
