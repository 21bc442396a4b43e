"""practice_overlap: form the pairs from the query's links (its Python step), and reshape the pairs
into the square matrix a heat map draws."""

from __future__ import annotations

import math
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from registry.analysis.post import post_step


def overlap_matrix(pairs: pd.DataFrame, value: str = "similarity", practices: list[str] | None = None) -> pd.DataFrame:
    """Practice × practice matrix of ``value`` from practice_overlap rows.

    practice_overlap lists each overlapping pair once (practice_a < practice_b)
    and leaves out pairs with nothing in common; the matrix mirrors each pair,
    puts 1.0 on the diagonal (a practice is identical to itself) and 0.0 where
    two practices share nothing. ``practices`` fixes rows and columns (e.g. all
    practices of a collection, so those that overlap with none still show).
    """
    if value not in pairs.columns and not pairs.empty:
        raise ValueError(f"practice_overlap has no column '{value}'")
    found = (set(pairs["practice_a"]) | set(pairs["practice_b"])) if not pairs.empty else set()
    order = list(practices) if practices is not None else sorted(found)
    matrix = pd.DataFrame(0.0, index=pd.Index(order, name="practice"), columns=pd.Index(order, name="practice"))
    for a, b, score in zip(pairs["practice_a"], pairs["practice_b"], pairs[value].astype(float), strict=True):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = score
            matrix.loc[b, a] = score
    for practice in order:
        matrix.loc[practice, practice] = 1.0
    return matrix


OVERLAP_COLUMNS = (
    "practice_a",
    "title_a",
    "practice_b",
    "title_b",
    "shared_actors",
    "shared_functions",
    "shared_populations",
    "shared_count",
    "actor_jaccard",
    "similarity",
)
_KINDS = (("Actor", "shared_actors"), ("Function", "shared_functions"), ("Population", "shared_populations"))


def overlap_pairs(links: pd.DataFrame, max_sharing: int, limit: int, practice: str | None = None) -> pd.DataFrame:
    """practice_overlap's rows from its query's answer: each neighbour (kind, node) with the practices
    linked to it, and one ``Practice`` row with their ids and titles.

    Pairs come only from neighbours shared by 2..max_sharing practices, so the work is bounded by
    max_sharing × links, never by the number of all pairs; the shared lists and Jaccard indices
    then count every common neighbour, the widely shared ("hub") ones included.
    """
    titles: dict[str, str] = {}
    node_kinds: list[str] = []
    node_ids: list[str] = []
    members: list[list[str]] = []
    for kind, node, practices, names in zip(
        links["kind"], links["node"], links["practices"], links["titles"], strict=True
    ):
        listed = practices.split() if isinstance(practices, str) else list(practices)  # joined on FalkorDB
        if kind == "Practice":
            titles.update(zip(listed, names, strict=True))
        else:
            node_kinds.append(str(kind))
            node_ids.append(str(node))
            members.append(listed)
    table = _Incidence(node_kinds, node_ids, members)
    a, b, shared, shared_actors = table.pairs(max_sharing, practice)
    ratio = shared / (table.totals[a] + table.totals[b] - shared)
    top = np.lexsort((b, a, -ratio))[:limit]  # practice indices follow id order, so ties go by id
    rows = []
    for i in top:
        pa, pb = int(a[i]), int(b[i])
        actor_union = int(table.actor_totals[pa] + table.actor_totals[pb] - shared_actors[i])
        rows.append(
            {
                "practice_a": table.practices[pa],
                "title_a": titles.get(table.practices[pa], table.practices[pa]),
                "practice_b": table.practices[pb],
                "title_b": titles.get(table.practices[pb], table.practices[pb]),
                **table.shared_lists(pa, pb),
                "shared_count": int(shared[i]),
                "actor_jaccard": _rounded(int(shared_actors[i]) / actor_union) if actor_union else 0.0,
                "similarity": _rounded(float(ratio[i])),
            }
        )
    return pd.DataFrame(rows, columns=list(OVERLAP_COLUMNS))


