"""Shared fixtures: one embedded FalkorDB server per test run, a fresh graph per test, and the
same store contract on Neo4j whenever NEO4J_URI points at a (throwaway) Neo4j."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from falkordb import FalkorDB

from graph_service.config import Settings
from graph_service.domain.vocabulary import load_vocabulary
from graph_service.store.cypher import statement
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore

BACKENDS = ["falkordb"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])


def short_tmpdir(prefix: str) -> Path:
    """Unix socket paths are limited to 107 bytes; pytest's tmp paths can be longer."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = short_tmpdir("cm-data-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def audit(data_dir):
    """The audit log of a test, in its own data directory."""
    from graph_service.services.audit import AuditLog

    return AuditLog.in_data_dir(data_dir)


@pytest.fixture(scope="session")
def falkor_server() -> Iterator[EmbeddedServer]:
    path = short_tmpdir("cm-suite-")
    server = EmbeddedServer(path).start()
    yield server
    server.stop()
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary()


def _neo4j_store(vocabulary) -> GraphStore:
    from graph_service.store.neo4j_backend import Neo4jBackend

    settings = Settings.from_env()
    backend = Neo4jBackend(
        os.environ["NEO4J_URI"],
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", ""),
        os.environ.get("NEO4J_DATABASE", "neo4j"),
        settings.store_timeout,
    )
    store = GraphStore(backend, vocabulary)
    store.migrate()
    # Neo4j Community has one database: a test starts from an empty graph. Point NEO4J_URI only
    # at a throwaway instance such as `docker compose up neo4j`.
    backend.write(statement("delete_all_nodes"))
    return store


def falkor_backend(server: EmbeddedServer, graph: str, **options) -> FalkorBackend:
    """A backend on the suite's embedded server, for one graph of its own."""
    client = FalkorDB(unix_socket_path=str(server.socket_path))
    return FalkorBackend(client, graph, name="falkordb-embedded", **options)


@pytest.fixture
def embedded_store(falkor_server, vocabulary) -> Iterator[GraphStore]:
    """A migrated, empty store on the embedded FalkorDB only (for what only that backend does)."""
    backend = falkor_backend(falkor_server, f"test_{uuid.uuid4().hex[:12]}")
    graph_store = GraphStore(backend, vocabulary)
    graph_store.migrate()
    yield graph_store
    backend.drop_graph()
    backend.close()  # owns no server: closes the connection only


@pytest.fixture(params=BACKENDS)
def store(request, vocabulary) -> Iterator[GraphStore]:
    """A migrated, empty store on each backend under test."""
    if request.param == "neo4j":
        graph_store = _neo4j_store(vocabulary)
        yield graph_store
        graph_store.close()
        return
    yield request.getfixturevalue("embedded_store")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
