"""The analysis area: measures and findings of a coalition or a region, comparisons over time and
between coalitions, and the evaluators' family aggregates.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import datetime as dt
from typing import Annotated, Any, Optional

import strawberry
from strawberry.scalars import JSON

from ...analysis import results
from ...analysis.metrics import NODE_READINGS
from ...store.rows import MAX_PAGE_SIZE
from .core import Area, Core, iso
from .errors import RAISE, errors_raised
from .registry import EnumLabel


@strawberry.type(description="A network measure of the whole coalition with its reading.")
class NetworkMetric:
    id: str
    value: JSON
    nl: str
    en: str
    approximate: bool


@strawberry.type(description="One of the first things to do, from a high-priority finding.")
class TopAction:
    rule: str
    nl: str
    en: str
    because_nl: str
    because_en: str


@strawberry.type
class FigureChange:
    name: str
    from_: float = strawberry.field(name="from")
    to: float
    change: float


@strawberry.type(description="One coalition's headline figures, for comparing coalitions.")
class CoalitionFigures:
    coalition_id: strawberry.ID
    name: str
    as_of: dt.date
    partners: int
    ties: int
    density: float
    degree_centralization: float
    components: int
    isolates: int
    ei_index: float
    ei_expected: float
    bridging_index: float
    communities: int
    articulation_points: int
    findings_high: int
    findings: int


@strawberry.type(description="A share of families, or null when the count is too small to show.")
class SuppressedShare:
    count: Optional[int]
    share: Optional[float]
    suppressed: bool


@strawberry.type(description="Aggregates over the coalition's family network cards; cells under 10 suppressed.")
class FamilyAggregates:
    families: Optional[int]
    suppressed: bool
    with_coordinator: SuppressedShare
    with_informal_emotional_support: SuppressedShare
    with_connected_medical_and_social: SuppressedShare


@errors_raised(missing=RAISE)
async def resolve_side_by_side(info: strawberry.Info, coalition_ids: list[strawberry.ID],
                               as_of: Optional[dt.date] = None) -> list[CoalitionFigures]:
    rows = await info.context.call(info.context.analysis.side_by_side, coalition_ids, iso(as_of))
    return [CoalitionFigures(coalition_id=r.pop("coalition"), as_of=dt.date.fromisoformat(r.pop("as_of")), **r)
            for r in rows]


@errors_raised(missing=None)
async def resolve_family_aggregates(info: strawberry.Info, coalition_id: strawberry.ID,
                                    as_of: Optional[dt.date] = None) -> Optional[FamilyAggregates]:
    data = await info.context.call(info.context.evaluation.family_aggregates, coalition_id, iso(as_of))
    shares = {k: SuppressedShare(**data[k]) for k in ("with_coordinator", "with_informal_emotional_support",
                                                       "with_connected_medical_and_social")}
    return FamilyAggregates(families=data["families"], suppressed=data["suppressed"], **shares)


def fields(core: Core) -> Area:
    Analysis, Comparison, to_analysis, to_finding = _analysis_types(core)

    @errors_raised(missing=None)
    async def resolve_analysis(info: strawberry.Info, coalition_id: strawberry.ID,
                               as_of: Optional[dt.date] = None) -> Optional[Analysis]:  # type: ignore[valid-type]
        return to_analysis(await info.context.call(info.context.analysis.analyse, coalition_id, iso(as_of)))

    @errors_raised(missing=RAISE)
    async def resolve_region(info: strawberry.Info, coalition_ids: list[strawberry.ID],
                             as_of: Optional[dt.date] = None) -> Analysis:  # type: ignore[valid-type]
        return to_analysis(await info.context.call(info.context.analysis.analyse_region, coalition_ids, iso(as_of)))

    @errors_raised(missing=None)
    async def resolve_compare(info: strawberry.Info, coalition_id: strawberry.ID,
                              from_: Annotated[dt.date, strawberry.argument(name="from")],
                              to: dt.date) -> Optional[Comparison]:  # type: ignore[valid-type]
        data = await info.context.call(info.context.analysis.compare, coalition_id, from_.isoformat(), to.isoformat())
        return Comparison(
            from_=dt.date.fromisoformat(data.from_date), to=dt.date.fromisoformat(data.to_date),
            ties_added=[core.to_tie(t) for t in data.ties_added],
            ties_removed=[core.to_tie(t) for t in data.ties_removed],
            findings_closed=[to_finding(f) for f in data.findings_closed],
            findings_new=[to_finding(f) for f in data.findings_new],
            figures=[FigureChange(name=k, from_=v.before, to=v.after, change=v.change) for k, v in data.figures.items()],
        )

    return Area(queries=[
        strawberry.field(resolver=resolve_analysis, name="analysis",
                         description="Network measures and gap findings of a coalition as of a date (today by default)."),
        strawberry.field(resolver=resolve_region, name="regionAnalysis",
                         description="Several coalitions analysed as one network (shared partners once)."),
        strawberry.field(resolver=resolve_compare, name="compare",
                         description="Ties added and removed, findings closed and new, figures changed between two dates."),
        strawberry.field(resolver=resolve_side_by_side, name="coalitionsSideBySide",
                         description="The same headline figures (bridging index, E-I index, density...) for several coalitions."),
        strawberry.field(resolver=resolve_family_aggregates, name="familyAggregates",
                         description="Shares of families with a coordinator, informal emotional support and connected "
                         "medical and social professionals; counts under 10 are suppressed."),
    ], mutations=[])


def _analysis_types(core: Core) -> tuple[type, type, Any, Any]:
    """The analysis types that point at nodes, ties or domains of this schema's vocabulary."""
    GraphNode, Tie, Domain = core.graph_node, core.tie, core.enum("domain")

    @strawberry.type(description="Ties between two domains: observed, and expected under random mixing.")
    class DomainCell:
        a: Domain  # type: ignore[valid-type]
        b: Domain  # type: ignore[valid-type]
        observed: int
        expected: float

    @strawberry.type(description="The measures of one partner.")
    class NodeMetric:
        node_id: strawberry.Private[str]
        degree: float
        betweenness: float
        closeness: float
        eigenvector: float
        constraint: Optional[float]
        effective_size: Optional[float]
        reach: float
        brokerage: JSON

        @strawberry.field
        async def node(self, info: strawberry.Info) -> Optional[GraphNode]:  # type: ignore[valid-type]
            return await core.load_node(info, self.node_id)

    @strawberry.type
    class SuggestedTie:
        from_id: strawberry.Private[str]
        to_id: strawberry.Private[str]
        reason_nl: str
        reason_en: str

        @strawberry.field(name="from")
        async def from_(self, info: strawberry.Info) -> Optional[GraphNode]:  # type: ignore[valid-type]
            return await core.load_node(info, self.from_id)

        @strawberry.field
        async def to(self, info: strawberry.Info) -> Optional[GraphNode]:  # type: ignore[valid-type]
            return await core.load_node(info, self.to_id)

    @strawberry.type(description="A gap the analysis found, with its evidence and a suggested action.")
    class Finding:
        rule: str
        severity: str
        priority: int = strawberry.field(description="Severity (high 30, medium 20, low 10) + partners or "
                                                     "communities it touches (at most 5) + 3 when it names the ties "
                                                     "to make, 1 when it names whom to talk to. Lists are ordered "
                                                     "by it, highest first.")
        nl: str
        en: str
        action_nl: str
        action_en: str
        tie_ids: list[strawberry.ID]
        suggested_ties: list[SuggestedTie]
        node_ids: strawberry.Private[list[str]]

        @strawberry.field(description="The nodes this finding is about (resolvable like any node).")
        async def evidence(self, info: strawberry.Info) -> list[GraphNode]:  # type: ignore[valid-type]
            nodes = await info.context.node_loader.load_many(self.node_ids)
            return [core.to_node(n) for n in nodes if n is not None]

    @strawberry.type(description="Measures and gap findings of a coalition as of a date.")
    class Analysis:
        as_of: dt.date
        version: int
        partners: int
        ties: int
        metrics: list[NetworkMetric]
        domain_matrix: list[DomainCell]
        findings: list[Finding] = strawberry.field(description="Ordered by priority, highest first.")
        top_actions: list[TopAction] = strawberry.field(description="At most five things to do first.")
        node_rows: strawberry.Private[list[Any]]

        @strawberry.field(description="Per-partner measures, the most central first.")
        def node_metrics(self, first: int = 20) -> list[NodeMetric]:
            return self.node_rows[: max(0, min(first, MAX_PAGE_SIZE))]

        @strawberry.field(description="What each per-partner measure means, in Dutch and English.")
        def node_measure_readings(self) -> list[EnumLabel]:
            return [EnumLabel(value=k, nl=nl, en=en) for k, (nl, en) in NODE_READINGS.items()]

    @strawberry.type(description="What changed between two dates.")
    class Comparison:
        from_: dt.date = strawberry.field(name="from")
        to: dt.date
        ties_added: list[Tie]  # type: ignore[valid-type]
        ties_removed: list[Tie]  # type: ignore[valid-type]
        findings_closed: list[Finding]
        findings_new: list[Finding]
        figures: list[FigureChange]

    def to_finding(f: results.Finding) -> Finding:
        return Finding(rule=f.rule, severity=f.severity, priority=f.priority, nl=f.nl, en=f.en, action_nl=f.action_nl,
                       action_en=f.action_en, tie_ids=f.ties, node_ids=f.nodes,
                       suggested_ties=[SuggestedTie(from_id=t.from_id, to_id=t.to_id, reason_nl=t.reason_nl,
                                                    reason_en=t.reason_en) for t in f.suggested_ties])

    def to_analysis(data: results.Analysis) -> Analysis:
        per_node = data.nodes
        order = sorted(per_node.betweenness, key=lambda n: (-per_node.betweenness[n], n))
        rows = [NodeMetric(node_id=n, degree=per_node.degree[n], betweenness=per_node.betweenness[n],
                           closeness=per_node.closeness[n], eigenvector=per_node.eigenvector[n],
                           constraint=per_node.constraint[n], effective_size=per_node.effective_size[n],
                           reach=per_node.reach[n], brokerage=per_node.brokerage[n]) for n in order]
        return Analysis(
            as_of=dt.date.fromisoformat(data.as_of), version=data.version, partners=data.partners, ties=data.ties,
            findings=[to_finding(f) for f in data.findings], node_rows=rows,
            top_actions=[TopAction(**vars(a)) for a in data.top_actions],
            metrics=[NetworkMetric(**vars(m)) for m in data.metrics],
            domain_matrix=[DomainCell(a=Domain(c.a), b=Domain(c.b), observed=c.observed, expected=c.expected)
                           for c in data.domain_matrix],
        )

    return Analysis, Comparison, to_analysis, to_finding
