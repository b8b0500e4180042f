"""Evaluator aggregates over family cards: the shares, with every small cell suppressed."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_service.domain.errors import ValidationError
from tests.conftest import load_demo_snapshot
from graph_service.services.evaluation import EvaluationService, quarter_end
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM

C1 = "kansrijk-dijkhaven"
#: a quarter end after today: the demo families joined their coalition today
QUARTER = quarter_end(None, dt.date.today() + dt.timedelta(days=92))


def families(store, count: int, *, coordinated: int, emotional: int, connected: int) -> None:
    """`count` families; the first ones get a coordinator, informal emotional support, and a
    midwife and a neighbourhood team worker whose organisations work together."""
    for i in range(count):
        fid = f"fam-{i:02d}"
        store.create_node("family", {"id": fid, "label": f"Gezin {i}"})
        store.link("belongs_to", fid, C1, {"since": "2024-01-01"})
        if i < coordinated:
            store.link("coordinates", "prof-046", fid, {"since": "2024-01-01"})
        if i < emotional:
            store.create_node("informal_supporter", {"id": f"oma-{i}", "name": "oma"})
            store.link("supports", f"oma-{i}", fid, {"since": "2024-01-01", "emotional": 2, "ring": 1})
        if i < connected:
            store.link("assigned_to", "prof-001", fid, {"since": "2024-01-01"})  # midwife at vp-noord
            store.link("assigned_to", "prof-046", fid, {"since": "2024-01-01"})  # worker at wt-noord


@pytest.fixture
def evaluation(store, audit):
    load_demo_snapshot(store, audit)
    return EvaluationService(NetworkService(store))


def test_shares_are_reported_and_small_cells_suppressed(evaluation):
    store = evaluation.store
    assert {t["to"] for t in store.ties_of("prof-001") if t["kind"] == "works_at"} == {"vp-noord"}
    assert {t["to"] for t in store.ties_of("prof-046") if t["kind"] == "works_at"} == {"wt-noord"}
    # the three demo families of C1 each have a coordinator, informal emotional support and a
    # midwife and a neighbourhood team worker who handed over to each other
    families(store, 40, coordinated=35, emotional=4, connected=15)
    result = evaluation.family_aggregates(SYSTEM, C1, QUARTER)
    assert result["families"] == 43
    # two demo families had a handover between their midwife and neighbourhood team worker
    assert result["with_connected_medical_and_social"] == {"count": 17, "share": 17 / 43, "suppressed": False}
    assert result["with_informal_emotional_support"] == {"count": None, "share": None, "suppressed": True}
    # 35 of 40 would reveal that 5 have no coordinator: the complement is a small cell too
    assert result["with_coordinator"]["suppressed"] is True


def test_a_coalition_with_few_families_shows_nothing(evaluation):
    families(evaluation.store, 6, coordinated=6, emotional=6, connected=6)
    result = evaluation.family_aggregates(SYSTEM, C1, QUARTER)
    assert result["families"] is None and result["suppressed"]
    assert all(result[name]["suppressed"] for name in ("with_coordinator", "with_informal_emotional_support"))


def test_family_figures_are_given_per_quarter_only(evaluation):
    """Two answers a day apart would differ by the one family that came in between."""
    assert quarter_end(None, dt.date(2026, 11, 23)) == "2026-09-30"
    assert quarter_end(None, dt.date(2026, 1, 1)) == "2025-12-31"
    assert quarter_end("2026-06-30") == "2026-06-30"
    with pytest.raises(ValidationError) as refused:
        evaluation.family_aggregates(SYSTEM, C1, "2026-05-17")
    assert refused.value.field == "asOf" and refused.value.code == "NOT_A_QUARTER_END"
    families(evaluation.store, 12, coordinated=12, emotional=0, connected=0)
    assert evaluation.family_aggregates(SYSTEM, C1, "2023-12-31")["suppressed"]  # before any family came
    assert evaluation.family_aggregates(SYSTEM, C1, QUARTER)["families"] == 15
