"""actor_portfolio's Python step: each actor's practices, levels, functions and agreements, from flat links.

The query returns one row per link (an actor with a mechanism of a practice, found through INVOLVES or through
an agreement it is PARTY to that the mechanism USES; or an actor with an agreement it is party to). This step
asks the store two more flat lists for the mechanisms found (their levels, the functions they SERVE) and one
for the actors found (their name, acronym, kind and country), then groups, sorts and forms the columns in one
pass. Asking the store to collect and sort per actor took 3-8 s at 10,000 practices, and 35 s inside the
snapshot; the flat lists cost a fraction of that. See the header of cypher/actor_portfolio.cypher.
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from registry.analysis.post import store_step
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

_MECHANISM_LEVELS = "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) RETURN m.id AS mechanism, m.levels AS levels"
_MECHANISM_FUNCTIONS = (
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i})-[:SERVES]->(f:Function) RETURN m.id AS mechanism, f.id AS function"
)
_ACTORS = (
    "UNWIND $ids AS i MATCH (a:Actor {id: i}) "
    "RETURN a.id AS id, a.name AS name, a.acronym AS acronym, a.kind AS kind, a.country AS country"
)


class _Deadline:
    """The query's time limit, shared by the extra lists this step asks for (each gets what is left of it)."""

    def __init__(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.started = time.perf_counter()

    def left_ms(self) -> int:
        return max(1, self.timeout_ms - int((time.perf_counter() - self.started) * 1000))


def _read(store: GraphStore, cypher: str, ids: set[str], deadline: _Deadline) -> list[list[Any]]:
    if not ids:
        return []
    return store.read(cypher, {"ids": sorted(ids)}, timeout_ms=deadline.left_ms()).rows


def _ids(column: pd.Series) -> list[str | None]:
    """An id column as plain values, a missing id (None, or NaN in a frame) as None."""
    return [value if isinstance(value, str) else None for value in column.tolist()]


def ordered_levels(level_lists: list[Any]) -> list[str]:
    """The coordination levels named in any of the lists, in macro, meso, micro order (others are not levels)."""
    named = {level for levels in level_lists if levels is not None for level in levels}
    return [level for level in LEVEL_ORDER if level in named]


def portfolio_rows(
    links: pd.DataFrame,
    levels_of: dict[str, Any],
    functions_of: dict[str, set[str]],
    actors: dict[str, list[Any]],
) -> list[list[Any]]:
    """One row per actor that takes part in at least one mechanism of a practice, ordered as the header says."""
    mechanisms: dict[str, set[str]] = {}
    practices: dict[str, set[str]] = {}
    agreements: dict[str, set[str]] = {}
    for actor, mechanism, practice, agreement in zip(
        *(_ids(links[c]) for c in ("actor", "mechanism", "practice", "agreement")), strict=True
    ):
        if agreement is not None:
            agreements.setdefault(actor, set()).add(agreement)
        else:
            mechanisms.setdefault(actor, set()).add(mechanism)
            practices.setdefault(actor, set()).add(practice)
    rows = []
    for actor, taken in mechanisms.items():
        functions = sorted({f for m in taken for f in functions_of.get(m, ())})
        name, acronym, kind, country = actors.get(actor, [None] * 4)
        rows.append(
            [
                actor,
                name,
                acronym,
                kind,
                country,
                len(practices[actor]),
                sorted(practices[actor]),
                ordered_levels([levels_of.get(m) for m in taken]),
                functions,
                len(taken),
                sorted(agreements.get(actor, ())),
            ]
        )
    rows.sort(key=lambda row: (-row[5], -row[9], row[0]))
    return rows


@store_step("portfolio")
def _portfolio_step(
    store: GraphStore, frame: pd.DataFrame, parameters: dict[str, Any], timeout_ms: int
) -> pd.DataFrame:
    deadline = _Deadline(timeout_ms)
    if frame.empty:
        return pd.DataFrame([], columns=list(PORTFOLIO_COLUMNS))
    taken = {m for m in _ids(frame["mechanism"]) if m is not None}
    levels_of = dict(_read(store, _MECHANISM_LEVELS, taken, deadline))
    functions_of: dict[str, set[str]] = {}
    for mechanism, function in _read(store, _MECHANISM_FUNCTIONS, taken, deadline):
        functions_of.setdefault(mechanism, set()).add(function)
    involved = {a for a, m in zip(_ids(frame["actor"]), _ids(frame["mechanism"]), strict=True) if a and m}
    actors = {row[0]: row[1:] for row in _read(store, _ACTORS, involved, deadline)}
    return pd.DataFrame(portfolio_rows(frame, levels_of, functions_of, actors), columns=list(PORTFOLIO_COLUMNS))
