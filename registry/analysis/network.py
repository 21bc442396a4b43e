"""Network measures on the actor projection (the ties ``actor_network`` returns).

Computed in Python with networkx rather than in the store: Neo4j Community has
no graph algorithms without plugins and FalkorDB offers only a few, so doing it
here gives both backends the same, reproducible numbers.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

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


def _text(value: Any) -> str | None:
    """A text cell, or None where the store or pandas left a gap (None or NaN)."""
    return value if isinstance(value, str) else None


def actor_graph(ties: pd.DataFrame) -> nx.Graph:
    """An undirected weighted graph from actor_network rows, built in a fixed order.

    Insertion order matters to tie-breaking inside networkx, so nodes and edges
    are added sorted: the same registry always gives the same communities.
    """
    graph: nx.Graph = nx.Graph()
    rows = sorted(ties.to_dict(orient="records"), key=lambda row: (row["source"], row["target"]))
    actors: dict[str, dict[str, str | None]] = {}
    for row in rows:
        for side in ("source", "target"):
            actors.setdefault(
                row[side],
                {field: _text(row[f"{side}_{field}"]) for field in ("name", "label", "kind", "country")},
            )
    for actor in sorted(actors):
        graph.add_node(actor, **actors[actor])
    for row in rows:
        graph.add_edge(row["source"], row["target"], weight=int(row["weight"]))
    return graph


# Exact betweenness costs one shortest-path search per actor (minutes at thousands of actors), so above this
# many actors it is estimated from BETWEENNESS_SAMPLES source actors drawn with a fixed seed (networkx's
# k/seed sampling over the actors in id order): the same registry always gives the same numbers.
# benchmarks/baseline.py mirrors these three values.
EXACT_BETWEENNESS_MAX_ACTORS = 1000
BETWEENNESS_SAMPLES = 100
BETWEENNESS_SEED = 0
# Communities: Louvain modularity groups with a fixed seed (reproducible). Greedy modularity found groups of
# the same quality but took nine seconds on 3,000 actors, against under one for Louvain.
COMMUNITY_SEED = 0


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness: exact up to EXACT_BETWEENNESS_MAX_ACTORS actors, sampled estimate above."""
    if graph.number_of_nodes() <= EXACT_BETWEENNESS_MAX_ACTORS:
        return dict(nx.betweenness_centrality(graph, normalized=True))
    return dict(nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, normalized=True, seed=BETWEENNESS_SEED))


def _numbered_communities(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Actor id -> (community number, community size); 1 is the largest group."""
    groups = nx.community.louvain_communities(graph, weight="weight", seed=COMMUNITY_SEED)
    ordered = sorted((sorted(group) for group in groups), key=lambda members: (-len(members), members[0]))
    return {actor: (number, len(members)) for number, members in enumerate(ordered, start=1) for actor in members}


def centrality_table(ties: pd.DataFrame) -> pd.DataFrame:
    """One row per tied actor: degree, weighted degree, betweenness and community."""
    graph = actor_graph(ties)
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=list(CENTRALITY_COLUMNS))
    between = betweenness(graph)
    communities = _numbered_communities(graph)
    rows: list[dict[str, Any]] = []
    for actor, data in graph.nodes(data=True):
        rows.append(
            {
                "actor_id": actor,
                "name": data["name"],
                "label": data["label"],
                "kind": data["kind"],
                "country": data["country"],
                "degree": int(graph.degree(actor)),
                "weighted_degree": int(graph.degree(actor, weight="weight")),
                # Rounded so that floating-point noise never reorders actors between runs.
                "betweenness": round(float(between[actor]), 6),
                "community": communities[actor][0],
                "community_size": communities[actor][1],
            }
        )
    table = pd.DataFrame(rows).sort_values(
        ["betweenness", "weighted_degree", "actor_id"], ascending=[False, False, True], ignore_index=True
    )
    table.insert(0, "rank", range(1, len(table) + 1))
    return table[list(CENTRALITY_COLUMNS)]


@post_step("centrality")
def _centrality_step(frame: pd.DataFrame, parameters: dict[str, Any]) -> pd.DataFrame:
    return centrality_table(frame)
