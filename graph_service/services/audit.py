"""The append-only audit log of every read and change of family data (in the spirit of NEN 7513).

One JSON line per event in `<data dir>/audit/audit.jsonl`. What `verify` detects, and how:
- a changed line, a removed line, lines added or reordered: each line carries the MAC of the line
  before it, an HMAC-SHA256 under a key kept apart from the log (`COALITION_AUDIT_KEY`, or
  `<data dir>/secrets/audit.key`), so a chain recomputed without the key does not verify, and
  neither does a forged start (the first line must follow the genesis or be a MAC'd retention
  anchor);
- the last lines removed, or the whole log emptied: after every event the head (sequence number
  and MAC of the last line, itself MAC'd) is written to a second file (`<data dir>/secrets/
  audit.head`), and every ANCHOR_EVERY events and at every check to the database; a log that ends
  before either anchor, or holds another line where an anchor points, is broken. Replaying an old
  head file hides at most the events written since the database anchor.
Lines are appended under an exclusive file lock and fsynced before the call returns: an event that
was recorded survives a crash, and the CLI and the server can write to the same log. A line torn
by a crash (half written when the power went) is cut off before the next append and at start,
and the cut is itself recorded. The log holds pseudonymous family ids and professional ids, never
names or card contents.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Protocol

from ..domain import clock
from ..domain.errors import DomainError, PermissionDenied, ValidationError
from .principal import SYSTEM, Principal
from .pseudonyms import AUDIT_KEY, load_key

LOG = logging.getLogger(__name__)
GENESIS = "0" * 64
#: the database anchor is written every this many events (the head file after every event)
ANCHOR_EVERY = 16


class AnchorStore(Protocol):
    """Where the head of each chain is kept outside the log's folder: the graph database."""

    def write_audit_anchor(self, chain: str, seq: int, mac: str, at: str) -> None: ...

    def read_audit_anchor(self, chain: str) -> dict[str, Any] | None: ...


