"""Commands that run the service and look after its database: serve, db, seed."""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..api import logs
from ..config import Settings
from ..store.embedded_server import HOLD_LIMIT
from ..store.migrations import ddl_family, latest_version
from ..services.pseudonyms import make_keys
from .common import UsageError, audit_log, opened_store, services, settings_of

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from ..store.graph_store import GraphStore


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ..api.starting import StartingApp
    from ..store.factory import open_store, open_store_waiting

    settings = settings_of(args).with_overrides(dev_mode=True if args.dev else None)
    if not 1 <= settings.workers <= 64:
        raise UsageError(f"--workers {settings.workers}: give 1 to 64 server processes")
    logs.configure()  # JSON lines on stderr, each with the request id of the request it belongs to
    if args.demo:  # the demo's data is loaded before anything is served
        store = open_store(settings, allow_attach=False, supervise=True)
    else:  # listen at once (/healthz); /readyz says ready once the database has loaded and answers
        listening = threading.Event()
        threading.Thread(target=_set_when_listening, args=(settings.host, settings.port, listening),
                         name="wait-for-listening", daemon=True).start()
        store = open_store_waiting(settings, hold=listening)
    try:
        if args.demo:
            _load_the_demo(store, settings)
        make_keys(settings)  # here, once: each worker would otherwise race to make its own
        print(f"serving on http://{settings.host}:{settings.port} (store: {store.backend.name}, "
              f"{settings.workers} worker{'s' if settings.workers > 1 else ''})", flush=True)
        if settings.workers == 1:
            # our own access log (api/access_log.py) replaces uvicorn's, which would log query strings
            starting = StartingApp(lambda: _built(store, settings), threads=settings.threads)
            uvicorn.run(starting, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                        lifespan="off")
            if starting.failed is not None:
                raise UsageError(f"the service cannot start: {starting.failed}")
        else:
            from ..api.server_workers import run_workers

            try:
                run_workers(settings)
            except OSError as error:
                raise UsageError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}") from None
            except RuntimeError as error:
                raise UsageError(str(error)) from None
    finally:
        store.close()
    return 0


def _set_when_listening(host: str, port: int, listening: threading.Event, limit: float = HOLD_LIMIT) -> None:
    """Set `listening` once the port takes connections (the embedded database waits for it, at
    most `limit` s, so the server processes start without sharing the cores with it)."""
    target = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((target, port), timeout=0.1):
                break
        except OSError:
            time.sleep(0.02)
    listening.set()


def _built(store: GraphStore, settings: Settings) -> ASGIApp:
    """The service's app, built while the server already answers /healthz (see api.starting)."""
    from ..api.app import create_app
    from ..domain import compute_pool
    from ..domain.gc_pause import freeze_startup_objects

    app = create_app(store, settings, services(store, settings))
    compute_pool.configure(settings.analysis_workers, settings.analysis_queue).warm()
    freeze_startup_objects()
    return app


def _load_the_demo(store: GraphStore, settings: Settings) -> None:
    """The demo coalition and families, fresh demo tokens, and a one-time sign-in link."""
    from ..services.demo import load_demo
    from ..services.tokens import (DEMO_COALITION, DEMO_COORDINATOR, hash_token, renew_demo_admin_token,
                                   renew_demo_token)
    from ..web.sessions import Sessions

    written = load_demo(store, services(store, settings).audit)
    print(f"demo data loaded: {written['nodes']} nodes, {written['ties']} ties, {written['families']} families")
    print(f"demo admin token: {renew_demo_admin_token(store)}")  # the one of an earlier start no longer works
    coordinator = renew_demo_token(store, "coordinator", DEMO_COORDINATOR, [DEMO_COALITION])
    sessions = Sessions(store.shared)
    code = sessions.one_time_code(hash_token(coordinator))
    print(f"open the app as the demo coalition's coordinator: http://{settings.host}:{settings.port}"
          f"/signin?code={code} (a one-time sign-in link, valid for {sessions.code_seconds // 60} minutes)")


def cmd_db_init(args: argparse.Namespace) -> int:
    with opened_store(settings_of(args)) as store:
        print(f"database ready: {store.backend.name}, schema version {store.schema_version()}")
    return 0

def cmd_db_status(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    with opened_store(settings) as store:
        backend = store.backend
        print(f"backend: {backend.name}")
        server = getattr(backend, "server", None)
        if backend.name == "falkordb-embedded":
            how = "started for this command" if server is not None else "attached to the running service"
            print(f"data directory: {settings.data_dir.absolute()} ({how})")
        print(f"schema version: {store.schema_version()} (latest {latest_version(ddl_family(backend))})")
        print(f"graph version: {store.graph_version()}")
        counts = store.counts()
        for section in ("nodes", "ties"):
            total = sum(counts[section].values())
            print(f"{section}: {total}")
            for kind, count in counts[section].items():
                print(f"  {kind}: {count}")
    return 0

def cmd_db_backup(args: argparse.Namespace) -> int:
    from ..services.backup import backup

    with opened_store(settings_of(args)) as store:
        counts = backup(store, Path(args.path))
    print(f"backup written to {args.path}: {counts['nodes']} nodes, {counts['ties']} ties")
    return 0

def cmd_db_restore(args: argparse.Namespace) -> int:
    from ..services.backup import restore
    from ..services.erasure_ledger import ErasureLedger
    from ..services.principal import SYSTEM

    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"no backup file at {path}")
    settings = settings_of(args)
    audit = audit_log(settings)
    with opened_store(settings) as store:
        counts = restore(store, path, ErasureLedger.beside(audit.path))
        audit.anchors = store.shared
        audit.record(SYSTEM, "restore", family=None, what=f"graph restored from a backup; "
                     f"{counts['erased_again']} erased families erased again")
        audit.repair()  # the restored graph holds the backup's anchor: anchor the head again
    print(f"restored from {path}: {counts['nodes']} nodes, {counts['ties']} ties; erasure ledger: "
          f"{counts['erased_again']} of the restored families had been erased after the backup and were erased again")
    return 0

def cmd_seed_demo(args: argparse.Namespace) -> int:
    from ..services.demo import load_demo

    settings = settings_of(args)
    with opened_store(settings) as store:
        written = load_demo(store, services(store, settings).audit)
    print(f"demo data loaded: {written['nodes']} nodes, {written['ties']} ties, {written['families']} families")
    return 0
