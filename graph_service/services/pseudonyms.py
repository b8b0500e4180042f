"""Keyed pseudonyms for evaluators: they study the network's shape, not who is in it.

An evaluator sees every professional and informal supporter under a pseudonym: an HMAC-SHA256
of the node id with a secret key. The same person gets the same pseudonym in every answer, map,
export and analysis (so an evaluator can follow a broker over time and between coalitions), but
nobody without the key can turn a pseudonym back into a person, or check a guess ("is this
prof-046?"). Free-text properties of such a person (name, role, relationship) are left out;
kinds, domains, phases and flags stay, because they are what an evaluation is about.

The key lives outside the graph database: `COALITION_PSEUDONYM_KEY`, or else a random key that
is created once in `<data dir>/secrets/pseudonym.key` (readable by the service user only).
Changing the key gives every person a new pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..domain.vocabulary import SYSTEM_PROPERTIES, Vocabulary

if TYPE_CHECKING:
    from ..config import Settings

Row = dict[str, Any]
PREFIX = "ps-"
#: 16 hex digits: collisions stay unlikely (about 1 in 10^11 for a region of 2,000 people)
DIGITS = 16


#: the secrets kept in `<data dir>/secrets/` when not configured: the audit chain's, the
#: evaluators' pseudonyms' and the one that signs the survey links
AUDIT_KEY, PSEUDONYM_KEY, SURVEY_KEY = "audit.key", "pseudonym.key", "survey.key"


def load_key(configured: str, data_dir: Path, name: str = PSEUDONYM_KEY) -> bytes:
    """The configured key, or the one kept in `<data dir>/secrets/<name>` (made on first use)."""
    if configured:  # its length is checked with the other settings
        return configured.encode()
    path = Path(data_dir) / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
            fh.flush()
            os.fsync(fh.fileno())
    return path.read_bytes().strip()


def make_keys(settings: "Settings") -> None:
    """Make every secret the settings leave to the data folder, once, before several server
    processes start (each would otherwise race to make its own)."""
    for configured, name in ((settings.audit_key, AUDIT_KEY), (settings.pseudonym_key, PSEUDONYM_KEY),
                             (settings.survey_key, SURVEY_KEY)):
        load_key(configured, settings.data_dir, name)


class Pseudonymiser:
    @classmethod
    def from_settings(cls, settings: "Settings", vocabulary: Vocabulary) -> "Pseudonymiser":
        return cls(load_key(settings.pseudonym_key, settings.data_dir), vocabulary)

    def __init__(self, key: bytes, vocabulary: Vocabulary) -> None:
        self._key = key
        self.vocabulary = vocabulary
        self.person_kinds = vocabulary.person_kinds

    def pseudonym(self, node_id: str) -> str:
        return PREFIX + hmac.new(self._key, node_id.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]

    def node(self, node: Row) -> Row:
        """A person's node as an evaluator sees it; any other node unchanged."""
        kind = self.vocabulary.node_kinds.get(node.get("kind", ""))
        if kind is None or kind.name not in self.person_kinds:
            return node
        pseudonym = self.pseudonym(node["id"])
        kept = {
            name: value for name, value in node.items()
            if name in SYSTEM_PROPERTIES or (name in kind.properties and kind.properties[name].type != "string")
        }
        return {**kept, "id": pseudonym, kind.title: f"{kind.nl} {pseudonym[len(PREFIX):len(PREFIX) + 8]}"}

    def person_ids(self, nodes: Iterable[Row]) -> dict[str, str]:
        """Real id -> pseudonym for the persons among `nodes`."""
        return {n["id"]: self.pseudonym(n["id"]) for n in nodes if n.get("kind") in self.person_kinds}

    @staticmethod
    def tie(tie: Row, pseudonyms: Mapping[str, str]) -> Row:
        return {**tie, "from": pseudonyms.get(tie["from"], tie["from"]), "to": pseudonyms.get(tie["to"], tie["to"])}

    def graph(self, nodes: Mapping[str, Row], ties: Iterable[Row]) -> tuple[dict[str, Row], list[Row]]:
        """Nodes by (pseudonymous) id and the ties among them, with their ends renamed."""
        pseudonyms = self.person_ids(nodes.values())
        renamed = {pseudonyms.get(i, i): self.node(n) for i, n in nodes.items()}
        return renamed, [self.tie(t, pseudonyms) for t in ties]
