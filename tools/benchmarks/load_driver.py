"""What the load benchmarks need to drive the real service: `coalition-map serve` in a process of
its own, and a lean HTTP/1.1 client.

The client is a few lines over asyncio streams (keep-alive, Content-Length or chunked bodies),
because a general client such as httpx spends a millisecond or more of Python per request: with
the clients and the service on the same two cores, that would measure the driver, not the service.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import httpx

SCRIPT = str(Path(sys.executable).parent / "coalition-map")
NO_BUDGETS = {"COALITION_RATE_LIMIT": "0", "COALITION_SIGNIN_RATE_LIMIT": "0", "COALITION_AUTH_FAILURE_LIMIT": "0"}


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    #: seconds from the start until /healthz answered, and until /readyz said ready
    alive_after: float
    ready_after: float

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settle(self, limit: float = 60.0) -> None:
        """Wait until the service is idle: ready is not warm (each worker starts its compute
        processes, which import the analysis libraries, for a few seconds of CPU)."""
        deadline = time.monotonic() + limit
        used = sum(cpu_seconds(self.pids()).values())
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = sum(cpu_seconds(self.pids()).values())
            if now - used < 0.05:
                return
            used = now

    def pids(self) -> list[int]:
        """`serve`, its database and its workers (and their compute pools): for memory figures."""
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):  # a child started by any thread
                try:
                    todo += [int(c) for c in (task / "children").read_text().split()]
                except OSError:
                    continue
        return found


def part_of(pid: int) -> str:
    """'database' (the embedded FalkorDB), 'compute' (a pool process), or 'service' (serve, workers)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    if "redis-server" in command:
        return "database"
    return "compute" if "spawn_main" in command and "pipe_handle" in command and "--multiprocessing-fork" in command \
        and _parent_is_worker(pid) else "service"


def _parent_is_worker(pid: int) -> bool:
    try:
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        return b"spawn_main" in Path(f"/proc/{parent}/cmdline").read_bytes()
    except (OSError, IndexError):
        return False


def cpu_seconds(pids: list[int]) -> dict[str, float]:
    """CPU time (user and system) used so far, by part: database, service, compute."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        part = part_of(pid)
        used[part] = used.get(part, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return used


def rss_by_part(pids: list[int]) -> dict[str, float]:
    """Resident memory in MiB by part: database, service, compute."""
    used: dict[str, float] = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    part = part_of(pid)
                    used[part] = used.get(part, 0.0) + int(line.split()[1]) / 1024
        except OSError:
            continue
    return used


def rss_mib(pids: list[int]) -> float:
    return sum(rss_by_part(pids).values())


@contextmanager
def served(data_dir: Path, port: int, *, workers: int = 1, env: dict[str, str] | None = None,
           timeout: float = 300) -> Iterator[Served]:
    """`coalition-map serve` on `data_dir` until /readyz says ready; stopped afterwards."""
    started = time.monotonic()
    log = (data_dir.parent / f"{data_dir.name}-serve.log").open("wb")
    process = subprocess.Popen([SCRIPT, "serve", "--data-dir", str(data_dir), "--port", str(port),
                                "--workers", str(workers)], stdout=log, stderr=log,
                               env={**os.environ, **NO_BUDGETS, **(env or {})})
    alive_after = None
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"serve stopped: {Path(log.name).read_text()[-2000:]}")
            try:
                if alive_after is None and httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    alive_after = time.monotonic() - started
                if alive_after is not None and \
                        httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"serve not ready within {timeout} s")
            time.sleep(0.05)
        service = Served(process, port, alive_after or 0.0, time.monotonic() - started)
        service.settle()
        yield service
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Connection:
    """One keep-alive connection, as one browser tab or API client holds it."""

    port: int
    headers: dict[str, str] = field(default_factory=dict)
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, *, form: dict[str, object] | None = None,
                      json_body: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
        body = b""
        sent = {"Host": f"127.0.0.1:{self.port}", **self.headers, **(headers or {})}
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body, sent["Content-Type"] = json_body, "application/json"
        if body or method == "POST":
            sent["Content-Length"] = str(len(body))
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in sent.items()) + "\r\n"
        for attempt in (1, 2):  # a keep-alive connection the server closed meanwhile: open a new one once
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                self._writer.write(head.encode() + body)
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Answer:
        assert self._reader is not None
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            parts = []
            while (size := int((await self._reader.readuntil(b"\r\n")).strip(), 16)) > 0:
                parts.append(await self._reader.readexactly(size + 2))
            await self._reader.readuntil(b"\r\n")
            body = b"".join(p[:-2] for p in parts)
        else:
            body = await self._reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            self.close()
        return Answer(status, headers, body)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
