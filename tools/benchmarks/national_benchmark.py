"""National-scale benchmark: a country's coalitions and family cards on one machine, served by the
real `coalition-map serve --workers N` and driven over loopback.

    python tools/benchmarks/national_benchmark.py [--coalitions 300] [--families 200000]
        [--clients 64] [--seconds 30] [--workers 2]

Seeded data, loaded with the project's own bulk paths (`bulk_upsert_nodes`, `bulk_link`, the
card store's `bulk_add_items`): `--coalitions` coalitions of 130 member organisations (two
professionals each, communities, offers) and `--families` family cards spread over them (two
parents, five people of their own network, three professionals, two risk factors each). Then the
database is stopped and `serve` started on the data: printed are the seconds until `/healthz`
answers and until `/readyz` says ready (a restart at this size).

The load driver (tools/benchmarks/load_driver.py) runs in this process, one keep-alive
connection per client, for a bounded time:
- one client, each request kind alone: the reference;
- 8 clients each reading every coalition's overview and analysis: the cold reads of a service
  that has just started, after which each server process has every coalition in memory, as a
  service that has run for a while has (a write keeps the coalitions it does not touch there);
- 8 clients reading family cards, then 8 reading coalition overviews;
- `--clients` clients, mixed: 80% reads (a worker's family card 40%, a coalition overview 15%, a
  page of a coalition's organisations 20%, an analysis 5%) and 20% writes (a partner's description
  10%, a person's support on a family card 10%).
Printed per request kind: requests per second, p50/p95/p99, errors; overall; and the memory and
CPU of the service (server processes and their compute processes) and of the database.
Targets: >= 500 requests/s overall with p99 < 250 ms and 0 errors at 64 clients; family card p95
< 15 ms and overview p95 < 50 ms with 8 clients; /healthz < 1 s and ready < 30 s after a start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from backends import _free_port  # noqa: E402
from card_benchmark import load_families  # noqa: E402
from figures import percentile as pct  # noqa: E402
from load_driver import Connection, cpu_seconds, rss_by_part, served  # noqa: E402
from graph_service.config import Settings  # noqa: E402
from graph_service.services.tokens import create_token  # noqa: E402
from graph_service.store.card_store import CardStore  # noqa: E402
from graph_service.store.factory import open_store  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402

ORGANISATIONS = 130
CARD = 'query($id: ID!) { familyCard(familyId: $id) { family { id stage } people { node { id kind } informal support { ring } } signals { rule } } }'
OVERVIEW = """query($id: ID!) { coalitionOverview(coalitionId: $id) { members byDomain { value count }
  byLevel { value count } byPhase { value count } interventionsByPhase { value count }
  tiesBetweenDomains { a b count } } }"""
PAGE = """query($id: ID!) { organisations(first: 25, filter: {coalition: $id, domain: SOCIAL}) {
  edges { cursor node { id name ... on Organisation { domain organisationType phases } } } pageInfo { hasNextPage } } }"""
ANALYSIS = 'query($id: ID!) { analysis(coalitionId: $id) { partners ties findings { rule severity } } }'
WRITE_PARTNER = 'mutation($id: ID!, $d: String!) { updateOrganisation(id: $id, patch: {description: $d}) { __typename } }'
WRITE_CARD = """mutation($f: ID!, $p: ID!, $n: Int!) { updateSupport(familyId: $f, personId: $p, support: {emotional: $n}) {
  __typename } }"""
MIX = {"family card": 40, "coalition overview": 15, "organisations page": 20, "analysis": 5,
       "write: partner": 10, "write: family card": 10}


@dataclass
class Plan:
    """What the clients need: tokens and ids, made while the data was loaded."""

    coalitions: int
    admin: str
    cards: list[tuple[str, str]]  # (a worker's token, one of her families)

    def request(self, kind: str, rng: random.Random) -> tuple[dict, str]:
        coalition = f"syn-{rng.randrange(self.coalitions):04d}"
        token, family = rng.choice(self.cards)
        if kind == "family card":
            return {"query": CARD, "variables": {"id": family}}, token
        if kind == "write: family card":
            return {"query": WRITE_CARD, "variables": {"f": family, "p": f"{family}-p0", "n": rng.randint(0, 2)}}, token
        if kind == "write: partner":
            return {"query": WRITE_PARTNER, "variables": {"id": f"{coalition}-o{rng.randrange(ORGANISATIONS):03d}",
                                                          "d": f"bijgewerkt {rng.random():.6f}"}}, self.admin
        query = {"coalition overview": OVERVIEW, "organisations page": PAGE, "analysis": ANALYSIS}[kind]
        return {"query": query, "variables": {"id": coalition}}, self.admin


def build(data_dir: Path, args: argparse.Namespace) -> Plan:
    store = open_store(Settings(data_dir=data_dir))
    try:
        started = time.perf_counter()
        data = synthetic_coalitions(args.coalitions, organisations=ORGANISATIONS)
        load(store, data)
        staff: dict[str, list[str]] = defaultdict(list)
        for professional in data["nodes"]["professional"]:
            staff[professional["id"][:8]].append(professional["id"])  # "syn-0000-o000-p0" -> "syn-0000"
        homes = sorted(staff.items())
        workers = load_families(store, args.families, random.Random(11), homes, "fam-{:06d}")
        counts = store.counts()
        print(f"loaded in {time.perf_counter() - started:.0f} s with the bulk paths: {args.coalitions} coalitions, "
              f"{args.families:,} families; {sum(counts['nodes'].values()):,} nodes, "
              f"{sum(counts['ties'].values()):,} ties", flush=True)
        families_of: dict[str, list[str]] = defaultdict(list)
        for family, professional in workers.items():
            families_of[professional].append(family)
        chosen = random.Random(5).sample(sorted(families_of), 200)
        tokens = {p: create_token(store, "worker", professional=p)[0] for p in chosen}
        cards = [(tokens[p], f) for p in chosen for f in families_of[p]]
        return Plan(args.coalitions, create_token(store, "admin")[0], cards)
    finally:
        store.close()


async def timed_post(connection: Connection, kind: str, body: dict, token: str,
                     samples: dict[str, list[float]]) -> None:
    """One GraphQL request: its round trip in ms under `kind`, a failure under 'errors: <kind>'."""
    started = time.perf_counter()
    answer = await connection.request("POST", "/graphql", json_body=json.dumps(body).encode(),
                                      headers={"Authorization": f"Bearer {token}"})
    samples[kind].append((time.perf_counter() - started) * 1000)
    if answer.status != 200 or b'"errors"' in answer.body:
        samples[f"errors: {kind}"].append(answer.status)


async def drive(port: int, plan: Plan, kinds: dict[str, int], clients: int, seconds: float,
                runs: int | None = None) -> dict[str, list[float]]:
    """`clients` connections sending requests of `kinds` (by weight) until `seconds` pass (or each
    has sent `runs`); latencies in ms by kind, and errors under 'errors: <kind>'."""
    samples: dict[str, list[float]] = defaultdict(list)
    deadline = time.monotonic() + seconds
    names, weights = list(kinds), list(kinds.values())

    async def client(number: int) -> None:
        rng = random.Random(number)
        connection = Connection(port)
        sent = 0
        try:
            while time.monotonic() < deadline and (runs is None or sent < runs):
                kind = rng.choices(names, weights)[0]
                await timed_post(connection, kind, *plan.request(kind, rng), samples)
                sent += 1
        finally:
            connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return samples


async def first_reads(port: int, plan: Plan, clients: int) -> dict[str, list[float]]:
    """Every coalition's overview and analysis asked by each of `clients` connections (in its own
    order), so every server process has read every coalition once: the cold reads of a service
    that has just started, and afterwards the warm state of one that has run for a while."""
    samples: dict[str, list[float]] = defaultdict(list)

    async def client(number: int) -> None:
        order = [f"syn-{i:04d}" for i in range(plan.coalitions)]
        random.Random(number).shuffle(order)
        connection = Connection(port)
        try:
            for coalition in order:
                for kind, query in (("coalition overview", OVERVIEW), ("analysis", ANALYSIS)):
                    await timed_post(connection, kind, {"query": query, "variables": {"id": coalition}}, plan.admin,
                                     samples)
        finally:
            connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return samples


def report(title: str, samples: dict[str, list[float]], seconds: float) -> None:
    print(f"\n{title}")
    total = sum(len(v) for k, v in samples.items() if not k.startswith("errors"))
    everything = [x for k, v in samples.items() if not k.startswith("errors") for x in v]
    for kind in [k for k in MIX if k in samples]:
        values = samples[kind]
        print(f"  {kind:<20} {len(values) / seconds:7.1f} req/s  p50 {pct(values, .5):7.1f} ms  p95 "
              f"{pct(values, .95):7.1f} ms  p99 {pct(values, .99):7.1f} ms  errors {len(samples.get(f'errors: {kind}', []))}")
    errors = sum(len(v) for k, v in samples.items() if k.startswith("errors"))
    print(f"  {'overall':<20} {total / seconds:7.1f} req/s  p50 {pct(everything, .5):7.1f} ms  p95 "
          f"{pct(everything, .95):7.1f} ms  p99 {pct(everything, .99):7.1f} ms  errors {errors}")


def floor(data_dir: Path, plan: Plan, alone: dict[str, list[float]]) -> None:
    """What the database alone needs for a card and for a coalition's network (one client, read
    here through the store, attached to the service's database), and the service's ratio to it."""
    store = open_store(Settings(data_dir=data_dir), allow_attach=True)
    try:
        cards, coalitions = CardStore(store), [f"syn-{i:04d}" for i in random.Random(9).sample(range(plan.coalitions),
                                                                                            min(30, plan.coalitions))]
        card_times, network_times = [], []
        for (_, family), coalition in zip(random.Random(8).sample(plan.cards, len(coalitions)), coalitions):
            started = time.perf_counter()
            cards.read(family)
            card_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            store.coalition_subgraph(coalition)  # not read before in this process: a cold read
            network_times.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    print("\nfloor, the database alone (one client, through the store):")
    for label, times, kind in (("a family card", card_times, "family card"),
                               ("a coalition's network", network_times, "coalition overview")):
        print(f"  {label:<22} p50 {pct(times, .5):6.1f} ms  p95 {pct(times, .95):6.1f} ms; the service's {kind} "
              f"alone p50 {pct(alone[kind], .5):.1f} ms: ratio {pct(alone[kind], .5) / pct(times, .5):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--families", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cm-nat-", dir="/tmp"))
    try:
        plan = build(data_dir, args)
        with served(data_dir, _free_port(), workers=args.workers) as service:
            print(f"restart on this data: /healthz answered after {service.alive_after:.2f} s (target < 1 s), "
                  f"ready after {service.ready_after:.1f} s (target < 30 s)")
            port = service.port
            asyncio.run(drive(port, plan, {k: 1 for k in MIX}, 1, 10, runs=60))  # warm: first use of each path
            alone: dict[str, list[float]] = {}
            for kind in MIX:
                alone.update(asyncio.run(drive(port, plan, {kind: 1}, 1, 30, runs=30)))
            report("one client, each kind alone (the reference)", alone, 1.0)
            started = time.monotonic()
            first = asyncio.run(first_reads(port, plan, 8))
            report(f"8 clients reading every coalition's overview and analysis in turn: the first read of each "
                   f"coalition by each server process is cold ({time.monotonic() - started:.0f} s)", first,
                   time.monotonic() - started)
            for kind in ("family card", "coalition overview"):
                eight = asyncio.run(drive(port, plan, {kind: 1}, 8, 10))
                report(f"8 clients, {kind} only (targets: card p95 < 15 ms, overview p95 < 50 ms)", eight, 10)
            before = cpu_seconds(service.pids())
            started = time.monotonic()
            mixed = asyncio.run(drive(port, plan, MIX, args.clients, args.seconds))
            elapsed = time.monotonic() - started
            after = cpu_seconds(service.pids())
            report(f"{args.clients} clients, mixed 80% reads / 20% writes, {elapsed:.0f} s "
                   f"(targets: >= 500 req/s, p99 < 250 ms, 0 errors)", mixed, elapsed)
            cores = {part: (after[part] - before.get(part, 0.0)) / elapsed for part in after}
            floor(data_dir, plan, alone)
            memory = rss_by_part(service.pids())
            print(f"\nmemory: service {memory.get('service', 0) + memory.get('compute', 0):.0f} MiB "
                  f"(server processes {memory.get('service', 0):.0f}, compute processes {memory.get('compute', 0):.0f}), "
                  f"database {memory.get('database', 0):.0f} MiB")
            print("cores busy during the mixed run: " + ", ".join(f"{part} {value:.2f}" for part, value in
                                                                   sorted(cores.items()) if part != "gone"))
            served_count = sum(len(v) for k, v in mixed.items() if not k.startswith("errors"))
            per_request = {part: (after[part] - before.get(part, 0.0)) * 1000 / served_count for part in after
                           if part != "gone"}
            spent = sum(per_request.values())
            print("CPU per request in the mixed run: " + ", ".join(f"{part} {ms:.2f} ms" for part, ms in
                                                                     sorted(per_request.items()))
                  + f"; at that cost two cores serve at most {2000 / spent:.0f} requests/s (the load driver's "
                    f"own share not counted)")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
