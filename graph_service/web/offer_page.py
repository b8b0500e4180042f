"""The coalition's offer as a menu card (like the Menukaart of Kansrijke Start): per phase of the
first 1000 days, which interventions there are, for which pillar, and who offers them; and a
phase x pillar table of how many there are, so an empty phase or pillar stands out."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..bootstrap import Services
from ..services.principal import Principal
from .access import signed_in
from .map_pages import Pages
from .node_pages import NodePages, element_link
from .rendering import language, page
from .sections import BY_SLUG, in_words, title_of


@dataclass(frozen=True)
class Offer:
    name: str
    link: str | None
    kind: str
    pillars: str
    offered_by: list[tuple[str, str | None]]


class OfferPage:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def menu(self, request: Request, principal: Principal) -> Response:
        coalition_id = request.path_params["coalition_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        graph = network.coalition_subgraph(principal, coalition_id)
        interventions = sorted((n for n in graph.nodes.values() if n["kind"] == "intervention"),
                               key=lambda n: title_of(n).lower())
        offered_by: dict[str, list[tuple[str, str | None]]] = {}
        for tie in graph.ties:
            if tie["kind"] == "offers" and tie["from"] in graph.nodes and not tie.get("until"):
                organisation = graph.nodes[tie["from"]]
                offered_by.setdefault(tie["to"], []).append((title_of(organisation),
                                                              element_link(coalition_id, organisation)))
        spec = vocabulary.node_kinds["intervention"].properties
        phases = vocabulary.enums["phase"].values
        pillars = vocabulary.enums["pillar"].values
        by_phase = []
        for phase in phases:
            offers = [Offer(name=title_of(n), link=element_link(coalition_id, n),
                            kind=in_words(vocabulary, spec["intervention_type"], n.get("intervention_type"), lang),
                            pillars=in_words(vocabulary, spec["pillars"], n.get("pillars") or [], lang),
                            offered_by=sorted(offered_by.get(n["id"], []), key=lambda o: o[0].lower()))
                      for n in interventions if phase.id in (n.get("phases") or [])]
            by_phase.append((phase.label(lang), offers))
        counts = [(phase.label(lang), [sum(1 for n in interventions if phase.id in (n.get("phases") or [])
                                           and pillar.id in (n.get("pillars") or [])) for pillar in pillars])
                  for phase in phases]
        return page(request, "offer.html", principal=principal, coalition=coalition["name"],
                    crumbs=self.node_pages.crumbs(coalition, BY_SLUG["interventions"]), by_phase=by_phase,
                    pillars=[p.label(lang) for p in pillars], counts=counts)

    def routes(self) -> list[Route]:
        return [Route("/app/coalitions/{coalition_id}/menukaart", signed_in(self.pages, self.menu), methods=["GET"])]
