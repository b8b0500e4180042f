"""The GraphQL schema: queries and mutations over the coalition network.

Resolvers are thin: they turn arguments into plain values, call the network service (in a worker
thread, the store is synchronous) and turn rows into the generated types. Node and tie reads go
through DataLoaders built per request, so a list of 50 organisations with their ties costs a
fixed number of store round trips.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import base64
import logging
import re
import traceback
from importlib.metadata import version
import binascii
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated, Any, Iterator, Optional

import strawberry
from graphql import GraphQLError
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.scalars import JSON
from strawberry.tools import create_type

from .query_cost import QueryCostLimit
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ..analysis.metrics import NODE_READINGS
from ..domain.vocabulary import Vocabulary
from ..bootstrap import Services
from ..services.analysis import AnalysisService
from ..services.evaluation import EvaluationService
from ..services.family_cards import FamilyCardService
from ..services.exporter import export
from ..services.importer import Importer, ImportReport
from ..services.network import NetworkService
from ..services.principal import Principal
from ..store.graph_store import MAX_PAGE_SIZE, Row
from . import lazy
from .card_schema import build_card_schema
from .types import (
    PublicError,
    EnumInfo,
    EnumLabel,
    Me,
    PageInfo,
    Registry,
    camel,
    error_result,
    input_to_dict,
    make_node_kind_classes,
    result_union,
)

LOG = logging.getLogger("graph_service.api")
#: MaxAliasesLimiter counts aliases through fragment spreads only from this release (PYSEC-2026-2284)
STRAWBERRY_FLOOR = (0, 315, 7)
if tuple(int(p) for p in re.findall(r"\d+", version("strawberry-graphql"))[:3]) < STRAWBERRY_FLOOR:  # pragma: no cover
    raise ImportError(f"strawberry-graphql >= {'.'.join(map(str, STRAWBERRY_FLOOR))} is required (alias-limit fix)")
MAX_DEPTH = 10
MAX_ALIASES = 20
MAX_TOKENS = 2000


@dataclass
class Context:
    """What a resolver has: the principal of this request and the services of the composition
    root (never one built per call), plus this request's DataLoaders."""

    principal: Principal
    services: Services
    service: NetworkService = field(init=False)
    analysis: AnalysisService = field(init=False)
    cards: FamilyCardService = field(init=False)
    importer: Importer = field(init=False)
    evaluation: EvaluationService = field(init=False)
    node_loader: DataLoader = field(init=False)
    ties_loader: DataLoader = field(init=False)

    def __post_init__(self) -> None:
        self.service, self.analysis, self.cards = self.services.network, self.services.analysis, self.services.cards
        self.importer, self.evaluation = self.services.importer, self.services.evaluation

        async def load_nodes(ids: list[str]) -> list[Optional[Row]]:
            found = await run_in_threadpool(self.service.get_nodes, self.principal, ids)
            return [found.get(i) for i in ids]

        async def load_ties(keys: list[tuple[str, Optional[str]]]) -> list[list[Row]]:
            by_date: dict[Optional[str], list[str]] = defaultdict(list)
            for node_id, as_of in keys:
                by_date[as_of].append(node_id)
            found: dict[tuple[str, Optional[str]], list[Row]] = {}
            for as_of, ids in by_date.items():
                ties = await run_in_threadpool(self.service.ties_of_many, self.principal, ids, as_of)
                found.update({(i, as_of): ties.get(i, []) for i in ids})
            return [found[k] for k in keys]

        self.node_loader = DataLoader(load_fn=load_nodes)
        self.ties_loader = DataLoader(load_fn=load_ties)

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a service call for this principal in a worker thread (the store is synchronous)."""
        return await run_in_threadpool(fn, self.principal, *args, **kwargs)


def _iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value else None


def should_mask(error: GraphQLError) -> bool:
    """Only our public errors and GraphQL's own messages reach the client: validation, and the
    coercion of variables (an unknown input field, an enum value that does not exist), whose
    message names the variable and the field."""
    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


class Schema(strawberry.Schema):
    """Logs only unexpected errors of our own code, and never their message: a typed or validation
    error is the client's business, and any message may quote user input (possibly personal
    data). What is logged is the error type, the field path and the stack of our code."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:
            original = error.original_error
            if error.path is None or not should_mask(error) or original is None:
                continue
            stack = "".join(traceback.format_tb(original.__traceback__))
            LOG.error("unexpected %s at %s\n%s", type(original).__name__, ".".join(map(str, error.path)), stack)


SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class HideSuggestions(SchemaExtension):
    """Outside development, "Did you mean ...?" would read the schema out to anyone probing it
    with misspelled names while introspection is off: drop the hint, keep the error."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            error.message = SUGGESTION.sub("", error.message)


def build_schema(vocabulary: Vocabulary, *, dev_mode: bool = False, family_data: bool = True) -> strawberry.Schema:
    """The schema of admins and workers, or (family_data=False) the one coordinators and evaluators
    get, in which families, their cards and the card ties do not exist at all."""
    if not family_data:
        vocabulary = vocabulary.without_family_data()
    registry = Registry(vocabulary)
    NodeKindEnum = registry.node_kind_enum
    TieKindEnum = registry.tie_kind_enum
    objects: dict[str, type] = {}

    # ------------------------------------------------------------------ ties
    tie_annotations: dict[str, Any] = {
        "id": strawberry.ID,
        "kind": TieKindEnum,
        "since": dt.date,
        "until": Optional[dt.date],
        "created": Optional[str],
    }
    tie_defaults: dict[str, Any] = {"until": None, "created": None}
    for name, spec in registry.tie_properties.items():
        if name not in tie_annotations:
            tie_annotations[name] = Optional[registry.python_type(spec)]
            tie_defaults[name] = None
    tie_annotations["from_id"] = strawberry.Private[str]
    tie_annotations["to_id"] = strawberry.Private[str]

    # from/to return GraphNode, which is defined below and refers back to Tie: a lazy reference,
    # resolved through graph_service.api.lazy when the schema is built.
    LazyNode = Annotated["GraphNode", strawberry.lazy("graph_service.api.lazy")]

    async def tie_from(root: Any, info: strawberry.Info) -> Optional[LazyNode]:  # type: ignore[valid-type]
        return to_node(await info.context.node_loader.load(root.from_id))

    async def tie_to(root: Any, info: strawberry.Info) -> Optional[LazyNode]:  # type: ignore[valid-type]
        return to_node(await info.context.node_loader.load(root.to_id))

    tie_namespace = {
        "__annotations__": tie_annotations,
        **tie_defaults,
        "from_": strawberry.field(resolver=tie_from, name="from", description="Where the tie starts (null if not visible)."),
        "to": strawberry.field(resolver=tie_to, description="Where the tie ends (null if not visible)."),
        "__doc__": "A typed tie between two nodes, valid from `since` until (not including) `until`.",
    }
    Tie = strawberry.type(type("Tie", (), tie_namespace), name="Tie")

    def to_tie(row: Row) -> Any:
        values = {"id": row["id"], "kind": TieKindEnum(row["kind"]), "from_id": row["from"], "to_id": row["to"]}
        for name, spec in registry.tie_properties.items():
            values[name] = registry.to_graphql_value(spec, row.get(name))
        values["created"] = row.get("created")
        return Tie(**values)

    # ------------------------------------------------------------------ nodes
    @strawberry.interface(description="Any node of the coalition network.")
    class GraphNode:
        id: strawberry.ID
        kind: NodeKindEnum  # type: ignore[valid-type]
        created: Optional[str] = None
        updated: Optional[str] = None

        @strawberry.field(description="Ties of this node in both directions, optionally of some kinds and as of a date.")
        async def ties(
            self, info: strawberry.Info, kinds: Optional[list[TieKindEnum]] = None, as_of: Optional[dt.date] = None  # type: ignore[valid-type]
        ) -> list[Tie]:  # type: ignore[valid-type]
            rows = await info.context.ties_loader.load((self.id, _iso(as_of)))
            wanted = {k.value for k in kinds} if kinds else None
            return [to_tie(r) for r in rows if wanted is None or r["kind"] in wanted]

    lazy.GraphNode = GraphNode

    kind_classes = {}
    for kind in vocabulary.node_kinds.values():
        classes = make_node_kind_classes(registry, kind, GraphNode)
        kind_classes[kind.name] = classes
        objects[kind.name] = classes["object"]

    def to_node(row: Optional[Row]) -> Any:
        if row is None:
            return None
        kind = vocabulary.node_kinds[row["kind"]]
        values = {p: registry.to_graphql_value(spec, row.get(p)) for p, spec in kind.properties.items()}
        return objects[kind.name](
            id=row["id"], kind=NodeKindEnum(row["kind"]), created=row.get("created"), updated=row.get("updated"), **values
        )

    # ------------------------------------------------------------------ payloads
    @strawberry.type
    class NodePayload:
        node: GraphNode

    @strawberry.type
    class TiePayload:
        tie: Tie  # type: ignore[valid-type]

    @strawberry.type
    class TiesPayload:
        ties: list[Tie]  # type: ignore[valid-type]

    @strawberry.type
    class Deleted:
        id: strawberry.ID

    @strawberry.type
    class BulkPayload:
        written: int

    NodeResult = result_union("NodeResult", NodePayload)
    TieResult = result_union("TieResult", TiePayload)
    TiesResult = result_union("TiesResult", TiesPayload)
    DeleteResult = result_union("DeleteResult", Deleted)
    BulkResult = result_union("BulkResult", BulkPayload)

    @strawberry.type(description="An organisation or person tied to an organisation, with the ties between them.")
    class Partner:
        node: GraphNode
        ties: list[Tie]  # type: ignore[valid-type]

    @strawberry.type
    class Count:
        value: str
        nl: str
        en: str
        count: int

    DomainEnum = registry.enums["domain"]

    @strawberry.type
    class DomainTieCount:
        a: DomainEnum  # type: ignore[valid-type]
        b: DomainEnum  # type: ignore[valid-type]
        count: int

    CoalitionType = objects["coalition"]

    @strawberry.type(description="Who is at the table, by domain, level and phase, and how the domains are tied.")
    class CoalitionOverview:
        coalition: CoalitionType  # type: ignore[valid-type]
        as_of: dt.date
        members: int
        by_domain: list[Count]
        by_level: list[Count]
        by_phase: list[Count]
        interventions_by_phase: list[Count]
        ties_between_domains: list[DomainTieCount]

    def counts(enum_name: str, values: dict[str, int]) -> list[Count]:
        spec = vocabulary.enums[enum_name]
        return [Count(value=v.id, nl=v.nl, en=v.en, count=values.get(v.id, 0)) for v in spec.values]

    # ------------------------------------------------------------------ tie input
    tie_input_annotations: dict[str, Any] = {"kind": TieKindEnum, "from_": strawberry.ID, "to": strawberry.ID,
                                             "since": Optional[dt.date]}
    tie_input_defaults: dict[str, Any] = {"since": None}
    tie_patch_annotations: dict[str, Any] = {}
    for name, spec in registry.tie_properties.items():
        python = registry.python_type(spec)
        if name != "since":
            tie_input_annotations[name] = Optional[python]
            tie_input_defaults[name] = None
        tie_patch_annotations[name] = Optional[python]
    tie_input_namespace = {"__annotations__": tie_input_annotations, **tie_input_defaults,
                           "from_": strawberry.field(name="from")}
    TieInput = strawberry.input(type("TieInput", (), tie_input_namespace), name="TieInput",
                                description="A new tie; `since` defaults to today. Properties that the tie kind "
                                "does not have are refused.")
    TiePatch = strawberry.input(
        type("TiePatch", (), {"__annotations__": tie_patch_annotations,
                              **{n: strawberry.UNSET for n in tie_patch_annotations}}),
        name="TiePatch", description="Only the fields given change; `until` ends a tie.",
    )

    # ------------------------------------------------------------------ helpers
    async def guarded(info: strawberry.Info, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await info.context.call(fn, *args, **kwargs)
        except DomainError as error:
            return error_result(error)

    # ------------------------------------------------------------------ queries
    query_fields = []

    def by_id_field(kind_name: str, object_type: type) -> Any:
        async def resolve(info: strawberry.Info, id: strawberry.ID) -> Optional[object_type]:  # type: ignore[valid-type]
            node = await info.context.node_loader.load(id)
            return to_node(node) if node is not None and node["kind"] == kind_name else None

        resolve.__name__ = camel(kind_name)  # create_type keys fields by the resolver's name
        return strawberry.field(resolver=resolve, name=camel(kind_name),
                                description=f"One {vocabulary.node_kinds[kind_name].en.lower()} by id (null if unknown or not visible).")

    def list_field(kind_name: str, classes: dict[str, type]) -> Any:
        title = vocabulary.node_kinds[kind_name].title
        filter_type, connection, edge = classes["filter"], classes["connection"], classes["edge"]

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
            try:
                page = await info.context.call(
                    info.context.service.list_nodes, kind_name, coalition=coalition, as_of=_iso(as_of),
                    filters=options, text=text, descending=descending, first=first, after=after,
                )
            except DomainError as error:
                raise PublicError(error) from None
            for row in page.items:
                info.context.node_loader.prime(row["id"], row)
            edges = [edge(cursor=c, node=to_node(n)) for c, n in zip(page.cursors, page.items)]
            return connection(edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

        plural = vocabulary.node_kinds[kind_name].plural or f"{camel(kind_name)}s"
        resolve.__name__ = plural
        return strawberry.field(
            resolver=resolve, name=plural,
            description=f"A page of {plural} sorted by {title} (at most {MAX_PAGE_SIZE} a page).",
        )

    network_classes = {k.name: kind_classes[k.name] for k in vocabulary.network_kinds}
    for kind_name, classes in network_classes.items():
        query_fields.append(by_id_field(kind_name, classes["object"]))
        query_fields.append(list_field(kind_name, classes))

    async def resolve_node(info: strawberry.Info, id: strawberry.ID) -> Optional[GraphNode]:
        return to_node(await info.context.node_loader.load(id))

    async def resolve_tie(info: strawberry.Info, kind: TieKindEnum, id: strawberry.ID) -> Optional[Tie]:  # type: ignore[valid-type]
        row = await info.context.call(info.context.service.get_tie, kind.value, id)
        return to_tie(row) if row is not None else None

    async def resolve_partners(info: strawberry.Info, organisation_id: strawberry.ID, as_of: Optional[dt.date] = None) -> list[Partner]:
        try:
            partners = await info.context.call(info.context.service.partners, organisation_id, _iso(as_of))
        except NotFound:
            return []
        return [Partner(node=to_node(node), ties=[to_tie(t) for t in ties]) for node, ties in partners]

    async def resolve_overview(info: strawberry.Info, coalition_id: strawberry.ID, as_of: Optional[dt.date] = None) -> Optional[CoalitionOverview]:
        try:
            data = await info.context.call(info.context.service.overview, coalition_id, _iso(as_of))
        except NotFound:
            return None
        ties = []
        for key, count in data["domain_ties"].items():
            a, b = key.split("|")
            ties.append(DomainTieCount(a=DomainEnum(a), b=DomainEnum(b), count=count))
        return CoalitionOverview(
            coalition=to_node(data["coalition"]), as_of=dt.date.fromisoformat(data["as_of"]), members=data["members"],
            by_domain=counts("domain", data["by_domain"]), by_level=counts("level", data["by_level"]),
            by_phase=counts("phase", data["by_phase"]),
            interventions_by_phase=counts("phase", data["interventions_by_phase"]), ties_between_domains=ties,
        )

    def resolve_enums() -> list[EnumInfo]:
        return [
            EnumInfo(name=e.name, nl=e.nl, en=e.en, values=[EnumLabel(value=v.id, nl=v.nl, en=v.en) for v in e.values])
            for e in vocabulary.enums.values()
        ]

    def resolve_me(info: strawberry.Info) -> Me:
        p = info.context.principal
        return Me(name=p.name, role=p.role.value, coalitions=sorted(p.coalitions), professional=p.professional)

    query_fields += [
        strawberry.field(resolver=resolve_node, name="node", description="Any node by id (null if unknown or not visible)."),
        strawberry.field(resolver=resolve_tie, name="tie", description="One tie by kind and id."),
        strawberry.field(resolver=resolve_partners, name="partners",
                         description="The partners of an organisation with the ties between them."),
        strawberry.field(resolver=resolve_overview, name="coalitionOverview",
                         description="Members by domain, level and phase, interventions by phase, ties between domains."),
        strawberry.field(resolver=resolve_enums, name="enums", description="Every enumeration with Dutch and English labels."),
        strawberry.field(resolver=resolve_me, name="me", description="Who you are to this service."),
    ]

    # ------------------------------------------------------------------ mutations
    mutation_fields = []

    def create_field(kind_name: str, input_type: type) -> Any:
        async def resolve(info: strawberry.Info, input: input_type) -> NodeResult:  # type: ignore[valid-type]
            result = await guarded(info, info.context.service.create_node, kind_name, input_to_dict(input, keep_none=False))
            return NodePayload(node=to_node(result)) if isinstance(result, dict) else result

        resolve.__name__ = f"create{vocabulary.node_kinds[kind_name].label}"
        return strawberry.mutation(resolver=resolve, name=resolve.__name__)

    def update_field(kind_name: str, patch_type: type) -> Any:
        async def resolve(info: strawberry.Info, id: strawberry.ID, patch: patch_type) -> NodeResult:  # type: ignore[valid-type]
            result = await guarded(info, info.context.service.update_node, kind_name, id, input_to_dict(patch, keep_none=True))
            return NodePayload(node=to_node(result)) if isinstance(result, dict) else result

        resolve.__name__ = f"update{vocabulary.node_kinds[kind_name].label}"
        return strawberry.mutation(resolver=resolve, name=resolve.__name__)

    def delete_field(kind_name: str) -> Any:
        async def resolve(info: strawberry.Info, id: strawberry.ID) -> DeleteResult:  # type: ignore[valid-type]
            result = await guarded(info, info.context.service.delete_node, kind_name, id)
            return Deleted(id=id) if result is None else result

        resolve.__name__ = f"delete{vocabulary.node_kinds[kind_name].label}"
        return strawberry.mutation(resolver=resolve, name=resolve.__name__)

    for kind_name, classes in network_classes.items():
        mutation_fields += [create_field(kind_name, classes["input"]), update_field(kind_name, classes["patch"]),
                            delete_field(kind_name)]

    async def resolve_link(info: strawberry.Info, input: TieInput) -> TieResult:  # type: ignore[valid-type]
        props = input_to_dict(input, keep_none=False)
        kind, from_id, to_id = props.pop("kind"), props.pop("from_"), props.pop("to")
        props.setdefault("since", clock.today().isoformat())
        result = await guarded(info, info.context.service.link, kind, from_id, to_id, props)
        return TiePayload(tie=to_tie(result)) if isinstance(result, dict) else result

    async def resolve_update_tie(info: strawberry.Info, kind: TieKindEnum, id: strawberry.ID, patch: TiePatch) -> TieResult:  # type: ignore[valid-type]
        result = await guarded(info, info.context.service.update_tie, kind.value, id, input_to_dict(patch, keep_none=True))
        return TiePayload(tie=to_tie(result)) if isinstance(result, dict) else result

    async def resolve_unlink(info: strawberry.Info, kind: TieKindEnum, id: strawberry.ID) -> DeleteResult:  # type: ignore[valid-type]
        result = await guarded(info, info.context.service.unlink, kind.value, id)
        return Deleted(id=id) if result is None else result

    LevelEnum = registry.enums["level"]

    async def resolve_join(info: strawberry.Info, member_id: strawberry.ID, coalition_id: strawberry.ID,
                           level: LevelEnum, since: Optional[dt.date] = None) -> TieResult:  # type: ignore[valid-type]
        result = await guarded(info, info.context.service.join_coalition, member_id, coalition_id, level.value, _iso(since))
        return TiePayload(tie=to_tie(result)) if isinstance(result, dict) else result

    async def resolve_leave(info: strawberry.Info, member_id: strawberry.ID, coalition_id: strawberry.ID,
                            until: Optional[dt.date] = None) -> TiesResult:  # type: ignore[valid-type]
        result = await guarded(info, info.context.service.leave_coalition, member_id, coalition_id, _iso(until))
        return TiesPayload(ties=[to_tie(t) for t in result]) if isinstance(result, list) else result

    async def resolve_bulk(info: strawberry.Info, kind: NodeKindEnum, rows: JSON) -> BulkResult:  # type: ignore[valid-type]
        if not isinstance(rows, list):
            return error_result(ValidationError("must be a list of objects", field="rows"))
        result = await guarded(info, info.context.service.bulk_upsert, kind.value, rows)
        return BulkPayload(written=result) if isinstance(result, int) else result

    mutation_fields += [
        strawberry.mutation(resolver=resolve_link, name="link", description="Create a typed tie."),
        strawberry.mutation(resolver=resolve_update_tie, name="updateTie", description="Change a tie, e.g. end it."),
        strawberry.mutation(resolver=resolve_unlink, name="unlink", description="Delete a tie (prefer ending it)."),
        strawberry.mutation(resolver=resolve_join, name="joinCoalition", description="Make a node a member of a coalition."),
        strawberry.mutation(resolver=resolve_leave, name="leaveCoalition", description="End a membership (today by default)."),
        strawberry.mutation(resolver=resolve_bulk, name="bulkUpsert",
                            description="Create or update many nodes of one kind: all rows or none."),
    ]

    # ------------------------------------------------------------------ import and export
    @strawberry.type(description="One problem found in an import file, by sheet, row and column.")
    class ImportProblem:
        sheet: str
        row: int
        column: str
        message: str

    @strawberry.type(name="ImportReport", description="What an import checked and (unless a dry run or a problem) wrote.")
    class ImportReportType:
        rows: int
        written: bool
        dry_run: bool
        problems: list[ImportProblem]
        nodes: JSON
        ties: JSON

    ImportResult = result_union("ImportResult", ImportReportType)
    ImportFormat = registry.enum_type("import_format", ["csv", "xlsx"])
    ExportFormat = registry.enum_type("export_format", ["graphml", "gexf", "csv", "json"])

    @strawberry.type(name="ExportFile")
    class ExportFileType:
        name: str
        media_type: str
        content: str


    async def resolve_import(info: strawberry.Info, coalition_id: strawberry.ID, format: ImportFormat,  # type: ignore[valid-type]
                             content: str, dry_run: bool = False) -> ImportResult:  # type: ignore[valid-type]

        if format.value == "xlsx":
            try:
                raw = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                return error_result(ValidationError("must be the XLSX file in base64", field="content"))
        else:
            raw = content.encode("utf-8")
        result = await guarded(info, info.context.importer.run, coalition_id, raw, format.value, dry_run=dry_run)
        if not isinstance(result, ImportReport):
            return result
        return ImportReportType(
            rows=result.rows, written=result.written, dry_run=result.dry_run, nodes=result.nodes, ties=result.ties,
            problems=[ImportProblem(sheet=p.sheet, row=p.row, column=p.column, message=p.message) for p in result.problems],
        )

    async def resolve_export(info: strawberry.Info, coalition_id: strawberry.ID, format: ExportFormat,  # type: ignore[valid-type]
                             as_of: Optional[dt.date] = None) -> list[ExportFileType]:
        try:
            files = await info.context.call(lambda p: export(info.context.service, p, coalition_id, format.value, _iso(as_of)))
        except NotFound:
            return []
        except DomainError as error:
            raise PublicError(error) from None
        return [ExportFileType(name=f.name, media_type=f.media_type, content=f.content) for f in files]

    mutation_fields.append(strawberry.mutation(
        resolver=resolve_import, name="importFile",
        description="Import partners, people, communities, interventions and ties into a coalition: "
        "every row is checked first, then all are written or none. `content`: CSV text or XLSX in base64."))
    query_fields.append(strawberry.field(
        resolver=resolve_export, name="exportCoalition",
        description="The coalition's network as GraphML, GEXF (Gephi), CSV (nodes and ties) or JSON."))

    # ------------------------------------------------------------------ analysis
    @strawberry.type(description="A network measure of the whole coalition with its reading.")
    class NetworkMetric:
        id: str
        value: JSON
        nl: str
        en: str
        approximate: bool

    @strawberry.type(description="Ties between two domains: observed, and expected under random mixing.")
    class DomainCell:
        a: DomainEnum  # type: ignore[valid-type]
        b: DomainEnum  # type: ignore[valid-type]
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
        async def node(self, info: strawberry.Info) -> Optional[GraphNode]:
            return to_node(await info.context.node_loader.load(self.node_id))

    @strawberry.type
    class SuggestedTie:
        from_id: strawberry.Private[str]
        to_id: strawberry.Private[str]
        reason_nl: str
        reason_en: str

        @strawberry.field(name="from")
        async def from_(self, info: strawberry.Info) -> Optional[GraphNode]:
            return to_node(await info.context.node_loader.load(self.from_id))

        @strawberry.field
        async def to(self, info: strawberry.Info) -> Optional[GraphNode]:
            return to_node(await info.context.node_loader.load(self.to_id))

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
        async def evidence(self, info: strawberry.Info) -> list[GraphNode]:
            nodes = await info.context.node_loader.load_many(self.node_ids)
            return [to_node(n) for n in nodes if n is not None]

    @strawberry.type(description="One of the first things to do, from a high-priority finding.")
    class TopAction:
        rule: str
        nl: str
        en: str
        because_nl: str
        because_en: str

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

    def to_finding(f: dict[str, Any]) -> Finding:
        return Finding(rule=f["rule"], severity=f["severity"], priority=f["priority"], nl=f["nl"], en=f["en"], action_nl=f["action_nl"],
                       action_en=f["action_en"], tie_ids=f["ties"], node_ids=f["nodes"],
                       suggested_ties=[SuggestedTie(from_id=t["from"], to_id=t["to"], reason_nl=t["reason_nl"],
                                                    reason_en=t["reason_en"]) for t in f["suggested_ties"]])

    def to_analysis(data: dict[str, Any]) -> Analysis:
        per_node = data["nodes"]
        order = sorted(per_node["betweenness"], key=lambda n: (-per_node["betweenness"][n], n))
        rows = [NodeMetric(node_id=n, degree=per_node["degree"][n], betweenness=per_node["betweenness"][n],
                           closeness=per_node["closeness"][n], eigenvector=per_node["eigenvector"][n],
                           constraint=per_node["constraint"][n], effective_size=per_node["effective_size"][n],
                           reach=per_node["reach"][n], brokerage=per_node["brokerage"][n]) for n in order]
        findings = [to_finding(f) for f in data["findings"]]
        return Analysis(
            as_of=dt.date.fromisoformat(data["as_of"]), version=data["version"], partners=data["partners"],
            ties=data["ties"], findings=findings, node_rows=rows,
            top_actions=[TopAction(**a) for a in data["top_actions"]],
            metrics=[NetworkMetric(id=m["id"], value=m["value"], nl=m["nl"], en=m["en"], approximate=m["approximate"])
                     for m in data["metrics"]],
            domain_matrix=[DomainCell(a=DomainEnum(c["a"]), b=DomainEnum(c["b"]), observed=c["observed"],
                                      expected=c["expected"]) for c in data["domain_matrix"]],
        )

    async def resolve_analysis(info: strawberry.Info, coalition_id: strawberry.ID,
                               as_of: Optional[dt.date] = None) -> Optional[Analysis]:
        try:
            return to_analysis(await info.context.call(info.context.analysis.analyse, coalition_id, _iso(as_of)))
        except NotFound:
            return None

    async def resolve_region(info: strawberry.Info, coalition_ids: list[strawberry.ID],
                             as_of: Optional[dt.date] = None) -> Analysis:
        try:
            return to_analysis(await info.context.call(info.context.analysis.analyse_region, coalition_ids, _iso(as_of)))
        except DomainError as error:
            raise PublicError(error) from None

    @strawberry.type
    class FigureChange:
        name: str
        from_: float = strawberry.field(name="from")
        to: float
        change: float

    @strawberry.type(description="What changed between two dates.")
    class Comparison:
        from_: dt.date = strawberry.field(name="from")
        to: dt.date
        ties_added: list[Tie]  # type: ignore[valid-type]
        ties_removed: list[Tie]  # type: ignore[valid-type]
        findings_closed: list[Finding]
        findings_new: list[Finding]
        figures: list[FigureChange]

    async def resolve_compare(info: strawberry.Info, coalition_id: strawberry.ID, from_: Annotated[
            dt.date, strawberry.argument(name="from")], to: dt.date) -> Optional[Comparison]:
        try:
            data = await info.context.call(info.context.analysis.compare, coalition_id, from_.isoformat(), to.isoformat())
        except NotFound:
            return None
        except DomainError as error:
            raise PublicError(error) from None
        return Comparison(
            from_=dt.date.fromisoformat(data["from"]), to=dt.date.fromisoformat(data["to"]),
            ties_added=[to_tie(t) for t in data["ties_added"]], ties_removed=[to_tie(t) for t in data["ties_removed"]],
            findings_closed=[to_finding(f) for f in data["findings_closed"]],
            findings_new=[to_finding(f) for f in data["findings_new"]],
            figures=[FigureChange(name=k, from_=v["from"], to=v["to"], change=v["change"]) for k, v in data["figures"].items()],
        )

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

    async def resolve_side_by_side(info: strawberry.Info, coalition_ids: list[strawberry.ID],
                                   as_of: Optional[dt.date] = None) -> list[CoalitionFigures]:
        try:
            rows = await info.context.call(info.context.analysis.side_by_side, coalition_ids, _iso(as_of))
        except DomainError as error:
            raise PublicError(error) from None
        return [CoalitionFigures(coalition_id=r.pop("coalition"), as_of=dt.date.fromisoformat(r.pop("as_of")), **r)
                for r in rows]

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

    async def resolve_family_aggregates(info: strawberry.Info, coalition_id: strawberry.ID,
                                        as_of: Optional[dt.date] = None) -> Optional[FamilyAggregates]:
        principal = info.context.principal
        if not (principal.role.value in ("admin", "evaluator") or principal.coordinates(coalition_id)):
            raise PublicError(PermissionDenied("family aggregates are for evaluators, admins and the coalition's coordinators"))
        try:
            data = await info.context.call(info.context.evaluation.family_aggregates,
                                           coalition_id, _iso(as_of))
        except NotFound:
            return None
        shares = {k: SuppressedShare(**data[k]) for k in ("with_coordinator", "with_informal_emotional_support",
                                                           "with_connected_medical_and_social")}
        return FamilyAggregates(families=data["families"], suppressed=data["suppressed"], **shares)

    query_fields += [
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
    ]

    if family_data:
        card_parts = build_card_schema(vocabulary, registry, objects, kind_classes, GraphNode, Tie, to_node, to_tie,
                                       guarded)
        query_fields += card_parts.queries
        mutation_fields += card_parts.mutations

    Query = create_type("Query", query_fields)
    Mutation = create_type("Mutation", mutation_fields)
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules([QueryCostLimit]),
        lambda: MaskErrors(should_mask_error=should_mask),
        # clients send the same few documents over and over: parse and validate each once
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
    if not dev_mode:
        extensions += [DisableIntrospection, HideSuggestions]
    return Schema(query=Query, mutation=Mutation, types=list(objects.values()), extensions=extensions)
