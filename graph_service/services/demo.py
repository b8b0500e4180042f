"""Load the demo data of `seed_data/demo/` idempotently (upserts with fixed ids)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..store.graph_store import GraphStore

DEMO_DIR = Path(__file__).resolve().parents[2] / "seed_data" / "demo"


def load_demo(store: GraphStore, demo_dir: Path = DEMO_DIR) -> dict[str, int]:
    """Upsert every demo node, then add the demo ties that are not there yet."""
    written = {"nodes": 0, "ties": 0}
    for path in sorted(demo_dir.glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        for kind, rows in data.get("nodes", {}).items():
            written["nodes"] += store.bulk_upsert_nodes(kind, rows)
        for kind, rows in data.get("ties", {}).items():
            taken = store.existing_tie_ids(kind, [row["id"] for row in rows])
            missing = [row for row in rows if row["id"] not in taken]
            if missing:
                written["ties"] += store.bulk_link(kind, missing)
    return written
