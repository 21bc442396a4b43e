"""actor_network's ties, formed in Python from the query's flat rows (its Python step, ``// post: actor_ties``).

The store used to join every pair of actors of each connector (an agreement or a mechanism) and group the pairs:
at 10,000 practices that took it 12-20 s. The query now returns one row per connector (its actors, the practices
and levels where it is used, its name) and one row per actor (its names, kind and country); the pairs, their
lists and columns are formed here in a fraction of a second. The answer is the one the store's join gave, row for
row (tests/test_actor_ties.py compares it with that Cypher, kept in tests/fixtures/actor_ties/, on both stores).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import pandas as pd

from registry.analysis.post import post_step
from registry.collector import collector_paused

TIE_COLUMNS = (
    "source",
    "target",
    "weight",
    "shared_agreements",
    "shared_mechanisms",
    "levels",
    "practices",
    "agreements",
    "mechanisms",
    "source_name",
    "source_label",
    "source_kind",
    "source_country",
    "target_name",
    "target_label",
    "target_kind",
    "target_country",
    "source_other_languages",
    "target_other_languages",
    "agreement_titles",
    "agreement_other_languages",
    "mechanism_labels",
    "mechanism_other_languages",
)
LEVEL_ORDER = ("macro", "meso", "micro")
ACTOR_FIELDS = ("name", "label", "kind", "country", "other_languages")
# The query's columns: actor rows fill name to other_languages, connector rows also is_agreement to actors.
LINK_COLUMNS = (
    "row",
    "id",
    "is_agreement",
    "name",
    "label",
    "kind",
    "country",
    "other_languages",
    "practices",
    "levels",
    "actors",
)
TEXT_COLUMNS = ("name", "label", "kind", "country")  # where a gap (NaN in pandas) may be


class _Connectors:
    """The connector rows of the query, in id order, as plain lists (connector ``c`` is position ``c``)."""

    def __init__(self, columns: dict[str, list[Any]], rows: list[int]) -> None:
        rows = sorted(rows, key=lambda i: columns["id"][i])  # the store's pairs listed their connectors in id order
        self.ids: list[str] = [columns["id"][i] for i in rows]
        self.is_agreement = [bool(columns["is_agreement"][i]) for i in rows]
        self.names = [columns["name"][i] for i in rows]
        self.other_languages: list[list[Any]] = [columns["other_languages"][i] for i in rows]
        self.practices: list[list[str]] = [sorted(set(columns["practices"][i])) for i in rows]
        self.levels: list[set[str]] = [set(columns["levels"][i]) for i in rows]
        self.actors: list[list[str]] = [sorted(set(columns["actors"][i])) for i in rows]


def actor_ties(links: pd.DataFrame) -> pd.DataFrame:
    """actor_network's rows (see the query's header for every column) from its query's connector and actor rows."""
    if links.empty:
        return pd.DataFrame(columns=list(TIE_COLUMNS))
    with collector_paused():  # tens of thousands of small lists
        return _ties(links)


def _ties(links: pd.DataFrame) -> pd.DataFrame:
    # Whole columns as Python lists: reading a frame cell by cell costs ten times more.
    # pandas reads a text column with gaps as NaN: a gap is None again, as the store sent it.
    columns = {name: links[name].tolist() for name in LINK_COLUMNS}
    for name in TEXT_COLUMNS:
        columns[name] = [_gap(v) for v in columns[name]]
    actors = {
        columns["id"][i]: [columns[field][i] for field in ACTOR_FIELDS]
        for i, row in enumerate(columns["row"])
        if row == "actor"
    }
    connectors = _Connectors(columns, [i for i, row in enumerate(columns["row"]) if row == "connector"])
    # Each pair of a connector's actors (sorted ids: source < target, as the store's pairs), with the connectors it
    # shares, in id order.
    ties: dict[tuple[str, str], list[int]] = {}
    for c, tied in enumerate(connectors.actors):
        for pair in combinations(tied, 2):
            shared = ties.get(pair)
            if shared is None:
                ties[pair] = [c]
            else:
                shared.append(c)
    rows = [_row(pair, shared, actors, connectors) for pair, shared in ties.items()]
    # Strongest ties first, then by ids (the store's ORDER BY weight DESC, source, target).
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows, columns=list(TIE_COLUMNS))


def _gap(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _row(pair: tuple[str, str], shared: list[int], actors: dict[str, list[Any]], connectors: _Connectors) -> list[Any]:
    agreements = [c for c in shared if connectors.is_agreement[c]]
    mechanisms = [c for c in shared if not connectors.is_agreement[c]]
    if len(shared) == 1:  # most ties: one connector's practices and levels
        practices = list(connectors.practices[shared[0]])
        levels = connectors.levels[shared[0]]
    else:
        practices_set: set[str] = set()
        levels = set()
        for c in shared:
            practices_set.update(connectors.practices[c])
            levels.update(connectors.levels[c])
        practices = sorted(practices_set)
    source, target = actors[pair[0]], actors[pair[1]]
    return [
        pair[0],
        pair[1],
        len(shared),
        len(agreements),
        len(mechanisms),
        [level for level in LEVEL_ORDER if level in levels],
        practices,
        [connectors.ids[c] for c in agreements],
        [connectors.ids[c] for c in mechanisms],
        *source[:4],  # name, label, kind, country
        *target[:4],
        list(source[4]),  # other languages: a list of its own in each row, as the store sent them
        list(target[4]),
        [connectors.names[c] for c in agreements],
        [list(connectors.other_languages[c]) for c in agreements],
        [connectors.names[c] for c in mechanisms],
        [list(connectors.other_languages[c]) for c in mechanisms],
    ]


@post_step("actor_ties")
def _actor_ties_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    return actor_ties(frame)
