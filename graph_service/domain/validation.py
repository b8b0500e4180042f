"""Check node and relationship properties against the vocabulary before anything is written.

Validation happens in Python, in full, before the single write statement runs: a batch with one
bad row is rejected whole and the error names the row and the field (`rows[3].domain`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any, Mapping

from . import clock
from .errors import ValidationError
from .vocabulary import NodeKind, PropertySpec, RelationshipKind, Vocabulary

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
#: control characters have no place in names or notes (and NUL breaks the query protocol)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DEFAULT_MAX_STRING_LENGTH = 500
DEFAULT_MAX_TEXT_LENGTH = 5000
_NODE_RESERVED = frozenset({"id", "kind"})
_TIE_RESERVED = frozenset({"id"})
_UNSEEN = object()

#: A batch's checked values: (property name, type, value) -> the clean value. A bulk write repeats
#: the same domain, type, phases and dates in row after row; each is checked once per batch.
ValueMemo = dict[tuple[str, type, Any], Any]


def new_id() -> str:
    return str(uuid.uuid4())


def check_id(value: Any, field: str = "id") -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValidationError(
            "must be 1-128 letters, digits or . _ : - and start with a letter or digit",
            field=field,
            code="INVALID_ID",
        )
    return value


def parse_date(value: Any, field: str) -> str:
    """Dates are stored as ISO `yyyy-mm-dd` strings: they compare correctly as text on both
    backends and come back from both drivers in the same shape."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValidationError("must be a date written as yyyy-mm-dd", field=field, code="INVALID_DATE")


