"""The append-only audit log of every read and change of family data (in the spirit of NEN 7513).

One JSON line per event in `<data dir>/audit/audit.jsonl`. Each line carries the hash of the line
before it, so editing or removing a line breaks the chain and `verify` finds where. Lines are
appended under an exclusive file lock and fsynced before the call returns: an event that was
recorded survives a crash, and the CLI and the server can write to the same log. The log holds
pseudonymous family ids and professional ids, never names or card contents.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from ..domain.errors import PermissionDenied, ValidationError
from .principal import Principal

GENESIS = "0" * 64


def open_private(path: Path, flags: int = os.O_RDWR | os.O_APPEND | os.O_CREAT) -> BinaryIO:
    """Open (and create) a file only the service's own user may read: the audit log and the
    erasure ledger name families and professionals, so other accounts on the host must not see them."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = "a+b" if flags & os.O_APPEND else "wb"
    return os.fdopen(os.open(path, flags, 0o600), mode)


def _digest(previous: str, event: dict[str, Any]) -> str:
    body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    #: 1-based line number of the first line that does not fit the chain
    broken_at: int | None = None
    reason: str = ""


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> "AuditLog":
        return cls(Path(data_dir) / "audit" / "audit.jsonl")

    def _last_hash(self, fh: Any) -> tuple[str, int]:
        """Hash and sequence number of the last line (read backwards from the end)."""
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return GENESIS, 0
        block = min(size, 65536)
        while True:
            fh.seek(size - block)
            tail = fh.read(block).rstrip(b"\n")
            if b"\n" in tail or block == size:
                last = tail.rsplit(b"\n", 1)[-1]
                line = json.loads(last)
                return line["hash"], int(line["seq"])
            block = min(size, block * 4)

    def record(
        self,
        principal: Principal,
        action: str,
        *,
        family: str | None,
        what: str,
        on_behalf_of: str | None = None,
        emergency: bool = False,
    ) -> dict[str, Any]:
        """Append one event and return it; raises if it cannot be written (callers fail closed)."""
        event: dict[str, Any] = {
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "actor": principal.id,
            "role": principal.role.value,
            "professional": principal.professional,
            "on_behalf_of": on_behalf_of or principal.on_behalf_of,
            "action": action,
            "family": family,
            "what": what,
            "emergency": emergency,
        }
        with self._lock, open_private(self.path) as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                previous, seq = self._last_hash(fh)
                event = {"seq": seq + 1, **event, "prev": previous}
                event["hash"] = _digest(previous, event)
                fh.seek(0, os.SEEK_END)
                fh.write(json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return event

    def prune(self, principal: Principal, older_than_days: int, now: dt.datetime | None = None) -> int:
        """Retention: drop events older than the given age. The new file starts with an anchor
        line (the sequence number and hash of the last dropped event) so the chain still checks,
        and it replaces the old file in one rename: a crash leaves either the old or the new log."""
        now = now or dt.datetime.now(dt.timezone.utc)
        cutoff = (now - dt.timedelta(days=older_than_days)).isoformat(timespec="milliseconds")
        with self._lock, open_private(self.path) as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.seek(0)
                lines = [line for line in fh.read().decode("utf-8").splitlines() if line.strip()]
                old = [line for line in lines if json.loads(line).get("at", "") < cutoff]  # an anchor has no time
                if not any(not json.loads(line).get("anchor") for line in old):
                    return 0
                last = json.loads(old[-1])
                anchor = json.dumps({"seq": last["seq"], "anchor": True, "hash": last["hash"], "pruned_before": cutoff})
                scratch = self.path.with_suffix(".pruning")
                with open_private(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) as out:
                    out.write(("\n".join([anchor, *lines[len(old):]]) + "\n").encode("utf-8"))
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(scratch, self.path)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        removed = sum(1 for line in old if not json.loads(line).get("anchor"))
        self.record(principal, "prune", family=None, what=f"{removed} events before {cutoff[:10]} removed (retention)")
        return removed

    def _lines(self) -> Iterator[tuple[int, str]]:
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    yield number, line

    def events(self, *, family: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
        """Events in the order they happened, optionally of one family or one actor."""
        found = []
        for _, line in self._lines():
            event = json.loads(line)
            if event.get("anchor"):
                continue
            if family is not None and event.get("family") != family:
                continue
            if actor is not None and event.get("actor") != actor and event.get("professional") != actor:
                continue
            found.append(event)
        return found

    def show(self, principal: Principal, *, family: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
        """Admins read the log chronologically per family or per user; the reading is logged too."""
        if not principal.is_admin:
            raise PermissionDenied("only admins read the audit log")
        if (family is None) == (actor is None):
            raise ValidationError("give a family or a user, not both", field="familyId" if family else "userId")
        found = self.events(family=family, actor=actor)
        self.record(principal, "read-audit", family=family, what=f"audit log of {'family' if family else 'user ' + str(actor)}")
        return found

    def verify(self) -> Verification:
        """Walk the chain: every line's hash must follow from the line before it."""
        previous, count, start = GENESIS, 0, 0
        for number, line in self._lines():
            try:
                event = json.loads(line)
                claimed = event.pop("hash")
            except (ValueError, KeyError):
                return Verification(False, count, number, "line is not an audit event")
            if number == 1 and event.get("anchor"):  # events before it were removed by retention
                previous, start = claimed, int(event["seq"])
                continue
            if event.get("prev") != previous or event.get("seq") != start + count + 1:
                return Verification(False, count, number, "line does not follow the line before it")
            if _digest(previous, event) != claimed:
                return Verification(False, count, number, "line was changed after it was written")
            previous, count = claimed, count + 1
        return Verification(True, count)
