"""igraph computes the actor measures; networkx, the library they were first defined with, is the reference.

What is compared, on the seed registry and on a generated one, on both stores:
- degree and weighted degree: equal, actor by actor;
- betweenness, exact (the projection's size) and sampled (the threshold lowered so the generated registry is
  sampled): equal to networkx's ``betweenness_centrality`` — same sampled sources, same scaling — within 1e-12,
  and the table's six-decimal figures equal networkx's rounded ones;
- communities: Leiden and networkx's Louvain are different searches for the partition of highest modularity, so
  labels and, on big graphs, a few actors may differ. On the seed registry the partitions are the same; on the
  generated one the modularity of igraph's partition is at least networkx's minus 0.005, and its normalised
  mutual information with networkx's seed-0 partition is no lower than that of networkx's own runs with seeds
  1 to 3 (less 0.02): Louvain with another seed moves actors too (0.86-0.93 on the 600-practice registry,
  where igraph's Leiden scores 0.89 with a higher modularity).
"""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import networkx as nx
import pandas as pd
import pytest

from registry.analysis import network
from registry.loading import load_paths
from registry.queries.library import run_named_query
from registry.synthetic import generate_registry


def reference_graph(ties: pd.DataFrame) -> nx.Graph:
    """The projection as coordreg built it with networkx: actors and ties added in id order."""
    graph: nx.Graph = nx.Graph()
    rows = ties.sort_values(["source", "target"])
    graph.add_nodes_from(sorted(set(rows["source"]) | set(rows["target"])))
    graph.add_weighted_edges_from(
        (str(s), str(t), int(w)) for s, t, w in zip(rows.source, rows.target, rows.weight, strict=True)
    )
    return graph


def reference_betweenness(graph: nx.Graph, exact_max_actors: int) -> dict[str, float]:
    if graph.number_of_nodes() <= exact_max_actors:
        return dict(nx.betweenness_centrality(graph, normalized=True))
    return dict(
        nx.betweenness_centrality(graph, k=network.BETWEENNESS_SAMPLES, normalized=True, seed=network.BETWEENNESS_SEED)
    )


def partition(ids: list[str], membership: list[int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for actor, group in zip(ids, membership, strict=True):
        groups.setdefault(group, set()).add(actor)
    return {frozenset(group) for group in groups.values()}


def check_degrees_and_betweenness(ties: pd.DataFrame, exact_max_actors: int) -> None:
    reference = reference_graph(ties)
    actors = network.actor_graph(ties)
    assert actors.ids == sorted(reference.nodes)
    assert actors.graph.ecount() == reference.number_of_edges()
    assert actors.graph.degree() == [reference.degree(a) for a in actors.ids]
    assert actors.graph.strength(weights="weight") == [reference.degree(a, weight="weight") for a in actors.ids]
    ours = network.betweenness(actors, exact_max_actors=exact_max_actors)
    theirs = reference_betweenness(reference, exact_max_actors)
    worst = max(abs(value - theirs[actor]) for actor, value in zip(actors.ids, ours, strict=True))
    assert worst < 1e-12, f"betweenness differs from networkx by up to {worst}"
    assert max(theirs.values()) > 0  # a projection where nobody sits between others would prove nothing


def test_seed_registry_gives_networkx_answers(seed_store):
    ties = run_named_query(seed_store, "actor_network").frame
    check_degrees_and_betweenness(ties, network.EXACT_BETWEENNESS_MAX_ACTORS)
    actors = network.actor_graph(ties)
    reference = reference_graph(ties)
    louvain = nx.community.louvain_communities(reference, weight="weight", seed=network.COMMUNITY_SEED)
    assert partition(actors.ids, network.community_membership(actors)) == {frozenset(g) for g in louvain}
    # The table itself: networkx's rounded figures, actor by actor.
    table = network.centrality_table(ties).set_index("actor_id")
    between = reference_betweenness(reference, network.EXACT_BETWEENNESS_MAX_ACTORS)
    assert {a: table.at[a, "betweenness"] for a in reference.nodes} == {a: round(v, 6) for a, v in between.items()}


@pytest.fixture
def generated_ties(store, tmp_path: Path) -> pd.DataFrame:
    generate_registry(600, 7, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    ties = run_named_query(store, "actor_network", timeout_ms=120_000).frame  # a shared machine can be slow
    assert len(set(ties["source"]) | set(ties["target"])) > 2 * network.BETWEENNESS_SAMPLES
    return ties


def test_generated_registry_gives_networkx_answers(generated_ties):
    ties = generated_ties
    check_degrees_and_betweenness(ties, network.EXACT_BETWEENNESS_MAX_ACTORS)  # exact
    check_degrees_and_betweenness(ties, network.BETWEENNESS_SAMPLES + 1)  # sampled, as above 1,000 actors
    actors = network.actor_graph(ties)
    reference = reference_graph(ties)
    louvain = nx.community.louvain_communities(reference, weight="weight", seed=network.COMMUNITY_SEED)
    membership = network.community_membership(actors)
    ours = nx.community.modularity(reference, partition(actors.ids, membership), weight="weight")
    theirs = nx.community.modularity(reference, louvain, weight="weight")
    assert ours >= theirs - 0.005, f"igraph's communities have modularity {ours:.4f}, networkx's {theirs:.4f}"
    # Louvain itself, run with other seeds, moves actors between groups: igraph's partition must be as close to
    # networkx's seed-0 partition as networkx's own other seeds are (less a small margin).
    reference_membership = _membership(actors.ids, louvain)
    floor = min(
        ig.compare_communities(reference_membership, _membership(actors.ids, other), method="nmi")
        for other in (nx.community.louvain_communities(reference, weight="weight", seed=s) for s in (1, 2, 3))
    )
    agreement = ig.compare_communities(reference_membership, membership, method="nmi")
    assert agreement >= floor - 0.02, f"the partitions agree to NMI {agreement:.3f}; Louvain's own seeds {floor:.3f}"


def _membership(ids: list[str], groups: list[set[str]]) -> list[int]:
    group_of = {actor: number for number, group in enumerate(groups) for actor in group}
    return [group_of[actor] for actor in ids]


def test_communities_and_order_are_the_same_on_every_run(generated_ties):
    first = network.centrality_table(generated_ties)
    shuffled = generated_ties.sample(frac=1.0, random_state=3)  # the store's row order must not matter
    pd.testing.assert_frame_equal(first, network.centrality_table(shuffled))
    sizes = first.drop_duplicates("community").sort_values("community")["community_size"].tolist()
    assert sizes == sorted(sizes, reverse=True)  # community 1 is the largest
    assert first["rank"].tolist() == list(range(1, len(first) + 1))


@pytest.mark.parametrize(
    "filters", [{}, {"practice": "arg-intercosecha"}, {"level": "meso"}, {"country": "URY"}, {"actor_kind": "ministry"}]
)
def test_measures_from_the_network_page_ties_equal_actor_centrality(seed_store, filters):
    """The Network page measures the ties it already fetched instead of running actor_centrality's projection
    again: the answer must be actor_centrality's, filter for filter."""
    ties = run_named_query(seed_store, "actor_network", filters).frame
    expected = run_named_query(seed_store, "actor_centrality", filters).frame
    assert len(expected) > 0 or filters.get("actor_kind")  # the filters were chosen to leave ties
    pd.testing.assert_frame_equal(network.centrality_table(ties), expected, check_dtype=False)