class Validator:
    """Validates property maps for one vocabulary and the configured length limits."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        max_string_length: int = DEFAULT_MAX_STRING_LENGTH,
        max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
    ) -> None:
        self.vocabulary = vocabulary
        self.max_string_length = max_string_length
        self.max_text_length = max_text_length

    # ------------------------------------------------------------------ kinds
    def node_kind(self, kind: Any, field: str = "kind") -> NodeKind:
        spec = self.vocabulary.node_kind(kind) if isinstance(kind, str) else None
        if spec is None:
            known = ", ".join(self.vocabulary.node_kinds)
            raise ValidationError(f"unknown kind {kind!r}; known kinds: {known}", field=field, code="UNKNOWN_KIND")
        return spec

    def relationship_kind(self, kind: Any, field: str = "kind") -> RelationshipKind:
        spec = self.vocabulary.relationship_kind(kind) if isinstance(kind, str) else None
        if spec is None:
            known = ", ".join(self.vocabulary.relationship_kinds)
            raise ValidationError(
                f"unknown relationship kind {kind!r}; known kinds: {known}", field=field, code="UNKNOWN_RELATIONSHIP_KIND"
            )
        return spec

    def endpoints(self, rel: RelationshipKind, from_kind: str, to_kind: str, field: str = "") -> None:
        prefix = f"{field}." if field else ""
        if from_kind not in rel.from_kinds:
            raise ValidationError(
                f"a {rel.name} relationship cannot start at a {from_kind}; allowed: {', '.join(rel.from_kinds)}",
                field=f"{prefix}from",
                code="WRONG_ENDPOINT_KIND",
            )
        if to_kind not in rel.to_kinds:
            raise ValidationError(
                f"a {rel.name} relationship cannot end at a {to_kind}; allowed: {', '.join(rel.to_kinds)}",
                field=f"{prefix}to",
                code="WRONG_ENDPOINT_KIND",
            )

    # ------------------------------------------------------------------ values
    def value(self, spec: PropertySpec, value: Any, field: str) -> Any:
        t = spec.type
        if t in ("string", "text"):
            if not isinstance(value, str):
                raise ValidationError("must be text", field=field, code="INVALID_TYPE", expected="text")
            value = value.strip()
            if CONTROL.search(value):
                raise ValidationError("contains control characters", field=field, code="INVALID_CHARACTERS")
            limit = spec.max or (self.max_string_length if t == "string" else self.max_text_length)
            if len(value) > limit:
                raise ValidationError(f"is longer than {limit} characters", field=field, code="TOO_LONG", limit=limit)
            if t == "string" and ("\n" in value or "\r" in value):
                raise ValidationError("must be a single line", field=field, code="INVALID_TYPE")
            if spec.required and not value:
                raise ValidationError("must not be empty", field=field, code="REQUIRED")
            return value
        if t == "bool":
            if not isinstance(value, bool):
                raise ValidationError("must be true or false", field=field, code="INVALID_TYPE", expected="bool")
            return value
        if t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError("must be a whole number", field=field, code="INVALID_TYPE", expected="int")
            if spec.min is not None and value < spec.min:
                raise ValidationError(f"must be at least {spec.min}", field=field, code="OUT_OF_RANGE",
                                      at_least=spec.min)
            if spec.max is not None and value > spec.max:
                raise ValidationError(f"must be at most {spec.max}", field=field, code="OUT_OF_RANGE",
                                      at_most=spec.max)
            if spec.past and value > clock.today().year:  # a year that has happened
                raise ValidationError("must not be in the future", field=field, code="DATE_IN_FUTURE")
            return value
        if t == "date":
            date = parse_date(value, field)
            if spec.past and date > clock.today().isoformat():
                raise ValidationError("must not be in the future", field=field, code="DATE_IN_FUTURE")
            return date
        if t == "enum":
            return self._enum_value(spec.enum or "", value, field)
        if t == "enum_list":
            if not isinstance(value, (list, tuple)):
                raise ValidationError("must be a list", field=field, code="INVALID_TYPE", expected="list")
            out = [self._enum_value(spec.enum or "", v, f"{field}[{i}]") for i, v in enumerate(value)]
            if spec.required and not out:
                raise ValidationError("must not be empty", field=field, code="REQUIRED")
            return sorted(set(out), key=out.index)
        if t == "string_list":
            if not isinstance(value, (list, tuple)):
                raise ValidationError("must be a list", field=field, code="INVALID_TYPE", expected="list")
            probe = PropertySpec(spec.name, "string")
            return [self.value(probe, v, f"{field}[{i}]") for i, v in enumerate(value)]
        raise ValidationError(f"has unsupported type {t}", field=field)  # pragma: no cover - vocabulary checked at load

    def _enum_value(self, enum_name: str, value: Any, field: str) -> str:
        enum = self.vocabulary.enums[enum_name]
        if not isinstance(value, str) or enum.get(value) is None:
            raise ValidationError(
                f"{value!r} is not a {enum_name}; allowed: {', '.join(enum.ids)}", field=field, code="UNKNOWN_ENUM_VALUE",
                value=str(value)[:80], enum=enum_name,
            )
        return value

    # ------------------------------------------------------------------ maps
    def _properties(
        self,
        owner: NodeKind | RelationshipKind,
        props: Mapping[str, Any],
        *,
        partial: bool,
        prefix: str,
        reserved: frozenset[str],
        memo: ValueMemo | None = None,
    ) -> dict[str, Any]:
        if not isinstance(props, dict):  # dict, not Mapping: the typing check is slow in bulk paths
            raise ValidationError("must be an object of properties", field=prefix.rstrip(".") or "properties")
        specs = owner.properties
        clean: dict[str, Any] = {}
        for name, value in props.items():
            if name in reserved:
                continue
            key = None
            if memo is not None and value is not None:
                # the type is part of the key: True == 1, but only one of them is a valid int
                kind = type(value)
                key = (name, kind, tuple(value) if kind is list else value)
                try:
                    hit = memo.get(key, _UNSEEN)
                except TypeError:  # unhashable (a map where text belongs): the full check below names it
                    key, hit = None, _UNSEEN
                if hit is not _UNSEEN:
                    clean[name] = list(hit) if type(hit) is tuple else hit  # lists are kept as tuples
                    continue
            spec = specs.get(name)
            if spec is None:
                raise ValidationError(
                    f"{owner.name} has no property {name!r}; known: {', '.join(specs)}",
                    field=f"{prefix}{name}",
                    code="UNKNOWN_PROPERTY",
                    name=str(name)[:80],
                )
            if value is None:
                if spec.required:
                    raise ValidationError("is required", field=f"{prefix}{name}", code="REQUIRED")
                if partial:
                    clean[name] = None  # an update that removes the property
                continue
            try:
                clean[name] = checked = self.value(spec, value, name)
            except ValidationError as error:  # the row prefix is added only when needed: bulk paths are hot
                error.field = f"{prefix}{error.field}"
                raise
            if key is not None:
                memo[key] = tuple(checked) if type(checked) is list else checked  # type: ignore[index]
        if not partial:
            for name in owner.required:
                if name not in clean:
                    raise ValidationError("is required", field=f"{prefix}{name}", code="REQUIRED")
        return clean

    def node_properties(
        self, kind: NodeKind, props: Mapping[str, Any], *, partial: bool = False, prefix: str = "",
        memo: ValueMemo | None = None,
    ) -> dict[str, Any]:
        """Clean node properties; `id` is checked separately and system properties are ignored.
        Bulk paths pass one `memo` for the whole batch."""
        return self._properties(kind, props, partial=partial, prefix=prefix, reserved=_NODE_RESERVED, memo=memo)

    def node_problems(self, kind: NodeKind, props: Mapping[str, Any], *, partial: bool = False) -> list[ValidationError]:
        """Every problem of a form's properties at once (a write stops at the first): each
        property checked on its own, then what is required and missing."""
        problems = []
        for name, value in props.items():
            try:
                self._properties(kind, {name: value}, partial=True, prefix="", reserved=_NODE_RESERVED)
            except ValidationError as error:
                problems.append(error)
        if not partial:
            named = {p.field for p in problems}
            problems += [ValidationError("is required", field=name, code="REQUIRED")
                         for name in kind.required if props.get(name) is None and name not in named]
        return problems

    def relationship_properties(
        self, rel: RelationshipKind, props: Mapping[str, Any], *, partial: bool = False, prefix: str = "",
        memo: ValueMemo | None = None,
    ) -> dict[str, Any]:
        clean = self._properties(rel, props, partial=partial, prefix=prefix, reserved=_TIE_RESERVED, memo=memo)
        since, until = clean.get("since"), clean.get("until")
        if since and until and until <= since:
            raise ValidationError("must be after since", field=f"{prefix}until", code="INVALID_PERIOD")
        return clean
