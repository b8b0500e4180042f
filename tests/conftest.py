"""Shared fixtures: one embedded FalkorDB server per test run with a fresh graph per test, and one
real Neo4j 5 per test run (started from Maven Central jars by tools/neo4j-server) emptied before
each test. Every test that takes `store` runs on each backend of COALITION_TEST_BACKENDS
(default `falkordb,neo4j`); NEO4J_URI points the Neo4j leg at a server of your own instead."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from falkordb import FalkorDB

from graph_service.domain.vocabulary import load_vocabulary
from graph_service.store.cypher import statement
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore

BACKENDS = [b.strip() for b in os.environ.get("COALITION_TEST_BACKENDS", "falkordb,neo4j").split(",") if b.strip()]
ROOT = Path(__file__).resolve().parents[1]
NEO4J_LAUNCHER = ROOT / "tools" / "neo4j-server" / "start"
NEO4J_PASSWORD = "test-suite-only"


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


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """A Neo4j for the whole run: NEO4J_URI's, or one the launcher starts (and stops at the end)."""
    if os.environ.get("NEO4J_URI"):
        yield Neo4jServer(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                          os.environ.get("NEO4J_PASSWORD", ""))
        return
    home = short_tmpdir("cm-neo4j-")
    process, uri = start_neo4j(home, free_port())
    try:
        yield Neo4jServer(uri, "neo4j", NEO4J_PASSWORD)
    finally:
        stop_neo4j(process)
        shutil.rmtree(home, ignore_errors=True)


def start_neo4j(home: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    """Start the launcher on `home/db` (building it on first use); returns it and its Bolt URI."""
    log = (home / "launcher.log").open("a")
    process = subprocess.Popen([str(NEO4J_LAUNCHER), "--port", str(port), "--data-dir", str(home / "db"),
                                "--password", NEO4J_PASSWORD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=log, text=True)
    ready = process.stdout.readline().strip() if process.stdout else ""
    log.close()
    if not ready.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the Neo4j launcher did not start: {(home / 'launcher.log').read_text()[-2000:]}")
    return process, ready.split()[1]


def stop_neo4j(process: subprocess.Popen[str]) -> None:
    process.stdin.close()  # type: ignore[union-attr]  # the launcher stops when its input ends
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def neo4j_backend(server: Neo4jServer, **options) -> "Neo4jBackend":  # noqa: F821
    from graph_service.store.neo4j_backend import Neo4jBackend

    return Neo4jBackend(server.uri, server.user, server.password, "neo4j", options.get("timeout", 30.0))


def _neo4j_store(server: Neo4jServer, vocabulary) -> GraphStore:
    backend = neo4j_backend(server)
    store = GraphStore(backend, vocabulary)
    store.migrate()
    # Neo4j Community has one database: a test starts from an empty graph (tokens and anchors too)
    backend.write(statement("delete_everything"))
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
        graph_store = _neo4j_store(request.getfixturevalue("neo4j_server"), vocabulary)
        yield graph_store
        graph_store.close()
        return
    yield request.getfixturevalue("embedded_store")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DEMO: dict[str, tuple[list, list, list[dict]]] = {}


def load_demo_snapshot(store: GraphStore, audit) -> None:
    """The demo as `load_demo` leaves it: the graph, and the audit trail of drawing its families.

    `load_demo` runs for real once per backend and run (tests/services/test_demo_data.py tests it
    on its own); every later test gets its graph back through `replace_all`, and its audit events
    written again to the test's own log. On Neo4j a load is some 800 round trips (about 4 s), a
    restore a fraction of a second."""
    from graph_service.services.audit import AuditLog
    from graph_service.services.demo import load_demo
    from graph_service.services.principal import Principal, Role

    name = store.backend.name
    if name not in _DEMO:
        scratch = short_tmpdir("cm-demo-")
        trail = AuditLog.in_data_dir(scratch)
        load_demo(store, trail)
        _DEMO[name] = (list(store.iter_nodes()), list(store.iter_ties()), trail.events())
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        nodes, ties, _ = _DEMO[name]
        store.replace_all(nodes, ties)
    for event in _DEMO[name][2]:
        who = Principal(id=event["actor"], name=event["actor"], role=Role(event["role"]),
                        professional=event.get("professional"))
        audit.record(who, event["action"], family=event.get("family"), what=event["what"],
                     emergency=bool(event.get("emergency")))


# --------------------------------------------------------------------------- the legs of a run
_LEG = re.compile(r"[\[-](falkordb|neo4j)[\]-]")
_PASSED: Counter[str] = Counter()
_RAN: Counter[str] = Counter()
_SECONDS: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    leg = _LEG.search(report.nodeid)
    if leg:
        _SECONDS[leg.group(1)] += report.duration  # set-up, call and tear-down
    if leg and report.when == "call":
        _RAN[leg.group(1)] += 1
        _PASSED[leg.group(1)] += report.passed


def _whole_suite(config: pytest.Config) -> bool:
    return not config.args or [str(a) for a in config.args] == config.getini("testpaths")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if _RAN:
        legs = ", ".join(f"{leg} {_PASSED[leg]} passed of {_RAN[leg]} in {_SECONDS[leg]:.0f} s" for leg in BACKENDS)
        terminalreporter.write_line(f"backends: {legs}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A whole-suite run fails when a backend's leg did not run, or ran fewer tests than another:
    a green run must mean the same tests passed on the embedded store and on Neo4j."""
    if not _whole_suite(session.config) or session.config.option.markexpr not in ("", "not slow"):
        return
    counts = [_RAN[leg] for leg in BACKENDS]
    if exitstatus == 0 and (0 in counts or len(set(counts)) > 1):
        session.exitstatus = 1
        print(f"\nbackend legs incomplete or unequal: {dict(zip(BACKENDS, counts))}")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright, one for the whole run (maps and web pages): a second
    sync Playwright started while one runs would refuse to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()
