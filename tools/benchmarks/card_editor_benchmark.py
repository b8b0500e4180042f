"""Card editor benchmark on the embedded FalkorDB: prints figures, asserts nothing.

    python tools/benchmarks/card_editor_benchmark.py [--families 10000] [--actions 150]

Loads the demo coalition and N synthetic families (as the card benchmark does), then, as each
family's assigned worker, runs the editor's actions the way a page post does (access check, the
card read to notice changes made meanwhile, the change through its use case with its audit line,
the undo step kept on the card). Figures (targets from the card editor issue):
  add person / move / set support p50 / p95          (target p95 < 50 ms each)
  card SVG for 40 people: the drawing model and its HTML, p50 / p95
Reference in the same process: one node read by id through the store.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from backends import bench_store  # noqa: I001 - sibling modules of this script
from card_benchmark import load_families, ms
from figures import percentile
from graph_service.domain.family_card import Card, CardPerson
from graph_service.services.audit import AuditLog
from graph_service.services.card_editor import CardEditor
from graph_service.services.demo import load_demo
from graph_service.services.principal import Principal, Role
from graph_service.web.card_svg import svg_card, star_points
from graph_service.web.rendering import ENVIRONMENT
from graph_service.web.texts import texts

AREAS = ["household", "family", "friends", "neighbours", "work_school", "community", "volunteer_organisation"]


def line(name: str, times: list[float], reference: float, target: str) -> str:
    p95 = percentile(times, 0.95)
    return (f"{name:<34} p50 {ms(percentile(times, 0.5))}  p95 {ms(p95)}  ({p95 / reference:.0f}x reference; "
            f"target {target})")


def forty_people() -> Card:
    card = Card(family={"id": "f", "label": "Gezin Veertig"}, as_of="2026-11-29")
    for i in range(40):
        informal = i < 24
        node = {"id": f"p{i}", "kind": "network_person" if informal else "professional", "name": f"Persoon {i}",
                "life_area": AREAS[i % len(AREAS)], "domain": None if informal else ("medical", "social")[i % 2]}
        card.people.append(CardPerson(node, {"ring": 1 + i % 3, "emotional": i % 3, "practical": (i + 1) % 3}))
    return card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=150)
    args = parser.parse_args()
    rng = random.Random(21)
    audit_dir = Path(tempfile.mkdtemp(prefix="cm-bench-audit-", dir="/tmp"))
    with bench_store("falkordb", "cards") as store:
        audit = AuditLog.in_data_dir(audit_dir)
        load_demo(store, audit)
        workers = load_families(store, args.families, rng)
        print(f"synthetic families: {args.families:,} loaded")
        editor = CardEditor(store, audit)
        sample = rng.sample(sorted(workers), min(args.actions, len(workers)))
        timings: dict[str, list[float]] = {"add": [], "move": [], "support": [], "reference": []}
        for number, fid in enumerate(sample):
            worker = Principal(f"tok-{workers[fid]}", "worker", Role.WORKER, professional=workers[fid])
            editor.consent_to_draw(worker, fid, given=True)
            t0 = time.perf_counter()
            store.get_node(fid)
            t1 = time.perf_counter()
            view = editor.quick_add(worker, fid, {"name": f"oma {number}", "life_area": "family"}, {"ring": 2})
            t2 = time.perf_counter()
            added = next(p for p in view.card.people if p.name == f"oma {number}")
            editor.change_person(worker, fid, added.id, {"ring": 1}, {"ring": "2"})
            t3 = time.perf_counter()
            editor.change_person(worker, fid, added.id, {"emotional": 2}, {"emotional": ""})
            t4 = time.perf_counter()
            if number >= 10:  # the first actions warm parsers and caches up
                for key, took in (("reference", t1 - t0), ("add", t2 - t1), ("move", t3 - t2), ("support", t4 - t3)):
                    timings[key].append(took)
        reference = percentile(timings["reference"], 0.95)
        print(f"{'reference: node by id':<34} p50 {ms(percentile(timings['reference'], 0.5))}  p95 {ms(reference)}")
        print(line("add person (quick add)", timings["add"], reference, "p95 < 50 ms"))
        print(line("move to another ring", timings["move"], reference, "p95 < 50 ms"))
        print(line("set support", timings["support"], reference, "p95 < 50 ms"))
        card, t = forty_people(), texts("nl")
        template = ENVIRONMENT.get_template("card_svg.html").module.card_svg  # type: ignore[attr-defined]
        renders = []
        for _ in range(60):
            t0 = time.perf_counter()
            template(svg_card(card, store.vocabulary, t, "nl"), t, lambda pid: f"?persoon={pid}", star_points)
            renders.append(time.perf_counter() - t0)
        print(line("card SVG, 40 people", renders[10:], reference, "none; drawn on every editor page"))
        print(f"audit log: {len(audit.events()):,} events, chain intact: {audit.verify().ok}")
    shutil.rmtree(audit_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
