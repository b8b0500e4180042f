"""Store benchmark on the embedded FalkorDB: prints figures, asserts nothing.

    python tools/benchmarks/store_benchmark.py [--nodes 50000] [--ties 100000] [--backend falkordb|neo4j|both]

Figures (targets from the foundation issue):
  bulk upsert of N nodes in one batch, nodes/s            (target >= 50,000/s)
  bulk link of M ties in one batch, ties/s
  single get by id, p50 / p95                             (target p95 < 2 ms)
  read of a 2,000-node coalition subgraph, p50 / p95      (target < 100 ms)
    with the database's own share and the floor: the same reply with none of our code
Each figure is printed next to a reference run in the same process: the bare FalkorDB client
running the minimal equivalent Cypher, so the ratio shows what validation, the vocabulary and
all-or-nothing checks cost on top of the database itself.

`--backend neo4j` measures the backend-neutral figures (bulk upsert, get p95, coalition read cold
and warm) through the service's store on Neo4j 5.26, started by tools/neo4j-server; `--backend
both` runs them on each backend in one process and prints them side by side, so the choice of
the default store is measured, not assumed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from backends import CHOICES, bench_store, chosen, side_by_side  # noqa: I001 - sibling modules of this script
from figures import percentile
from graph_service.domain.vocabulary import load_vocabulary
from graph_service.store.cypher import statement
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend, params_header
from graph_service.domain.gc_pause import gc_paused
from graph_service.store.graph_store import GraphStore

DOMAINS = [("medical", "midwife_practice"), ("public_health", "youth_health_care"), ("social", "neighbourhood_team"),
           ("informal", "volunteer_organisation"), ("policy", "municipality")]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def org_rows(count: int, prefix: str) -> list[dict]:
    return [{"id": f"{prefix}{i}", "name": f"Partner {i}", "domain": DOMAINS[i % 5][0],
             "organisation_type": DOMAINS[i % 5][1], "phases": ["pregnancy"]} for i in range(count)]


def build_coalition(store: GraphStore, rng: random.Random) -> None:
    """A 2,000-node coalition: 400 organisations, 1,599 professionals working at them, 10,000 ties."""
    store.create_node("coalition", {"id": "coal", "name": "Benchmarkcoalitie"})
    store.bulk_upsert_nodes("organisation", org_rows(400, "co"))
    store.bulk_upsert_nodes("professional", [{"id": f"cp{i}", "name": f"Professional {i}"} for i in range(1_599)])
    store.bulk_link("member_of", [{"from": f"co{i}", "to": "coal", "since": "2020-01-01", "level": "practice"}
                                  for i in range(400)])
    store.bulk_link("works_at", [{"from": f"cp{i}", "to": f"co{i % 400}", "since": "2020-01-01"} for i in range(1_599)])
    members = [f"co{i}" for i in range(400)] + [f"cp{i}" for i in range(1_599)]
    store.bulk_link("collaborates_with", [
        {"from": rng.choice(members), "to": rng.choice(members), "since": "2021-01-01", "intensity": "awareness"}
        for _ in range(8_000)])


def measure_any(store: GraphStore, args: argparse.Namespace) -> dict[str, str]:
    """The backend-neutral figures: what the service's store does, on whichever backend."""
    rng = random.Random(7)
    rows = org_rows(args.nodes, "o")
    upsert = timed(lambda: store.bulk_upsert_nodes("organisation", rows))
    ids = [f"o{rng.randrange(args.nodes)}" for _ in range(args.gets)]
    gets = [timed(lambda i=i: store.get_node(i)) * 1000 for i in ids]
    build_coalition(store, rng)
    cold = []
    for i in range(20):  # every read follows a write, so the version-keyed cache cannot answer
        store.update_node("coalition", "coal", {"description": f"run {i}"})
        cold.append(timed(lambda: store.coalition_subgraph("coal")) * 1000)
    warm = [timed(lambda: store.coalition_subgraph("coal")) * 1000 for _ in range(200)]
    return {
        f"bulk upsert {args.nodes:,} nodes": f"{args.nodes / upsert:,.0f} nodes/s",
        "single get p95": f"{percentile(gets, .95):.3f} ms",
        "coalition read cold p50": f"{percentile(cold, .5):.1f} ms",
        "coalition read cold p95": f"{percentile(cold, .95):.1f} ms",
        "coalition read warm p95": f"{percentile(warm, .95):.3f} ms",
    }


