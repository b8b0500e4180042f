"""The erasure ledger: which families were erased, and when, kept outside the graph.

A backup made before an erasure still holds that family. Restoring it must not bring the family
back (right to erasure: backups are "beyond use", and erasures are re-applied on restore). So every
erasure is first written here, and a restore erases again every family of the ledger whose restored
copy was created before its erasure; a new family that later got the same id is left alone.

One JSON line per erasure in `erasures.jsonl` next to the audit log (`<data dir>/audit/`), kept at
least as long as backups are: `{"family": id, "erased_at": timestamp}`. Ids only, never names or card
contents. Lines are appended under an exclusive lock and fsynced before the erasure runs, so an
erasure that was acknowledged is in the ledger even after a crash.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from ..domain.errors import ValidationError
from .audit import open_private


class ErasureLedger:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, audit_log: Path) -> "ErasureLedger":
        """The ledger kept in the audit log's folder (it lives and is kept as long as that log);
        a named replica (`audit-<replica>.jsonl`) writes `erasures-<replica>.jsonl`."""
        return cls(audit_log.parent / (audit_log.stem.replace("audit", "erasures", 1) + ".jsonl"))

    def record(self, family_id: str, erased_at: str) -> None:
        """Append one erasure; raises if it cannot be written, so the erasure does not run."""
        line = json.dumps({"family": family_id, "erased_at": erased_at}).encode("utf-8") + b"\n"
        with open_private(self.path) as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.seek(0)
                written = fh.read()
                if written and not written.endswith(b"\n"):  # torn by a crash: that erasure never ran
                    fh.truncate(written.rfind(b"\n") + 1)
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def erasures(self) -> dict[str, str]:
        """Each erased family id with its latest erasure time, from every replica's ledger."""
        latest: dict[str, str] = {}
        for path in sorted({*self.path.parent.glob("erasures*.jsonl"), self.path}):
            if path.exists():
                self._read(path, latest)
        return latest

    def _read(self, path: Path, latest: dict[str, str]) -> None:
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                family, erased_at = entry["family"], entry["erased_at"]
            except (json.JSONDecodeError, KeyError, TypeError):
                if number == len(lines):  # cut off by a crash while writing: that erasure never ran
                    continue
                raise ValidationError("is not an erasure entry", field=f"{path.name} line {number}") from None
            if erased_at > latest.get(family, ""):
                latest[family] = erased_at
