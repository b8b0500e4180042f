"""Partner survey benchmark: 200 partners answering at once through their personal links.

    python tools/benchmarks/survey_benchmark.py [--partners 200]

One synthetic coalition of `--partners` member organisations on the embedded FalkorDB, the real
service under uvicorn on loopback, and one HTTP client per partner, all at once: each opens her
link, picks three members, answers a step about each, the communities step, the offers step, and
sends; the clients run in a process of their own. Printed: the server round trip per step (p50, p95, p99; target p95 < 300 ms), requests per
second, errors, and afterwards the count of what was stored (every response sent, every answer
kept: no answer lost). The reference is the same walk by one partner alone, in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_benchmark import pct  # noqa: E402
from backends import _free_port, bench_store  # noqa: E402
from graph_service.api.app import create_app  # noqa: E402
from graph_service.bootstrap import Services  # noqa: E402
from graph_service.config import Settings  # noqa: E402
from graph_service.services.principal import SYSTEM  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402

COALITION = "syn-0000"
PICKED = re.compile(r'name="picked" value="([^"]+)"')


async def walk(client: httpx.AsyncClient, link: str, rng: random.Random, samples: list[float],
               errors: list[str]) -> None:
    """One partner's whole survey; each request's round trip goes to `samples`."""
    async def timed(method: str, url: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        answer = await client.request(method, url, **kwargs)
        samples.append((time.perf_counter() - start) * 1000)
        if answer.status_code >= 400:
            errors.append(f"{method} {url.split('/stap/')[-1]}: {answer.status_code}")
        return answer

    first = await timed("GET", link, follow_redirects=True)
    step = str(first.url)
    others = PICKED.findall(first.text)
    picks = rng.sample(others, 3)
    answer = await timed("POST", step, data={"picked": picks}, follow_redirects=False)
    number = 2
    for _ in picks:
        url = step.replace("/stap/1", f"/stap/{number}")
        await timed("POST", url, data={"tie_kind": "collaboration", "frequency": rng.choice(["weekly", "monthly"]),
                                       "quality": str(rng.randint(1, 5)), "since": "2024-01-01"}, follow_redirects=False)
        number += 1
    for field in ("communities", "offers"):
        await timed("POST", step.replace("/stap/1", f"/stap/{number}"), data={field: []}, follow_redirects=False)
        number += 1
    answer = await timed("POST", step.replace("/stap/1", f"/stap/{number}"), data={}, follow_redirects=False)
    if answer.status_code != 303 or "sent=1" not in answer.headers.get("location", ""):
        errors.append(f"send: {answer.status_code}")


def drive(base_url: str, links: list[str], out: Any) -> None:
    """The clients, in a process of their own: they do not share the server's interpreter."""
    out.put(asyncio.run(everyone(base_url, links)))


def driven(base_url: str, links: list[str]) -> tuple[list[float], list[str], float]:
    queue: Any = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=drive, args=(base_url, links, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


async def everyone(base_url: str, links: list[str]) -> tuple[list[float], list[str], float]:
    samples: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=len(links) + 10, max_keepalive_connections=len(links) + 10)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60,
                                 headers={"Origin": base_url}) as client:
        started = time.perf_counter()
        await asyncio.gather(*(walk(client, link, random.Random(i), samples, errors) for i, link in enumerate(links)))
        return samples, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=200)
    args = parser.parse_args()
    with bench_store("falkordb") as store:
        load(store, synthetic_coalitions(1, organisations=args.partners))
        data_dir = Path(tempfile.mkdtemp(prefix="cm-surveyb-", dir="/tmp"))
        settings = Settings(data_dir=data_dir, rate_limit_per_minute=0, signin_rate_limit_per_minute=0,
                            auth_failure_limit_per_minute=0)
        services = Services(store, settings)
        app = create_app(store, settings, services)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               access_log=False))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.02)
        base_url = f"http://127.0.0.1:{port}"
        members = [m["id"] for m in services.surveys.members(SYSTEM, COALITION)]
        surveys = services.surveys
        alone = surveys.start(SYSTEM, COALITION, "Referentie", "2099-01-01", members)
        reference, _, _ = driven(base_url, [f"/meting/{surveys.link_token(alone['id'], members[0])}"])
        round_ = surveys.start(SYSTEM, COALITION, "Benchmark", "2099-01-01", members)
        links = [f"/meting/{surveys.link_token(round_['id'], m)}" for m in members]
        samples, errors, seconds = driven(base_url, links)
        responses = surveys.responses(round_["id"])
        sent = sum(1 for r in responses.values() if r["status"] == "sent")
        stored = len(surveys.answers_of(round_["id"]))
        print(f"{len(links)} partners answering at once: {len(samples)} requests in {seconds:.1f} s "
              f"({len(samples) / seconds:.0f} requests/s), errors: {len(errors)}")
        print(f"per step                  p50 {pct(samples, .5):6.1f} ms  p95 {pct(samples, .95):6.1f} ms  "
              f"p99 {pct(samples, .99):6.1f} ms  (target p95 < 300 ms)")
        print(f"one partner alone         p50 {pct(reference, .5):6.1f} ms  p95 {pct(reference, .95):6.1f} ms  "
              f"(ratio p95 {pct(samples, .95) / pct(reference, .95):.1f}x)")
        print(f"stored: {sent} of {len(links)} responses sent, {stored} of {3 * len(links)} answers kept")
        if errors:
            print("first errors:", errors[:5])
        server.should_exit = True
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
