"""`coalition-map`: serve the service and manage its database.

One-shot commands work with no service running (they start the embedded database for themselves
and stop it after) and while `serve` runs on the same data directory (they attach to its socket).
Every failure a user can cause ends in one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from ..config import ConfigError
from ..domain.errors import DomainError
from .common import PROG, UsageError
from .parser import build_parser

__all__ = ["build_parser", "main"]

#: files the service writes (database, logs, backups, exports, keys) are the service user's only:
#: they hold special-category personal data, and other accounts on the host must not read them
PRIVATE_UMASK = 0o077


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (DomainError, UsageError, ConfigError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
