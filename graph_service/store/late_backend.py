"""A backend that is there before its database is: `serve` listens at once while the embedded
database loads its files (at 200,000 families, some twenty seconds), so `/healthz` answers from
the first second and `/readyz` says "not yet" until the data is in.

Until `arrive()`, every call but `ping` and `close` raises StoreUnavailable (the API answers 503
with Retry-After, as for a database that is down); afterwards each call goes to the real backend.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..domain.errors import StoreUnavailable
from .backend import Backend, Params, Row


class LateBackend:
    def __init__(self, name: str, on_close: Callable[[], None]) -> None:
        self.name = name
        self._backend: Backend | None = None
        #: stops what was started for the backend (the embedded server) when it never arrived
        self._on_close = on_close

    def arrive(self, backend: Backend) -> None:
        self._backend = backend

    @property
    def arrived(self) -> bool:
        return self._backend is not None

    @property
    def real(self) -> Backend:
        if self._backend is None:
            raise StoreUnavailable("the database is still loading its files")
        return self._backend

    def __getattr__(self, name: str) -> Any:  # server, client, ...: the real backend's, once there
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real, name)

    def read(self, statement: str, params: Params | None = None) -> list[Row]:
        return self.real.read(statement, params)

    def write(self, statement: str, params: Params | None = None) -> list[Row]:
        return self.real.write(statement, params)

    def apply_ddl(self, statement: str, directives: Mapping[str, str]) -> None:
        self.real.apply_ddl(statement, directives)

    def replace_graph(self, build: Callable[[Backend], None]) -> None:
        self.real.replace_graph(build)

    def ping(self) -> bool:
        return self._backend is not None and self._backend.ping()

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
        else:
            self._on_close()
