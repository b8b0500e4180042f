"""Web application benchmark: the coordinator's pages with 300 synthetic coalitions loaded.

    python tools/benchmarks/web_benchmark.py [--coalitions 300] [--runs 100]

Requests go through the real ASGI app (session cookie, CSRF, the services, templates, the
embedded FalkorDB) as a signed-in coordinator of every synthetic coalition. Printed: server time
p50 and p95 of the coalition home (first visit of a coalition, when its analysis is computed, and
a second visit), a list page (25 partners of a coalition, filtered by domain) and a form post
(a partner's details changed: checked, written, its history line written, and the redirect).
Targets (web application issue): pages p95 < 100 ms, a post p95 < 150 ms. Next to each figure:
a store read of the same coalition in the same process, and the ratio.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
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

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coalitions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=100, help="at most a third of the coalitions")
    args = parser.parse_args()
    with bench_store("falkordb") as store:
        started = time.perf_counter()
        load(store, synthetic_coalitions(args.coalitions))
        gc.collect()
        counts = store.counts()
        print(f"{args.coalitions} synthetic coalitions: {sum(counts['nodes'].values()):,} nodes, "
              f"{sum(counts['ties'].values()):,} ties, loaded in {time.perf_counter() - started:.1f} s")
        data_dir = Path(tempfile.mkdtemp(prefix="cm-webb-", dir="/tmp"))
        settings = Settings(data_dir=data_dir, rate_limit_per_minute=0, signin_rate_limit_per_minute=0)
        client = TestClient(create_app(store, settings), base_url="http://127.0.0.1")
        ids = [f"syn-{i:04d}" for i in range(args.coalitions)]
        token = create_token(store, "coordinator", name="Benchmark", coalitions=ids)[0]
        assert client.post("/signin", data={"token": token}, follow_redirects=False).status_code == 303
        chosen = random.Random(5).sample(ids, min(3 * args.runs, len(ids)))
        homes, lists, posts = (chosen[i::3] for i in range(3))

        def page(path: str) -> str:
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
            return answer.text

        figures = []
        first = measure(lambda it=iter(homes): page(f"/app/coalitions/{next(it)}"), len(homes))
        again = measure(lambda it=iter(homes): page(f"/app/coalitions/{next(it)}"), len(homes))
        listed = measure(lambda it=iter(lists): page(f"/app/coalitions/{next(it)}/partners?domain=social"), len(lists))
        forms = [(c, HIDDEN.findall(page(f"/app/coalitions/{c}/partners/{c}-o001/edit"))) for c in posts]

        def post(it=iter(forms)) -> None:
            coalition, hidden = next(it)
            answer = client.post(f"/app/coalitions/{coalition}/partners/{coalition}-o001/edit", follow_redirects=False,
                                 data={**dict(hidden), "name": f"Organisatie {coalition} (gewijzigd)",
                                       "domain": "social", "organisation_type": "welfare"})
            assert answer.status_code == 303, answer.text[:500]

        posted = measure(post, len(forms))
        reference = measure(lambda it=iter(lists): store.coalition_subgraph(next(it)), len(lists))
        for name, samples, target in (("coalition home, first visit", first, 100),
                                      ("coalition home, again", again, 100),
                                      ("list page (25 partners)", listed, 100),
                                      ("form post (change a partner)", posted, 150)):
            figures.append(f"{name:<30} p50 {pct(samples, .5):6.1f} ms  p95 {pct(samples, .95):6.1f} ms  "
                           f"(target p95 < {target} ms; ratio to a store read of a coalition "
                           f"{pct(samples, .95) / pct(reference, .95):.1f}x)")
        print("\n".join(figures))
        print(f"store read of a coalition (reference)  p95 {pct(reference, .95):6.1f} ms")
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
