"""Cypher over one of two backends: embedded FalkorDB (default) or Neo4j."""

from .factory import open_backend, open_store
from .graph_store import GraphStore
from .rows import Page, Subgraph

__all__ = ["GraphStore", "Page", "Subgraph", "open_backend", "open_store"]
