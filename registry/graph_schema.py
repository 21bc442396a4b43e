"""What the graph holds, read from the graph itself: labels, relationship patterns and property keys, counted.

The console shows it beside the editor, so an analyst writing Cypher sees
which labels, relationship types (with the labels at both ends) and property
keys exist, and how many of each. It is read from the data, not from the
case schema: it shows what a query will find, including what a loader added
or a newer version of coordreg will add. The three statements are constant
and read only; each is one pass over the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.stores.base import GraphStore

LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS nodes ORDER BY label"
PATTERNS = (
    "MATCH (a)-[r]->(b) "
    "RETURN labels(a)[0] AS source, type(r) AS type, labels(b)[0] AS target, count(*) AS relationships "
    "ORDER BY type, source, target"
)
NODE_KEYS = (
    "MATCH (n) UNWIND labels(n) AS label UNWIND keys(n) AS key RETURN label, key, count(*) AS nodes ORDER BY label, key"
)
RELATIONSHIP_KEYS = (
    "MATCH ()-[r]->() UNWIND keys(r) AS key RETURN type(r) AS type, key, count(*) AS relationships ORDER BY type, key"
)


@dataclass(frozen=True)
class GraphSchema:
    labels: list[tuple[str, int]]
    #: (source label, relationship type, target label, count)
    patterns: list[tuple[str, str, str, int]]
    #: (label or relationship type, property key, how many carry it)
    node_keys: list[tuple[str, str, int]]
    relationship_keys: list[tuple[str, str, int]]

    @property
    def relationship_types(self) -> list[tuple[str, int]]:
        """Each relationship type with how many relationships it has, whatever the labels at its ends."""
        totals: dict[str, int] = {}
        for _, kind, _, count in self.patterns:
            totals[kind] = totals.get(kind, 0) + count
        return sorted(totals.items())

    @property
    def property_keys(self) -> list[str]:
        return sorted({key for _, key, _ in self.node_keys} | {key for _, key, _ in self.relationship_keys})


def read_schema(store: GraphStore, *, timeout_ms: int = 30_000) -> GraphSchema:
    """The schema of ``store``'s graph as it is now."""

    def rows(cypher: str) -> list[tuple[Any, ...]]:
        return list(store.read(cypher, timeout_ms=timeout_ms).frame.itertuples(index=False, name=None))

    return GraphSchema(
        labels=[(str(label), int(n)) for label, n in rows(LABELS)],
        patterns=[(str(s), str(k), str(t), int(n)) for s, k, t, n in rows(PATTERNS)],
        node_keys=[(str(label), str(key), int(n)) for label, key, n in rows(NODE_KEYS)],
        relationship_keys=[(str(kind), str(key), int(n)) for kind, key, n in rows(RELATIONSHIP_KEYS)],
    )


def pattern_text(source: str, kind: str, target: str) -> str:
    """``(:Practice)-[:HAS_MECHANISM]->(:Mechanism)``: how a relationship is written in a MATCH."""
    return f"(:{source})-[:{kind}]->(:{target})"
