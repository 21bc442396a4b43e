"""The network's layout for a large group of actors: at 10,000 practices one connected group holds thousands of
actors, and the Network page and the training tour must still draw it, seeded and the same on every load,
without SciPy (networkx's spring layout needs it from 500 nodes on; coordreg does not install it)."""

from __future__ import annotations

import sys

import networkx as nx
import pytest

from registry.app_support import network_layout


def _large_group(count: int) -> nx.Graph:
    raw = nx.connected_watts_strogatz_graph(count, 4, 0.2, seed=3)
    return nx.relabel_nodes(raw, {n: f"actor-{n:04d}" for n in raw.nodes})


@pytest.fixture
def no_scipy(monkeypatch):
    for name in [m for m in sys.modules if m == "scipy" or m.startswith("scipy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "scipy", None)  # any import of it now fails, installed or not


def test_a_group_of_thousands_of_actors_is_laid_out_without_scipy(no_scipy):
    graph = _large_group(1200)
    assert graph.number_of_nodes() > network_layout.STRESS_LIMIT  # the force-layout path
    placed = network_layout.seeded_layout(graph)
    assert set(placed) == set(graph.nodes)
    assert len(set(placed.values())) == len(placed)  # no two actors on the same spot
    xs = [x for x, _ in placed.values()]
    assert max(xs) - min(xs) > network_layout.EDGE_PX * 10  # spread over the page, not piled up


def test_a_large_group_gets_the_same_layout_whatever_the_order(no_scipy):
    graph = _large_group(700)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph.nodes, reverse=True))
    shuffled.add_edges_from(sorted(graph.edges, reverse=True))
    assert network_layout.seeded_layout(graph) == network_layout.seeded_layout(shuffled)


def test_a_graph_is_laid_out_once_and_again_when_it_changes(monkeypatch):
    graph = _large_group(50)
    calls = []
    original = network_layout._layout
    monkeypatch.setattr(network_layout, "_layout", lambda g, seed: calls.append(seed) or original(g, seed))
    first = network_layout.seeded_layout(graph)
    assert network_layout.seeded_layout(graph) == first and network_layout.seeded_layout(graph.copy()) == first
    assert len(calls) == 1  # drawn, then exported: laid out once
    graph.add_edge("actor-0000", "actor-0025")
    changed = network_layout.seeded_layout(graph)
    assert len(calls) == 2 and changed != first
    graph.add_node("actor-new")
    assert "actor-new" in network_layout.seeded_layout(graph) and len(calls) == 3
