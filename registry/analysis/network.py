"""Network measures on the actor projection (the ties ``actor_network`` returns).

Computed in Python rather than in the store: Neo4j Community has no graph algorithms without plugins and
FalkorDB offers only a few, so doing it here gives both backends the same, reproducible numbers.

igraph does the work (C code): at 10,000 practices (3,000 actors, 36,000 ties) building the graph, the sampled
betweenness and the communities take a fraction of a second, where networkx took seconds. The definitions are
still networkx's — the sampled betweenness draws its sources as networkx does and is scaled as networkx scales
it — and tests/test_igraph_network.py compares the answers with networkx itself.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from registry.analysis.actor_ties import actor_ties
from registry.analysis.igraph_import import ig  # igraph without matplotlib (1-3 s of import)
from registry.analysis.post import post_step

CENTRALITY_COLUMNS = (
    "rank",
    "actor_id",
    "name",
    "label",
    "kind",
    "country",
    "degree",
    "weighted_degree",
    "betweenness",
    "community",
    "community_size",
)
ACTOR_FIELDS = ("name", "label", "kind", "country")

# Exact betweenness costs one shortest-path search per actor, so above this many actors it is estimated from
# BETWEENNESS_SAMPLES source actors drawn with a fixed seed, as networkx's k/seed sampling draws them
# (random.Random(seed).sample over the actors in id order): the same registry always gives the same numbers.
# benchmarks/baseline.py mirrors these three values.
EXACT_BETWEENNESS_MAX_ACTORS = 1000
BETWEENNESS_SAMPLES = 100
BETWEENNESS_SEED = 0
# Communities: Leiden modularity groups (weighted ties), iterated until no pass improves them, from a fixed seed.
# On the seed registry Leiden finds networkx's Louvain partition itself; at 10,000 practices a partition of the
# same modularity (tests/test_igraph_network.py). igraph's Louvain (multilevel) changed its groups with the seed.
COMMUNITY_SEED = 0

# igraph draws its random numbers from one generator for the whole process: the seeded one is set, used and
# put back under this lock, so two app sessions computing at once cannot disturb each other's draws.
_RANDOM = threading.Lock()


@dataclass(frozen=True)
class ActorGraph:
    """The actor projection as igraph holds it: vertex ``i`` is actor ``ids[i]`` (ids sorted)."""

    ids: list[str]
    attributes: list[dict[str, str | None]]
    graph: ig.Graph


def _text(value: Any) -> str | None:
    """A text cell, or None where the store or pandas left a gap (None or NaN)."""
    return value if isinstance(value, str) else None


def actor_graph(ties: pd.DataFrame) -> ActorGraph:
    """An undirected weighted graph from actor_network rows, built in a fixed order (actors and ties sorted by
    id), so the same registry always gives the same vertex numbers and the same communities. A pair listed twice
    keeps its last weight, as a simple graph does; an actor's name and kind come from its first tie."""
    # Whole columns as Python lists first: iterating a frame cell by cell (Arrow-backed text) costs ten times more.
    columns: dict[str, list[Any]] = {c: ties[c].tolist() if c in ties else [None] * len(ties) for c in _tie_columns()}
    sources, targets = [str(v) for v in columns["source"]], [str(v) for v in columns["target"]]
    attributes: dict[str, dict[str, str | None]] = {}
    weights: dict[tuple[str, str], int] = {}
    for row in sorted(range(len(sources)), key=lambda i: (sources[i], targets[i])):
        for side, actor in (("source", sources[row]), ("target", targets[row])):
            if actor not in attributes:
                attributes[actor] = {field: _text(columns[f"{side}_{field}"][row]) for field in ACTOR_FIELDS}
        pair = (sources[row], targets[row]) if sources[row] <= targets[row] else (targets[row], sources[row])
        weights[pair] = int(columns["weight"][row])
    ids = sorted(attributes)
    index = {actor: number for number, actor in enumerate(ids)}
    pairs = sorted(weights)
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in pairs], directed=False)
    graph.es["weight"] = [weights[pair] for pair in pairs]
    return ActorGraph(ids, [attributes[actor] for actor in ids], graph)


