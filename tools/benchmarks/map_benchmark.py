"""Map benchmark: HTML generation of a 500-node coalition map and the time until the page is
interactive in headless Chromium. Prints figures, asserts nothing.

    python tools/benchmarks/map_benchmark.py [--organisations 160] [--runs 10]

Figures (targets from the maps issue):
  HTML generation of the coalition map (with the gap overlay), p50 / max  (target < 300 ms)
  time until interactive in headless Chromium (navigation to first drawn frame), p50 / max
                                                                            (target < 2 s)
References in the same process: the analysis the map is drawn from (not part of the page time,
it is cached per graph version), serialising the same nodes and edges as bare JSON, and loading an
empty page in the same browser.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from falkordb import FalkorDB

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph_service.domain.vocabulary import load_vocabulary  # noqa: E402
from graph_service.maps import layout  # noqa: E402
from graph_service.maps.coalition_map import render_coalition_map  # noqa: E402
from graph_service.services.coalition_analysis import AnalysisService  # noqa: E402
from graph_service.services.network import NetworkService  # noqa: E402
from graph_service.services.principal import SYSTEM  # noqa: E402
from graph_service.store.embedded_server import EmbeddedServer  # noqa: E402
from graph_service.store.falkordb_backend import FalkorBackend  # noqa: E402
from graph_service.store.graph_store import GraphStore  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_until_ready(browser, html: str, csp: str) -> float:
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.route("**/*", lambda route: route.fulfill(status=200, body=html, headers={
        "content-type": "text/html; charset=utf-8", "content-security-policy": csp})
        if route.request.url == "http://bench.test/" else route.abort())
    started = time.perf_counter()
    tab.goto("http://bench.test/")
    tab.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    elapsed = time.perf_counter() - started
    tab.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=160)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cm-bench-", dir="/tmp"))
    server = EmbeddedServer(data_dir).start()
    try:
        backend = FalkorBackend(FalkorDB(unix_socket_path=str(server.socket_path)), "maps", name="falkordb-embedded")
        store = GraphStore(backend, load_vocabulary())
        store.migrate()
        load(store, synthetic_coalitions(1, organisations=args.organisations, seed=3))
        coalition = "syn-0000"
        network = NetworkService(store)
        started = time.perf_counter()
        analysis = AnalysisService(network).analyse(SYSTEM, coalition)
        analysed = time.perf_counter() - started
        graph = store.coalition_subgraph(coalition)
        render_coalition_map(store.vocabulary, graph.nodes, graph.ties, analysis, overlay=True)  # warm-up
        times, again, page = [], [], None
        for _ in range(args.runs):
            layout.forget_layouts()  # every run lays the map out, as the first request after a change does
            t0 = time.perf_counter()
            page = render_coalition_map(store.vocabulary, graph.nodes, graph.ties, analysis, overlay=True)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            render_coalition_map(store.vocabulary, graph.nodes, graph.ties, analysis, overlay=True)
            again.append(time.perf_counter() - t0)
        data = json.loads(page.html.split('id="map-data">')[1].split("</script>")[0])
        t0 = time.perf_counter()
        json.dumps({"nodes": data["nodes"], "edges": data["edges"]})
        bare = time.perf_counter() - t0
        print(f"coalition map: {len(data['nodes'])} nodes, {len(data['edges'])} edges, page {len(page.html) / 1e6:.2f} MB")
        print(f"reference: analysis of the coalition {analysed * 1000:7.1f} ms (cached per graph version)")
        print(f"reference: bare JSON of nodes and edges {bare * 1000:7.1f} ms")
        p50 = statistics.median(times)
        print(f"HTML generation p50 {p50 * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms "
              f"({p50 / bare:.0f}x bare JSON; target < 300 ms)")
        print(f"HTML generation of a map laid out before p50 {statistics.median(again) * 1000:7.1f} ms")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            empty = "<!DOCTYPE html><title>x</title><body data-ready=\"1\"></body>"
            reference = statistics.median(open_until_ready(browser, empty, "default-src 'none'") for _ in range(3))
            loads = [open_until_ready(browser, page.html, page.csp) for _ in range(max(3, args.runs // 2))]
            browser.close()
        print(f"reference: empty page in the same browser {reference * 1000:7.1f} ms")
        print(f"time until interactive in Chromium p50 {statistics.median(loads) * 1000:7.1f} ms  "
              f"max {max(loads) * 1000:7.1f} ms (target < 2 s)")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
