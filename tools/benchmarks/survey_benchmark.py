"""Partner survey benchmark: 200 partners answering at once through their personal links.

    python tools/benchmarks/survey_benchmark.py [--partners 200] [--workers 2] [--pause 0]

One synthetic coalition of `--partners` member organisations in a data folder, served by the real
`coalition-map serve --workers N` (uvicorn, embedded FalkorDB) on loopback, and one client per
partner, all at once: each opens her link, picks three members, answers a step about each, the
communities step and the offers step, and sends. `--pause` is the seconds a partner takes to
read and answer a step (0: machine speed, every partner clicking as fast as the service answers).

Printed: the server round trip per step (p50, p95, p99; target p95 < 300 ms), requests per second,
errors, the service's memory, and afterwards (with the service stopped and the database opened
again) the count of what was stored: every response sent, every answer kept, no answer lost. The
reference is the same walk by one partner alone, in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from backends import _free_port  # noqa: E402
from figures import percentile as pct  # noqa: E402
from load_driver import Connection, cpu_seconds, rss_mib, served  # noqa: E402
from graph_service.bootstrap import Services  # noqa: E402
from graph_service.config import Settings  # noqa: E402
from graph_service.services.principal import SYSTEM  # noqa: E402
from graph_service.store.factory import open_store  # noqa: E402
from seed_data.synthetic import load, synthetic_coalitions  # noqa: E402

COALITION = "syn-0000"
PICKED = re.compile(r'name="picked" value="([^"]+)"')


async def walk(port: int, link: str, rng: random.Random, pause: float, samples: dict[str, list[float]],
               errors: list[str]) -> None:
    """One partner's whole survey on one connection; each request's round trip goes to `samples`."""
    connection = Connection(port, {"Origin": f"http://127.0.0.1:{port}"})

    async def timed(step: str, method: str, path: str, form: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
        if pause:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * pause)
        start = time.perf_counter()
        answer = await connection.request(method, path, form=form)
        samples.setdefault(step, []).append((time.perf_counter() - start) * 1000)
        if answer.status >= 400:
            errors.append(f"{method} {path.split('/stap/')[-1]}: {answer.status}")
        return answer

    try:
        step = (await timed("open link", "GET", link)).headers["location"]
        first = await timed("members page", "GET", step)
        picks = rng.sample(PICKED.findall(first.text), 3)
        await timed("members", "POST", step, {"picked": picks})
        number = 2
        for _ in picks:
            await timed("tie", "POST", step.replace("/stap/1", f"/stap/{number}"),
                        {"tie_kind": "collaboration", "frequency": rng.choice(["weekly", "monthly"]),
                         "quality": str(rng.randint(1, 5)), "since": "2024-01-01"})
            number += 1
        for field in ("communities", "offers"):
            await timed(field, "POST", step.replace("/stap/1", f"/stap/{number}"), {field: []})
            number += 1
        sent = await timed("send", "POST", step.replace("/stap/1", f"/stap/{number}"), {})
        if sent.status != 303 or "sent=1" not in sent.headers.get("location", ""):
            errors.append(f"send: {sent.status}")
    finally:
        connection.close()


async def everyone(port: int, links: list[str], pause: float) -> tuple[dict[str, list[float]], list[str], float]:
    """Every partner's walk at once: the round trips by step, the errors, the seconds it took."""
    samples: dict[str, list[float]] = {}
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(walk(port, link, random.Random(i), pause, samples, errors) for i, link in enumerate(links)))
    return samples, errors, time.perf_counter() - started


def every_step(by_step: dict[str, list[float]]) -> list[float]:
    return [sample for figures in by_step.values() for sample in figures]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="server processes (serve --workers)")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds a partner takes per step (0: none)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cm-surveyb-", dir="/tmp"))
    try:
        settings = Settings(data_dir=data_dir)
        store = open_store(settings)
        try:
            load(store, synthetic_coalitions(1, organisations=args.partners))
            surveys = Services(store, settings).surveys  # its key is kept in the data folder, as serve reads it
            members = [m["id"] for m in surveys.members(SYSTEM, COALITION)]
            alone = surveys.start(SYSTEM, COALITION, "Referentie", "2099-01-01", members)
            round_ = surveys.start(SYSTEM, COALITION, "Benchmark", "2099-01-01", members)
            reference_link = f"/meting/{surveys.link_token(alone['id'], members[0])}"
            links = [f"/meting/{surveys.link_token(round_['id'], m)}" for m in members]
        finally:
            store.close()
        with served(data_dir, _free_port(), workers=args.workers) as service:
            reference = every_step(asyncio.run(everyone(service.port, [reference_link], 0.0))[0])
            before, driver_before = cpu_seconds(service.pids()), time.process_time()
            by_step, errors, seconds = asyncio.run(everyone(service.port, links, args.pause))
            samples = every_step(by_step)
            after, driver = cpu_seconds(service.pids()), time.process_time() - driver_before
            memory = rss_mib(service.pids())
        store = open_store(settings)  # after a stop: what was acknowledged is there
        try:
            surveys = Services(store, settings).surveys
            sent = sum(1 for r in surveys.responses(round_["id"]).values() if r["status"] == "sent")
            stored = len(surveys.answers_of(round_["id"]))
        finally:
            store.close()
        pace = f"a pause of about {args.pause:g} s per step" if args.pause else "no pause between steps"
        print(f"{len(links)} partners answering at once ({pace}), serve --workers {args.workers}: "
              f"{len(samples)} requests in {seconds:.1f} s ({len(samples) / seconds:.0f} requests/s), "
              f"errors: {len(errors)}")
        print(f"per step                  p50 {pct(samples, .5):6.1f} ms  p95 {pct(samples, .95):6.1f} ms  "
              f"p99 {pct(samples, .99):6.1f} ms  (target p95 < 300 ms)")
        for step, figures in by_step.items():
            print(f"  {step:<23} p50 {pct(figures, .5):6.1f} ms  p95 {pct(figures, .95):6.1f} ms")
        print(f"one partner alone         p50 {pct(reference, .5):6.1f} ms  p95 {pct(reference, .95):6.1f} ms  "
              f"(ratio p95 {pct(samples, .95) / pct(reference, .95):.1f}x)")
        used = {part: after[part] - before.get(part, 0.0) for part in after}
        print(f"CPU per request: service {used.get('service', 0) * 1000 / len(samples):.2f} ms, database "
              f"{used.get('database', 0) * 1000 / len(samples):.2f} ms, load driver {driver * 1000 / len(samples):.2f} ms "
              f"(two cores: {2 * seconds * 1000 / len(samples):.2f} ms per request available)")
        print(f"service memory (serve, workers, database): {memory:.0f} MiB")
        print(f"stored: {sent} of {len(links)} responses sent, {stored} of {3 * len(links)} answers kept")
        if errors:
            print("first errors:", errors[:5])
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
