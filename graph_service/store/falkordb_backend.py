"""FalkorDB through its own client (never its experimental Bolt endpoint, which crashed on a
500-row parameter list when the storage decision was measured)."""

from __future__ import annotations

from pathlib import Path

import time
import uuid
from typing import Callable, Mapping

import redis
from falkordb import FalkorDB

from ..domain.errors import Conflict, StoreTimeout, StoreUnavailable, ValidationError
from .backend import Backend, Params, Row
from .driver_errors import ErrorMap, one_line, when
from .embedded_server import EmbeddedServer
from ..domain.gc_pause import gc_paused


def _quote(text: str) -> str:
    if "\x00" in text:  # the query text is a C string to FalkorDB: a NUL would cut the statement
        raise ValidationError("contains a NUL character", code="INVALID_CHARACTERS")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cypher_literal(value: object) -> str:
    """Write a parameter value as the Cypher literal FalkorDB's CYPHER header expects.

    Same rules as the client's `stringify_param_value` (strings double-quoted with backslash and
    quote escaped, map keys in backticks), written for speed: bulk writes send tens of thousands
    of rows and the client's recursive version took longer than the database to run them. Strings,
    the most common value, are quoted inline instead of through a recursive call."""
    kind = type(value)
    if kind is str:
        return _quote(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return repr(value)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            key = str(key)
            if not key or "`" in key:
                raise ValueError(f"parameter map key {key!r} cannot be sent to FalkorDB")
            parts.append(f"`{key}`:" + (_quote(item) if type(item) is str else cypher_literal(item)))
        return "{" + ",".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_quote(item) if type(item) is str else cypher_literal(item) for item in value) + "]"
    raise TypeError(f"cannot send a {kind.__name__} as a FalkorDB parameter")


FALKORDB_ERRORS = ErrorMap(
    (redis.ResponseError, when("unique constraint violation",
                               lambda _: Conflict("an object with this id already exists", field="id", code="ID_TAKEN"))),
    (redis.ResponseError, when("timed out", lambda _: StoreTimeout("the graph database stopped a statement that ran "
                                                                   "past its time limit"))),
    ((redis.ConnectionError, redis.TimeoutError, OSError),
     lambda exc: StoreUnavailable(f"the graph database did not answer: {one_line(exc)}")),
)


def _decode(cell: list) -> object:
    """One value of FalkorDB's compact result format: `[type, value]`.

    Our statements return maps and scalars only (never nodes or edges), so this covers null,
    string, integer, boolean, double, array and map; the client answers with decoded strings.
    It is several times faster than the client's general parser on large subgraphs, which is
    where most of a subgraph read's time went."""
    kind, value = cell
    if kind == 2:
        return value
    if kind == 10:
        items = iter(value)
        return {key: item[1] if item[0] == 2 else _decode(item) for key, item in zip(items, items)}
    if kind == 3:
        return int(value)
    if kind == 1:
        return None
    if kind == 6:
        return [item[1] if item[0] == 2 else _decode(item) for item in value]
    if kind == 4:
        return value == "true"
    if kind == 5:
        return float(value)
    raise TypeError(f"statement returned a FalkorDB value of type {kind}; return maps and scalars only")


def params_header(params: Mapping[str, object]) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"`{name}`={cypher_literal(value)}" for name, value in params.items()) + " "


