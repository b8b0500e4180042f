"""Load the demo data of `graph_service/demo_data/` idempotently (upserts with fixed ids).

The coalition network comes from `*.json` files as nodes and ties. The demo families in
`families/` are stories told in two moments (before and after the integrated approach) and are
drawn through the family card service like a neighbourhood team would, so they obey the same
validation and are audited like any other card.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..domain import clock
from ..store.graph_store import GraphStore
from .audit import AuditLog
from .family_cards import FamilyCardService
from .principal import SYSTEM

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo_data"


def load_demo(store: GraphStore, audit: AuditLog, demo_dir: Path = DEMO_DIR) -> dict[str, int]:
    """Upsert every demo node, add the demo ties that are not there yet, then draw the demo
    families that are not there yet."""
    written = {"nodes": 0, "ties": 0, "families": 0}
    for path in sorted(demo_dir.glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        for kind, rows in data.get("nodes", {}).items():
            written["nodes"] += store.bulk_upsert_nodes(kind, rows)
        for kind, rows in data.get("ties", {}).items():
            taken = store.existing_tie_ids(kind, [row["id"] for row in rows])
            missing = [row for row in rows if row["id"] not in taken]
            if missing:
                written["ties"] += store.bulk_link(kind, missing)
    cards = FamilyCardService(store, audit)
    for path in sorted((demo_dir / "families").glob("*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        if store.get_node(story["family"]["id"], kind="family") is None:
            draw_family(cards, story)
            written["families"] += 1
    return written


def _ago(days: int) -> str:
    return (clock.today() - dt.timedelta(days=days)).isoformat()


def draw_family(cards: FamilyCardService, story: dict[str, Any], today: dt.date | None = None) -> None:
    """Draw one demo family: its card before, a saved version, the changes, a saved version after."""
    family_id = story["family"]["id"]
    first, *others = story["assigned"]
    cards.create(SYSTEM, story["coalition"], story["family"], professional_id=first)
    for colleague in others:
        cards.assign(SYSTEM, family_id, colleague)
    for moment in ("before", "after"):
        step = story[moment]
        since = _ago(step["days_ago"])
        if step.get("family"):
            cards.update_family(SYSTEM, family_id, step["family"])
        for member in step.get("members", []):
            cards.add_item(SYSTEM, family_id, "family_member", member)
        for change in step.get("member_changes", []):
            cards.update_item(SYSTEM, family_id, "family_member", change["id"],
                              {k: v for k, v in change.items() if k != "id"})
        for factor in step.get("factors", []):
            cards.add_item(SYSTEM, family_id, "factor_record", {"recorded_on": since, **factor})
        for person in step.get("people", []):
            props = {k: v for k, v in person.items() if k != "support"}
            cards.add_network_person(SYSTEM, family_id, props, {"since": since, **person["support"]})
        for supporter in step.get("supporters", []):
            cards.add_supporter(SYSTEM, family_id, supporter["id"], {"since": since, **supporter["support"]})
        for change in step.get("support_changes", []):
            cards.update_support(SYSTEM, family_id, change["id"], {k: v for k, v in change.items() if k != "id"})
        for person_id in step.get("ended", []):
            cards.update_support(SYSTEM, family_id, person_id, {"until": since})
        if step.get("coordinator"):
            cards.set_coordinator(SYSTEM, family_id, step["coordinator"], since=since)
        for handover in step.get("handovers", []):
            props = {k: v for k, v in handover.items() if k not in ("from", "to")}
            cards.record_handover(SYSTEM, family_id, handover["from"], handover["to"], {"since": since, **props})
        for agreement in step.get("agreements", []):
            cards.add_item(SYSTEM, family_id, "card_agreement", agreement)
        cards.save_version(SYSTEM, family_id, step["version"]["reason"], _ago(step["version"]["days_ago"]))
