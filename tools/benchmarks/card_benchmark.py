"""Family network card benchmark on the embedded FalkorDB: prints figures, asserts nothing.

    python tools/benchmarks/card_benchmark.py [--families 10000] [--reads 300]

Loads the demo coalition and N synthetic families (2 members, 5 people of their own network, 3 of
the coalition's professionals, 2 recorded factors, a coordinator and an assigned worker each), then
reads random cards the way the API does and draws them. Figures (targets from the card issue):
  card query p50 / p95: the service read as the assigned worker, with the assignment check, the
    audit line (fsynced) and the 19 signals                       (target p95 < 15 ms)
  card map render p50 / p95: the self-contained HTML page         (target p95 < 50 ms)
Reference in the same process: one node read by id through the store (the cheapest round trip),
so the ratio shows what a whole card costs on top of the database's own latency.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from falkordb import FalkorDB

from figures import percentile  # noqa: I001 - a sibling module of this script
from graph_service.domain.vocabulary import load_vocabulary
from graph_service.maps.family_card_map import render_family_card
from graph_service.services.audit import AuditLog
from graph_service.services.demo import load_demo
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.principal import Principal, Role
from graph_service.store.card_store import CardStore
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore

COALITION = "kansrijk-dijkhaven"
AREAS = ["household", "family", "friends", "neighbours", "work_school", "community", "volunteer_organisation"]
RISKS = ["debts", "smoking", "earlier_depression", "single_parent", "low_literacy", "poor_housing"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.2f} ms"


def load_families(store: GraphStore, count: int, rng: random.Random,
                  homes: list[tuple[str, list[str]]] | None = None, id_format: str = "syn-{:05d}") -> dict[str, str]:
    """Synthetic families in bulk, family i in coalition `homes[i % len(homes)]` (a coalition and
    its professionals; the demo coalition by default); returns family id -> assigned professional."""
    cards = CardStore(store)
    homes = homes or [(COALITION, [p["id"] for p in store.list_nodes("professional", coalition=COALITION,
                                                                     first=100).items])]
    since = "2026-01-05"
    families, members, people, factors = [], [], [], []
    supports, belongs, assigned, coordinates = [], [], [], []
    workers: dict[str, str] = {}
    for i in range(count):
        fid = id_format.format(i)
        coalition, professionals = homes[i % len(homes)]
        families.append({"id": fid, "label": f"Gezin {i}", "stage": rng.choice(["pregnant", "postpartum", "child_0_2"]),
                         "pregnancy_week": 20, "weeks_since_birth": 3, "child_age_months": 6})
        belongs.append({"from": fid, "to": coalition, "since": since})
        team = rng.sample(professionals, 3)
        workers[fid] = team[0]
        assigned.append({"from": team[0], "to": fid, "since": since})
        coordinates.append({"from": team[0], "to": fid, "since": since})
        for j, role in enumerate(("parent", "co_parent")):
            members.append((fid, {"id": f"{fid}-m{j}", "label": f"Ouder {j}", "role": role,
                                  "need_emotional": "high", "satisfaction_emotional": rng.choice(["low", "ok"])}))
        for j in range(5):
            pid = f"{fid}-p{j}"
            people.append((fid, {"id": pid, "name": f"Persoon {j}", "life_area": rng.choice(AREAS)}))
            supports.append({"from": pid, "to": fid, "since": since, "ring": rng.randint(1, 3),
                             "emotional": rng.randint(0, 2), "practical": rng.randint(0, 2),
                             "informational": rng.randint(0, 2), "knows_situation": "knows_little"})
        for pro in team:
            supports.append({"from": pro, "to": fid, "since": since, "ring": 2, "informational": 2})
        for risk in rng.sample(RISKS, 2):
            factors.append((fid, {"factor_kind": "risk", "factor": risk, "recorded_on": since}))
    store.bulk_upsert_nodes("family", families)
    for kind, rows in (("family_member", members), ("network_person", people), ("factor_record", factors)):
        for start in range(0, len(rows), 20_000):
            cards.bulk_add_items(kind, rows[start:start + 20_000])
    for kind, rows in (("belongs_to", belongs), ("assigned_to", assigned), ("coordinates", coordinates),
                       ("supports", supports)):
        for start in range(0, len(rows), 20_000):
            store.bulk_link(kind, rows[start:start + 20_000])
    return workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(11)
    data_dir = Path(tempfile.mkdtemp(prefix="cm-bench-", dir="/tmp"))
    server = EmbeddedServer(data_dir).start()
    try:
        backend = FalkorBackend(FalkorDB(unix_socket_path=str(server.socket_path)), "cards", name="falkordb-embedded")
        store = GraphStore(backend, load_vocabulary())
        store.migrate()
        audit = AuditLog.in_data_dir(data_dir)
        load_demo(store, audit)
        started = time.perf_counter()
        workers = load_families(store, args.families, rng)
        loaded = time.perf_counter() - started
        counts = store.counts()
        print(f"synthetic families: {args.families:,} loaded in {loaded:.1f} s "
              f"({sum(counts['nodes'].values()):,} nodes, {sum(counts['ties'].values()):,} ties in the graph)")
        service = FamilyCardService(store, audit)
        sample = rng.sample(sorted(workers), min(args.reads, len(workers)))
        reads, renders, reference = [], [], []
        for fid in sample[:20]:  # warm-up: parsers, caches, the first page template read
            render_family_card(service.read(Principal("w", "w", Role.WORKER, professional=workers[fid]), fid).card,
                               [], store.vocabulary)
        for fid in sample:
            principal = Principal(f"tok-{workers[fid]}", "worker", Role.WORKER, professional=workers[fid])
            t0 = time.perf_counter()
            store.get_node(fid)
            t1 = time.perf_counter()
            view = service.read(principal, fid)
            t2 = time.perf_counter()
            render_family_card(view.card, view.signals, store.vocabulary)
            t3 = time.perf_counter()
            reference.append(t1 - t0)
            reads.append(t2 - t1)
            renders.append(t3 - t2)
        p95_ref = percentile(reference, 0.95)
        print(f"reference: node by id          p50 {ms(percentile(reference, 0.5))}  p95 {ms(p95_ref)}")
        print(f"card query (audited, signals)  p50 {ms(percentile(reads, 0.5))}  p95 {ms(percentile(reads, 0.95))}"
              f"  ({percentile(reads, 0.95) / p95_ref:.0f}x reference; target p95 < 15 ms)")
        print(f"card map render                p50 {ms(percentile(renders, 0.5))}  p95 {ms(percentile(renders, 0.95))}"
              f"  (target p95 < 50 ms)")
        print(f"audit log: {len(audit.events()):,} events, chain intact: {audit.verify().ok}")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
