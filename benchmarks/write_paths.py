"""Two other ways to write the same entities, to put coordreg's loader between them.

- ``naive_load``: one query per node and one per relationship, each its own
  transaction — what a py2neo-style script does (``graph.merge(node)``,
  ``graph.create(rel)`` in a loop). It is given the id indexes, which such
  scripts often forget; without them every relationship would scan a label.
- ``engine_load``: the engine's limit for this client — plain ``UNWIND … CREATE``
  batches of thousands of rows, no validation, no MERGE, no clean-up of an
  earlier load.

Both write exactly the entities coordreg wrote (read back from its graph), so
all three loads end with the same node and relationship counts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from registry.schema.graph import NODE_LABELS, checked_label, checked_relationship_type
from registry.stores.base import GraphStore, Statement

READ_TIMEOUT_MS = 300_000
ENGINE_BATCH_ROWS = 5_000


@dataclass
class Entities:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # (source label, type, target label) -> rows {src, dst, props}
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))


def read_entities(store: GraphStore) -> Entities:
    """Every node and relationship of the graph, with its properties."""
    found = Entities()
    for label in NODE_LABELS:
        cypher = f"MATCH (n:{checked_label(label)}) RETURN properties(n) AS p"
        frame = store.read(cypher, timeout_ms=READ_TIMEOUT_MS).frame
        found.nodes[label].extend(frame["p"])
    frame = store.read(
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS sl, a.id AS src, type(r) AS t, labels(b)[0] AS dl, b.id AS dst, "
        "properties(r) AS p",
        timeout_ms=READ_TIMEOUT_MS,
    ).frame
    for sl, src, rel_type, dl, dst, props in frame.itertuples(index=False, name=None):
        found.rels[(sl, rel_type, dl)].append({"src": src, "dst": dst, "props": props})
    return found


def create_indexes(store: GraphStore) -> None:
    for label in NODE_LABELS:
        store.write(Statement(f"CREATE INDEX FOR (n:{checked_label(label)}) ON (n.id)"))


def naive_load(store: GraphStore, entities: Entities) -> float:
    """One round trip and one transaction per node and per relationship; returns seconds."""
    create_indexes(store)
    started = time.perf_counter()
    for label, rows in entities.nodes.items():
        for props in rows:
            cypher = f"MERGE (n:{checked_label(label)} {{id: $id}}) SET n = $props"
            store.write(Statement(cypher, {"id": props["id"], "props": props}))
    for (src_label, rel_type, dst_label), rows in entities.rels.items():
        cypher = (
            f"MATCH (a:{checked_label(src_label)} {{id: $src}}) MATCH (b:{checked_label(dst_label)} {{id: $dst}}) "
            f"CREATE (a)-[r:{checked_relationship_type(rel_type)}]->(b) SET r = $props"
        )
        for row in rows:
            store.write(Statement(cypher, row))
    return time.perf_counter() - started


def engine_load(store: GraphStore, entities: Entities, batch: int = ENGINE_BATCH_ROWS) -> float:
    """Plain UNWIND … CREATE batches (relationships find their ends by index); returns seconds.

    The id indexes are created before the clock starts, as for the naive loader: schema, not data.
    """
    create_indexes(store)
    started = time.perf_counter()
    for label, rows in entities.nodes.items():
        for i in range(0, len(rows), batch):
            cypher = f"UNWIND $rows AS p CREATE (n:{checked_label(label)}) SET n = p"
            store.write(Statement(cypher, {"rows": rows[i : i + batch]}))
    for (src_label, rel_type, dst_label), rows in entities.rels.items():
        cypher = (
            f"UNWIND $rows AS row MATCH (a:{checked_label(src_label)} {{id: row.src}}) "
            f"MATCH (b:{checked_label(dst_label)} {{id: row.dst}}) "
            f"CREATE (a)-[r:{checked_relationship_type(rel_type)}]->(b) SET r = row.props"
        )
        for i in range(0, len(rows), batch):
            store.write(Statement(cypher, {"rows": rows[i : i + batch]}))
    return time.perf_counter() - started
