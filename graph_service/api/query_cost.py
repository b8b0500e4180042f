"""A cost budget for GraphQL documents (S9), checked before anything runs.

Depth and alias limits do not stop `organisations(first: 100) { ... ties { from { ... ties } } }`:
every list multiplies the work below it. Each field costs 1, and the fields below a list cost as
many times as the list can be long: its `first` argument (the largest page when it is a
variable, since validation runs before the variables are known), or `LIST_GUESS` for lists
without one (a partner's ties). A document over `MAX_COST` is refused with its cost in the
message, so a client knows by how much to shrink it.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
)

from ..store.rows import MAX_PAGE_SIZE

MAX_COST = 20_000
LIST_GUESS = 10
DEFAULT_PAGE = 50


def _first(node: FieldNode) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(0, int(argument.value.value))
            return MAX_PAGE_SIZE  # a variable: assume the largest page
    return None


def selection_cost(schema: GraphQLSchema, selections: SelectionSetNode | None, parent: Any,
                   fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str] = frozenset()) -> int:
    if selections is None:
        return 0
    total = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            definition = getattr(parent, "fields", {}).get(selection.name.value)
            if definition is None:  # __typename, or an unknown field other rules report
                total += 1
                continue
            named = get_named_type(definition.type)
            below = selection_cost(schema, selection.selection_set, named, fragments, seen)
            first = _first(selection)
            if named.name.endswith("Connection"):
                times = DEFAULT_PAGE if first is None else first
            elif is_list_type(get_nullable_type(definition.type)) and not getattr(parent, "name", "").endswith("Connection"):
                times = LIST_GUESS if first is None else first
            else:  # a single object, or a connection's edges (counted by its `first`)
                times = 1
            total += 1 + times * below
        elif isinstance(selection, InlineFragmentNode):
            target = parent
            if selection.type_condition is not None:
                target = schema.get_type(selection.type_condition.name.value)
            total += selection_cost(schema, selection.selection_set, target, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:  # unknown or cyclic: other rules report it
                continue
            target = schema.get_type(fragment.type_condition.name.value)
            total += selection_cost(schema, fragment.selection_set, target, fragments, seen | {name})
    return total


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) -> int:
    root = schema.mutation_type if operation.operation.value == "mutation" else schema.query_type
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return selection_cost(schema, operation.selection_set, root, fragments)


def document_cost(schema: GraphQLSchema, document: str) -> int:
    """The cost of every operation of a document together (for tests and tuning)."""
    parsed = parse(document)
    return sum(operation_cost(schema, parsed, d) for d in parsed.definitions if isinstance(d, OperationDefinitionNode))


class QueryCostLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        cost = operation_cost(self.context.schema, self.context.document, node)
        if cost > MAX_COST:
            self.report_error(GraphQLError(
                f"the query would cost {cost:,} (the limit is {MAX_COST:,}): ask for fewer items per list "
                "or fewer nested lists", node))
