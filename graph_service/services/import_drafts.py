"""Files a coordinator uploaded and checked, waiting for her "write it all": the web import is two
steps (a dry run she reads, then a confirmation), and the file must not travel twice.

A draft is kept in the data folder (private to the service, shared by its server processes) for
an hour, readable only by the person who uploaded it and only for the coalition she uploaded it
for; confirming takes it away, so a second confirmation finds nothing to write."""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import NotFound
from .principal import Principal

LIFETIME_SECONDS = 3600


@dataclass(frozen=True)
class Draft:
    coalition: str
    file_format: str
    filename: str
    content: bytes


class ImportDrafts:
    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "import-drafts"

    def keep(self, principal: Principal, coalition_id: str, file_format: str, filename: str, content: bytes) -> str:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._forget_old()
        draft_id = secrets.token_urlsafe(18)
        about = {"owner": principal.id, "coalition": coalition_id, "format": file_format, "filename": filename[:200]}
        for suffix, data in ((".bin", content), (".json", json.dumps(about).encode())):
            fd = os.open(self.folder / f"{draft_id}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        return draft_id

    def take(self, principal: Principal, coalition_id: str, draft_id: str, *, keep: bool = False) -> Draft:
        """The draft, removed unless `keep`; NotFound for anyone else's, an old or an unknown one."""
        if not draft_id or not draft_id.replace("-", "").replace("_", "").isalnum():
            raise NotFound("no such upload", field="draft")
        about_path, content_path = self.folder / f"{draft_id}.json", self.folder / f"{draft_id}.bin"
        try:
            about = json.loads(about_path.read_text())
            fresh = time.time() - about_path.stat().st_mtime < LIFETIME_SECONDS
            content = content_path.read_bytes()
        except (OSError, ValueError):
            raise NotFound("no such upload", field="draft") from None
        if about["owner"] != principal.id or about["coalition"] != coalition_id or not fresh:
            raise NotFound("no such upload", field="draft")
        if not keep:
            about_path.unlink(missing_ok=True)
            content_path.unlink(missing_ok=True)
        return Draft(about["coalition"], about["format"], about["filename"], content)

    def _forget_old(self) -> None:
        cutoff = time.time() - LIFETIME_SECONDS
        for path in self.folder.glob("*.*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass
