"""A form for any kind of the vocabulary: one field per property, shown the way its type asks
(text, a choice, several choices, yes or no), and the posted values turned back into properties
for the services, which check them. Labels come from the vocabulary, in Dutch or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.vocabulary import PropertySpec, Vocabulary
from .forms import FormData


@dataclass
class Field:
    name: str
    label: str
    widget: str  # textbox, textarea, select, checkboxes, checkbox
    required: bool
    value: Any
    options: list[tuple[str, str]] = field(default_factory=list)


def _widget(spec: PropertySpec) -> str:
    return {"text": "textarea", "enum": "select", "enum_list": "checkboxes", "bool": "checkbox"}.get(spec.type, "textbox")


def fields_of(vocabulary: Vocabulary, kind: str, values: dict[str, Any], lang: str) -> list[Field]:
    """The form's fields, filled with `values` (a node, or what was posted)."""
    out = []
    for name, spec in vocabulary.node_kinds[kind].properties.items():
        options = [(v.id, v.label(lang)) for v in vocabulary.enums[spec.enum].values] if spec.enum else []
        value = values.get(name)
        if spec.type == "enum_list":
            value = list(value or [])
        out.append(Field(name=name, label=(spec.en if lang == "en" else spec.nl) or name.replace("_", " "),
                         widget=_widget(spec), required=spec.required, value=value, options=options))
    return out


def posted_values(vocabulary: Vocabulary, kind: str, form: FormData) -> dict[str, Any]:
    """What the form says, as a person filled it in (kept when the form comes back with an error)."""
    values: dict[str, Any] = {}
    for name, spec in vocabulary.node_kinds[kind].properties.items():
        if spec.type == "enum_list":
            values[name] = form.values_of(name)
        elif spec.type == "bool":
            values[name] = form.get(name) == "on"
        else:
            values[name] = form.get(name, "")
    return values


def properties_of(vocabulary: Vocabulary, kind: str, values: dict[str, Any], *, patch: bool) -> dict[str, Any]:
    """The properties for the services: an empty field is left out of a new node and removes the
    property in a change; a whole number is sent as one (or as the text, which the service refuses
    with the field's name)."""
    props: dict[str, Any] = {}
    for name, spec in vocabulary.node_kinds[kind].properties.items():
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
            if spec.type == "int" and value.lstrip("-").isdigit():
                value = int(value)
        if value in ("", None, []) and spec.type != "bool":
            if patch:
                props[name] = None
            continue
        props[name] = value
    return props
