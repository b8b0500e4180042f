"""A coalition as networkx graphs, built once from one store read.

Two views of the same read:
- `ties`: every node and tie as a MultiDiGraph (communities, interventions, who reaches whom);
- `partners`: the undirected partner network that network measures run on. Its nodes are the
  coalition's member organisations and informal members; its edges are working ties
  (collaboration, referral, warm handover, agreement, funding). A tie between two professionals
  counts as a tie between their organisations, because coalitions are built between partners.
- `flows`: the same partner network with direction, for brokerage roles: a referral, a warm
  handover and funding go one way (from the one who refers, hands over or funds), collaboration
  and agreements both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..domain.vocabulary import load_vocabulary

#: the vocabulary's tie groups: working ties, and those of them that run one way
PARTNER_TIES = load_vocabulary().tie_groups["partner"]
DIRECTED_TIES = load_vocabulary().tie_groups["directed"]
ACTOR_KINDS = ("organisation", "informal_supporter")


@dataclass
class Snapshot:
    coalition_id: str
    as_of: str
    version: int
    nodes: dict[str, dict[str, Any]]
    ties: nx.MultiDiGraph
    partners: nx.Graph
    #: member id -> levels at which it sits at the table
    levels: dict[str, set[str]] = field(default_factory=dict)
    #: professional id -> organisations she works at
    employer: dict[str, set[str]] = field(default_factory=dict)
    #: betweenness of the partner network when already computed: rules rank candidates by it
    centrality: dict[str, float] | None = None
    #: the domain x domain mixing when already computed
    mixing: Any = None

    #: articulation points of the partner network when already computed
    articulation: list[str] | None = None
    #: every tie by its kind, so a rule about one kind does not scan all ties
    ties_by_kind: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: the partner network with direction (see the module docstring)
    flows: nx.DiGraph | None = None
    #: partners an earlier rule already suggested a tie for: a later rule does not name them again
    suggested: set[str] = field(default_factory=set)
    #: members asked in the latest partner survey who did not answer: their ties are not known, so
    #: no rule calls them tied to nobody, and findings about them say they rest on incomplete answers
    unanswered: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.domains: dict[str, str | None] = dict(self.partners.nodes(data="domain"))
        self.degrees: dict[str, int] = dict(self.partners.degree())

    def domain(self, node_id: str) -> str | None:
        return self.domains.get(node_id)

    def members_of_kind(self, kind: str) -> list[str]:
        return [n for n in self.levels if self.nodes[n]["kind"] == kind]


def _domain(node: dict[str, Any]) -> str | None:
    if node["kind"] == "informal_supporter":
        return "informal"
    return node.get("domain")


def build_snapshot(coalition_id: str, as_of: str, version: int, nodes: dict[str, dict[str, Any]],
                   ties: list[dict[str, Any]], coalitions: set[str] | None = None,
                   unanswered: frozenset[str] = frozenset()) -> Snapshot:
    """`coalitions`: for a region, every coalition whose members count (default: the one);
    `unanswered`: the members who did not answer the latest survey."""
    coalitions = coalitions or {coalition_id}
    graph = nx.MultiDiGraph()
    for node_id, node in nodes.items():
        graph.add_node(node_id, **node)
    levels: dict[str, set[str]] = {}
    employer: dict[str, set[str]] = {}
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for tie in ties:
        graph.add_edge(tie["from"], tie["to"], key=tie["id"], **tie)
        by_kind.setdefault(tie["kind"], []).append(tie)
        if tie["kind"] == "member_of" and tie["to"] in coalitions:
            levels.setdefault(tie["from"], set()).add(tie.get("level") or "practice")
        elif tie["kind"] == "works_at":
            employer.setdefault(tie["from"], set()).add(tie["to"])

    partners = nx.Graph()
    for node_id in levels:
        node = nodes[node_id]
        if node["kind"] in ACTOR_KINDS:
            partners.add_node(node_id, kind=node["kind"], domain=_domain(node), name=node.get("name", node_id))

    def lift(node_id: str) -> set[str]:
        if node_id in partners:
            return {node_id}
        return {o for o in employer.get(node_id, set()) if o in partners}

    flows = nx.DiGraph()
    flows.add_nodes_from(partners.nodes(data=True))
    for tie in ties:
        if tie["kind"] not in PARTNER_TIES:
            continue
        for a in lift(tie["from"]):
            for b in lift(tie["to"]):
                if a == b:
                    continue
                flows.add_edge(a, b)
                if tie["kind"] not in DIRECTED_TIES:
                    flows.add_edge(b, a)
                if partners.has_edge(a, b):
                    data = partners.edges[a, b]
                    data["ties"].append(tie["id"])
                    data["kinds"].add(tie["kind"])
                else:
                    partners.add_edge(a, b, ties=[tie["id"]], kinds={tie["kind"]})
    return Snapshot(coalition_id, as_of, version, nodes, graph, partners, levels, employer, ties_by_kind=by_kind,
                    flows=flows, unanswered=unanswered)
