"""A child process that ends with its parent: the embedded database and the server workers are
started by `serve`, and must not outlive it holding the data files or the port."""

from __future__ import annotations

import ctypes
import signal


def die_with_parent() -> None:
    """Ask the kernel to stop this process when the thread that started it ends (so no orphan
    holds the files or the port). The signal follows the starting thread, not its process: only
    for children of threads that live as long as their process (a main or supervisor thread)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