class FalkorBackend:
    """One named graph on a FalkorDB server; optionally owns the embedded server it talks to."""

    def __init__(
        self,
        client: FalkorDB,
        graph_name: str,
        *,
        name: str = "falkordb",
        server: EmbeddedServer | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.client = client
        self.graph_name = graph_name
        self.graph = client.select_graph(graph_name)
        self.name = name
        self.server = server
        self.timeout_ms = int(timeout * 1000)

    @classmethod
    def embedded(cls, server: EmbeddedServer, graph_name: str, timeout: float = 30.0) -> "FalkorBackend":
        """Talk to an embedded server; stop it on close only when this process owns it."""
        backend = cls.on_socket(server.socket_path, graph_name, timeout)
        backend.server = None if server.attached else server
        return backend

    @classmethod
    def on_socket(cls, socket_path: Path, graph_name: str, timeout: float = 30.0) -> "FalkorBackend":
        """Talk to the embedded server another process of this service owns (a server worker)."""
        client = FalkorDB(unix_socket_path=str(socket_path), socket_timeout=timeout + 5)
        return cls(client, graph_name, name="falkordb-embedded", timeout=timeout)

    @classmethod
    def remote(cls, host: str, port: int, graph_name: str, timeout: float = 30.0) -> "FalkorBackend":
        client = FalkorDB(host=host, port=port, socket_timeout=timeout + 5, socket_connect_timeout=5)
        return cls(client, graph_name, name="falkordb", timeout=timeout)

    # ------------------------------------------------------------------ queries
    def _run(self, statement: str, params: Params | None, read_only: bool) -> list[Row]:
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        query = params_header(params or {}) + statement
        try:
            with FALKORDB_ERRORS.translating():
                reply = self.client.connection.execute_command(
                    command, self.graph_name, query, "--compact", "timeout", self.timeout_ms
                )
                for part in reply:
                    if isinstance(part, Exception):
                        raise part
        except redis.ResponseError as exc:
            if read_only and "empty key" in str(exc):
                return []  # a graph that has never been written reads as empty
            raise
        if len(reply) < 3:  # a statement without RETURN answers with statistics only
            return []
        header, rows = reply[0], reply[1]
        columns = [str(c[1]) for c in header]
        return [dict(zip(columns, map(_decode, row))) for row in rows]

    def read(self, statement: str, params: Params | None = None) -> list[Row]:
        with gc_paused():  # a read can answer with a whole coalition: see domain.gc_pause
            return self._run(statement, params, read_only=True)

    def write(self, statement: str, params: Params | None = None) -> list[Row]:
        return self._run(statement, params, read_only=False)

    def apply_ddl(self, statement: str, directives: Mapping[str, str]) -> None:
        constraint = directives.get("falkordb-constraint")
        if constraint:
            kind, entity, label, *props = constraint.split()
            if (kind, entity) != ("UNIQUE", "NODE"):
                raise ValueError(f"unsupported FalkorDB constraint {constraint!r}")
            self.graph.create_node_unique_constraint(label, *props)
            self._wait_for_constraints()
            return
        if statement:
            self.graph.query(statement)

    def _wait_for_constraints(self, timeout: float = 30.0) -> None:
        """FalkorDB builds a constraint in the background; writes before it is OPERATIONAL
        would not be checked."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(c.get("status") == "OPERATIONAL" for c in self.graph.list_constraints()):
                return
            time.sleep(0.02)
        raise StoreUnavailable("a FalkorDB constraint did not become operational in time")

    def replace_graph(self, build: Callable[[Backend], None]) -> None:
        """Build the new graph under a scratch name and RENAME it over the old one: redis renames
        keys atomically, so readers see either the old graph or the complete new one.

        The old graph is WATCHed meanwhile. If anything writes to it before the rename (a change over
        the API, a token revoked), nothing is replaced and Conflict says so, instead of that write
        being lost without a word; in Neo4j the single transaction gives the same guarantee."""
        scratch_name = f"{self.graph_name}__replace_{uuid.uuid4().hex[:8]}"
        scratch = FalkorBackend(self.client, scratch_name, name=self.name, timeout=self.timeout_ms / 1000)
        with self.client.connection.pipeline() as swap:
            try:
                swap.watch(self.graph_name)
                build(scratch)
                swap.multi()
                swap.rename(scratch_name, self.graph_name)
                swap.execute()
            except BaseException as exc:
                try:
                    scratch.graph.delete()
                except redis.RedisError:
                    pass
                if isinstance(exc, redis.WatchError):
                    raise Conflict("the graph was changed while it was being replaced; nothing was replaced, "
                                   "run it again", code="CHANGED_MEANWHILE") from None
                raise
        self.graph = self.client.select_graph(self.graph_name)

    def ping(self) -> bool:
        try:
            return bool(self.client.connection.ping())
        except (redis.RedisError, OSError):
            return False

    def drop_graph(self) -> None:
        """Delete this graph entirely (tests give each case a fresh graph)."""
        try:
            self.graph.delete()
        except redis.ResponseError:
            pass

    def close(self) -> None:
        try:
            self.client.connection.close()
        finally:
            if self.server is not None:
                self.server.stop()
                self.server = None


