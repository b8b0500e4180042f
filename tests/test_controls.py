"""Security controls of the research note (S13, S14, S17, S19, S20) that are about the code and
the store rather than one API operation. SECURITY.md maps every control to its test."""

from __future__ import annotations

import ast
import re
import threading
import time
from pathlib import Path

import pytest
import redis
from starlette.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.domain.errors import StoreTimeout
from graph_service.services.audit import AuditLog
from tests.conftest import load_demo_snapshot
from graph_service.services.tokens import create_token
from tests.conftest import falkor_backend

PACKAGE = Path(__file__).resolve().parents[1] / "graph_service"
#: receivers that are a database handle (files and streams also have `write`)
DATABASE = re.compile(r"(backend|graph|session|tx|transaction|connection|client|driver|target)$")
STORE_CALLS = {"read", "write", "query", "ro_query", "run", "execute_query", "execute_command"}
INJECTION = "x' }) MATCH (n) DETACH DELETE n // \"} RETURN 1 //"


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_statement_is_built_from_strings_at_a_call_site():
    """S19: statements come from .cypher files; values travel as parameters. A call into the
    database whose statement is an f-string, a concatenation or %-formatting is refused here."""
    calls, offenders = 0, []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in STORE_CALLS and DATABASE.search(ast.unparse(node.func.value))):
                continue
            calls += 1
            first = node.args[0] if node.args else None
            if isinstance(first, (ast.JoinedStr, ast.BinOp)):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert calls > 40  # the check sees the store's calls (it would pass vacuously if it saw none)
    assert offenders == []


def test_cypher_lives_only_in_the_store():
    """S14: no Cypher (and so no read of a family) outside graph_service/store."""
    cypher = re.compile(r"\b(MATCH|MERGE|DETACH DELETE)\s*\(")
    outside = [str(p.relative_to(PACKAGE)) for p in python_files()
               if "store" not in p.relative_to(PACKAGE).parts and cypher.search(p.read_text(encoding="utf-8"))]
    assert outside == []


def test_injection_payloads_are_stored_as_text(store):
    """S19: a name that looks like Cypher is a name."""
    store.create_node("organisation", {"id": "org-x", "name": INJECTION, "domain": "social",
                                       "organisation_type": "welfare"})
    store.create_node("organisation", {"id": "org-y", "name": "Buur", "domain": "social", "organisation_type": "welfare"})
    assert store.get_node("org-x")["name"] == INJECTION
    found = store.list_nodes("organisation", text=INJECTION).items
    assert [n["id"] for n in found] == ["org-x"] and store.get_node("org-y") is not None


def test_a_slow_statement_is_cut_off_and_the_database_keeps_answering(falkor_server):
    """S13: every statement runs under a timeout; the database answers the next one."""
    backend = falkor_backend(falkor_server, "timeout_probe", timeout=0.2)
    backend.write("CREATE (:Probe)")
    started = time.monotonic()
    with pytest.raises(StoreTimeout):  # ours, not the driver's: the API answers it with code STORE_TIMEOUT
        backend.read("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n")
    assert time.monotonic() - started < 2
    assert backend.ping() and backend.read("RETURN 1 AS one") == [{"one": 1}]


def test_load_csv_cannot_read_the_servers_files(falkor_server):
    """S20: the embedded database reads no files of the machine through LOAD CSV."""
    backend = falkor_backend(falkor_server, "load_csv_probe")
    backend.write("CREATE (:Probe)")
    with pytest.raises(redis.ResponseError):
        backend.read("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN count(row) AS n")


def test_each_request_has_its_own_loaders(store, data_dir):
    """S17: an evaluator and an admin asking for the same person at the same moment each get
    what they may see; nothing cached for one request reaches the other."""
    load_demo_snapshot(store, AuditLog.in_data_dir(data_dir))
    client = TestClient(create_app(store, Settings(data_dir=data_dir, rate_limit_per_minute=0)))
    tokens = {"admin": create_token(store, "admin")[0], "evaluator": create_token(store, "evaluator")[0]}
    query = '{ organisation(id: "wt-noord") { ties(kinds: [WORKS_AT]) { from { id ... on Professional { name } } } } }'
    seen: dict[str, list[set[str]]] = {"admin": [], "evaluator": []}

    def ask(role: str) -> None:
        for _ in range(10):
            body = client.post("/graphql", json={"query": query},
                               headers={"Authorization": f"Bearer {tokens[role]}"}).json()
            seen[role].append({t["from"]["name"] for t in body["data"]["organisation"]["ties"]})

    threads = [threading.Thread(target=ask, args=(role,)) for role in ("admin", "evaluator", "admin", "evaluator")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not any(n.startswith("Professional ") for n in names) for names in seen["admin"])
    assert all(all(n.startswith("Professional ") for n in names) for names in seen["evaluator"])
    assert len(seen["admin"]) == len(seen["evaluator"]) == 20


def test_the_strawberry_floor_is_pinned_and_installed():
    """S27: the alias-limit fix (PYSEC-2026-2284) is in the pinned floor and in what runs."""
    from importlib.metadata import version

    from graph_service.api.schema import STRAWBERRY_FLOOR

    floor = ".".join(map(str, STRAWBERRY_FLOOR))
    assert f"strawberry-graphql>={floor}" in (PACKAGE.parent / "pyproject.toml").read_text().replace(" ", "")
    installed = tuple(int(p) for p in re.findall(r"\d+", version("strawberry-graphql"))[:3])
    assert installed >= STRAWBERRY_FLOOR
