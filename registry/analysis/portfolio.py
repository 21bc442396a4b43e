"""actor_portfolio's Python step: each actor's practices, levels, functions and agreements, from flat links.

The query returns the actors that pass the filters. This step reads lists of links from the store, each id with
the ids it is linked to (mechanisms INVOLVING an actor, agreements an actor is PARTY to, mechanisms USING an
agreement, a practice's mechanisms, the mechanisms at each level and SERVING each function), and joins them with
dictionaries: an actor takes part in the mechanisms that involve it or use an agreement it is party to. Ids are
what a store returns fastest, and grouped they are few rows; asking the store to collect and sort per actor took
10-12 s at 10,000 practices, and 35 s inside the snapshot. See the header of cypher/actor_portfolio.cypher.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pandas as pd

from registry.analysis.post import store_step
from registry.collector import collector_paused
from registry.stores.base import GraphStore

PORTFOLIO_COLUMNS = (
    "actor_id",
    "name",
    "acronym",
    "kind",
    "country",
    "practice_count",
    "practices",
    "levels",
    "functions",
    "mechanism_count",
    "agreements",
)
LEVEL_ORDER = ("macro", "meso", "micro")

# Lists of links, one row per id with the ids it is linked to ({ids(...)}: see grouped_ids). Each comes in two
# forms: every link of its kind (for the whole registry), or the links of the ids found so far (one actor).
_INVOLVES = (
    "MATCH (m:Mechanism)-[:INVOLVES]->(a:Actor) RETURN a.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (a:Actor {id: i}) MATCH (a)<-[:INVOLVES]-(m:Mechanism) "
    "RETURN a.id AS key, {ids(m.id)} AS ids",
)
_PARTY = (
    "MATCH (g:Agreement)-[:PARTY]->(a:Actor) RETURN a.id AS key, {ids(g.id)} AS ids",
    "UNWIND $ids AS i MATCH (a:Actor {id: i}) MATCH (a)<-[:PARTY]-(g:Agreement) RETURN a.id AS key, {ids(g.id)} AS ids",
)
_USES = (
    "MATCH (m:Mechanism)-[:USES]->(g:Agreement) RETURN g.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (g:Agreement {id: i}) MATCH (g)<-[:USES]-(m:Mechanism) "
    "RETURN g.id AS key, {ids(m.id)} AS ids",
)
_PRACTICES = (
    "MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism) WHERE $collection IS NULL OR p.collection = $collection "
    "RETURN p.id AS key, {ids(m.id)} AS ids",
    # From the mechanism, the collection checked after (WITH): given a pattern from the practice, or a filter on it
    # in the MATCH, FalkorDB walks every practice for each id (a minute for 3,000 ids).
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i})<-[:HAS_MECHANISM]-(p:Practice) WITH p, m "
    "WHERE $collection IS NULL OR p.collection = $collection RETURN p.id AS key, {ids(m.id)} AS ids",
)
_LEVELS = (
    "MATCH (m:Mechanism) UNWIND m.levels AS level RETURN level AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) UNWIND m.levels AS level RETURN level AS key, {ids(m.id)} AS ids",
)
_FUNCTIONS = (
    "MATCH (m:Mechanism)-[:SERVES]->(f:Function) RETURN f.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) MATCH (m)-[:SERVES]->(f:Function) "
    "RETURN f.id AS key, {ids(m.id)} AS ids",
)


class Deadline:
    """The query's time limit, shared by the extra lists a step asks for (each gets what is left of it); the
    cost_benefit step (cost_profile.py) shares it."""

    def __init__(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.started = time.perf_counter()

    def left_ms(self) -> int:
        return max(1, self.timeout_ms - int((time.perf_counter() - self.started) * 1000))


def grouped_ids(cypher: str, dialect: str) -> str:
    """The query with ``{ids(x)}`` replaced by the ids x of each group. On FalkorDB they come joined into one text
    (ids are slugs, without spaces): decoding one text instead of a list of thousands is several times faster."""
    collected = "string.join(collect(DISTINCT \\1), ' ')" if dialect == "falkordb" else "collect(DISTINCT \\1)"
    return re.sub(r"\{ids\(([a-z.]+)\)\}", collected, cypher)


def in_one_row(cypher: str) -> str:
    """The list as one row holding every row as a list (``rows``), for Neo4j: its driver spends about ten times
    less on one row of 34,000 lists than on 34,000 rows (each row is a message decoded in Python). FalkorDB gains
    nothing from it. The query's last RETURN becomes a WITH of the same columns."""
    head, _, returned = cypher.rpartition(" RETURN ")
    columns = re.findall(r" AS (\w+)", " " + returned)
    return f"{head} WITH {returned} RETURN collect([{', '.join(columns)}]) AS rows"


