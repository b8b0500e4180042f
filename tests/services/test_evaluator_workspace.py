"""The evaluator's workspace on both backends: its figures are the API's, a coalition outside her
scope is not there, and the family figures per quarter never show a count under 10, not even as
the difference between two quarters."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import NotFound, PermissionDenied
from graph_service.services.coalition_analysis import AnalysisService
from graph_service.services.evaluation import EvaluationService
from graph_service.services.evaluator_workspace import EvaluatorWorkspace, quarter_ends
from graph_service.services.network import NetworkService
from graph_service.services.principal import Principal, Role
from graph_service.services.surveys import Surveys
from tests.conftest import load_demo_snapshot

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
EVALUATOR = Principal("tok-e", "Onderzoeker", Role.EVALUATOR)
SCOPED = Principal("tok-s", "Onderzoeker B", Role.EVALUATOR, coalitions=frozenset({B}))
WORKER = Principal("tok-w", "Wijkteam", Role.WORKER, professional="prof-048")


@pytest.fixture
def workspace(store, audit):
    load_demo_snapshot(store, audit)
    network = NetworkService(store)
    analysis = AnalysisService(network)
    return EvaluatorWorkspace(analysis, EvaluationService(network), Surveys(network, b"k" * 32))


def add_families(store, coalition: str, count: int, since: str, prefix: str, coordinated: bool) -> None:
    """Families with a card since `since`; with a coordinator (the demo's neighbourhood team) or not."""
    families = [{"id": f"{prefix}-{i}", "label": f"Gezin {prefix} {i}"} for i in range(count)]
    store.bulk_upsert_nodes("family", families)
    store.bulk_link("belongs_to", [{"from": f["id"], "to": coalition, "since": since} for f in families])
    if coordinated:
        store.bulk_link("coordinates", [{"from": "prof-048", "to": f["id"], "since": since} for f in families])


def test_the_figures_are_the_apis_and_a_coalition_outside_her_scope_is_not_there(workspace):
    api = {row["coalition"]: row for row in workspace.analysis.side_by_side(EVALUATOR, [A, B])}
    rows = {r.figures.coalition: r for r in workspace.overview(EVALUATOR)}
    assert set(rows) == {A, B}
    for coalition, row in rows.items():
        for name in ("partners", "ties", "density", "ei_index", "ei_expected", "bridging_index"):
            assert row.figures.values[name] == pytest.approx(api[coalition][name]), name
        assert [date for date, _ in row.series["bridging_index"]] == workspace.timeline()
    assert 0 < rows[A].figures.values["cross_domain_share"] <= 1 and sum(rows[A].figures.phase_ties.values()) > 0
    assert [r.figures.coalition for r in workspace.overview(SCOPED)] == [B]
    with pytest.raises((NotFound, PermissionDenied)):
        workspace.figures(SCOPED, A)
    with pytest.raises(PermissionDenied):
        workspace.overview(WORKER)


def test_family_figures_hide_counts_under_10_also_between_quarters(workspace, store):
    quarters = quarter_ends(4)
    add_families(store, A, 30, "2024-01-01", "old", coordinated=True)  # in every quarter, all coordinated
    add_families(store, A, 12, "2024-01-01", "free", coordinated=False)
    # 4 more coordinated families from the last quarter on: the last quarter differs from the others by 4
    add_families(store, A, 4, quarters[-2][:8] + "15", "late", coordinated=True)
    series = workspace.family_series(EVALUATOR, A)
    assert [row["as_of"] for row in series] == quarters
    early, last = series[0], series[-1]
    assert early["families"] is None and last["families"] is None  # 42 and 46: 4 apart
    assert early["with_coordinator"]["suppressed"] and last["with_coordinator"]["suppressed"]  # 30 and 34
    # the uncoordinated families are 12 in every quarter: their share may show where it is the same
    for row in series:
        for key, cell in row.items():
            if isinstance(cell, dict) and not cell["suppressed"]:
                assert cell["count"] >= 10
    counts = [row["with_coordinator"]["count"] for row in series if not row["with_coordinator"]["suppressed"]]
    assert all(abs(a - b) == 0 or abs(a - b) >= 10 for a in counts for b in counts)
