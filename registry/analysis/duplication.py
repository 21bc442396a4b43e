"""function_duplication's Python step: group the mechanisms its query returns.

One pass over the (function, population, mechanism) links, grouped with
dictionaries; the "within a practice" check compares only the mechanisms of
one practice in one group. See the header of cypher/function_duplication.cypher
for the definition.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from registry.analysis.post import post_step

DUPLICATION_COLUMNS = (
    "function",
    "population",
    "scope",
    "practice_count",
    "practices",
    "mechanism_count",
    "mechanisms",
    "carriers",
    "carrier_count",
)
ACROSS, WITHIN = "across practices", "within a practice"

# (function, population) -> practice -> mechanism -> its carriers
Groups = dict[tuple[str, str], dict[str, dict[str, frozenset[str]]]]


def _as_list(value: Any) -> list[str]:
    """A list column; on FalkorDB the query sends it joined into one text (ids are slugs, without spaces)."""
    return value.split() if isinstance(value, str) else list(value)


def group_mechanisms(mechanisms: pd.DataFrame) -> Groups:
    groups: Groups = {}
    columns = ("practice", "mechanism", "functions", "populations", "carriers")
    # Plain lists first: iterating an Arrow-backed column element by element is several times slower.
    for practice, mechanism, functions, populations, carriers in zip(
        *(mechanisms[c].tolist() for c in columns), strict=True
    ):
        carried = frozenset(_as_list(carriers))
        for function in set(_as_list(functions)):
            for population in set(_as_list(populations)):
                groups.setdefault((function, population), {}).setdefault(practice, {})[mechanism] = carried
    return groups


def _apart(members: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The mechanisms with carriers for which another mechanism has carriers, none of them in common."""
    return {
        m: c for m, c in members.items() if c and any(other != m and d and not c & d for other, d in members.items())
    }


def _row(function: str, population: str, scope: str, parts: dict[str, dict[str, frozenset[str]]]) -> dict[str, Any]:
    practices = sorted(parts)
    mechanisms = [m for p in practices for m in sorted(parts[p])]
    carriers = sorted(set().union(*(c for members in parts.values() for c in members.values())))
    return {
        "function": function,
        "population": population,
        "scope": scope,
        "practice_count": len(practices),
        "practices": practices,
        "mechanism_count": len(mechanisms),
        "mechanisms": mechanisms,
        "carriers": carriers,
        "carrier_count": len(carriers),
    }


def duplication_rows(mechanisms: pd.DataFrame, practice: str | None = None) -> pd.DataFrame:
    rows = []
    for (function, population), by_practice in sorted(group_mechanisms(mechanisms).items()):
        if practice is not None and practice not in by_practice:
            continue
        if len(by_practice) > 1:
            rows.append(_row(function, population, ACROSS, by_practice))
        within = {
            p: apart
            for p, members in by_practice.items()
            if (practice is None or p == practice) and (apart := _apart(members))
        }
        if within:
            rows.append(_row(function, population, WITHIN, within))
    return pd.DataFrame(rows, columns=list(DUPLICATION_COLUMNS))


@post_step("duplication")
def _duplication_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=list(DUPLICATION_COLUMNS))
    return duplication_rows(frame, parameters.get("practice"))
