"""practice_overlap: form and score the pairs from the query's links (its Python step), and reshape the
pairs into the square matrix a heat map draws.

The score is the header's, in two sentences: each shared item weighs its rarity, log(1 + N/n) when n of the
N practices carry it; a shared actor or agreement adds 1 + its rarity (real contact), and the shared
functions and populations together add T/(1+T), T their summed rarity (shared purpose, under one point).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from registry.analysis.incidence import Incidence, Node
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
    "score",
    "why",
    "jurisdiction",
    "shared_actors",
    "shared_agreements",
    "shared_functions",
    "shared_populations",
    "shared_count",
    "actor_jaccard",
    "similarity",
)
KINDS = (
    ("Actor", "shared_actors"),
    ("Agreement", "shared_agreements"),
    ("Function", "shared_functions"),
    ("Population", "shared_populations"),
)
CONTACT_KINDS = frozenset({"Actor", "Agreement"})  # real contact; functions and populations are shared purpose
SAME, ELSEWHERE = "same jurisdiction", "similar elsewhere"
# Scores are ranked on this many decimals: sums added in another order (another store, the baseline) rank alike.
RANK_DECIMALS = 9


def rarity(total: int, carried_by: int) -> float:
    """log(1 + N/n): the rarer the item, the more two practices sharing it tell."""
    return math.log1p(total / carried_by) if total > 0 and carried_by > 0 else 0.0


class _Links:
    """What the query returned: neighbours with their practices, titles, countries, and counts."""

    def __init__(self, links: pd.DataFrame) -> None:
        self.titles: dict[str, str] = {}
        self.countries: dict[str, set[str]] = {}
        self.labels: dict[Node, str] = {}
        self.counted: dict[Node, int] = {}
        self.total = 0
        self.nodes: list[Node] = []
        self.members: list[list[str]] = []
        columns = ("kind", "node", "label", "practices", "titles", "countries", "carried_by")
        for kind, node, label, practices, titles, countries, carried_by in zip(
            *(links[c].tolist() for c in columns), strict=True
        ):
            listed = _ids(practices)
            if kind == "Registry":
                self.total = int(carried_by)
            elif kind == "Practice":
                self.titles.update(zip(listed, titles, strict=True))
                self.countries.update((p, set(_ids(c))) for p, c in zip(listed, countries, strict=True))
            else:
                key = (str(kind), str(node))
                self.labels[key] = label if isinstance(label, str) else key[1]
                if not _missing(carried_by):
                    self.counted[key] = int(carried_by)
                if listed:
                    self.nodes.append(key)
                    self.members.append(listed)


def _ids(value: Any) -> list[str]:
    """A list of ids; on FalkorDB the query sends it joined into one text (ids are slugs, without spaces)."""
    if isinstance(value, str):
        return value.split()
    return [] if _missing(value) else list(value)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def overlap_pairs_and_counts(
    links: pd.DataFrame, max_sharing: int, limit: int, practice: str | None = None
) -> tuple[pd.DataFrame, dict[Node, int]]:
    """practice_overlap's rows from its query's answer (see the query's header for every column), and how many
    of the links' practices carry each neighbour (each practice once, whichever rows list it): of the unfiltered
    answer's links, the counts a filtered query reads back (registry/queries/refresh.py)."""
    found = _Links(links)
    if not found.members:
        return pd.DataFrame(columns=list(OVERLAP_COLUMNS)), {}
    table = Incidence(found.nodes, found.members)
    counts = dict(zip(table.nodes, table.degree.tolist(), strict=True))
    carried = np.array([found.counted.get(key, table.degree[i]) for i, key in enumerate(table.nodes)])
    weight = np.array([rarity(found.total, int(n)) for n in carried])
    is_contact = np.array([kind in CONTACT_KINDS for kind, _ in table.nodes], dtype=bool)
    contact = np.where(is_contact, 1.0 + weight, 0.0)
    purpose = np.where(is_contact, 0.0, weight)
    sums = table.pairs(max_sharing, practice, contact, purpose)
    a, b = sums.a, sums.b
    score = sums.contact + sums.purpose / (1.0 + sums.purpose)
    ratio = sums.shared / (table.totals[a] + table.totals[b] - sums.shared)
    # Practice indices follow id order, so ties go by id.
    top = np.lexsort((b, a, -np.round(ratio, RANK_DECIMALS), -np.round(score, RANK_DECIMALS)))[:limit]
    rows = _Rows(table, found, contact, purpose)
    columns = (a, b, score, ratio, sums.purpose, sums.shared, sums.shared_actors)
    picked = zip(*(column[top].tolist() for column in columns), strict=True)
    return pd.DataFrame([rows.row(*values) for values in picked], columns=list(OVERLAP_COLUMNS)), counts


class _Rows:
    """Spells out a scored pair: its shared lists, why, jurisdiction and indices (plain Python: rows are many)."""

    def __init__(self, table: Incidence, found: _Links, contact: np.ndarray, purpose: np.ndarray) -> None:
        self.table, self.found = table, found
        self.contact, self.purpose = contact.tolist(), purpose.tolist()
        columns = dict(KINDS)
        # Nodes are numbered in (kind, id) order and KINDS is in kind order: node order is the lists' order.
        self.column = [columns[kind] for kind, _ in table.nodes]
        self.ident = [ident for _, ident in table.nodes]
        self.text = [f"{found.labels.get(key, key[1])} ({key[0].lower()}" for key in table.nodes]
        self._neighbours: dict[int, set[int]] = {}

    def neighbours(self, practice: int) -> set[int]:
        if practice not in self._neighbours:
            self._neighbours[practice] = self.table.neighbours(practice)
        return self._neighbours[practice]

    def row(
        self, pa: int, pb: int, score: float, ratio: float, purpose: float, shared: int, shared_actors: int
    ) -> dict[str, Any]:
        common = sorted(self.neighbours(pa) & self.neighbours(pb))
        lists: dict[str, list[str]] = {column: [] for _, column in KINDS}
        for n in common:
            lists[self.column[n]].append(self.ident[n])
        scale = 1.0 / (1.0 + purpose)  # what one unit of purpose weight adds to the score
        added = sorted((-round(self.contact[n] + self.purpose[n] * scale, RANK_DECIMALS), n) for n in common)
        first, second = self.table.practices[pa], self.table.practices[pb]
        countries = self.found.countries
        actor_union = int(self.table.actor_totals[pa] + self.table.actor_totals[pb]) - shared_actors
        return {
            "practice_a": first,
            "title_a": self.found.titles.get(first, first),
            "practice_b": second,
            "title_b": self.found.titles.get(second, second),
            "score": _rounded(score),
            # The shared items, each with what it adds to the score, largest first: "MTEySS (actor, 3.77)".
            "why": [f"{self.text[n]}, {-value:.2f})" for value, n in added],
            "jurisdiction": SAME if countries.get(first, set()) & countries.get(second, set()) else ELSEWHERE,
            **lists,
            "shared_count": shared,
            "actor_jaccard": _rounded(shared_actors / actor_union) if actor_union else 0.0,
            "similarity": _rounded(ratio),
        }


def _rounded(ratio: float) -> float:
    """3 decimals, halves up, as Cypher's round(1000.0 * x) / 1000.0 did (Python's round() halves to even)."""
    return math.floor(1000.0 * ratio + 0.5) / 1000.0


@post_step("overlap")
def _overlap_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    return overlap_answer(frame, parameters)[0]


def overlap_answer(frame: pd.DataFrame, parameters: dict[str, Any]) -> tuple[pd.DataFrame, dict[Node, int]]:
    """The step's answer, and the counts of ``overlap_pairs_and_counts``."""
    if frame.empty:
        return pd.DataFrame(columns=list(OVERLAP_COLUMNS)), {}
    return overlap_pairs_and_counts(frame, parameters["max_sharing"], parameters["limit"], parameters.get("practice"))
