"""The network area: nodes and ties of every kind, coalition membership and the overview.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import datetime as dt
from typing import Any, Optional

import strawberry
from strawberry.scalars import JSON

from ...domain import clock
from ...domain.errors import ValidationError
from ...store.rows import MAX_PAGE_SIZE
from .core import Area, Core, iso
from .errors import RAISE, errors_as_results, errors_raised, result_union
from .registry import EnumInfo, EnumLabel, Me, PageInfo, camel, input_to_dict


@strawberry.type
class Deleted:
    id: strawberry.ID


@strawberry.type
class BulkPayload:
    written: int


@strawberry.type
class Count:
    value: str
    nl: str
    en: str
    count: int


DeleteResult = result_union("DeleteResult", Deleted)
BulkResult = result_union("BulkResult", BulkPayload)


def fields(core: Core) -> Area:
    queries, mutations = [], []
    for kind in core.vocabulary.network_kinds:
        classes = core.kind_classes[kind.name]
        queries += [_by_id_field(core, kind.name), _list_field(core, kind.name, classes)]
        mutations += _node_mutations(core, kind.name, classes)
    queries += _queries(core)
    mutations += _tie_mutations(core)
    return Area(queries, mutations)


# ---------------------------------------------------------------------- queries


def _by_id_field(core: Core, kind_name: str) -> Any:
    object_type = core.objects[kind_name]

    async def resolve(info: strawberry.Info, id: strawberry.ID) -> Optional[object_type]:  # type: ignore[valid-type]
        node = await info.context.node_loader.load(id)
        return core.to_node(node) if node is not None and node["kind"] == kind_name else None

    resolve.__name__ = camel(kind_name)  # create_type keys fields by the resolver's name
    return strawberry.field(resolver=resolve, name=camel(kind_name),
                            description=f"One {core.vocabulary.node_kinds[kind_name].en.lower()} by id "
                            "(null if unknown or not visible).")


def _list_field(core: Core, kind_name: str, classes: dict[str, type]) -> Any:
    kind = core.vocabulary.node_kinds[kind_name]
    filter_type, connection, edge = classes["filter"], classes["connection"], classes["edge"]

    @errors_raised(missing=RAISE)
    async def resolve(
        info: strawberry.Info,
        filter: Optional[filter_type] = None,  # type: ignore[valid-type]
        descending: bool = False,
        first: int = 50,
        after: Optional[str] = None,
        as_of: Optional[dt.date] = None,
    ) -> connection:  # type: ignore[valid-type]
        options = input_to_dict(filter, keep_none=False) if filter else {}
        text, coalition = options.pop("text", None), options.pop("coalition", None)
        page = await info.context.call(
            info.context.service.list_nodes, kind_name, coalition=coalition, as_of=iso(as_of),
            filters=options, text=text, descending=descending, first=first, after=after,
        )
        for row in page.items:
            info.context.node_loader.prime(row["id"], row)
        edges = [edge(cursor=c, node=core.to_node(n)) for c, n in zip(page.cursors, page.items)]
        return connection(edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    plural = kind.plural or f"{camel(kind_name)}s"
    resolve.__name__ = plural
    return strawberry.field(resolver=resolve, name=plural,
                            description=f"A page of {plural} sorted by {kind.title} (at most {MAX_PAGE_SIZE} a page).")


def _queries(core: Core) -> list[Any]:
    GraphNode, Tie, Domain = core.graph_node, core.tie, core.enum("domain")

    @strawberry.type(description="An organisation or person tied to an organisation, with the ties between them.")
    class Partner:
        node: GraphNode  # type: ignore[valid-type]
        ties: list[Tie]  # type: ignore[valid-type]

    @strawberry.type
    class DomainTieCount:
        a: Domain  # type: ignore[valid-type]
        b: Domain  # type: ignore[valid-type]
        count: int

    @strawberry.type(description="Who is at the table, by domain, level and phase, and how the domains are tied.")
    class CoalitionOverview:
        coalition: core.objects["coalition"]  # type: ignore[valid-type]
        as_of: dt.date
        members: int
        by_domain: list[Count]
        by_level: list[Count]
        by_phase: list[Count]
        interventions_by_phase: list[Count]
        ties_between_domains: list[DomainTieCount]

    def counts(enum_name: str, values: dict[str, int]) -> list[Count]:
        spec = core.vocabulary.enums[enum_name]
        return [Count(value=v.id, nl=v.nl, en=v.en, count=values.get(v.id, 0)) for v in spec.values]

    async def resolve_node(info: strawberry.Info, id: strawberry.ID) -> Optional[GraphNode]:  # type: ignore[valid-type]
        return await core.load_node(info, id)

    async def resolve_tie(info: strawberry.Info, kind: core.registry.tie_kind_enum,  # type: ignore[valid-type]
                          id: strawberry.ID) -> Optional[Tie]:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.get_tie, kind.value, id)
        return core.to_tie(row) if row is not None else None

    @errors_raised(missing=list)
    async def resolve_partners(info: strawberry.Info, organisation_id: strawberry.ID,
                               as_of: Optional[dt.date] = None) -> list[Partner]:
        partners = await info.context.call(info.context.service.partners, organisation_id, iso(as_of))
        return [Partner(node=core.to_node(node), ties=[core.to_tie(t) for t in ties]) for node, ties in partners]

    @errors_raised(missing=None)
    async def resolve_overview(info: strawberry.Info, coalition_id: strawberry.ID,
                               as_of: Optional[dt.date] = None) -> Optional[CoalitionOverview]:
        data = await info.context.call(info.context.service.overview, coalition_id, iso(as_of))
        ties = []
        for key, count in data["domain_ties"].items():
            a, b = key.split("|")
            ties.append(DomainTieCount(a=Domain(a), b=Domain(b), count=count))
        return CoalitionOverview(
            coalition=core.to_node(data["coalition"]), as_of=dt.date.fromisoformat(data["as_of"]),
            members=data["members"], by_domain=counts("domain", data["by_domain"]),
            by_level=counts("level", data["by_level"]), by_phase=counts("phase", data["by_phase"]),
            interventions_by_phase=counts("phase", data["interventions_by_phase"]), ties_between_domains=ties,
        )

    def resolve_enums() -> list[EnumInfo]:
        return [EnumInfo(name=e.name, nl=e.nl, en=e.en, values=[EnumLabel(value=v.id, nl=v.nl, en=v.en) for v in e.values])
                for e in core.vocabulary.enums.values()]

    def resolve_me(info: strawberry.Info) -> Me:
        p = info.context.principal
        return Me(name=p.name, role=p.role.value, coalitions=sorted(p.coalitions), professional=p.professional)

    return [
        strawberry.field(resolver=resolve_node, name="node", description="Any node by id (null if unknown or not visible)."),
        strawberry.field(resolver=resolve_tie, name="tie", description="One tie by kind and id."),
        strawberry.field(resolver=resolve_partners, name="partners",
                         description="The partners of an organisation with the ties between them."),
        strawberry.field(resolver=resolve_overview, name="coalitionOverview",
                         description="Members by domain, level and phase, interventions by phase, ties between domains."),
        strawberry.field(resolver=resolve_enums, name="enums", description="Every enumeration with Dutch and English labels."),
        strawberry.field(resolver=resolve_me, name="me", description="Who you are to this service."),
    ]


# ---------------------------------------------------------------------- mutations


def _node_mutations(core: Core, kind_name: str, classes: dict[str, type]) -> list[Any]:
    label = core.vocabulary.node_kinds[kind_name].label
    NodeResult, NodePayload = core.results["NodeResult"], core.payloads["NodeResult"]
    input_type, patch_type = classes["input"], classes["patch"]

    @errors_as_results
    async def create(info: strawberry.Info, input: input_type) -> NodeResult:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.create_node, kind_name, input_to_dict(input, keep_none=False))
        return NodePayload(node=core.to_node(row))

    @errors_as_results
    async def update(info: strawberry.Info, id: strawberry.ID, patch: patch_type) -> NodeResult:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.update_node, kind_name, id, input_to_dict(patch, keep_none=True))
        return NodePayload(node=core.to_node(row))

    @errors_as_results
    async def delete(info: strawberry.Info, id: strawberry.ID) -> DeleteResult:  # type: ignore[valid-type]
        await info.context.call(info.context.service.delete_node, kind_name, id)
        return Deleted(id=id)

    # create_type keys fields by the resolver's name: give each its own
    create.__name__, update.__name__, delete.__name__ = f"create{label}", f"update{label}", f"delete{label}"
    return [strawberry.mutation(resolver=fn, name=fn.__name__) for fn in (create, update, delete)]


def _tie_mutations(core: Core) -> list[Any]:
    TieResult, TiePayload = core.results["TieResult"], core.payloads["TieResult"]
    TiesResult, TiesPayload = core.results["TiesResult"], core.payloads["TiesResult"]
    TieKind, Level = core.registry.tie_kind_enum, core.enum("level")
    TieInput, TiePatch = _tie_inputs(core)

    @errors_as_results
    async def resolve_link(info: strawberry.Info, input: TieInput) -> TieResult:  # type: ignore[valid-type]
        props = input_to_dict(input, keep_none=False)
        kind, from_id, to_id = props.pop("kind"), props.pop("from_"), props.pop("to")
        props.setdefault("since", clock.today().isoformat())
        return TiePayload(tie=core.to_tie(await info.context.call(info.context.service.link, kind, from_id, to_id, props)))

    @errors_as_results
    async def resolve_update_tie(info: strawberry.Info, kind: TieKind, id: strawberry.ID,  # type: ignore[valid-type]
                                 patch: TiePatch) -> TieResult:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.update_tie, kind.value, id, input_to_dict(patch, keep_none=True))
        return TiePayload(tie=core.to_tie(row))

    @errors_as_results
    async def resolve_unlink(info: strawberry.Info, kind: TieKind, id: strawberry.ID) -> DeleteResult:  # type: ignore[valid-type]
        await info.context.call(info.context.service.unlink, kind.value, id)
        return Deleted(id=id)

    @errors_as_results
    async def resolve_join(info: strawberry.Info, member_id: strawberry.ID, coalition_id: strawberry.ID,
                           level: Level, since: Optional[dt.date] = None) -> TieResult:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.join_coalition, member_id, coalition_id, level.value, iso(since))
        return TiePayload(tie=core.to_tie(row))

    @errors_as_results
    async def resolve_leave(info: strawberry.Info, member_id: strawberry.ID, coalition_id: strawberry.ID,
                            until: Optional[dt.date] = None) -> TiesResult:  # type: ignore[valid-type]
        rows = await info.context.call(info.context.service.leave_coalition, member_id, coalition_id, iso(until))
        return TiesPayload(ties=[core.to_tie(t) for t in rows])

    @errors_as_results
    async def resolve_bulk(info: strawberry.Info, kind: core.registry.node_kind_enum,  # type: ignore[valid-type]
                           rows: JSON) -> BulkResult:  # type: ignore[valid-type]
        if not isinstance(rows, list):
            raise ValidationError("must be a list of objects", field="rows")
        return BulkPayload(written=await info.context.call(info.context.service.bulk_upsert, kind.value, rows))

    return [
        strawberry.mutation(resolver=resolve_link, name="link", description="Create a typed tie."),
        strawberry.mutation(resolver=resolve_update_tie, name="updateTie", description="Change a tie, e.g. end it."),
        strawberry.mutation(resolver=resolve_unlink, name="unlink", description="Delete a tie (prefer ending it)."),
        strawberry.mutation(resolver=resolve_join, name="joinCoalition", description="Make a node a member of a coalition."),
        strawberry.mutation(resolver=resolve_leave, name="leaveCoalition", description="End a membership (today by default)."),
        strawberry.mutation(resolver=resolve_bulk, name="bulkUpsert",
                            description="Create or update many nodes of one kind: all rows or none."),
    ]


def _tie_inputs(core: Core) -> tuple[type, type]:
    registry = core.registry
    input_annotations: dict[str, Any] = {"kind": registry.tie_kind_enum, "from_": strawberry.ID, "to": strawberry.ID,
                                         "since": Optional[dt.date]}
    input_defaults: dict[str, Any] = {"since": None}
    patch_annotations: dict[str, Any] = {}
    for name, spec in registry.tie_properties.items():
        python = registry.python_type(spec)
        if name != "since":
            input_annotations[name] = Optional[python]
            input_defaults[name] = None
        patch_annotations[name] = Optional[python]
    tie_input = strawberry.input(
        type("TieInput", (), {"__annotations__": input_annotations, **input_defaults, "from_": strawberry.field(name="from")}),
        name="TieInput", description="A new tie; `since` defaults to today. Properties that the tie kind does not have are refused.")
    tie_patch = strawberry.input(
        type("TiePatch", (), {"__annotations__": patch_annotations, **{n: strawberry.UNSET for n in patch_annotations}}),
        name="TiePatch", description="Only the fields given change; `until` ends a tie.")
    return tie_input, tie_patch
