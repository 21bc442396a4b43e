"""Shortest routes between two actors, found by a breadth-first search that asks the store one step at a time.

A route runs actor – agreement or mechanism – actor – …, over PARTY and INVOLVES
in either direction. Neither store can be trusted with it at scale: FalkorDB's
``algo.SPpaths`` ran for minutes between two busy actors and ignores the query
time limit, and a variable-length pattern enumerates paths, not nodes. Here each
step is one small query over the frontier, so the work is bounded by the
relationships the search touches (at most every PARTY and INVOLVES once) and
each step obeys the time limit. The same code serves both backends.

The answer is the same as ``allShortestPaths`` sorted by hops and route text,
cut at ``max_routes``: every shortest route is listed and sorted when there are
at most ``ROUTES_SORTED_AT_MOST`` of them. Beyond that (two hubs sharing
thousands of partners), the first ``ROUTES_SORTED_AT_MOST`` in id order are
sorted and cut instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pandas as pd

from registry.analysis.post import store_step
from registry.stores.base import GraphStore

ROUTE_COLUMNS = ("hops", "route", "actors", "actor_ids", "via", "via_ids")
ROUTES_SORTED_AT_MOST = 10_000

# One search step each: from actors to the agreements and mechanisms around them, and back to actors.
_ACTORS_TO_CONNECTORS = (
    "UNWIND $ids AS actor_id MATCH (:Actor {id: actor_id})<-[:INVOLVES|PARTY]-(c) "
    "RETURN actor_id, c.id AS connector_id, CASE WHEN c:Agreement THEN 'Agreement' ELSE 'Mechanism' END AS kind"
)
_MECHANISMS_TO_ACTORS = (
    "UNWIND $ids AS connector_id MATCH (:Mechanism {id: connector_id})-[:INVOLVES]->(a:Actor) "
    "RETURN connector_id, a.id AS actor_id"
)
_AGREEMENTS_TO_ACTORS = (
    "UNWIND $ids AS connector_id MATCH (:Agreement {id: connector_id})-[:PARTY]->(a:Actor) "
    "RETURN connector_id, a.id AS actor_id"
)
_ACTOR_LABELS = "UNWIND $ids AS i MATCH (n:Actor {id: i}) RETURN n.id AS id, coalesce(n.acronym, n.name) AS text"
_MECHANISM_LABELS = (
    "UNWIND $ids AS i MATCH (n:Mechanism {id: i}) RETURN n.id AS id, n.label AS label, n.practice_id AS practice"
)
_AGREEMENT_LABELS = "UNWIND $ids AS i MATCH (n:Agreement {id: i}) RETURN n.id AS id, n.title AS title"

Node = tuple[str, str]  # (label, id)


def _rows(store: GraphStore, cypher: str, ids: list[str], timeout_ms: int) -> list[tuple[Any, ...]]:
    """One step's query over ``ids`` (sent sorted, so the search reads the same rows every time)."""
    if not ids:
        return []
    frame = store.read(cypher, {"ids": sorted(ids)}, timeout_ms=timeout_ms).frame
    return list(frame.itertuples(index=False, name=None))


class _Search:
    def __init__(self, store: GraphStore, timeout_ms: int) -> None:
        self.store = store
        self.timeout_ms = timeout_ms
        self.depth: dict[Node, int] = {}
        self.parents: dict[Node, list[Node]] = defaultdict(list)

    def _reach(self, node: Node, parent: Node, depth: int) -> bool:
        """Record ``parent`` as a way to ``node`` at ``depth``; True when ``node`` is new."""
        known = self.depth.get(node)
        if known is None:
            self.depth[node] = depth
            self.parents[node].append(parent)
            return True
        if known == depth:
            self.parents[node].append(parent)
        return False

    def run(self, start: str, goal: str, max_hops: int) -> bool:
        """Search from ``start`` until ``goal`` is reached (all its shortest parents) or ``max_hops`` is spent."""
        self.depth[("Actor", start)] = 0
        frontier = [start]
        for hop in range(1, max_hops + 1):
            connectors: dict[str, list[str]] = {"Mechanism": [], "Agreement": []}
            for actor_id, connector_id, kind in _rows(self.store, _ACTORS_TO_CONNECTORS, frontier, self.timeout_ms):
                if self._reach((kind, connector_id), ("Actor", actor_id), 2 * hop - 1):
                    connectors[kind].append(connector_id)
            frontier = []
            for kind, cypher in (("Mechanism", _MECHANISMS_TO_ACTORS), ("Agreement", _AGREEMENTS_TO_ACTORS)):
                for connector_id, actor_id in _rows(self.store, cypher, connectors[kind], self.timeout_ms):
                    if self._reach(("Actor", actor_id), (kind, connector_id), 2 * hop):
                        frontier.append(actor_id)
            if ("Actor", goal) in self.depth:
                return True
            if not frontier:
                return False
        return False

    def routes_to(self, node: Node) -> Iterator[list[Node]]:
        """Every shortest route from the start to ``node``, in id order (depth first, so memory stays small)."""
        parents = self.parents.get(node)
        if not parents:
            yield [node]
            return
        for parent in sorted(set(parents)):
            for route in self.routes_to(parent):
                yield [*route, node]


