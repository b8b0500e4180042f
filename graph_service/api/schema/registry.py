"""GraphQL types generated from the vocabulary.

The vocabulary in `graph_service/schema/vocabulary.toml` is the one source of truth, so the enums, the object
type of each node kind, its create input, update patch and list filter, and the tie type are all
built from it here. Adding a property to the vocabulary adds it to the API; the generated SDL in
`graph_service/schema/schema.graphql` (checked by a test) shows the result for review.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import datetime as dt
import enum
from typing import Any, Optional

import strawberry
from strawberry.types.unset import UNSET

from ...domain.vocabulary import NodeKind, PropertySpec, Vocabulary

# --------------------------------------------------------------------------- names


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))



@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: Optional[str]


@strawberry.type(description="A value of an enumeration with its Dutch and English label.")
class EnumLabel:
    value: str
    nl: str
    en: str


@strawberry.type
class EnumInfo:
    name: str
    nl: str
    en: str
    values: list[EnumLabel]


@strawberry.type(description="The acting principal.")
class Me:
    name: str
    role: str
    coalitions: list[str]
    professional: Optional[str]


class Registry:
    """All types built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.enums: dict[str, type[enum.Enum]] = {
            name: self.enum_type(name, [v.id for v in spec.values]) for name, spec in vocabulary.enums.items()
        }
        self.node_kind_enum = self.enum_type("node_kind", list(vocabulary.node_kinds))
        self.tie_kind_enum = self.enum_type("tie_kind", list(vocabulary.relationship_kinds))
        self.tie_properties = self._tie_property_specs()

    # ------------------------------------------------------------------ enums
    @staticmethod
    def enum_type(name: str, values: list[str]) -> type[enum.Enum]:
        python_enum = enum.Enum(pascal(name), {v.upper(): v for v in values})  # type: ignore[misc]
        return strawberry.enum(python_enum, name=pascal(name))

    def python_type(self, spec: PropertySpec) -> Any:
        if spec.type in ("string", "text"):
            return str
        if spec.type == "int":
            return int
        if spec.type == "bool":
            return bool
        if spec.type == "date":
            return dt.date
        if spec.type == "enum":
            return self.enums[spec.enum or ""]
        if spec.type == "enum_list":
            return list[self.enums[spec.enum or ""]]  # type: ignore[index]
        return list[str]

    def _tie_property_specs(self) -> dict[str, PropertySpec]:
        merged: dict[str, PropertySpec] = {}
        for rel in self.vocabulary.relationship_kinds.values():
            for name, spec in rel.properties.items():
                known = merged.get(name)
                if known and (known.type, known.enum) != (spec.type, spec.enum):
                    raise ValueError(f"tie property {name} has two types in the vocabulary")
                merged.setdefault(name, spec)
        return merged

    # ------------------------------------------------------------------ conversion
    def to_graphql_value(self, spec: PropertySpec, value: Any) -> Any:
        if value is None:
            return None
        if spec.type == "enum":
            return self.enums[spec.enum or ""](value)
        if spec.type == "enum_list":
            return [self.enums[spec.enum or ""](v) for v in value]
        if spec.type == "date":
            return dt.date.fromisoformat(value)
        return value


def from_graphql_value(value: Any) -> Any:
    """Input values back to plain store values (enum members to their ids, dates to ISO)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [from_graphql_value(v) for v in value]
    return value


def input_to_dict(data: Any, *, keep_none: bool) -> dict[str, Any]:
    """Turn a strawberry input object into a property dict; UNSET fields are left out and None
    is kept only for patches (where it removes the property)."""
    out: dict[str, Any] = {}
    for name, value in vars(data).items():
        if value is UNSET or (value is None and not keep_none):
            continue
        out[name] = from_graphql_value(value)
    return out


def make_node_kind_classes(registry: Registry, kind: NodeKind, interface: type) -> dict[str, type]:
    """The object type, create input, patch input and filter input of one node kind."""
    name = kind.label
    fields = {p: registry.python_type(spec) for p, spec in kind.properties.items()}

    annotations = {p: (t if kind.properties[p].required else Optional[t]) for p, t in fields.items()}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__doc__": f"{kind.en} ({kind.nl})."}
    for p in kind.properties:
        namespace[p] = None  # missing optional properties read as null
    object_type = strawberry.type(type(name, (interface,), namespace), name=name)

    create_annotations: dict[str, Any] = {"id": Optional[strawberry.ID]}
    create_namespace: dict[str, Any] = {"id": None}
    for p, t in fields.items():
        create_annotations[p] = t if kind.properties[p].required else Optional[t]
        if not kind.properties[p].required:
            create_namespace[p] = None
    ordered = dict(sorted(create_annotations.items(), key=lambda item: item[0] in create_namespace))
    create_input = strawberry.input(
        type(f"{name}Input", (), {"__annotations__": ordered, **create_namespace}), name=f"{name}Input",
        description=f"A new {kind.en.lower()}; `id` is chosen for you when left out.",
    )
    patch_input = strawberry.input(
        type(f"{name}Patch", (), {"__annotations__": {p: Optional[t] for p, t in fields.items()},
                                  **{p: UNSET for p in fields}}),
        name=f"{name}Patch", description="Only the fields given change; null removes an optional property.",
    )

    filter_annotations: dict[str, Any] = {"text": Optional[str], "coalition": Optional[strawberry.ID]}
    for p, spec in kind.properties.items():
        if spec.type in ("enum", "bool"):
            filter_annotations[p] = Optional[fields[p]]
        elif spec.type == "enum_list":
            filter_annotations[p] = Optional[registry.enums[spec.enum or ""]]
    filter_input = strawberry.input(
        type(f"{name}Filter", (), {"__annotations__": filter_annotations, **{p: None for p in filter_annotations}}),
        name=f"{name}Filter",
        description="`text` searches the name; `coalition` keeps what is part of that coalition; "
        "a list property matches when it contains the value.",
    )

    edge = strawberry.type(
        type(f"{name}Edge", (), {"__annotations__": {"cursor": str, "node": object_type}}), name=f"{name}Edge"
    )
    connection = strawberry.type(
        type(f"{name}Connection", (), {"__annotations__": {"edges": list[edge], "page_info": PageInfo}}),
        name=f"{name}Connection",
    )
    return {"object": object_type, "input": create_input, "patch": patch_input, "filter": filter_input,
            "connection": connection, "edge": edge}
