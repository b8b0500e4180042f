"""Neo4j through the official driver: managed transactions (with the driver's retries on
transient errors) and a timeout on every statement."""

from __future__ import annotations

import logging
from typing import Any, Callable, Mapping

from ..domain.errors import Conflict, StoreTimeout, StoreUnavailable
from .backend import Backend, Params, Row, plain
from .driver_errors import ErrorMap, one_line


#: the driver's debug log writes every statement with its parameters (names, family data): it is
#: never let through, whatever level the application logs at
logging.getLogger("neo4j").setLevel(logging.WARNING)


def neo4j_errors(neo4j: Any) -> ErrorMap:
    """The driver's exceptions as ours (the driver is imported only when Neo4j is configured)."""
    errors = neo4j.exceptions
    return ErrorMap(
        (errors.ConstraintError, lambda _: Conflict("an object with this id already exists", field="id", code="ID_TAKEN")),
        ((errors.ClientError, errors.TransientError),
         lambda exc: StoreTimeout("Neo4j stopped a statement that ran past its time limit")
         if "TransactionTimedOut" in (getattr(exc, "code", None) or "") else None),
        (errors.AuthError, lambda _: StoreUnavailable("Neo4j refused the credentials in NEO4J_USER/NEO4J_PASSWORD")),
        ((errors.ServiceUnavailable, errors.SessionExpired),
         lambda exc: StoreUnavailable(f"Neo4j did not answer: {one_line(exc)}")),
        # a Neo4j that listens but whose database is still starting (or stopping)
        (errors.TransientError,
         lambda exc: StoreUnavailable(f"Neo4j's database is not available yet: {one_line(exc)}")
         if "DatabaseUnavailable" in (getattr(exc, "code", None) or "") else None),
    )


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str, timeout: float = 30.0,
                 *, connect_now: bool = True) -> None:
        """`connect_now=False` makes a backend for a Neo4j that may still be down: the driver
        connects on the first statement (the service waits for it, see cli.serve)."""
        import neo4j

        self._neo4j = neo4j
        self.errors = neo4j_errors(neo4j)
        self.database = database
        self.timeout = timeout
        try:
            self.driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=min(timeout, 10.0), max_transaction_retry_time=timeout,
                # notices such as "label does not exist yet" are for people writing queries, not the service
                notifications_min_severity="OFF",
            )
            if connect_now:
                self.driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            raise StoreUnavailable(f"Neo4j at {uri} refused the credentials in NEO4J_USER/NEO4J_PASSWORD") from None
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as exc:
            raise StoreUnavailable(f"Neo4j at {uri} cannot be reached: {' '.join(str(exc).split())}") from None

    def _execute(self, read_only: bool, work: Callable[[Any], Any]) -> Any:
        with self.errors.translating(), self.driver.session(database=self.database) as session:
            run = session.execute_read if read_only else session.execute_write
            return run(self._neo4j.unit_of_work(timeout=self.timeout)(work))

    def _rows(self, statement: str, params: Params | None) -> Callable[[Any], list[Row]]:
        def work(tx: Any) -> list[Row]:
            return [plain(record) for record in tx.run(statement, dict(params or {})).data()]

        return work

    def read(self, statement: str, params: Params | None = None) -> list[Row]:
        return self._execute(True, self._rows(statement, params))

    def write(self, statement: str, params: Params | None = None) -> list[Row]:
        return self._execute(False, self._rows(statement, params))

    def apply_ddl(self, statement: str, directives: Mapping[str, str]) -> None:
        if statement:
            with self.errors.translating(), self.driver.session(database=self.database) as session:
                session.run(statement).consume()  # schema changes run in auto-commit transactions

    def replace_graph(self, build: Callable[[Backend], None]) -> None:
        """Run `build` inside one transaction on the live graph (it starts by deleting the old
        data): all or nothing."""

        def work(tx: Any) -> None:
            build(_TransactionBackend(tx))

        self._execute(False, work)

    def ping(self) -> bool:
        try:
            self.driver.verify_connectivity()
            return True
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False

    def close(self) -> None:
        self.driver.close()


class _TransactionBackend:
    """The backend seen from inside one open Neo4j transaction (used by replace_graph)."""

    name = "neo4j"

    def __init__(self, tx: Any) -> None:
        self.tx = tx

    def read(self, statement: str, params: Params | None = None) -> list[Row]:
        return [plain(r) for r in self.tx.run(statement, dict(params or {})).data()]

    write = read

    def apply_ddl(self, statement: str, directives: Mapping[str, str]) -> None:
        """The schema already exists on the live database; nothing to apply inside the transaction."""

    def replace_graph(self, build: Callable[[Backend], None]) -> None:  # pragma: no cover - not nested
        raise RuntimeError("replace_graph cannot be nested")

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        pass