def _labels(store: GraphStore, nodes: set[Node], timeout_ms: int) -> dict[Node, tuple[str, str]]:
    """Each node's text in a route and, for connectors, in the via column."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, ident in nodes:
        by_kind[kind].append(ident)
    texts: dict[Node, tuple[str, str]] = {}
    for ident, text in _rows(store, _ACTOR_LABELS, by_kind["Actor"], timeout_ms):
        texts[("Actor", ident)] = (text, text)
    for ident, label, practice in _rows(store, _MECHANISM_LABELS, by_kind["Mechanism"], timeout_ms):
        texts[("Mechanism", ident)] = (f"[mechanism: {label} ({practice})]", f"mechanism: {label} ({practice})")
    for ident, title in _rows(store, _AGREEMENT_LABELS, by_kind["Agreement"], timeout_ms):
        texts[("Agreement", ident)] = (f"[agreement: {title}]", f"agreement: {title}")
    return texts


def shortest_routes(
    store: GraphStore,
    actor_a: str,
    actor_b: str,
    max_hops: int,
    max_routes: int,
    *,
    timeout_ms: int,
    start_from_b: bool = False,
) -> pd.DataFrame:
    """The shortest routes from ``actor_a`` to ``actor_b`` (columns of ``path_between``)."""
    search = _Search(store, timeout_ms)
    # Searching from the actor with fewer agreements and mechanisms meets the other one sooner.
    start, goal = (actor_b, actor_a) if start_from_b else (actor_a, actor_b)
    if actor_a == actor_b or not search.run(start, goal, max_hops):
        return pd.DataFrame(columns=list(ROUTE_COLUMNS))
    routes = []
    for route in search.routes_to(("Actor", goal)):
        routes.append(route[::-1] if start_from_b else route)
        if len(routes) >= ROUTES_SORTED_AT_MOST:
            break
    texts = _labels(store, {node for route in routes for node in route}, timeout_ms)
    rows = []
    for route in routes:
        actors, connectors = route[0::2], route[1::2]
        rows.append(
            {
                "hops": len(connectors),
                "route": " — ".join(texts[node][0] for node in route),
                "actors": [texts[node][0] for node in actors],
                "actor_ids": [ident for _, ident in actors],
                "via": [texts[node][1] for node in connectors],
                "via_ids": [ident for _, ident in connectors],
            }
        )
    frame = pd.DataFrame(rows, columns=list(ROUTE_COLUMNS))
    frame = frame.sort_values(["hops", "route"], kind="stable").head(max_routes)
    return frame.reset_index(drop=True)


@store_step("routes")
def _routes_step(store: GraphStore, frame: pd.DataFrame, parameters: dict[str, Any], timeout_ms: int) -> pd.DataFrame:
    # The query itself only finds the two actors (no row: one is unknown, or both are the same actor).
    if frame.empty:
        return pd.DataFrame(columns=list(ROUTE_COLUMNS))
    found = frame.iloc[0].to_dict()
    return shortest_routes(
        store,
        str(found["actor_a"]),
        str(found["actor_b"]),
        int(parameters["max_hops"]),
        int(parameters["max_routes"]),
        timeout_ms=timeout_ms,
        start_from_b=int(found["degree_b"]) < int(found["degree_a"]),
    )
