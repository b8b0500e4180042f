"""Build coalition snapshots in memory: the analysis is pure, so its tests need no store."""

from __future__ import annotations

import itertools
from typing import Any

from graph_service.analysis.snapshot import Snapshot, build_snapshot

C = "c"
ORGS = [  # id, domain, type
    ("gp", "medical", "gp_practice"), ("midwife", "medical", "midwife_practice"),
    ("maternity", "medical", "maternity_care"), ("jgz", "public_health", "youth_health_care"),
    ("team", "social", "neighbourhood_team"), ("debt", "social", "debt_counselling"),
    ("housing", "social", "housing_corporation"), ("volunteers", "informal", "volunteer_organisation"),
    ("parents", "informal", "volunteer_organisation"), ("town", "policy", "municipality"),
    ("insurer", "policy", "health_insurer"),
]
PHASES = ["preconception", "pregnancy", "birth_maternity", "zero_to_two"]


class Coalition:
    """A well-connected coalition that every gap rule should leave alone; tests then break it."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {C: {"id": C, "kind": "coalition", "name": "Goede coalitie"}}
        self.ties: list[dict[str, Any]] = []
        for oid, domain, otype in ORGS:
            self.org(oid, domain, otype)
        self.nodes["parents"]["lived_experience"] = True
        for (a, *_), (b, *_) in itertools.combinations(ORGS, 2):
            self.tie("collaborates_with", a, b, intensity="cooperation")
        self.tie("warm_handover", "midwife", "jgz")
        self.tie("warm_handover", "maternity", "jgz")
        self.nodes["com"] = {"id": "com", "kind": "community", "name": "Gemeenschap"}
        self.tie("belongs_to", "com", C)
        self.tie("reaches", "volunteers", "com")
        self.tie("reaches", "team", "com")
        pillars = ["shared_goals", "monitoring_learning", "community_approach", "care_palette", "chain_coordination"]
        for i, phase in enumerate(PHASES):
            self.intervention(f"int{i}", f"type{i}", [phase], ORGS[i][0], pillars=[pillars[i], pillars[(i + 1) % 5]])

    def org(self, oid: str, domain: str, otype: str, levels=("governance", "management", "practice"), **extra) -> None:
        self.nodes[oid] = {"id": oid, "kind": "organisation", "name": oid.title(), "domain": domain,
                           "organisation_type": otype, "phases": PHASES, **extra}
        for level in levels:
            self.tie("member_of", oid, C, level=level)

    def intervention(self, iid: str, itype: str, phases: list[str], provider: str, pillars=None) -> None:
        self.nodes[iid] = {"id": iid, "kind": "intervention", "name": iid, "intervention_type": itype,
                           "phases": phases, "pillars": pillars or []}
        self.tie("belongs_to", iid, C)
        self.tie("offers", provider, iid)

    def tie(self, kind: str, a: str, b: str, **props) -> None:
        self.ties.append({"id": f"{kind}-{a}-{b}-{len(self.ties)}", "kind": kind, "from": a, "to": b,
                          "since": "2020-01-01", **props})

    def remove(self, node_id: str) -> None:
        self.nodes.pop(node_id)
        self.ties = [t for t in self.ties if node_id not in (t["from"], t["to"])]

    def untie(self, kind: str, a: str | None = None, b: str | None = None) -> None:
        self.ties = [t for t in self.ties if not (t["kind"] == kind and a in (None, t["from"], t["to"])
                                                  and b in (None, t["from"], t["to"]))]

    def snapshot(self) -> Snapshot:
        return build_snapshot(C, "2024-01-01", 1, self.nodes, self.ties)
