"""Versioned schema migrations, applied at start-up.

Each backend has its own DDL in `graph_service/schema/ddl/<backend>/NNN_name.cypher` (constraints and indexes
differ between Neo4j and FalkorDB); the number is the schema version. Applied versions are
recorded in the graph, so `db status` can say which version a database is at.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..domain import clock
from ..domain.vocabulary import default_schema_dir

LOG = logging.getLogger(__name__)
from .backend import Backend
from .cypher import Block, parse_blocks, statement

_FILE = re.compile(r"^(\d{3})_(\w+)\.cypher$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    blocks: tuple[Block, ...]


def ddl_family(backend: Backend) -> str:
    return "neo4j" if backend.name == "neo4j" else "falkordb"


def migrations_for(family: str, schema_dir: Path | None = None) -> list[Migration]:
    folder = (schema_dir or default_schema_dir()) / "ddl" / family
    found = []
    for path in sorted(folder.glob("*.cypher")):
        match = _FILE.match(path.name)
        if match:
            blocks = tuple(parse_blocks(path.read_text(encoding="utf-8")))
            found.append(Migration(int(match.group(1)), match.group(2), blocks))
    return found


def applied_version(backend: Backend) -> int:
    rows = backend.read(statement("applied_migrations"))
    return max((int(r["version"]) for r in rows), default=0)


def migrate(backend: Backend, schema_dir: Path | None = None) -> int:
    """Apply every migration newer than the database's version; returns the version reached."""
    current = applied_version(backend)
    for migration in migrations_for(ddl_family(backend), schema_dir):
        if migration.version <= current:
            continue
        for block in migration.blocks:
            backend.apply_ddl(block.text, block.directives)
        backend.write(
            statement("record_migration"),
            {"version": migration.version, "name": migration.name, "applied": clock.now().isoformat()},
        )
        current = migration.version
        LOG.info("schema migration %03d %s applied", migration.version, migration.name,
                 extra={"backend": backend.name, "migration": migration.version})
    backend.write(statement("ensure_graph_meta"))
    return current


def latest_version(family: str, schema_dir: Path | None = None) -> int:
    return max((m.version for m in migrations_for(family, schema_dir)), default=0)
