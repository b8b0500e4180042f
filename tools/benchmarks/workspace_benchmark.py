"""Evaluator's workspace benchmark: the overview of 300 synthetic coalitions, charts included.

    python tools/benchmarks/workspace_benchmark.py [--coalitions 300] [--runs 20]

Requests go through the real ASGI app as an evaluator (bearer token): the overview page (every
coalition's figures now and at the last four quarter ends, a small chart per figure, the
bridging chart), first visit and again, and one coalition's page with its charts. Target
(evaluator workspace issue): the overview p95 < 500 ms server time. Reference in the same
process: the store read of one coalition, and the ratio.
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

from api_benchmark import measure, pct  # noqa: E402
from backends import bench_store  # noqa: E402
from graph_service.api.app import create_app  # noqa: E402
from graph_service.config import Settings  # noqa: E402
from graph_service.services.tokens import create_token  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with bench_store("falkordb") as store:
        started = time.perf_counter()
        load(store, synthetic_coalitions(args.coalitions))
        gc.collect()
        print(f"{args.coalitions} synthetic coalitions loaded in {time.perf_counter() - started:.1f} s")
        data_dir = Path(tempfile.mkdtemp(prefix="cm-wsb-", dir="/tmp"))
        client = TestClient(create_app(store, Settings(data_dir=data_dir, rate_limit_per_minute=0)),
                            base_url="http://127.0.0.1")
        headers = {"Authorization": f"Bearer {create_token(store, 'evaluator', name='Benchmark')[0]}"}

        def page(path: str) -> str:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, (path, answer.status_code)
            return answer.text

        t0 = time.perf_counter()
        first = page("/app/evaluatie")
        first_ms = (time.perf_counter() - t0) * 1000
        rows = first.count('class="utrecht-table__header-cell" scope="row"')
        again = measure(lambda: page("/app/evaluatie?sort=bridging_index"), args.runs)
        ids = random.Random(3).sample([f"syn-{i:04d}" for i in range(args.coalitions)], args.runs)
        coalition = measure(lambda it=iter(ids): page(f"/app/evaluatie/{next(it)}"), len(ids))
        reference = measure(lambda it=iter(ids): store.coalition_subgraph(next(it)), len(ids))
        print(f"overview rows: {rows} coalitions, {first.count('<svg')} charts on the page")
        print(f"overview, first visit            {first_ms:8.1f} ms  (every figure computed at 5 dates)")
        print(f"overview, again                  p50 {pct(again, .5):6.1f} ms  p95 {pct(again, .95):6.1f} ms  "
              f"(target p95 < 500 ms; {pct(again, .95) / pct(reference, .95):.0f}x a store read of a coalition)")
        print(f"a coalition's charts page        p50 {pct(coalition, .5):6.1f} ms  p95 {pct(coalition, .95):6.1f} ms")
        print(f"store read of a coalition (reference)  p95 {pct(reference, .95):6.1f} ms")
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
