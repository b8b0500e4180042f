"""Choose and open the backend that the settings describe, and bring its schema up to date."""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable
from urllib.parse import urlsplit

import redis

from ..config import Settings
from ..domain.errors import StoreUnavailable
from ..domain.vocabulary import Vocabulary, load_vocabulary
from .backend import Backend
from .embedded_server import EmbeddedServer, socket_answers
from .falkordb_backend import FalkorBackend
from .graph_store import GraphStore
from .late_backend import LateBackend

LOG = logging.getLogger(__name__)
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def open_backend(settings: Settings, *, allow_attach: bool = False, supervise: bool = False,
                 wait: bool = False) -> Backend:
    """Embedded FalkorDB when no store URL is set; otherwise falkor:// or a Neo4j URL.

    `allow_attach` lets one-shot commands use the server of a running `serve` on the same data
    directory instead of refusing; `supervise` (the service) starts the embedded server again when
    it dies; `wait` opens a Neo4j backend without reaching the server yet."""
    url = settings.store_url
    if not url:
        server = EmbeddedServer(settings.data_dir, start_timeout=settings.start_timeout,
                                supervise=supervise).start(allow_attach=allow_attach)
        try:
            return FalkorBackend.embedded(server, settings.graph_name, settings.store_timeout)
        except Exception:
            server.stop()
            raise
    parts = urlsplit(url)
    if parts.scheme == "falkor":
        if not parts.hostname:
            raise StoreUnavailable(f"store URL {url!r} needs a host: falkor://host:port")
        try:
            port = parts.port or 6379
            backend = FalkorBackend.remote(parts.hostname, port, settings.graph_name, settings.store_timeout)
        except ValueError as exc:
            raise StoreUnavailable(f"store URL {url!r} is not valid: {exc}") from None
        except (redis.RedisError, OSError):
            backend = None
        if backend is None or not backend.ping():
            raise StoreUnavailable(f"FalkorDB at {parts.hostname}:{port} cannot be reached")
        return backend
    if parts.scheme in NEO4J_SCHEMES:
        from .neo4j_backend import Neo4jBackend

        return Neo4jBackend(
            url, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database, settings.store_timeout,
            connect_now=not wait,
        )
    raise StoreUnavailable(
        f"store URL {url!r} has an unknown scheme; use falkor://host:port, neo4j://host:7687 or bolt://host:7687 "
        "(or leave COALITION_STORE_URL empty for the embedded database)"
    )


def open_store(
    settings: Settings, *, allow_attach: bool = False, vocabulary: Vocabulary | None = None, supervise: bool = False
) -> GraphStore:
    backend = open_backend(settings, allow_attach=allow_attach, supervise=supervise)
    try:
        store = GraphStore(backend, vocabulary or load_vocabulary(), max_string_length=settings.max_string_length)
        store.migrate()
        LOG.info("store open: %s, schema version %s", backend.name, store.schema_version(),
                 extra={"backend": backend.name, "schema_version": store.schema_version()})
        return store
    except BaseException:
        backend.close()
        raise


def open_store_waiting(settings: Settings, *, on_ready: Callable[[GraphStore], None] | None = None,
                       attach: bool = False, hold: threading.Event | None = None) -> GraphStore:
    """For `serve`: a store that is not ready yet, and a thread that makes it ready, so the
    service listens at once. The embedded database is started (its data directory claimed here,
    so a second owner is refused at once) and loads its files in that thread; with `attach` (a
    server worker), the thread waits for the server `serve` started to answer. A Neo4j that is
    down is retried with a growing pause, up to 10 s. Then the thread applies the migrations and
    calls `on_ready`. Until then /readyz and /graphql answer 503; /healthz answers at once. An
    embedded database is started once `hold` is set (see EmbeddedServer.hold)."""
    if settings.store_url:
        backend: Backend = open_backend(settings, wait=True)

        def arrive() -> None:  # a Neo4j driver connects by itself
            pass
    else:
        started = time.monotonic()
        server = EmbeddedServer(settings.data_dir, start_timeout=settings.start_timeout, supervise=not attach,
                                hold=hold)
        if not attach:
            server.start(launch=False)  # its supervisor starts it
        late = backend = LateBackend("falkordb-embedded", on_close=server.stop)

        def arrive() -> None:
            if late.arrived:
                return
            if not socket_answers(server.socket_path):
                raise StoreUnavailable("the embedded database is still loading its files")
            late.arrive(FalkorBackend.on_socket(server.socket_path, settings.graph_name, settings.store_timeout)
                        if attach else FalkorBackend.embedded(server, settings.graph_name, settings.store_timeout))
            LOG.info("the embedded database answers, %.1f s after the start", time.monotonic() - started)
    store = GraphStore(backend, load_vocabulary(), max_string_length=settings.max_string_length)
    store.schema_ready = False

    #: the longest pause between tries: a remote database is not hammered, a local one that loads is
    #: noticed within a fraction of a second
    longest = 10.0 if settings.store_url else 0.25

    def wait_for_the_database() -> None:
        pause, said, said_at = min(0.5, longest), "", 0.0
        while True:
            try:
                arrive()
                store.migrate()
                LOG.warning("the database answers: schema version %s, ready", store.schema_version())
                if on_ready is not None:
                    on_ready(store)
                return
            except StoreUnavailable as error:
                reason = error.message
            except Exception as error:  # noqa: BLE001 - a database half-way up can fail in any way; never give up
                reason = f"{type(error).__name__}: {' '.join(str(error).split())}"
            if reason != said or time.monotonic() - said_at > 10:  # one line per reason and 10 s
                LOG.warning("waiting for the database (%s); next try in %.1f s", reason[:160], pause)
                said, said_at = reason, time.monotonic()
            time.sleep(pause)
            pause = min(pause * 2, longest)

    threading.Thread(target=wait_for_the_database, name="wait-for-database", daemon=True).start()
    return store
