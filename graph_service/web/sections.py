"""The parts of a coalition's network a coordinator keeps, each with its own pages: partners
(organisations), professionals, informal supporters, communities, the offer (interventions) and
the neighbourhoods it works in.

A section names its kind of the vocabulary, the properties its list shows beside the name and
the choices its list filters by; everything else (labels, form fields, checks) follows from the
vocabulary, so a property added there appears on the pages without a change here."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable

from ..domain.vocabulary import PropertySpec, Vocabulary
from ..maps.page import enum_label


@dataclass(frozen=True)
class Section:
    slug: str  # in the address: /app/coalitions/{id}/{slug}
    kind: str
    columns: tuple[str, ...]  # shown in the list beside the name
    filters: tuple[str, ...]  # choices (enumerations) the list filters by
    by_level: bool = False  # the list also filters by the level at the coalition table

    def base(self, coalition_id: str) -> str:
        return f"/app/coalitions/{coalition_id}/{self.slug}"


SECTIONS = (
    Section("partners", "organisation", ("domain", "organisation_type"), ("domain", "organisation_type", "phases"),
            by_level=True),
    Section("professionals", "professional", ("role", "domain"), ("domain", "phases")),
    Section("supporters", "informal_supporter", ("relationship", "life_area"), ("life_area",), by_level=True),
    Section("communities", "community", ("language",), ()),
    Section("interventions", "intervention", ("intervention_type", "phases"), ("intervention_type", "phases", "pillars")),
    Section("neighbourhoods", "neighbourhood", ("municipality", "postcode_area"), ()),
)
BY_SLUG = {s.slug: s for s in SECTIONS}
BY_KIND = {s.kind: s for s in SECTIONS}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def property_label(spec: PropertySpec, vocabulary: Vocabulary, lang: str) -> str:
    """A property's name in words: its own label, else its enumeration's, else its name."""
    own = spec.en if lang == "en" else spec.nl
    if own:
        return own
    if spec.enum:
        enum = vocabulary.enums[spec.enum]
        return (enum.en if lang == "en" else enum.nl) or spec.name
    return spec.name.replace("_", " ")


def in_words(vocabulary: Vocabulary, spec: PropertySpec, value: Any, lang: str) -> str:
    if spec.type == "bool":
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nee")
    if spec.type in ("enum", "enum_list"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(enum_label(vocabulary, spec.enum or "", v, lang) for v in values)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def facts(vocabulary: Vocabulary, node: dict[str, Any], lang: str) -> list[Fact]:
    """A node's properties in words, in the vocabulary's order, leaving out what is not filled in."""
    kind = vocabulary.node_kinds[node["kind"]]
    return [Fact(property_label(spec, vocabulary, lang), in_words(vocabulary, spec, node[name], lang))
            for name, spec in kind.properties.items() if node.get(name) not in (None, "", [])]


def title_of(node: dict[str, Any]) -> str:
    return str(node.get("name") or node.get("label") or node.get("id"))


def for_section(section: Section) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A handler of one section, called as starlette calls an endpoint or a page builder:
    `handler(request, [principal,] section)`."""
    def bind(handler: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(handler):
            async def endpoint(*args: Any) -> Any:
                return await handler(*args, section)
            return endpoint

        def build(*args: Any) -> Any:
            return handler(*args, section)
        return build
    return bind
