"""A seeded generator of synthetic coalitions for benchmarks and load tests.

    from seed_data.synthetic import synthetic_coalitions   (or run: python seed_data/synthetic.py N)

Every coalition gets organisations in all five domains, staff, communities, interventions over
the four phases and ties of the common kinds, with more ties inside a domain than across
(planted domain structure). The same seed gives the same data.
"""

from __future__ import annotations

import random
import sys
from typing import Any

DOMAIN_TYPES = {
    "medical": ["midwife_practice", "maternity_care", "gp_practice", "hospital"],
    "public_health": ["youth_health_care", "municipal_health_service"],
    "social": ["neighbourhood_team", "social_work", "debt_counselling", "housing_corporation", "welfare"],
    "informal": ["volunteer_organisation", "community_place"],
    "policy": ["municipality", "health_insurer"],
}
PHASES = ["preconception", "pregnancy", "birth_maternity", "zero_to_two"]
INTERVENTION_TYPES = ["prenatal_home_visit", "breastfeeding_information", "parenting_support", "stop_smoking",
                      "language_development", "financial_support", "peer_support", "preconception_advice"]


def synthetic_coalitions(count: int, *, organisations: int = 40, seed: int = 1) -> dict[str, Any]:
    """Nodes by kind and ties by kind, ready for `bulk_upsert_nodes` and `bulk_link`."""
    rng = random.Random(seed)
    nodes: dict[str, list[dict[str, Any]]] = {k: [] for k in ("coalition", "organisation", "professional",
                                                              "community", "intervention")}
    ties: dict[str, list[dict[str, Any]]] = {k: [] for k in ("member_of", "works_at", "collaborates_with",
                                                             "belongs_to", "offers", "reaches")}
    domains = list(DOMAIN_TYPES)
    for c in range(count):
        cid = f"syn-{c:04d}"
        nodes["coalition"].append({"id": cid, "name": f"Synthetische coalitie {c:04d}"})
        orgs = []
        for o in range(organisations):
            domain = domains[o % len(domains)]
            oid = f"{cid}-o{o:03d}"
            orgs.append((oid, domain))
            nodes["organisation"].append({"id": oid, "name": f"Organisatie {c:04d}-{o:03d}", "domain": domain,
                                          "organisation_type": rng.choice(DOMAIN_TYPES[domain]),
                                          "phases": rng.sample(PHASES, rng.randint(1, 3))})
            ties["member_of"].append({"from": oid, "to": cid, "since": "2020-01-01",
                                      "level": rng.choice(["governance", "management", "practice", "practice"])})
            for p in range(2):
                pid = f"{oid}-p{p}"
                nodes["professional"].append({"id": pid, "name": f"Professional {pid}", "domain": domain})
                ties["works_at"].append({"from": pid, "to": oid, "since": "2020-01-01"})
        for oid, domain in orgs:
            for _ in range(2):
                same = [o for o, d in orgs if d == domain and o != oid]
                other = [o for o, d in orgs if d != domain]
                target = rng.choice(same if rng.random() < 0.75 else other)
                ties["collaborates_with"].append({"from": oid, "to": target, "since": "2021-01-01",
                                                  "intensity": rng.choice(["awareness", "cooperation", "coordination"])})
        for k in range(4):
            kid = f"{cid}-com{k}"
            nodes["community"].append({"id": kid, "name": f"Gemeenschap {c:04d}-{k}"})
            ties["belongs_to"].append({"from": kid, "to": cid, "since": "2020-01-01"})
            if k:  # one community of every coalition is not reached
                ties["reaches"].append({"from": rng.choice(orgs)[0], "to": kid, "since": "2021-01-01"})
        for i in range(10):
            iid = f"{cid}-int{i}"
            nodes["intervention"].append({"id": iid, "name": f"Aanbod {c:04d}-{i}",
                                          "intervention_type": rng.choice(INTERVENTION_TYPES),
                                          "phases": [PHASES[i % 4]]})
            ties["belongs_to"].append({"from": iid, "to": cid, "since": "2020-01-01"})
            ties["offers"].append({"from": rng.choice(orgs)[0], "to": iid, "since": "2020-01-01"})
    return {"nodes": nodes, "ties": ties}


def load(store: Any, data: dict[str, Any]) -> None:
    for kind, rows in data["nodes"].items():
        store.bulk_upsert_nodes(kind, rows)
    for kind, rows in data["ties"].items():
        store.bulk_link(kind, rows)


if __name__ == "__main__":
    data = synthetic_coalitions(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
    print({k: len(v) for k, v in data["nodes"].items()}, {k: len(v) for k, v in data["ties"].items()})
