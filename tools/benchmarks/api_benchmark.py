"""API benchmark: the coordinator's overview and a list page with 300 synthetic coalitions loaded.

    python tools/benchmarks/api_benchmark.py [--coalitions 300] [--runs 200] [--backend falkordb|neo4j|both]

Requests go through the real ASGI app (authentication, GraphQL, DataLoaders, store) on the
embedded FalkorDB, or on Neo4j 5.26 (`--backend neo4j`), or on each in one process with the
figures side by side (`--backend both`). Targets (coordinator API issue): overview p95 < 50 ms,
list page p95 < 20 ms. Next to each figure: the same store read without GraphQL, so the ratio
shows the API's own cost.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from backends import CHOICES, bench_store, chosen, side_by_side  # noqa: E402
from graph_service.api.app import create_app  # noqa: E402
from graph_service.config import Settings  # noqa: E402
from graph_service.domain.vocabulary import load_vocabulary  # noqa: E402
from graph_service.services.tokens import create_token  # noqa: E402
from graph_service.store.graph_store import GraphStore  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402

OVERVIEW = """query($id: ID!) { coalitionOverview(coalitionId: $id) { members byDomain { value count }
  byLevel { value count } byPhase { value count } interventionsByPhase { value count }
  tiesBetweenDomains { a b count } } }"""
PAGE = """query($id: ID!) { organisations(first: 25, filter: {coalition: $id, domain: SOCIAL}) {
  edges { cursor node { id name ... on Organisation { domain organisationType phases } } } pageInfo { hasNextPage } } }"""


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure_api(store: GraphStore, args: argparse.Namespace) -> dict[str, str]:
    started = time.perf_counter()
    load(store, synthetic_coalitions(args.coalitions))
    gc.collect()
    counts = store.counts()
    print(f"{store.backend.name}: {args.coalitions} synthetic coalitions: {sum(counts['nodes'].values()):,} nodes, "
          f"{sum(counts['ties'].values()):,} ties, loaded in {time.perf_counter() - started:.1f} s")
    data_dir = Path(tempfile.mkdtemp(prefix="cm-apib-", dir="/tmp"))
    client = TestClient(create_app(store, Settings(data_dir=data_dir, rate_limit_per_minute=0)))  # the API, not the limit
    token = create_token(store, "admin")[0]
    headers = {"Authorization": f"Bearer {token}"}
    # every request asks for a coalition not asked before, so no cache answers: cold figures;
    # the store-only reference reads other coalitions for the same reason
    order = random.Random(3).sample(range(args.coalitions), min(2 * args.runs, args.coalitions))
    ids = [f"syn-{i:04d}" for i in order[: len(order) // 2]]
    other_ids = [f"syn-{i:04d}" for i in order[len(order) // 2:]]
    it = iter(ids)

    def post(query: str) -> None:
        response = client.post("/graphql", json={"query": query, "variables": {"id": next(it)}}, headers=headers)
        assert response.status_code == 200 and "errors" not in response.json(), response.text

    client.post("/graphql", json={"query": "{ me { role } }"}, headers=headers)  # warm up
    figures = {}
    for query, name, target in ((OVERVIEW, "coalition overview", 50), (PAGE, "list page (25 of a coalition)", 20)):
        it = iter(ids)
        samples = measure(lambda: post(query), len(ids))
        it2 = iter(other_ids)
        if query is OVERVIEW:
            reference = measure(lambda: store.coalition_subgraph(next(it2)), len(other_ids))
        else:
            reference = measure(lambda: store.list_nodes("organisation", coalition=next(it2),
                                                         filters={"domain": "social"}, first=25), len(other_ids))
        print(f"{name:<30} p50 {pct(samples, .5):6.1f} ms  p95 {pct(samples, .95):6.1f} ms  (target p95 < {target} ms;"
              f" store read alone p95 {pct(reference, .95):.1f} ms, ratio {pct(samples, .95) / pct(reference, .95):.2f}x)")
        figures[f"{name} p95"] = f"{pct(samples, .95):.1f} ms"
    shutil.rmtree(data_dir, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=150, help="at most half the coalitions")
    parser.add_argument("--backend", choices=CHOICES, default="falkordb")
    args = parser.parse_args()
    rows: dict[str, dict[str, str]] = {}
    for backend in chosen(args.backend):
        with bench_store(backend) as store:
            for figure, value in measure_api(store, args).items():
                rows.setdefault(figure, {})[backend] = value
    if args.backend == "both":
        side_by_side(rows)


if __name__ == "__main__":
    main()
