"""path_between's step-by-step search finds exactly the shortest routes networkx finds on the same relationships."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from registry.analysis import routes
from registry.queries.library import run_named_query


@pytest.fixture(scope="module")
def tie_graph(seed_store) -> nx.Graph:
    frame = seed_store.read(
        "MATCH (c)-[:INVOLVES|PARTY]->(a:Actor) RETURN labels(c)[0] AS kind, c.id AS connector, a.id AS actor"
    ).frame
    graph = nx.Graph()
    for kind, connector, actor in frame.itertuples(index=False):
        graph.add_edge((kind, connector), ("Actor", actor))
    return graph


def _oracle(graph: nx.Graph, a: str, b: str, max_hops: int) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    source, target = ("Actor", a), ("Actor", b)
    if source not in graph or target not in graph or not nx.has_path(graph, source, target):
        return set()
    found = set()
    for path in nx.all_shortest_paths(graph, source, target):
        if (len(path) - 1) // 2 > max_hops:
            return set()
        found.add((tuple(n for _, n in path[0::2]), tuple(n for _, n in path[1::2])))
    return found


def test_every_shortest_route_and_no_other(seed_store, tie_graph: nx.Graph) -> None:
    actors = sorted(n for kind, n in tie_graph if kind == "Actor")[:30]
    connected = 0
    for a, b in itertools.permutations(actors, 2):
        for max_hops in (4, 2):
            expected = _oracle(tie_graph, a, b, max_hops)
            frame = run_named_query(
                seed_store, "path_between", {"actor_a": a, "actor_b": b, "max_hops": max_hops, "max_routes": 1000}
            ).frame
            got = {(tuple(r["actor_ids"]), tuple(r["via_ids"])) for r in frame.to_dict("records")}
            assert got == expected, (a, b, max_hops)
            assert list(frame["hops"]) == sorted(frame["hops"])
            assert all(text for text in frame["route"]), "every route is spelled out"
            connected += bool(expected)
    assert connected > 20  # the sample holds connected pairs, not only strangers


def test_routes_are_cut_at_max_routes_in_route_order(seed_store, tie_graph: nx.Graph) -> None:
    many = max(
        itertools.permutations(sorted(n for kind, n in tie_graph if kind == "Actor")[:30], 2),
        key=lambda pair: len(_oracle(tie_graph, pair[0], pair[1], 4)),
    )
    every = run_named_query(
        seed_store, "path_between", {"actor_a": many[0], "actor_b": many[1], "max_routes": 1000}
    ).frame
    assert len(every) > 2
    cut = run_named_query(seed_store, "path_between", {"actor_a": many[0], "actor_b": many[1], "max_routes": 2}).frame
    assert cut.to_dict("records") == every.head(2).to_dict("records")


def test_past_the_sorting_cap_the_search_still_answers(seed_store, tie_graph: nx.Graph, monkeypatch) -> None:
    a, b = max(
        itertools.permutations(sorted(n for kind, n in tie_graph if kind == "Actor")[:30], 2),
        key=lambda pair: len(_oracle(tie_graph, pair[0], pair[1], 4)),
    )
    monkeypatch.setattr(routes, "ROUTES_SORTED_AT_MOST", 1)
    frame = run_named_query(seed_store, "path_between", {"actor_a": a, "actor_b": b}).frame
    assert len(frame) == 1
    assert (tuple(frame.loc[0, "actor_ids"]), tuple(frame.loc[0, "via_ids"])) in _oracle(tie_graph, a, b, 4)
