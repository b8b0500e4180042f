"""What the card editor's forms send, as the card service's values.

A person's form carries, next to each field, the value as the worker saw it (`seen_<field>`).
Only the fields she changed are sent to the service, with what she saw, so a colleague's change
to another field is kept, and a change to the same field is reported instead of overwritten."""

from __future__ import annotations

from typing import Any

from ..domain.vocabulary import PropertySpec, Vocabulary
from ..services.card_editor import text_of
from .forms import FormData

#: the support tie's fields on a person's form, in the order of the form
SUPPORT_FIELDS = ("ring", "emotional", "practical", "informational", "contact_frequency", "knows_situation",
                  "available_maternity", "criticism", "conflict", "potential", "focus")
#: the fields of someone of the family's own network
PERSON_FIELDS = ("name", "relationship", "life_area")
#: service field -> form field, for the error at its field
FIELDS = {
    **{f"support.{f}": f for f in SUPPORT_FIELDS}, **{f: f for f in SUPPORT_FIELDS},
    **{f"person.{f}": f for f in PERSON_FIELDS}, **{f: f for f in PERSON_FIELDS},
    "personId": "person", "label": "label", "stage": "stage", "pregnancy_week": "pregnancy_week",
    "child_age_months": "child_age_months", "coalitionId": "label", "consent": "consent", "what": "what",
    "who": "who", "due": "due", "factor": "factor", "factorKind": "factor_kind", "signal": "signal",
    "note": "note", "reviewedOn": "reason", "reason": "reason", "recipientId": "recipient", "purpose": "purpose",
    "second": "second", "first": "first", "from": "from", "to": "to", "status": "status", "role": "role",
    "birth_year": "birth_year", "id": "handover", "undo": "undo", "familyId": "label", "version": "reason",
}


def form_text(form: FormData, name: str, spec: PropertySpec) -> str:
    """A field as posted, written the way `text_of` writes a stored value."""
    if spec.type == "enum_list":
        return ",".join(sorted(v for v in form.values_of(name) if v))
    return (form.get(name) or "").strip()


def value_of(text: str, spec: PropertySpec) -> Any:
    """A posted text as the property's value; empty is "not filled in" (None). A text that is
    not a number stays text, so the service names the field in its error."""
    if spec.type == "enum_list":
        return [v for v in text.split(",") if v]
    if text == "":
        return None
    if spec.type == "bool":
        return text == "true"
    if spec.type == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


def person_changes(form: FormData, vocabulary: Vocabulary, own_network: bool
                   ) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(support changes, person changes, what the worker saw of each changed field)."""
    support_specs = vocabulary.relationship_kinds["supports"].properties
    person_specs = vocabulary.node_kinds["network_person"].properties
    support: dict[str, Any] = {}
    person: dict[str, Any] = {}
    seen: dict[str, str] = {}
    groups = [(SUPPORT_FIELDS, support_specs, support)] + ([(PERSON_FIELDS, person_specs, person)] if own_network else [])
    for names, specs, changes in groups:
        for name in names:
            if f"seen_{name}" not in form:
                continue  # not on this form
            text = form_text(form, name, specs[name])
            if text != form[f"seen_{name}"]:
                changes[name] = value_of(text, specs[name])
                seen[name] = form[f"seen_{name}"]
    return support, person, seen


def seen_values(tie: dict[str, Any], node: dict[str, Any]) -> dict[str, str]:
    """What a person's form shows, as its `seen_` fields."""
    return {**{f: text_of(tie.get(f)) for f in SUPPORT_FIELDS}, **{f: text_of(node.get(f)) for f in PERSON_FIELDS}}
