"""Backup and restore of the whole graph as JSON lines.

The format is backend-neutral (one header line, then one line per node and per tie), so a backup
of the embedded store restores into Neo4j and back. A restore is checked completely against the
vocabulary before anything is written, and then replaces the graph atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, TextIO

from ..domain import clock
from ..domain.errors import ValidationError
from ..domain.validation import check_id
from ..store.graph_store import GraphStore
from .erasure_ledger import ErasureLedger

FORMAT = "coalition-map-backup"
FORMAT_VERSION = 1
_NODE_SYSTEM = ("id", "kind", "created", "updated")
_TIE_SYSTEM = ("id", "kind", "from", "to", "created")


def backup(store: GraphStore, path: Path) -> dict[str, int]:
    """Write every node and tie to `path` (written to a temporary file, then renamed)."""
    counts = {"nodes": 0, "ties": 0}
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    # a backup holds every family card: readable by the service user only, whoever calls this
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "schema_version": store.schema_version(),
            "vocabulary_version": store.vocabulary.version,
            "created": clock.now().isoformat(),
        }
        out.write(json.dumps(header) + "\n")
        for node in store.iter_nodes():
            out.write(json.dumps({"node": node}, ensure_ascii=False, sort_keys=True) + "\n")
            counts["nodes"] += 1
        for tie in store.iter_ties():
            out.write(json.dumps({"tie": tie}, ensure_ascii=False, sort_keys=True) + "\n")
            counts["ties"] += 1
        out.flush()
    tmp.replace(path)
    return counts


def _read_lines(source: TextIO) -> Iterable[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"is not valid JSON ({exc.msg})", field=f"line {number}") from None
        if not isinstance(record, dict):
            raise ValidationError("must be a JSON object", field=f"line {number}")
        yield number, record


def load_backup(store: GraphStore, path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read and validate a backup file completely; errors name the line and field."""
    validator = store.validator
    nodes: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    tie_ids: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as source:
        lines = _read_lines(source)
        first = next(lines, None)
        if first is None or first[1].get("format") != FORMAT:
            raise ValidationError(f"is not a {FORMAT} file", field="line 1")
        if first[1].get("version") != FORMAT_VERSION:
            raise ValidationError(f"has format version {first[1].get('version')}, expected {FORMAT_VERSION}", field="line 1")
        pending_ties: list[tuple[int, dict[str, Any]]] = []
        card_kinds = store.vocabulary.card_kinds
        card_items: list[tuple[str, str]] = []
        for number, record in lines:
            where = f"line {number}"
            if "node" in record:
                node = record["node"]
                spec = validator.node_kind(node.get("kind"), f"{where}.kind")
                node_id = check_id(node.get("id"), f"{where}.id")
                if node_id in kinds:
                    raise ValidationError(f"id {node_id!r} appears twice", field=f"{where}.id", code="DUPLICATE_ID")
                props = {k: v for k, v in node.items() if k not in _NODE_SYSTEM and k != "family"}
                clean = validator.node_properties(spec, props, prefix=f"{where}.")
                if spec.name in card_kinds:  # a card item names its family, which must be in the backup
                    clean["family"] = check_id(node.get("family"), f"{where}.family")
                    card_items.append((where, clean["family"]))
                kinds[node_id] = spec.name
                nodes.append({**clean, **{k: node[k] for k in _NODE_SYSTEM if k in node}})
            elif "tie" in record:
                pending_ties.append((number, record["tie"]))
            else:
                raise ValidationError("is neither a node nor a tie", field=where)
        for where, family in card_items:
            if kinds.get(family) != "family":
                raise ValidationError(f"names no family of this backup: {family!r}", field=f"{where}.family")
        for number, tie in pending_ties:
            where = f"line {number}"
            spec = validator.relationship_kind(tie.get("kind"), f"{where}.kind")
            tie_id = check_id(tie.get("id"), f"{where}.id")
            if (spec.name, tie_id) in tie_ids:
                raise ValidationError(f"tie id {tie_id!r} appears twice", field=f"{where}.id", code="DUPLICATE_ID")
            tie_ids.add((spec.name, tie_id))
            for end in ("from", "to"):
                if tie.get(end) not in kinds:
                    raise ValidationError(f"names no node of this backup: {tie.get(end)!r}", field=f"{where}.{end}")
            validator.endpoints(spec, kinds[tie["from"]], kinds[tie["to"]], where)
            props = {k: v for k, v in tie.items() if k not in _TIE_SYSTEM}
            clean = validator.relationship_properties(spec, props, prefix=f"{where}.")
            ties.append({**clean, **{k: tie[k] for k in _TIE_SYSTEM if k in tie}})
    return nodes, ties


def restore(store: GraphStore, path: Path, ledger: ErasureLedger) -> dict[str, int]:
    """Replace the whole graph with the backup's contents: all of it, or nothing on error.

    Families erased after the backup was made are erased again in the same step (`erased_again`)."""
    nodes, ties = load_backup(store, path)
    erased_again = store.replace_all(nodes, ties, ledger.erasures())
    return {"nodes": len(nodes), "ties": len(ties), "erased_again": erased_again}
