"""The graph vocabulary as typed values, loaded from `graph_service/schema/vocabulary.toml`.

One file is the source of truth for kinds, relationship kinds and enumerations so that the store,
the API enums, the analysis and the map legends cannot drift apart. The loader checks the file
itself (unknown enum references, endpoint kinds that do not exist) so a bad edit fails at start,
not at the first request that touches it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Mapping

PROPERTY_TYPES = frozenset(
    {"string", "text", "int", "bool", "date", "enum", "enum_list", "string_list"}
)
#: Properties the store manages itself; a caller can set `id` on create, never the others.
SYSTEM_PROPERTIES = frozenset({"id", "kind", "created", "updated"})
RELATIONSHIP_SYSTEM_PROPERTIES = frozenset({"id", "type", "kind", "from", "to", "created"})


class VocabularyError(Exception):
    """The vocabulary file itself is inconsistent."""


@dataclass(frozen=True)
class EnumValue:
    id: str
    nl: str
    en: str
    #: further facts of a value (an organisation type's domain, a domain's expected levels)
    extra: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Enumeration:
    name: str
    nl: str
    en: str
    values: tuple[EnumValue, ...]

    def __post_init__(self) -> None:
        # validation looks values up for every row of a bulk write: a dict, not a scan
        object.__setattr__(self, "_by_id", {v.id: v for v in self.values})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    def get(self, value_id: str) -> EnumValue | None:
        return self._by_id.get(value_id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PropertySpec:
    name: str
    type: str
    required: bool = False
    enum: str | None = None
    min: int | None = None
    max: int | None = None
    #: a date (or a year) that records something that happened: never later than today
    past: bool = False
    #: what a form and a page call it, in Dutch and English (an enumeration's own name when not given)
    nl: str | None = None
    en: str | None = None


class _HasProperties:
    properties: Mapping[str, PropertySpec]

    @cached_property
    def required(self) -> tuple[str, ...]:
        """The properties a new node or tie of this kind must have (worked out once: bulk
        validation asks for every row)."""
        return tuple(name for name, spec in self.properties.items() if spec.required)


@dataclass(frozen=True)
class NodeKind(_HasProperties):
    name: str
    label: str
    nl: str
    en: str
    title: str
    properties: Mapping[str, PropertySpec]
    #: "family": part of one family's network card, reachable only through the card API
    scope: str | None = None
    #: a node that stands for one named person: evaluators see it under a pseudonym
    person: bool = False
    #: the name of its list in the API ("organisations"); the card's kinds have none
    plural: str | None = None


@dataclass(frozen=True)
class RelationshipKind(_HasProperties):
    name: str
    type: str
    nl: str
    en: str
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    properties: Mapping[str, PropertySpec]
    scope: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    version: int
    enums: Mapping[str, Enumeration]
    node_kinds: Mapping[str, NodeKind]
    relationship_kinds: Mapping[str, RelationshipKind]
    #: kinds of tie treated alike by the analysis and the card signals (`[tie_groups]`)
    tie_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def order(self, enum: str) -> tuple[str, ...]:
        """An enumeration's values in the vocabulary's order (domains, phases, pillars, levels)."""
        return self.enums[enum].ids

    def node_kind(self, name: str) -> NodeKind | None:
        return self.node_kinds.get(name)

    def relationship_kind(self, name: str) -> RelationshipKind | None:
        return self.relationship_kinds.get(name)

    def kind_of_label(self, label: str) -> NodeKind | None:
        return next((k for k in self.node_kinds.values() if k.label == label), None)

    def relationship_of_type(self, rel_type: str) -> RelationshipKind | None:
        return next((r for r in self.relationship_kinds.values() if r.type == rel_type), None)

    @property
    def network_kinds(self) -> list[NodeKind]:
        """The kinds of the coalition network (the generic API); card kinds are left out."""
        return [k for k in self.node_kinds.values() if k.scope is None]

    @property
    def private_kinds(self) -> frozenset[str]:
        """Families and everything on their cards: never in the generic API."""
        return frozenset(k.name for k in self.node_kinds.values() if k.scope == "family")

    @property
    def hidden_kinds(self) -> frozenset[str]:
        """Never in the generic API: family data, and a coalition's own records (its decisions about
        findings, its history of changes), which have their own use cases and permission checks."""
        return frozenset(k.name for k in self.node_kinds.values() if k.scope in ("family", "coalition"))

    @property
    def card_kinds(self) -> frozenset[str]:
        """The kinds whose nodes belong to one family (they carry its id as `family`)."""
        return self.private_kinds - {"family"}

    def without_family_data(self) -> "Vocabulary":
        """The vocabulary as roles that never see a family know it: no family kinds, no card ties."""
        return Vocabulary(
            version=self.version, enums=self.enums,
            node_kinds={n: k for n, k in self.node_kinds.items() if k.scope is None},
            relationship_kinds={n: r for n, r in self.relationship_kinds.items() if r.scope is None},
            tie_groups=self.tie_groups,
        )

    @property
    def person_kinds(self) -> frozenset[str]:
        """Network kinds that name one person (professionals, informal supporters)."""
        return frozenset(k.name for k in self.node_kinds.values() if k.person)

    @property
    def card_tie_kinds(self) -> frozenset[str]:
        return frozenset(r.name for r in self.relationship_kinds.values() if r.scope == "family")


def default_schema_dir() -> Path:
    """`graph_service/schema/`: inside the package, so an installed wheel has it too."""
    return Path(__file__).resolve().parents[1] / "schema"


def _property_specs(owner: str, raw: Mapping[str, Any], enums: Mapping[str, Enumeration]) -> dict[str, PropertySpec]:
    specs: dict[str, PropertySpec] = {}
    for name, spec in raw.items():
        ptype = spec.get("type")
        if ptype not in PROPERTY_TYPES:
            raise VocabularyError(f"{owner}.{name}: unknown property type {ptype!r}")
        enum = spec.get("enum")
        if ptype in ("enum", "enum_list") and enum not in enums:
            raise VocabularyError(f"{owner}.{name}: unknown enumeration {enum!r}")
        specs[name] = PropertySpec(
            name=name,
            type=ptype,
            required=bool(spec.get("required", False)),
            enum=enum,
            min=spec.get("min"),
            max=spec.get("max"),
            past=bool(spec.get("past", False)),
            nl=spec.get("nl") or (enums[enum].nl if enum else None),
            en=spec.get("en") or (enums[enum].en if enum else None),
        )
        if specs[name].past and ptype not in ("date", "int"):
            raise VocabularyError(f"{owner}.{name}: only dates and years can be `past`")
    return specs


def _scope(owner: str, raw: Mapping[str, Any]) -> str | None:
    scope = raw.get("scope")
    if scope not in (None, "family", "coalition"):
        raise VocabularyError(f"{owner}: unknown scope {scope!r}")
    return scope


def parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """Build and cross-check the vocabulary from the parsed TOML document."""
    enums: dict[str, Enumeration] = {}
    for name, raw in data.get("enums", {}).items():
        values = []
        for v in raw["values"]:
            extra = {k: tuple(map(str, x)) if isinstance(x, list) else str(x)
                     for k, x in v.items() if k not in ("id", "nl", "en")}
            values.append(EnumValue(id=v["id"], nl=v["nl"], en=v["en"], extra=extra))
        if len({v.id for v in values}) != len(values):
            raise VocabularyError(f"enum {name}: duplicate value ids")
        enums[name] = Enumeration(name=name, nl=raw["nl"], en=raw["en"], values=tuple(values))

    node_kinds: dict[str, NodeKind] = {}
    for name, raw in data.get("node_kinds", {}).items():
        props = _property_specs(name, raw.get("properties", {}), enums)
        clash = SYSTEM_PROPERTIES & props.keys()
        if clash:
            raise VocabularyError(f"{name}: properties {sorted(clash)} are reserved")
        if raw["title"] not in props:
            raise VocabularyError(f"{name}: title property {raw['title']!r} is not a property")
        node_kinds[name] = NodeKind(
            name=name, label=raw["label"], nl=raw["nl"], en=raw["en"], title=raw["title"], properties=props,
            scope=_scope(name, raw), person=bool(raw.get("person", False)), plural=raw.get("plural"),
        )

    rel_kinds: dict[str, RelationshipKind] = {}
    for name, raw in data.get("relationship_kinds", {}).items():
        for end in (*raw["from"], *raw["to"]):
            if end not in node_kinds:
                raise VocabularyError(f"relationship {name}: unknown endpoint kind {end!r}")
        props = {
            "since": PropertySpec("since", "date", required=True),
            "until": PropertySpec("until", "date"),
            **_property_specs(name, raw.get("properties", {}), enums),
        }
        rel_kinds[name] = RelationshipKind(
            name=name,
            type=raw["type"],
            nl=raw["nl"],
            en=raw["en"],
            from_kinds=tuple(raw["from"]),
            to_kinds=tuple(raw["to"]),
            properties=props,
            scope=_scope(name, raw),
        )
    labels = [k.label for k in node_kinds.values()]
    types = [r.type for r in rel_kinds.values()]
    if len(set(labels)) != len(labels) or len(set(types)) != len(types):
        raise VocabularyError("node labels and relationship types must be unique")
    groups = {name: frozenset(kinds) for name, kinds in data.get("tie_groups", {}).items()}
    for name, kinds in groups.items():
        if kinds - rel_kinds.keys():
            raise VocabularyError(f"tie group {name}: unknown tie kinds {sorted(kinds - rel_kinds.keys())}")
    return Vocabulary(version=int(data.get("version", 1)), enums=enums, node_kinds=node_kinds,
                      relationship_kinds=rel_kinds, tie_groups=groups)


@lru_cache(maxsize=4)
def load_vocabulary(schema_dir: Path | None = None) -> Vocabulary:
    path = (schema_dir or default_schema_dir()) / "vocabulary.toml"
    with path.open("rb") as fh:
        return parse_vocabulary(tomllib.load(fh))