def _tie_columns() -> list[str]:
    return ["source", "target", "weight"] + [f"{side}_{f}" for side in ("source", "target") for f in ACTOR_FIELDS]


def betweenness(actors: ActorGraph, *, exact_max_actors: int = EXACT_BETWEENNESS_MAX_ACTORS) -> list[float]:
    """Normalised betweenness per vertex, ties unweighted: exact up to ``exact_max_actors`` actors, estimated from
    BETWEENNESS_SAMPLES sampled sources above — networkx's ``betweenness_centrality(normalized=True)``, with
    ``k=BETWEENNESS_SAMPLES, seed=BETWEENNESS_SEED`` above the threshold."""
    graph, n = actors.graph, actors.graph.vcount()
    if n < 3:
        return [0.0] * n  # no actor can sit between two others
    if n <= max(exact_max_actors, BETWEENNESS_SAMPLES):
        # igraph counts each unordered pair once; networkx divides the ordered count by (n-1)(n-2).
        return [value * 2 / ((n - 1) * (n - 2)) for value in graph.betweenness(directed=False)]
    k = BETWEENNESS_SAMPLES
    sources = random.Random(BETWEENNESS_SEED).sample(range(n), k)  # the ids are sorted: networkx's node order
    raw = graph.betweenness(directed=False, sources=sources, targets=None)
    # networkx (3.5+) scales a sampled estimate by the pairs that could pass through an actor: a sampled source
    # is never on its own paths, so it had k-1 sources to count on, the others k. igraph halves undirected counts.
    chosen = set(sources)
    return [value * 2 / ((k - 1 if v in chosen else k) * (n - 2)) for v, value in enumerate(raw)]


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random draws from a generator seeded with ``seed`` (one caller at a time), then its default again."""
    with _RANDOM:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)  # igraph's default: Python's own generator


def community_membership(actors: ActorGraph) -> list[int]:
    """The Leiden modularity group of each vertex (weighted ties, seed COMMUNITY_SEED), unnumbered."""
    if actors.graph.vcount() == 0:
        return []
    with seeded_igraph(COMMUNITY_SEED):
        clustering = actors.graph.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
    return list(clustering.membership)


def numbered_communities(actors: ActorGraph, membership: list[int]) -> list[tuple[int, int]]:
    """Per vertex: (community number, community size); 1 is the largest group, ties broken by smallest actor id."""
    groups: dict[int, list[str]] = {}
    for vertex, group in enumerate(membership):
        groups.setdefault(group, []).append(actors.ids[vertex])  # ids ascend with the vertex number
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[1][0]))
    number = {group: (rank, len(members)) for rank, (group, members) in enumerate(ordered, start=1)}
    return [number[group] for group in membership]


def centrality_table(ties: pd.DataFrame) -> pd.DataFrame:
    """One row per tied actor: degree, weighted degree, betweenness and community."""
    actors = actor_graph(ties)
    graph = actors.graph
    if graph.vcount() == 0:
        return pd.DataFrame(columns=list(CENTRALITY_COLUMNS))
    between = betweenness(actors)
    communities = numbered_communities(actors, community_membership(actors))
    table = pd.DataFrame(
        {
            "actor_id": actors.ids,
            **{field: [a[field] for a in actors.attributes] for field in ACTOR_FIELDS},
            "degree": graph.degree(),
            "weighted_degree": [int(s) for s in graph.strength(weights="weight")],
            # Rounded so that floating-point noise never reorders actors between runs.
            "betweenness": [round(float(value), 6) for value in between],
            "community": [number for number, _ in communities],
            "community_size": [size for _, size in communities],
        }
    )
    table = table.sort_values(
        ["betweenness", "weighted_degree", "actor_id"], ascending=[False, False, True], ignore_index=True
    )
    table.insert(0, "rank", range(1, len(table) + 1))
    return table[list(CENTRALITY_COLUMNS)]


@post_step("centrality")
def _centrality_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    # actor_centrality's Cypher is actor_network's, whose rows are connectors and actors: the ties are formed
    # first, by actor_network's own step (a query header names one step).
    return centrality_table(actor_ties(frame))
