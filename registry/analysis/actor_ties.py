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

import numpy as np
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
_LEVEL_BIT = {level: 1 << i for i, level in enumerate(LEVEL_ORDER)}
# Each set of levels (as bits) -> its levels in LEVEL_ORDER.
_LEVELS_OF_MASK = [
    tuple(level for level in LEVEL_ORDER if mask & _LEVEL_BIT[level]) for mask in range(1 << len(LEVEL_ORDER))
]


def _mask(levels: list[str]) -> int:
    mask = 0
    for level in levels:
        mask |= _LEVEL_BIT.get(level, 0)
    return mask


class _Connectors:
    """The connector rows of the query, in id order, as plain lists (connector ``c`` is position ``c``)."""

    def __init__(self, columns: dict[str, list[Any]], rows: list[int]) -> None:
        rows = sorted(rows, key=lambda i: columns["id"][i])  # the store's pairs listed their connectors in id order
        self.ids: list[str] = [columns["id"][i] for i in rows]
        self.is_agreement = [bool(columns["is_agreement"][i]) for i in rows]
        self.names = [columns["name"][i] for i in rows]
        self.other_languages: list[list[Any]] = [columns["other_languages"][i] for i in rows]
        self.practices: list[list[str]] = [sorted(set(columns["practices"][i])) for i in rows]
        # Levels as bits of LEVEL_ORDER (levels outside it are never listed): a tie of several connectors ORs them.
        self.level_mask: list[int] = [_mask(columns["levels"][i]) for i in rows]
        self.actors: list[list[str]] = [sorted(set(columns["actors"][i])) for i in rows]


def actor_ties(links: pd.DataFrame) -> pd.DataFrame:
    """actor_network's rows (see the query's header for every column) from its query's connector and actor rows."""
    if links.empty:
        return pd.DataFrame(columns=list(TIE_COLUMNS))
    with collector_paused():  # tens of thousands of small lists
        return _ties(links)


def _ties(links: pd.DataFrame) -> pd.DataFrame:
    # Whole columns as Python lists: reading a frame cell by cell costs ten times more.
    columns = {name: links[name].tolist() for name in LINK_COLUMNS}
    for name in TEXT_COLUMNS:  # pandas reads a text column with gaps as NaN: a gap is None again, as the store sent it
        gaps = links[name].isna().to_numpy()
        if gaps.any():
            cells = columns[name]
            for i in np.flatnonzero(gaps).tolist():
                cells[i] = _gap(cells[i])
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
    # Strongest ties first, then by ids (the store's ORDER BY weight DESC, source, target).
    ordered = sorted(ties.items(), key=lambda item: (-len(item[1]), item[0]))
    if not ordered:  # no pair: columns of no type (a frame of empty lists would type them as numbers)
        return pd.DataFrame(columns=list(TIE_COLUMNS))
    return pd.DataFrame(_tie_columns(ordered, actors, connectors), columns=list(TIE_COLUMNS))


def _gap(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _tie_columns(
    ordered: list[tuple[tuple[str, str], list[int]]], actors: dict[str, list[Any]], connectors: _Connectors
) -> dict[str, list[Any]]:
    """The ties' columns, each built whole (a frame made from columns, not from rows of 23 cells: a third of the
    time). Every list cell is a list of its own, as the store sent them."""
    is_agreement, ids, names, other = (
        connectors.is_agreement,
        connectors.ids,
        connectors.names,
        connectors.other_languages,
    )
    shared = [connected for _, connected in ordered]
    agreements = [[c for c in connected if is_agreement[c]] for connected in shared]
    mechanisms = [[c for c in connected if not is_agreement[c]] for connected in shared]
    # Most ties have one connector: its practices and levels. The others join their connectors'.
    practices = [
        list(connectors.practices[connected[0]])
        if len(connected) == 1
        else sorted(set().union(*[connectors.practices[c] for c in connected]))
        for connected in shared
    ]
    levels_of = [
        connectors.level_mask[connected[0]] if len(connected) == 1 else _joined(connectors.level_mask, connected)
        for connected in shared
    ]
    sources = [actors[pair[0]] for pair, _ in ordered]
    targets = [actors[pair[1]] for pair, _ in ordered]
    columns: dict[str, list[Any]] = {
        "source": [pair[0] for pair, _ in ordered],
        "target": [pair[1] for pair, _ in ordered],
        "weight": [len(connected) for connected in shared],
        "shared_agreements": [len(listed) for listed in agreements],
        "shared_mechanisms": [len(listed) for listed in mechanisms],
        "levels": [list(_LEVELS_OF_MASK[mask]) for mask in levels_of],
        "practices": practices,
        "agreements": [[ids[c] for c in listed] for listed in agreements],
        "mechanisms": [[ids[c] for c in listed] for listed in mechanisms],
    }
    for i, field in enumerate(ACTOR_FIELDS[:4]):  # name, label, kind, country
        columns[f"source_{field}"] = [actor[i] for actor in sources]
        columns[f"target_{field}"] = [actor[i] for actor in targets]
    # Other languages: a list of its own in each row, as the store sent them.
    columns["source_other_languages"] = [list(actor[4]) for actor in sources]
    columns["target_other_languages"] = [list(actor[4]) for actor in targets]
    columns["agreement_titles"] = [[names[c] for c in listed] for listed in agreements]
    columns["agreement_other_languages"] = [[list(other[c]) for c in listed] for listed in agreements]
    columns["mechanism_labels"] = [[names[c] for c in listed] for listed in mechanisms]
    columns["mechanism_other_languages"] = [[list(other[c]) for c in listed] for listed in mechanisms]
    return {name: columns[name] for name in TIE_COLUMNS}


def _joined(masks: list[int], connected: list[int]) -> int:
    joined = 0
    for c in connected:
        joined |= masks[c]
    return joined


@post_step("actor_ties")
def _actor_ties_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    return actor_ties(frame)
