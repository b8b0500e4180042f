"""The GraphQL schema: queries and mutations over the coalition network, by area.

`core` builds what the vocabulary decides (a type per node kind, the tie, their payloads); each
area module (`network`, `exchange`, `analysis`, `cards`) adds its fields; `protection` holds the
limits every request passes. Resolvers are thin: they turn arguments into plain values, call a
service of the composition root in a worker thread (the store is synchronous) and turn the result
into GraphQL types; permissions are checked in the services, errors turned into answers by the
decorators of `errors`.
"""

from typing import Any

import strawberry
from strawberry.tools import create_type

from ...domain.vocabulary import Vocabulary
from . import analysis, cards, exchange, network
from .context import Context
from .core import build_core
from .protection import STRAWBERRY_FLOOR, Schema, extensions

__all__ = ["Context", "STRAWBERRY_FLOOR", "build_schema"]


def build_schema(vocabulary: Vocabulary, *, dev_mode: bool = False, family_data: bool = True) -> strawberry.Schema:
    """The schema of admins and workers, or (family_data=False) the one coordinators and evaluators
    get, in which families, their cards and the card ties do not exist at all."""
    if not family_data:
        vocabulary = vocabulary.without_family_data()
    core = build_core(vocabulary)
    areas = [network, exchange, analysis, cards] if family_data else [network, exchange, analysis]
    queries: list[Any] = []
    mutations: list[Any] = []
    for area in areas:
        fields = area.fields(core)
        queries += fields.queries
        mutations += fields.mutations
    return Schema(query=create_type("Query", queries), mutation=create_type("Mutation", mutations),
                  types=list(core.objects.values()), extensions=extensions(dev_mode))
