"""The part of the schema generated from the vocabulary: nodes, ties and their payloads.

Everything that depends on the node and tie kinds of a vocabulary is built here once per schema
(admins and workers get one with families, coordinators and evaluators one without). The area
modules (`network`, `exchange`, `analysis`, `cards`) receive this `Core` and add their fields.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Annotated, Any, NamedTuple, Optional

import strawberry

from ...domain.vocabulary import Vocabulary
from ...store.backend import Row
from . import node_ref
from .errors import result_union
from .registry import Registry, make_node_kind_classes


class Area(NamedTuple):
    """The fields one area of the API adds to Query and Mutation."""

    queries: list[Any]
    mutations: list[Any]


def iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value else None


@dataclass
class Core:
    vocabulary: Vocabulary
    registry: Registry
    graph_node: type
    tie: type
    objects: dict[str, type] = field(default_factory=dict)
    kind_classes: dict[str, dict[str, type]] = field(default_factory=dict)
    payloads: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def enum(self, name: str) -> type[enum.Enum]:
        return self.registry.enums[name]

    def to_node(self, row: Optional[Row]) -> Any:
        if row is None:
            return None
        kind = self.vocabulary.node_kinds[row["kind"]]
        values = {p: self.registry.to_graphql_value(spec, row.get(p)) for p, spec in kind.properties.items()}
        return self.objects[kind.name](id=row["id"], kind=self.registry.node_kind_enum(row["kind"]),
                                       created=row.get("created"), updated=row.get("updated"), **values)

    def to_tie(self, row: Row) -> Any:
        values = {"id": row["id"], "kind": self.registry.tie_kind_enum(row["kind"]), "from_id": row["from"],
                  "to_id": row["to"]}
        for name, spec in self.registry.tie_properties.items():
            values[name] = self.registry.to_graphql_value(spec, row.get(name))
        values["created"] = row.get("created")
        return self.tie(**values)

    async def load_node(self, info: strawberry.Info, node_id: str) -> Any:
        """A node through this request's DataLoader, as its GraphQL type (None if not visible)."""
        return self.to_node(await info.context.node_loader.load(node_id))


def build_core(vocabulary: Vocabulary) -> Core:
    registry = Registry(vocabulary)
    TieKindEnum = registry.tie_kind_enum
    core_box: list[Core] = []  # the resolvers below need the Core that is built from these types

    LazyNode = Annotated["GraphNode", strawberry.lazy("graph_service.api.schema.node_ref")]

    async def tie_from(root: Any, info: strawberry.Info) -> Optional[LazyNode]:  # type: ignore[valid-type]
        return await core_box[0].load_node(info, root.from_id)

    async def tie_to(root: Any, info: strawberry.Info) -> Optional[LazyNode]:  # type: ignore[valid-type]
        return await core_box[0].load_node(info, root.to_id)

    Tie = _tie_type(registry, tie_from, tie_to)

    @strawberry.interface(description="Any node of the coalition network.")
    class GraphNode:
        id: strawberry.ID
        kind: registry.node_kind_enum  # type: ignore[valid-type]
        created: Optional[str] = None
        updated: Optional[str] = None

        @strawberry.field(description="Ties of this node in both directions, optionally of some kinds and as of a date.")
        async def ties(
            self, info: strawberry.Info, kinds: Optional[list[TieKindEnum]] = None, as_of: Optional[dt.date] = None  # type: ignore[valid-type]
        ) -> list[Tie]:  # type: ignore[valid-type]
            rows = await info.context.ties_loader.load((self.id, iso(as_of)))
            wanted = {k.value for k in kinds} if kinds else None
            return [core_box[0].to_tie(r) for r in rows if wanted is None or r["kind"] in wanted]

    node_ref.GraphNode = GraphNode
    core = Core(vocabulary=vocabulary, registry=registry, graph_node=GraphNode, tie=Tie)
    core_box.append(core)
    for kind in vocabulary.node_kinds.values():
        classes = make_node_kind_classes(registry, kind, GraphNode)
        core.kind_classes[kind.name] = classes
        core.objects[kind.name] = classes["object"]
    core.payloads = _payloads(GraphNode, Tie)
    core.results = {name: result_union(name, payload) for name, payload in core.payloads.items()}
    return core


def _tie_type(registry: Registry, tie_from: Any, tie_to: Any) -> type:
    annotations: dict[str, Any] = {"id": strawberry.ID, "kind": registry.tie_kind_enum, "since": dt.date,
                                   "until": Optional[dt.date], "created": Optional[str]}
    defaults: dict[str, Any] = {"until": None, "created": None}
    for name, spec in registry.tie_properties.items():
        if name not in annotations:
            annotations[name] = Optional[registry.python_type(spec)]
            defaults[name] = None
    annotations["from_id"] = strawberry.Private[str]
    annotations["to_id"] = strawberry.Private[str]
    namespace = {
        "__annotations__": annotations,
        **defaults,
        "from_": strawberry.field(resolver=tie_from, name="from", description="Where the tie starts (null if not visible)."),
        "to": strawberry.field(resolver=tie_to, description="Where the tie ends (null if not visible)."),
        "__doc__": "A typed tie between two nodes, valid from `since` until (not including) `until`.",
    }
    return strawberry.type(type("Tie", (), namespace), name="Tie")


def _payloads(graph_node: type, tie_type: type) -> dict[str, Any]:
    """The success members of the mutation result unions, by union name."""

    @strawberry.type
    class NodePayload:
        node: graph_node  # type: ignore[valid-type]

    @strawberry.type
    class TiePayload:
        tie: tie_type  # type: ignore[valid-type]

    @strawberry.type
    class TiesPayload:
        ties: list[tie_type]  # type: ignore[valid-type]

    return {"NodeResult": NodePayload, "TieResult": TiePayload, "TiesResult": TiesPayload}