def open_private(path: Path, flags: int = os.O_RDWR | os.O_APPEND | os.O_CREAT) -> BinaryIO:
    """Open (and create) a file only the service's own user may read: the audit log and the
    erasure ledger name families and professionals, so other accounts on the host must not see them."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = "a+b" if flags & os.O_APPEND else "wb"
    return os.fdopen(os.open(path, flags, 0o600), mode)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    #: 1-based line number of the first line that does not fit the chain (None: the log's end)
    broken_at: int | None = None
    reason: str = ""


class AuditLog:
    """One chain: `audit.jsonl`, or `audit-<replica>.jsonl` for a named replica of the service.

    Replicas behind a load balancer share the audit folder (one volume) and each writes its own
    chain, with its own head file and database anchor; reading (`events`, `show`) covers every
    chain in the folder, and `coalition-map audit verify` checks each of them."""

    def __init__(self, path: Path, key: bytes, anchors: AnchorStore | None = None) -> None:
        self.path = path
        self.replica = path.stem[len("audit-"):] if path.stem.startswith("audit-") else ""
        self.chain = f"head-{self.replica}" if self.replica else "head"
        self.head_path = path.parent.parent / "secrets" / f"{path.stem}.head"
        self._key = key
        self.anchors = anchors
        self._lock = threading.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path, key: str = "", anchors: AnchorStore | None = None,
                    replica: str = "") -> "AuditLog":
        name = f"audit-{replica}.jsonl" if replica else "audit.jsonl"
        return cls(Path(data_dir) / "audit" / name, load_key(key, Path(data_dir), AUDIT_KEY), anchors)

    def chains(self) -> list["AuditLog"]:
        """Every chain in this log's folder (this replica's and the others'), by name."""
        paths = sorted({*self.path.parent.glob("audit*.jsonl"), self.path})
        return [self if path == self.path else AuditLog(path, self._key, self.anchors) for path in paths]

    def _mac(self, previous: str, body: dict[str, Any]) -> str:
        return hmac.new(self._key, previous.encode() + _canonical(body), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ writing
    def _tail(self, fh: Any) -> tuple[str, int, int]:
        """MAC and sequence number of the last whole line, and the bytes of a torn line after it."""
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return GENESIS, 0, 0
        block = min(size, 65536)
        while True:
            fh.seek(size - block)
            tail = fh.read(block)
            torn = len(tail) - (tail.rfind(b"\n") + 1)
            whole = tail[: len(tail) - torn].rstrip(b"\n")
            if b"\n" in whole or block == size:
                if not whole:
                    return GENESIS, 0, torn
                line = json.loads(whole.rsplit(b"\n", 1)[-1])
                return line["hash"], int(line["seq"]), torn
            block = min(size, block * 4)

    def _append(self, fh: Any, event: dict[str, Any]) -> dict[str, Any]:
        previous, seq, torn = self._tail(fh)
        if torn:
            raise _Torn(torn)
        event = {"seq": seq + 1, **event, "prev": previous}
        event["hash"] = self._mac(previous, event)
        fh.seek(0, os.SEEK_END)
        fh.write(json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
        self._write_head(event["seq"], event["hash"], event["at"])
        return event

    def _write_head(self, seq: int, mac: str, at: str) -> None:
        head = {"seq": seq, "hash": mac, "at": at}
        head["mac"] = self._mac("head", head)
        with open_private(self.head_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) as out:
            out.write(_canonical(head))
            out.flush()
            os.fsync(out.fileno())
        if self.anchors is not None and seq % ANCHOR_EVERY == 0:
            self._write_anchor(seq, mac, at)

    def _write_anchor(self, seq: int, mac: str, at: str) -> None:
        """The event is already written and fsynced; a database that is down costs the anchor, not
        the answer (the head file still holds the end, and the next anchor catches up)."""
        try:
            self.anchors.write_audit_anchor(self.chain, seq, mac, at)  # type: ignore[union-attr]
        except DomainError as error:
            LOG.warning("audit anchor not written to the database: %s", error.code)

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
            "at": clock.now_iso(),
            "actor": principal.id,
            "role": principal.role.value,
            "professional": principal.professional,
            "on_behalf_of": on_behalf_of or principal.on_behalf_of,
            "action": action,
            "family": family,
            "what": what,
            "emergency": emergency,
            **({"replica": self.replica} if self.replica else {}),
        }
        with self._lock, open_private(self.path) as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                try:
                    return self._append(fh, event)
                except _Torn as torn:
                    self._cut(fh, torn.size)
                    return self._append(fh, event)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _cut(self, fh: Any, torn: int) -> None:
        """Cut a line torn by a crash off the end, and record that it was cut."""
        fh.seek(0, os.SEEK_END)
        fh.truncate(fh.tell() - torn)
        os.fsync(fh.fileno())
        self._append(fh, self._system_event("repair", f"cut off a torn last line of {torn} bytes "
                                                      "(written when the service stopped mid-write)"))

    @staticmethod
    def _system_event(action: str, what: str) -> dict[str, Any]:
        return {"at": clock.now_iso(), "actor": SYSTEM.id,
                "role": SYSTEM.role.value, "professional": None, "on_behalf_of": None, "action": action,
                "family": None, "what": what, "emergency": False}

    def repair(self) -> int:
        """At start: cut a torn last line (recorded in the log) and anchor the head in the
        database; returns the bytes cut."""
        if not self.path.exists():
            return 0
        with self._lock, open_private(self.path) as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                torn = self._tail(fh)[2]
                if torn:
                    self._cut(fh, torn)
                self._anchor_now(fh)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return torn

    def _anchor_now(self, fh: Any) -> None:
        if self.anchors is None:
            return
        mac, seq, _ = self._tail(fh)
        if seq:
            self._write_anchor(seq, mac, clock.now_iso())

    def prune(self, principal: Principal, older_than_days: int, now: dt.datetime | None = None) -> int:
        """Retention: drop events older than the given age. The new file starts with an anchor
        line (the sequence number and MAC of the last dropped event, MAC'd itself) so the chain
        still checks, and it replaces the old file in one rename: a crash leaves either the old or
        the new log."""
        now = now or clock.now()
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
                anchor: dict[str, Any] = {"seq": last["seq"], "anchor": True, "hash": last["hash"],
                                          "pruned_before": cutoff}
                anchor["mac"] = self._mac("anchor", anchor)
                scratch = self.path.with_suffix(".pruning")
                with open_private(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) as out:
                    out.write(("\n".join([json.dumps(anchor), *lines[len(old):]]) + "\n").encode("utf-8"))
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(scratch, self.path)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        removed = sum(1 for line in old if not json.loads(line).get("anchor"))
        self.record(principal, "prune", family=None, what=f"{removed} events before {cutoff[:10]} removed (retention)")
        return removed

    # ------------------------------------------------------------------ reading
    def _lines(self) -> Iterator[tuple[int, str]]:
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    yield number, line

    def events(self, *, family: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
        """Events of every chain in the folder in the order they happened, optionally of one family
        or one actor."""
        chains = self.chains()
        found = [e for chain in chains for e in chain._own_events(family, actor)]
        return sorted(found, key=lambda e: e["at"]) if len(chains) > 1 else found

    def _own_events(self, family: str | None, actor: str | None) -> list[dict[str, Any]]:
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

    # ------------------------------------------------------------------ checking
    def _head(self) -> dict[str, Any] | None:
        """The head file, if there is one; raises ValueError when it was not written with the key."""
        try:
            head = json.loads(self.head_path.read_bytes())
        except FileNotFoundError:
            return None
        mac = head.pop("mac", None)
        if not isinstance(mac, str) or not hmac.compare_digest(mac, self._mac("head", head)):
            raise ValueError("the head file was not written with the audit key")
        return head

    def verify(self) -> Verification:
        """Walk the chain with the key, then hold its end against the head file and the database."""
        previous, count, start, seen = GENESIS, 0, 0, {}
        for number, line in self._lines():
            try:
                event = json.loads(line)
                claimed = event.pop("hash")
            except (ValueError, KeyError, AttributeError):
                return Verification(False, count, number, "line is not an audit event")
            if number == 1 and event.get("anchor"):  # events before it were removed by retention
                mac = event.pop("mac", "")
                if not hmac.compare_digest(str(mac), self._mac("anchor", {**event, "hash": claimed})):
                    return Verification(False, count, number, "the retention anchor was not written with the audit key")
                previous, start = claimed, int(event["seq"])
                continue
            if event.get("prev") != previous or event.get("seq") != start + count + 1:
                return Verification(False, count, number, "line does not follow the line before it")
            if not hmac.compare_digest(str(claimed), self._mac(previous, event)):
                return Verification(False, count, number, "line was changed, or written without the audit key")
            previous, count = claimed, count + 1
            seen[start + count] = claimed
        last = start + count
        try:
            head = self._head()
        except ValueError as error:
            return Verification(False, count, None, str(error))
        anchors = [("head file", head)]
        if self.anchors is not None:
            anchors.append(("database anchor", self.anchors.read_audit_anchor(self.chain)))
        if head is None and last:
            return Verification(False, count, None, "the head file is missing")
        for name, anchor in anchors:
            if anchor is None:
                continue
            seq = int(anchor["seq"])
            if seq > last:
                return Verification(False, count, None, f"the log ends at event {last}, but its {name} says "
                                    f"{seq}: events were removed from the end")
            if seq > start and seen.get(seq) != anchor["hash"]:
                return Verification(False, count, None, f"event {seq} is not the one the {name} holds: the log "
                                    "was rebuilt")
        return Verification(True, count)


class _Torn(Exception):
    """The log ends in a torn line of `size` bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size
