"""Graph stores: pick one from a URL (or the environment) with ``open_store``."""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.errors import StoreUnavailable

if TYPE_CHECKING:
    from registry.stores.base import GraphStore, QueryResult, Statement

__all__ = ["GraphStore", "QueryResult", "Statement", "open_store", "configured_graph_url"]


def __getattr__(name: str) -> Any:
    """The interface classes, imported when first asked for: they bring pandas, and starting the
    embedded server (``registry.stores.embedded_server``) or reading the store's URL needs none of it."""
    if name in {"GraphStore", "QueryResult", "Statement"}:
        value = getattr(import_module("registry.stores.base"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'registry.stores' has no attribute '{name}'")


NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def configured_graph_url(explicit: str | None = None) -> str:
    """--graph wins, then COORDREG_GRAPH, then the embedded store."""
    return explicit or os.environ.get("COORDREG_GRAPH") or "embedded"


def open_store(graph: str | None = None, *, home: Path | None = None, graph_name: str | None = None) -> GraphStore:
    url = configured_graph_url(graph)
    if url.startswith(NEO4J_SCHEMES):
        from registry.stores.neo4j_store import Neo4jStore

        return Neo4jStore(url)
    if url == "embedded" or url.startswith("embedded:"):
        from registry.stores.embedded import DEFAULT_GRAPH_NAME, EmbeddedStore

        name = graph_name or (url.partition(":")[2] or DEFAULT_GRAPH_NAME)
        return EmbeddedStore(home, name)
    raise StoreUnavailable(
        f"'{url}' is not a graph coordreg knows: use 'embedded' (the default) or a Neo4j URL "
        "such as bolt://localhost:7687 or neo4j://host:7687."
    )