class _Incidence:
    """The practice × neighbour links as integer arrays (practice and node indices, deduplicated)."""

    def __init__(self, node_kinds: list[str], node_ids: list[str], members: list[list[str]]):
        codes, uniques = pd.factorize(np.array(list(chain.from_iterable(members)), dtype=object), sort=True)
        self.practices: list[str] = [str(p) for p in uniques]
        self.nodes = sorted(set(zip(node_kinds, node_ids, strict=True)))  # an actor comes twice (INVOLVES, PARTY)
        node_index = {key: i for i, key in enumerate(self.nodes)}
        self.is_actor = np.array([kind == "Actor" for kind, _ in self.nodes], dtype=bool)
        sizes = [len(listed) for listed in members]
        practice_of = codes.astype(np.int64)
        rows = np.array([node_index[key] for key in zip(node_kinds, node_ids, strict=True)], dtype=np.int64)
        link = np.unique(np.repeat(rows, sizes) * max(len(self.practices), 1) + practice_of)  # by node, practice
        self.link_node, self.link_practice = np.divmod(link, max(len(self.practices), 1))
        self.degree = np.bincount(self.link_node, minlength=len(self.nodes))
        self.node_starts = np.concatenate(([0], np.cumsum(self.degree)))
        self.totals = np.bincount(self.link_practice, minlength=len(self.practices))
        self.actor_totals = np.bincount(
            self.link_practice[self.is_actor[self.link_node]], minlength=len(self.practices)
        )
        self.by_practice = np.argsort(self.link_practice, kind="stable")
        self.practice_starts = np.concatenate(([0], np.cumsum(self.totals)))

    def pairs(self, max_sharing: int, practice: str | None) -> tuple[np.ndarray, ...]:
        """Distinct pairs a < b sharing a neighbour of 2..max_sharing practices (with ``practice``, only its
        pairs), and for each the number of neighbours they share, and of actors among them."""
        count = len(self.practices)
        focus = self.practices.index(practice) if practice in self.practices else -1
        keys, actor_flags = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=bool)]
        for size in range(2, min(max_sharing, int(self.degree.max(initial=0))) + 1):
            chosen = np.flatnonzero(self.degree == size)
            if len(chosen) == 0:
                continue
            group = self.link_practice[self.node_starts[chosen][:, None] + np.arange(size)]  # sorted rows
            left, right = np.triu_indices(size, 1)
            key = (group[:, left] * count + group[:, right]).ravel()
            flags = np.repeat(self.is_actor[chosen], len(left))
            if practice is not None:
                keep = (key // count == focus) | (key % count == focus)
                key, flags = key[keep], flags[keep]
            keys.append(key)
            actor_flags.append(flags)
        unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        rare = np.bincount(inverse, minlength=len(unique))
        rare_actors = np.bincount(inverse, weights=np.concatenate(actor_flags), minlength=len(unique)).astype(np.int64)
        a, b = np.divmod(unique, max(count, 1))
        hubs, hub_actors = self._hub_counts(a, b, max_sharing)
        return a, b, rare + hubs, rare_actors + hub_actors

    def _hub_counts(self, a: np.ndarray, b: np.ndarray, max_sharing: int) -> tuple[np.ndarray, np.ndarray]:
        """Common neighbours shared by more than max_sharing practices: few columns, compared as bit rows."""
        hub = np.flatnonzero(self.degree > max_sharing)
        column = np.full(len(self.nodes), -1)
        column[hub] = np.arange(len(hub))
        on_hub = column[self.link_node] >= 0
        bits = np.zeros((len(self.practices), len(hub)), dtype=bool)
        bits[self.link_practice[on_hub], column[self.link_node[on_hub]]] = True
        every, actors = np.packbits(bits, axis=1), np.packbits(bits & self.is_actor[hub], axis=1)
        shared = np.zeros(len(a), dtype=np.int64)
        shared_actors = np.zeros(len(a), dtype=np.int64)
        for start in range(0, len(a), 65_536):  # chunks bound the memory the bitwise AND takes
            part = slice(start, start + 65_536)
            shared[part] = np.bitwise_count(every[a[part]] & every[b[part]]).sum(axis=1)
            shared_actors[part] = np.bitwise_count(actors[a[part]] & actors[b[part]]).sum(axis=1)
        return shared, shared_actors

    def shared_lists(self, a: int, b: int) -> dict[str, list[str]]:
        def nodes_of(i: int) -> set[int]:
            return set(self.link_node[self.by_practice[self.practice_starts[i] : self.practice_starts[i + 1]]].tolist())

        common = sorted(self.nodes[n] for n in nodes_of(a) & nodes_of(b))
        return {column: [node for node_kind, node in common if node_kind == kind] for kind, column in _KINDS}


def _rounded(ratio: float) -> float:
    """3 decimals, halves up, as Cypher's round(1000.0 * x) / 1000.0 did (Python's round() halves to even)."""
    return math.floor(1000.0 * ratio + 0.5) / 1000.0


@post_step("overlap")
def _overlap_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=list(OVERLAP_COLUMNS))
    return overlap_pairs(frame, parameters["max_sharing"], parameters["limit"], parameters.get("practice"))