def as_ids(value: Any) -> list[str]:
    """A list of ids as grouped_ids returns it (one text on FalkorDB, a list on Neo4j)."""
    if value is None:
        return []
    return value.split() if isinstance(value, str) else [v for v in value if v is not None]


class Links:
    """The store's lists of links: each kind read whole (``ids`` None) or for the ids found so far."""

    def __init__(self, store: GraphStore, parameters: dict[str, Any], deadline: Deadline) -> None:
        self.store, self.parameters, self.deadline = store, parameters, deadline

    def rows(self, cypher: tuple[str, str], ids: set[str] | None = None) -> list[list[Any]]:
        """The rows of a list: all of them (``ids`` None), or those of these ids."""
        if ids is not None and not ids:
            return []
        text = grouped_ids(cypher[0] if ids is None else cypher[1], self.store.dialect)
        parameters = self.parameters if ids is None else {**self.parameters, "ids": sorted(ids)}
        if self.store.dialect != "neo4j":
            return self.store.read(text, parameters, timeout_ms=self.deadline.left_ms()).rows
        answer = self.store.read(in_one_row(text), parameters, timeout_ms=self.deadline.left_ms()).rows
        return answer[0][0] if answer else []

    def read(self, cypher: tuple[str, str], ids: set[str] | None = None) -> dict[str, set[str]]:
        """key -> the set of ids linked to it."""
        grouped: dict[str, set[str]] = {}
        for key, linked in self.rows(cypher, ids):
            if key is not None:
                grouped.setdefault(key, set()).update(as_ids(linked))
        return grouped


def inverted(links: dict[str, set[str]]) -> dict[str, set[str]]:
    """id -> the keys linked to it."""
    result: dict[str, set[str]] = {}
    for key, ids in links.items():
        for linked in ids:
            result.setdefault(linked, set()).add(key)
    return result


def _plain(value: Any) -> Any:
    """A value of the query's frame as the store gave it: a missing one (NaN in a frame) is None."""
    return None if isinstance(value, float) and value != value else value


def ordered_levels(level_lists: list[Any]) -> list[str]:
    """The coordination levels named in any of the lists, in macro, meso, micro order (others are not levels)."""
    named = {level for levels in level_lists if levels is not None for level in levels}
    return [level for level in LEVEL_ORDER if level in named]


def portfolio_rows(actors: pd.DataFrame, links: Links, one_actor: bool) -> list[list[Any]]:
    """One row per actor that takes part in at least one mechanism of a practice, ordered as the header says."""
    # One actor: each list only for the ids found before it; otherwise every link of each kind.
    chosen = set(actors["actor_id"].tolist()) if one_actor else None
    involved = links.read(_INVOLVES, chosen)
    party = links.read(_PARTY, chosen)
    users = links.read(_USES, {g for gs in party.values() for g in gs} if one_actor else None)
    found = {m for ms in involved.values() for m in ms} | {m for ms in users.values() for m in ms}
    practices_of = inverted(links.read(_PRACTICES, found if one_actor else None))
    levels_of = inverted(links.read(_LEVELS, found if one_actor else None))
    functions_of = inverted(links.read(_FUNCTIONS, found if one_actor else None))
    rows = []
    columns = ("actor_id", "name", "acronym", "kind", "country")
    for actor, name, acronym, kind, country in zip(*(actors[c].tolist() for c in columns), strict=True):
        agreements: set[str] = party.get(actor, set())
        taken = {m for m in involved.get(actor, ()) if m in practices_of}
        taken |= {m for g in agreements for m in users.get(g, ()) if m in practices_of}
        if not taken:
            continue
        practices = {p for m in taken for p in practices_of[m]}
        rows.append(
            [
                actor,
                _plain(name),
                _plain(acronym),
                _plain(kind),
                _plain(country),
                len(practices),
                sorted(practices),
                ordered_levels([levels_of.get(m) for m in taken]),
                sorted({f for m in taken for f in functions_of.get(m, ())}),
                len(taken),
                sorted(agreements),
            ]
        )
    rows.sort(key=lambda row: (-row[5], -row[9], row[0]))
    return rows


@store_step("portfolio")
def _portfolio_step(
    store: GraphStore, frame: pd.DataFrame, parameters: dict[str, Any], timeout_ms: int
) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame([], columns=list(PORTFOLIO_COLUMNS))
    links = Links(store, {"collection": parameters.get("collection")}, Deadline(timeout_ms))
    with collector_paused():
        rows = portfolio_rows(frame, links, parameters.get("actor") is not None)
        return pd.DataFrame(rows, columns=list(PORTFOLIO_COLUMNS))
