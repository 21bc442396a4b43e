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


class _Tie:
    """What one pair of actors shares, gathered connector by connector."""

    __slots__ = ("agreements", "mechanisms", "practices", "levels")

    def __init__(self) -> None:
        self.agreements: list[str] = []
        self.mechanisms: list[str] = []
        self.practices: set[str] = set()
        self.levels: set[str] = set()


def actor_ties(links: pd.DataFrame) -> pd.DataFrame:
    """actor_network's rows (see the query's header for every column) from its query's connector and actor rows."""
    if links.empty:
        return pd.DataFrame(columns=list(TIE_COLUMNS))
    # Whole columns as Python lists: reading a frame cell by cell costs ten times more.
    # pandas reads a text column with gaps as NaN: a gap is None again, as the store sent it.
    columns = {name: [_gap(v) for v in links[name].tolist()] for name in LINK_COLUMNS}
    actors: dict[str, dict[str, Any]] = {}
    names: dict[str, tuple[Any, list[Any]]] = {}  # connector id -> (its title or label, its other languages)
    ties: dict[tuple[str, str], _Tie] = {}
    for i, row in enumerate(columns["row"]):
        ident = columns["id"][i]
        if row == "actor":
            actors[ident] = {field: columns[field][i] for field in ACTOR_FIELDS}
            continue
        names[ident] = (columns["name"][i], columns["other_languages"][i])
        agreement = bool(columns["is_agreement"][i])
        practices, levels = columns["practices"][i], columns["levels"][i]
        # The store's pairs had source id < target id: pairs of the sorted ids, each pair once per connector.
        for pair in combinations(sorted(set(columns["actors"][i])), 2):
            tie = ties.get(pair)
            if tie is None:
                tie = ties[pair] = _Tie()
            (tie.agreements if agreement else tie.mechanisms).append(ident)
            tie.practices.update(practices)
            tie.levels.update(levels)
    rows = [_row(pair, tie, actors, names) for pair, tie in ties.items()]
    # Strongest ties first, then by ids (the store's ORDER BY weight DESC, source, target).
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows, columns=list(TIE_COLUMNS))


def _gap(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _row(
    pair: tuple[str, str], tie: _Tie, actors: dict[str, dict[str, Any]], names: dict[str, tuple[Any, list[Any]]]
) -> list[Any]:
    agreements, mechanisms = sorted(tie.agreements), sorted(tie.mechanisms)  # connectors in id order
    source, target = actors[pair[0]], actors[pair[1]]
    return [
        pair[0],
        pair[1],
        len(agreements) + len(mechanisms),
        len(agreements),
        len(mechanisms),
        [level for level in LEVEL_ORDER if level in tie.levels],
        sorted(tie.practices),
        agreements,
        mechanisms,
        source["name"],
        source["label"],
        source["kind"],
        source["country"],
        target["name"],
        target["label"],
        target["kind"],
        target["country"],
        list(source["other_languages"]),
        list(target["other_languages"]),
        [names[g][0] for g in agreements],
        [list(names[g][1]) for g in agreements],
        [names[m][0] for m in mechanisms],
        [list(names[m][1]) for m in mechanisms],
    ]


@post_step("actor_ties")
def _actor_ties_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    return actor_ties(frame)
