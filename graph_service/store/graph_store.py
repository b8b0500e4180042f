"""The operations the service needs from the graph, over either backend.

Everything is validated against the vocabulary in Python first and then written with a single
statement, so a bad row anywhere in a batch leaves the graph untouched and the error names the
row and field. Reads return plain dicts: nodes carry `id` and `kind`, ties carry `id`, `kind`,
`from`, `to`, `since` and `until`. Each concern lives in its own part; this class joins them
over one backend and owns the lifecycle (migrations, health, close).
"""

from __future__ import annotations

from ..domain.validation import Validator
from ..domain.vocabulary import Vocabulary
from . import migrations
from .backend import Backend
from .backup_store import BackupStore
from .coalition_reads import CoalitionReads
from .import_store import ImportStore
from .node_store import NodeStore
from .shared_state import SharedState
from .tie_store import TieStore
from .token_store import TokenStore


class GraphStore(NodeStore, TieStore, CoalitionReads, TokenStore, BackupStore, ImportStore):
    def __init__(self, backend: Backend, vocabulary: Vocabulary, *, max_string_length: int = 500) -> None:
        self.backend = backend
        self.vocabulary = vocabulary
        self.validator = Validator(vocabulary, max_string_length=max_string_length)
        self._type_to_kind = {r.type: r.name for r in vocabulary.relationship_kinds.values()}
        CoalitionReads.__init__(self)
        #: False while a service waits for a database that was down at start (see cli.serve)
        self.schema_ready = True
        #: what the service's replicas share besides the graph: sessions, codes, counters, audit anchors
        self.shared = SharedState(backend)

    def migrate(self) -> int:
        version = migrations.migrate(self.backend)
        self.schema_ready = True
        return version

    def schema_version(self) -> int:
        return migrations.applied_version(self.backend)

    def ping(self) -> bool:
        return self.backend.ping()

    def close(self) -> None:
        self.backend.close()
