"""Trusted documents (S11): in production, only GraphQL documents registered in advance run.

An attacker with a stolen token can then ask only what the service's own clients ask, never a
hand-made query that probes for data. The manifest is a JSON object of `sha256 hex -> document`
(`COALITION_TRUSTED_DOCUMENTS`); a request names its document by `documentId` (or by Apollo's
`extensions.persistedQuery.sha256Hash`), or sends the document itself, which must then be one of
the registered ones. Without a manifest every valid document runs (the default, and what the
command line and tests use).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def document_id(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class TrustedDocuments:
    def __init__(self, documents: dict[str, str]) -> None:
        for key, document in documents.items():
            if document_id(document) != key:
                raise ValueError(f"trusted document {key[:12]}... does not match its sha256")
        self.documents = documents

    @classmethod
    def load(cls, path: Path) -> "TrustedDocuments":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read the trusted documents {path}: {exc}") from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError(f"{path} must be a JSON object of sha256 -> document")
        return cls(data)

    def resolve(self, raw: bytes) -> bytes | None:
        """The request body with its registered document filled in, or None when it is not trusted."""
        try:
            body: Any = json.loads(raw)
        except ValueError:
            return raw  # not JSON: strawberry answers with its own error and runs nothing
        if not isinstance(body, dict):
            return raw  # a batch: refused as such by strawberry
        extensions = body.get("extensions") if isinstance(body.get("extensions"), dict) else {}
        persisted = extensions.get("persistedQuery") if isinstance(extensions.get("persistedQuery"), dict) else {}
        wanted = body.get("documentId") or persisted.get("sha256Hash")
        query = body.get("query")
        if isinstance(query, str):
            known = document_id(query) in self.documents and (wanted is None or wanted == document_id(query))
            return raw if known else None
        if isinstance(wanted, str) and wanted in self.documents:
            resolved = {k: v for k, v in body.items() if k not in ("documentId", "extensions")}
            return json.dumps({**resolved, "query": self.documents[wanted]}).encode("utf-8")
        return None
