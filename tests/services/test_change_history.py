"""The coalition's own records on each backend: every change through the network service leaves
a line of history naming who, when and what, found again per element (newest first); saved map
views are kept per coalition and only by its coordinators."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import PermissionDenied, ValidationError
from graph_service.services.map_views import MapViews
from graph_service.services.network import NetworkService
from graph_service.services.principal import Principal, Role

ADMIN = Principal("tok-a", "Beheer", Role.ADMIN)
ANNA = Principal("tok-c", "Anna Jansen", Role.COORDINATOR, coalitions=frozenset({"c1"}))
OTHER = Principal("tok-o", "Bram Smit", Role.COORDINATOR, coalitions=frozenset({"c2"}))


@pytest.fixture
def network(store) -> NetworkService:
    service = NetworkService(store)
    for coalition in ("c1", "c2"):
        service.create_node(ADMIN, "coalition", {"id": coalition, "name": coalition})
    return service


def test_each_change_is_a_line_of_history_of_every_element_it_touched(network):
    wieg = network.create_member(ANNA, "organisation", {"name": "Kraamzorg De Wieg", "domain": "medical",
                                                        "organisation_type": "maternity_care"}, "c1",
                                 {"level": "practice", "since": "2026-01-01"})
    team = network.create_member(ANNA, "organisation", {"name": "Wijkteam", "domain": "social",
                                                        "organisation_type": "neighbourhood_team"}, "c1",
                                 {"level": "practice", "since": "2026-01-01"})
    network.update_node(ANNA, "organisation", wieg["id"], {"municipality": "Dijkhaven"})
    tie = network.link(ANNA, "collaborates_with", wieg["id"], team["id"], {"since": "2026-02-01",
                                                                           "intensity": "cooperation"})
    network.update_tie(ANNA, "collaborates_with", tie["id"], {"until": "2026-06-30"})
    history = network.history.of(wieg["id"])
    assert [r["action"] for r in history] == ["tie_changed", "tie_added", "changed", "created"]
    assert {r["by"] for r in history} == {"Anna Jansen"}
    assert history[0]["fields"] == ["until"] and history[2]["fields"] == ["municipality"]
    assert [r["action"] for r in network.history.of(team["id"])] == ["tie_changed", "tie_added", "created"]


def test_a_refused_change_leaves_no_history(network):
    wieg = network.create_member(ANNA, "organisation", {"name": "De Wieg", "domain": "medical",
                                                        "organisation_type": "maternity_care"}, "c1",
                                 {"level": "practice", "since": "2026-01-01"})
    with pytest.raises(ValidationError):
        network.update_node(ANNA, "organisation", wieg["id"], {"domain": "nonsense"})
    with pytest.raises(PermissionDenied):
        network.update_node(OTHER, "organisation", wieg["id"], {"municipality": "Elders"})
    assert [r["action"] for r in network.history.of(wieg["id"])] == ["created"]


def test_saved_views_are_kept_per_coalition_by_its_coordinators(network):
    views = MapViews(network)
    views.save(ANNA, "c1", "Het sociaal domein", {"domain": "social", "people": "0"}, check=lambda params: None)
    assert [(v["name"], v["query"]) for v in views.of_coalition(ANNA, "c1")] == [("Het sociaal domein",
                                                                                   "domain=social&people=0")]
    with pytest.raises(PermissionDenied):
        views.save(OTHER, "c1", "overname", {}, check=lambda params: None)
    with pytest.raises(ValidationError):
        views.save(ANNA, "c1", "Fout", {"metric": "nonsense"},
                   check=lambda params: (_ for _ in ()).throw(ValidationError("unknown", field="metric")))
    assert views.of_coalition(ADMIN, "c2") == [] and len(views.of_coalition(ADMIN, "c1")) == 1