def side_by_side_main(args: argparse.Namespace) -> None:
    rows: dict[str, dict[str, str]] = {}
    for backend in chosen(args.backend):
        with bench_store(backend) as store:
            for figure, value in measure_any(store, args).items():
                rows.setdefault(figure, {})[backend] = value
    print(f"the service's store, {args.nodes:,} nodes; a 2,000-node coalition with 10,000 ties")
    side_by_side(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--gets", type=int, default=2_000)
    parser.add_argument("--backend", choices=CHOICES, default="falkordb")
    args = parser.parse_args()
    if args.backend != "falkordb":
        side_by_side_main(args)
        return
    rng = random.Random(7)
    data_dir = Path(tempfile.mkdtemp(prefix="cm-bench-", dir="/tmp"))
    server = EmbeddedServer(data_dir).start()
    try:
        vocabulary = load_vocabulary()
        store = GraphStore(FalkorBackend.embedded(server, "bench"), vocabulary)
        store.migrate()
        raw = FalkorBackend.embedded(server, "reference").graph  # the bare client
        raw.query("CREATE INDEX FOR (n:Node) ON (n.id)")
        raw.query("CREATE INDEX FOR ()-[r:COLLABORATES_WITH]-() ON (r.id)")

        print(f"embedded FalkorDB, {args.nodes:,} nodes and {args.ties:,} ties")
        # three batches each, taking turns, median reported: one batch swings by half on a shared machine
        ours_runs, reference_runs = [], []
        for batch in ("o", "p", "q"):  # the first batch's ids ("o…") are the ones linked below
            rows = org_rows(args.nodes, batch)
            ours_runs.append(timed(lambda: store.bulk_upsert_nodes("organisation", rows)))
            reference_rows = org_rows(args.nodes, batch)
            reference_runs.append(timed(lambda: raw.query(
                "UNWIND $rows AS row CREATE (n:Node:Organisation) SET n = row", {"rows": reference_rows})))
        ours, reference = statistics.median(ours_runs), statistics.median(reference_runs)
        print(f"bulk upsert nodes     {args.nodes / ours:>10,.0f} nodes/s  ({ours:.2f} s, median of 3 batches; bare "
              f"client {args.nodes / reference:,.0f} nodes/s, ratio {ours / reference:.2f}x)")

        ties = [{"from": f"o{rng.randrange(args.nodes)}", "to": f"o{rng.randrange(args.nodes)}",
                 "since": "2022-01-01", "intensity": "cooperation"} for _ in range(args.ties)]
        ours = timed(lambda: store.bulk_link("collaborates_with", ties))
        reference = timed(lambda: raw.query(
            "UNWIND $rows AS row MATCH (a:Node {id: row.from}) MATCH (b:Node {id: row.to}) "
            "CREATE (a)-[r:COLLABORATES_WITH]->(b) SET r.since = row.since, r.intensity = row.intensity",
            {"rows": ties}))
        print(f"bulk link ties        {args.ties / ours:>10,.0f} ties/s   ({ours:.2f} s; bare client "
              f"{args.ties / reference:,.0f} ties/s, ratio {ours / reference:.2f}x)")

        ids = [f"o{rng.randrange(args.nodes)}" for _ in range(args.gets)]
        ours_ms = [timed(lambda i=i: store.get_node(i)) * 1000 for i in ids]
        ref_ms = [timed(lambda i=i: raw.ro_query("MATCH (n:Node {id: $id}) RETURN n", {"id": i})) * 1000 for i in ids]
        print(f"single get            p50 {percentile(ours_ms, .5):.3f} ms  p95 {percentile(ours_ms, .95):.3f} ms"
              f"  (bare client p95 {percentile(ref_ms, .95):.3f} ms, ratio {percentile(ours_ms, .95) / percentile(ref_ms, .95):.2f}x)")

        build_coalition(store, rng)
        graph = store.coalition_subgraph("coal")
        card_types = sorted(store.vocabulary.relationship_kinds[k].type for k in store.vocabulary.card_tie_kinds)
        params = {"coalition": "coal", "as_of": dt.date.today().isoformat(), "card_types": card_types}
        query = params_header(params) + statement("coalition_subgraph")
        connection = store.backend.client.connection

        def reply_only() -> None:
            with gc_paused():
                connection.execute_command("GRAPH.RO_QUERY", store.backend.graph_name, query, "--compact")

        runs, floor_runs, ref_runs, database_ms = [], [], [], []
        for i in range(20):  # cold: every read follows a write, so the version-keyed cache cannot answer
            store.update_node("coalition", "coal", {"description": f"run {i}"})
            runs.append(timed(lambda: store.coalition_subgraph("coal")) * 1000)
            store.update_node("coalition", "coal", {"description": f"run {i}, again"})
            floor_runs.append(timed(reply_only) * 1000)
            # the same statement through the client's own parser, and the database's own share of it
            ref_runs.append(timed(lambda: store.backend.graph.ro_query(statement("coalition_subgraph"), params)) * 1000)
            database_ms.append(store.backend.graph.ro_query(statement("coalition_subgraph"), params).run_time_ms)
        warm = [timed(lambda: store.coalition_subgraph("coal")) * 1000 for _ in range(200)]
        print(f"coalition subgraph    p50 {percentile(runs, .5):.1f} ms  p95 {percentile(runs, .95):.1f} ms"
              f"  ({len(graph.nodes):,} nodes, {len(graph.ties):,} ties; bare client p50 "
              f"{percentile(ref_runs, .5):.1f} ms, ratio {percentile(runs, .5) / percentile(ref_runs, .5):.2f}x)")
        print(f"  of which database   p50 {percentile(database_ms, .5):.1f} ms  (FalkorDB's own execution time)")
        print(f"  reply alone         p50 {percentile(floor_runs, .5):.1f} ms  (execution, transfer and the C parser, "
              f"none of our code: the floor for this read here; ours is {percentile(runs, .5) / percentile(floor_runs, .5):.2f}x it)")
        print(f"  same, unchanged     p50 {percentile(warm, .5):.3f} ms  p95 {percentile(warm, .95):.3f} ms"
              "  (cached by graph version)")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
