"""function_duplication's Python step: group the mechanisms its query returns, within a jurisdiction.

One pass over the (function, population, mechanism) links, grouped with
dictionaries. Two practices can only duplicate each other where both act: a
group's practices are split by country (a practice of several countries, such as
MERCOSUR's SIACI, acts in each), and practices acting together in the same
countries make one row. The "within a practice" check compares only the
mechanisms of one practice in one group. Rows then name the practices (titles)
and institutions (acronyms or names), read from the store for the rows found
only. See the header of cypher/function_duplication.cypher for the definition.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from registry.analysis.post import store_step
from registry.stores.base import GraphStore

DUPLICATION_COLUMNS = (
    "function",
    "population",
    "scope",
    "countries",
    "practice_count",
    "practices",
    "practice_titles",
    "mechanism_count",
    "mechanisms",
    "carriers",
    "institutions",
    "carrier_count",
)
ACROSS, WITHIN = "across practices", "within a practice"
_ACTOR_LABELS = "UNWIND $ids AS i MATCH (a:Actor {id: i}) RETURN a.id AS id, coalesce(a.acronym, a.name) AS text"
_PRACTICE_TITLES = "UNWIND $ids AS i MATCH (p:Practice {id: i}) RETURN p.id AS id, coalesce(p.title, p.id) AS text"

Members = dict[str, frozenset[str]]  # mechanism -> its carriers
# (function, population) -> practice -> its mechanisms in the group
Groups = dict[tuple[str, str], dict[str, Members]]


def _as_list(value: Any) -> list[str]:
    """A list column; on FalkorDB the query sends it joined into one text (ids are slugs, without spaces)."""
    return value.split() if isinstance(value, str) else list(value)


def group_mechanisms(mechanisms: pd.DataFrame) -> tuple[Groups, dict[str, tuple[str, ...]]]:
    """The groups, and each practice's countries."""
    groups: Groups = {}
    countries: dict[str, tuple[str, ...]] = {}
    columns = ("practice", "mechanism", "functions", "populations", "carriers", "countries")
    # Plain lists first: iterating an Arrow-backed column element by element is several times slower.
    for practice, mechanism, functions, populations, carriers, where in zip(
        *(mechanisms[c].tolist() for c in columns), strict=True
    ):
        if practice not in countries:
            countries[practice] = tuple(sorted(_as_list(where)))
        carried = frozenset(_as_list(carriers))
        reached = set(_as_list(populations))
        for function in set(_as_list(functions)):
            for population in reached:
                # get, not setdefault: setdefault builds an empty dict for every link, kept or not.
                by_practice = groups.get((function, population))
                if by_practice is None:
                    groups[function, population] = {practice: {mechanism: carried}}
                elif (members := by_practice.get(practice)) is None:
                    by_practice[practice] = {mechanism: carried}
                else:
                    members[mechanism] = carried
    return groups, countries


def jurisdictions(
    by_practice: dict[str, Members], countries: dict[str, tuple[str, ...]], country: str | None
) -> list[tuple[tuple[str, ...], list[str]]]:
    """(countries, practices) where two or more practices of a group act together: one entry per distinct set
    of practices, with every country where exactly that set acts (SIACI and a second MERCOSUR-wide scheme make
    one entry for ARG, BRA, PRY and URY, not four)."""
    acting: dict[str, list[str]] = {}
    for practice in sorted(by_practice):
        for place in countries[practice]:
            if (listed := acting.get(place)) is None:
                acting[place] = [practice]
            else:
                listed.append(practice)
    if country is not None:  # only that country's practices (the same as skipping the others above, fewer tests)
        acting = {country: acting[country]} if country in acting else {}
    places_of: dict[tuple[str, ...], list[str]] = {}
    for place, practices in sorted(acting.items()):
        if len(practices) > 1:
            places_of.setdefault(tuple(practices), []).append(place)
    return sorted((tuple(places), list(practices)) for practices, places in places_of.items())


def _apart(members: Members) -> Members:
    """The mechanisms with carriers for which another mechanism has carriers, none of them in common."""
    return {
        m: c for m, c in members.items() if c and any(other != m and d and not c & d for other, d in members.items())
    }


def _row(
    function: str, population: str, scope: str, places: tuple[str, ...], parts: dict[str, Members]
) -> dict[str, Any]:
    practices = sorted(parts)
    mechanisms = [m for p in practices for m in sorted(parts[p])]
    carriers = sorted(set().union(*(c for members in parts.values() for c in members.values())))
    return {
        "function": function,
        "population": population,
        "scope": scope,
        "countries": list(places),
        "practice_count": len(practices),
        "practices": practices,
        "mechanism_count": len(mechanisms),
        "mechanisms": mechanisms,
        "carriers": carriers,
        "carrier_count": len(carriers),
    }


def duplication_rows(
    mechanisms: pd.DataFrame, practice: str | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    groups, countries = group_mechanisms(mechanisms)
    rows = []
    for (function, population), by_practice in sorted(groups.items()):
        if practice is not None and practice not in by_practice:
            continue
        for places, together in jurisdictions(by_practice, countries, country):
            if practice is None or practice in together:
                rows.append(_row(function, population, ACROSS, places, {p: by_practice[p] for p in together}))
        # Only a practice with two or more mechanisms in the group can be apart from itself: those few are sorted.
        within = [
            (one, members)
            for one, members in by_practice.items()
            if len(members) > 1 and (practice is None or one == practice)
        ]
        for one, members in sorted(within, key=lambda item: item[0]):
            if apart := _apart(members):
                rows.append(_row(function, population, WITHIN, countries[one], {one: apart}))
    return rows


def _texts(store: GraphStore, cypher: str, ids: set[str], timeout_ms: int) -> dict[str, str]:
    if not ids:
        return {}
    frame = store.read(cypher, {"ids": sorted(ids)}, timeout_ms=timeout_ms).frame
    return dict(zip(frame["id"], frame["text"], strict=True))


@store_step("duplication")
def _duplication_step(
    store: GraphStore, frame: pd.DataFrame, parameters: dict[str, Any], timeout_ms: int
) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=list(DUPLICATION_COLUMNS))
    rows = duplication_rows(frame, parameters.get("practice"), parameters.get("country"))
    titles = _texts(store, _PRACTICE_TITLES, {p for row in rows for p in row["practices"]}, timeout_ms)
    labels = _texts(store, _ACTOR_LABELS, {a for row in rows for a in row["carriers"]}, timeout_ms)
    for row in rows:
        row["practice_titles"] = [titles.get(p, p) for p in row["practices"]]
        row["institutions"] = [labels.get(a, a) for a in row["carriers"]]
    return pd.DataFrame(rows, columns=list(DUPLICATION_COLUMNS))
