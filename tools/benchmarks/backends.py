"""Open the store of a benchmark on either backend, so one workload can be measured on both.

`falkordb`: the embedded FalkorDB, as the service runs it by default. `neo4j`: a throwaway Neo4j
5.26 started by tools/neo4j-server (the version production runs), reached over Bolt.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from graph_service.domain.vocabulary import load_vocabulary
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore
from graph_service.store.neo4j_backend import Neo4jBackend

ROOT = Path(__file__).resolve().parents[2]
CHOICES = ("falkordb", "neo4j", "both")
PASSWORD = "benchmark-only"


def chosen(option: str) -> list[str]:
    return ["falkordb", "neo4j"] if option == "both" else [option]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def bench_store(backend: str, graph: str = "bench") -> Iterator[GraphStore]:
    """A migrated, empty store on `backend`, removed with everything it wrote afterwards."""
    home = Path(tempfile.mkdtemp(prefix="cm-bench-", dir="/tmp"))
    vocabulary = load_vocabulary()
    try:
        if backend == "falkordb":
            server = EmbeddedServer(home).start()
            store = GraphStore(FalkorBackend.embedded(server, graph), vocabulary)
        else:
            port = _free_port()
            launcher = subprocess.Popen([str(ROOT / "tools" / "neo4j-server" / "start"), "--port", str(port),
                                         "--data-dir", str(home / "neo4j"), "--password", PASSWORD,
                                         "--page-cache-mb", "1024"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            ready = launcher.stdout.readline().strip() if launcher.stdout else ""
            if not ready.startswith("READY "):
                launcher.kill()
                raise RuntimeError("the Neo4j launcher did not start")
            store = GraphStore(Neo4jBackend(ready.split()[1], "neo4j", PASSWORD, "neo4j", 120.0), vocabulary)
        store.migrate()
        try:
            yield store
        finally:
            store.close()
            if backend == "neo4j":
                launcher.stdin.close()  # type: ignore[union-attr]
                launcher.wait(60)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def side_by_side(rows: dict[str, dict[str, str]]) -> None:
    """figure -> backend -> printed value, as one table."""
    backends = sorted({b for values in rows.values() for b in values})
    print(f"{'':<34}" + "".join(f"{b:>22}" for b in backends))
    for figure, values in rows.items():
        print(f"{figure:<34}" + "".join(f"{values.get(b, '-'):>22}" for b in backends))
