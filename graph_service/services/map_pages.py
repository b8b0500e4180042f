"""The map use cases: which map a principal may open, built from the analysed network.

Coalition maps show the coalition network as the principal reads it (see the network service: a
coordinator sees another coalition's organisations only); family cards go through the family
card service (assigned professionals and admins only, audited). Unknown coalitions and
metric or filter values outside the vocabulary are domain errors that name the field, so the web
pages and the command line can both say what was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..maps.coalition_map import METRICS, check_choice, render_coalition_map, render_time_map
from ..maps.domain_map import render_domain_map
from ..maps.family_card_map import render_family_card
from ..maps.page import Page
from ..maps.table_twin import MapTable, map_table
from ..maps.views import around, fold_people
from ..store.backend import Row
from .coalition_analysis import AnalysisService
from .family_cards import FamilyCardService
from .network import NetworkService
from .principal import Principal
from .surveys import source_titles

FILTERS = {"domain": "domain", "phase": "phase", "level": "level"}


@dataclass(frozen=True)
class MapLink:
    kind: str
    title: str
    path: str


class MapService:
    def __init__(self, network: NetworkService, analysis: AnalysisService, cards: FamilyCardService) -> None:
        self.network = network
        self.analysis = analysis
        self.cards = cards
        self.vocabulary = network.vocabulary

    def _filters(self, filters: dict[str, str | None]) -> dict[str, str | None]:
        clean: dict[str, str | None] = {}
        for key, value in filters.items():
            if key in FILTERS:
                clean[key] = check_choice(value, self.vocabulary.enums[FILTERS[key]].ids, key)
            elif key == "kind":
                clean[key] = check_choice(value, [k.name for k in self.vocabulary.network_kinds], key)
            elif key == "tie":
                clean[key] = check_choice(value, [r for r in self.vocabulary.relationship_kinds
                                                  if r not in self.vocabulary.card_tie_kinds], key)
            else:
                raise ValidationError(f"unknown filter {key!r}", field=key, code="UNKNOWN_FILTER")
        return clean

    def _view(self, principal: Principal, coalition_id: str, as_of: str | None, people: bool,
              focus: frozenset[str]) -> tuple[dict[str, Row], list[Row]]:
        """The part of the coalition's network a map shows (see `maps.views`)."""
        graph = self.network.coalition_subgraph(principal, coalition_id, as_of)
        titles = source_titles(self.network.store, graph.ties)  # a tie accepted from a survey names its round
        ties = [{**t, "source_title": titles[t["source"]]} if t.get("source") in titles else t for t in graph.ties]
        nodes, ties = (graph.nodes, ties) if people else fold_people(graph.nodes, ties)
        if focus:
            if not focus <= set(nodes):
                raise ValidationError("is not on this map", field="focus", code="NOT_ON_MAP")
            nodes, ties = around(nodes, ties, focus)
        return nodes, ties

    def coalition(self, principal: Principal, coalition_id: str, *, as_of: str | None = None, lang: str = "nl",
                  metric: str | None = None, overlay: bool = False, filters: dict[str, str | None] | None = None,
                  people: bool = True, focus: frozenset[str] = frozenset()) -> Page:
        metric = check_choice(metric, METRICS, "metric") or "degree"
        initial = self._filters(filters or {})
        result = self.analysis.analyse(principal, coalition_id, as_of)
        nodes, ties = self._view(principal, coalition_id, as_of, people, focus)
        return render_coalition_map(self.vocabulary, nodes, ties, result, lang=lang, metric=metric,
                                    overlay=overlay, initial=initial)

    def table(self, principal: Principal, coalition_id: str, *, as_of: str | None = None, lang: str = "nl",
              metric: str | None = None, filters: dict[str, str | None] | None = None, people: bool = True,
              focus: frozenset[str] = frozenset()) -> MapTable:
        """The same elements and ties as `coalition` draws, as rows."""
        metric = check_choice(metric, METRICS, "metric") or "degree"
        chosen = self._filters(filters or {})
        result = self.analysis.analyse(principal, coalition_id, as_of)
        nodes, ties = self._view(principal, coalition_id, as_of, people, focus)
        return map_table(self.vocabulary, nodes, ties, result, lang=lang, metric=metric, filters=chosen)

    def compare(self, principal: Principal, coalition_id: str, from_date: str, to_date: str, *, lang: str = "nl") -> Page:
        comparison = self.analysis.compare(principal, coalition_id, from_date, to_date)
        result = self.analysis.analyse(principal, coalition_id, to_date)
        before = self.network.coalition_subgraph(principal, coalition_id, from_date)
        after = self.network.coalition_subgraph(principal, coalition_id, to_date)
        nodes = {**before.nodes, **after.nodes}
        return render_time_map(self.vocabulary, nodes, after.ties, comparison, result, lang=lang)

    def domains(self, principal: Principal, coalition_id: str, *, others: list[str] | None = None,
                as_of: str | None = None, lang: str = "nl") -> Page:
        result = self.analysis.analyse(principal, coalition_id, as_of)
        ids = list(dict.fromkeys([coalition_id, *(others or [])]))
        rows = self.analysis.side_by_side(principal, ids, as_of)
        return render_domain_map(self.vocabulary, result, rows, lang=lang)

    def family(self, principal: Principal, family_id: str, *, lang: str = "nl") -> Page:
        view = self.cards.read(principal, family_id)
        return render_family_card(view.card, view.signals, self.vocabulary, lang)

    def index(self, principal: Principal) -> list[MapLink]:
        """The maps this principal may open."""
        links: list[MapLink] = []
        for c in self.network.coalitions_read_in_full(principal):
            links += [MapLink("coalition", str(c["name"]), f"/maps/coalition/{c['id']}"),
                      MapLink("overlay", str(c["name"]), f"/maps/coalition/{c['id']}?overlay=1"),
                      MapLink("domains", str(c["name"]), f"/maps/domains/{c['id']}")]
        for family in self.cards.my_families(principal):
            links.append(MapLink("family", str(family.get("label", family["id"])), f"/families/{family['id']}/card"))
        return links

