"""Run the real console script and the real server in subprocesses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

SCRIPT = str(Path(sys.executable).parent / "coalition-map")


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=timeout, env=full_env)


@dataclass
class RunningService:
    process: subprocess.Popen[str]
    base_url: str
    ready_after: float

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_service(data_dir: Path, port: int, *extra: str, timeout: float = 20.0,
                  env: dict[str, str] | None = None, script: str = SCRIPT, cwd: Path | None = None) -> RunningService:
    """Start `coalition-map serve` (this environment's, or `script`) and wait until /readyz says
    ready (or fail after `timeout`)."""
    started = time.monotonic()
    # stderr goes to a file: an unread pipe fills up and blocks the server once it logs enough
    log = (data_dir.parent / f"{data_dir.name}-serve.log").open("w")
    process = subprocess.Popen(
        [script, "serve", "--data-dir", str(data_dir), "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=log, text=True, env={**os.environ, **(env or {})}, cwd=cwd,
    )
    base_url = f"http://127.0.0.1:{port}"
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {Path(log.name).read_text()}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return RunningService(process, base_url, time.monotonic() - started)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"/readyz not ready within {timeout} s")


def database_pid(data_dir: Path) -> int:
    """The database process serving this data directory, from the pid file it writes."""
    return int((data_dir / "falkordb.pid").read_text().strip())
