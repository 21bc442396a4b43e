"""The network's layout for a large group of actors: at 10,000 practices one connected group holds thousands of
actors, and the Network page and the training tour must still draw it, seeded and the same on every load,
without SciPy (networkx's spring layout needs it from 500 nodes on; coordreg does not install it)."""

from __future__ import annotations

import json
import os
import subprocess
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


@pytest.mark.parametrize("directed", [False, True])
def test_ties_get_arrows_only_when_the_graph_is_directed(directed):
    # Ties between actors have no direction: no edge may carry arrows of its own (vis would draw them whatever the
    # options say), and the options draw arrows only for a directed graph.
    from registry.app_support import network_view

    graph: nx.Graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    graph.add_edge("a", "b", level="macro")
    graph.add_edge("a", "b", level="meso")
    graph.add_edge("b", "c", level="micro")
    net = network_view.build_pyvis(graph)
    assert len(net.edges) == 3
    assert all("arrows" not in edge for edge in net.edges)
    _nodes, _edges, _heading, _height, _width, options = net.get_network_data()
    assert json.loads(options)["edges"]["arrows"]["to"]["enabled"] is directed


def test_a_network_of_several_groups_is_laid_out_alike_in_every_process():
    # Python orders sets of texts differently in each process (PYTHONHASHSEED): the layout must not follow such an
    # order, or the same network is drawn differently at each launch of the app.
    script = (
        "import json, networkx as nx\n"
        "from registry.app_support.network_layout import seeded_layout\n"
        "g = nx.MultiGraph()\n"
        "for k in range(6):\n"
        "    names = [f'actor-{k}-{i}' for i in range(5 + k)]\n"
        "    g.add_edges_from(zip(names, names[1:]))\n"
        "    g.add_edge(names[0], names[-1])\n"
        "g.add_edges_from([('big-a', 'big-b'), ('big-b', 'big-c'), ('big-c', 'big-a'), ('big-c', 'big-d')] * 2)\n"
        "print(json.dumps(sorted(seeded_layout(g).items())))\n"
    )
    layouts = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in (1, 2, 3, 4)
    }
    assert len(layouts) == 1
    assert len(json.loads(layouts.pop())) == sum(5 + k for k in range(6)) + 4


def test_ties_laid_out_but_not_drawn_move_no_actor_and_each_edge_gets_its_look_back():
    # An edge's look (colour, dashes, width, curve) is sent once for all edges that share it; a tie left out of a
    # first drawing is laid out with the others.
    import re

    from registry.app_support import network_view

    graph = nx.MultiGraph()
    for i in range(12):
        graph.add_edge(f"a{i}", f"a{(i + 1) % 12}", level="macro", width=2.0)
        graph.add_edge(f"a{i}", f"a{(i + 1) % 12}", level="meso", width=2.0)
    marked = graph.copy()
    for n, (_, _, attrs) in enumerate(marked.edges(data=True)):
        attrs["undrawn"] = n % 2 == 0

    def data(html: str) -> dict:
        match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.DOTALL)
        assert match
        return json.loads(match.group(1))

    whole, part = data(network_view.render_html(graph)), data(network_view.render_html(marked))
    assert {n["id"]: (n["x"], n["y"]) for n in whole["nodes"]} == {n["id"]: (n["x"], n["y"]) for n in part["nodes"]}
    assert len(part["edges"]) == graph.number_of_edges() // 2 < len(whole["edges"])
    looks = whole["looks"]
    assert len(looks) < len(whole["edges"])  # shared
    assert {looks[e["look"]]["color"] for e in whole["edges"]} == {"#b2182b", "#2166ac"}
    curved = [looks[e["look"]] for e in whole["edges"] if "smooth" in looks[e["look"]]]
    assert len(curved) == len(whole["edges"]) // 2  # the second level of each pair bends away; the rest are straight
    assert whole["options"]["edges"]["smooth"] is False and whole["options"]["layout"]["improvedLayout"] is False
    assert not any(key in e for e in whole["edges"] for key in ("color", "dashes", "width", "smooth"))
    assert whole["options"]["interaction"]["hideEdgesOnDrag"] is False  # a small network moves with its ties


def test_a_network_of_thousands_of_edges_hides_them_while_the_view_moves():
    from registry.app_support import network_view

    graph = nx.MultiGraph((f"a{i}", f"a{(i + 1) % 600}") for i in range(600))
    graph.add_edges_from((f"a{i}", f"a{(i + 7) % 600}") for i in range(600))
    options = json.loads(network_view.build_pyvis(graph).get_network_data()[-1])
    assert options["interaction"]["hideEdgesOnDrag"] is True and options["interaction"]["hideEdgesOnZoom"] is True


@pytest.mark.parametrize("count", [3, 40, 250])
def test_the_seeded_start_is_networkx_spring_layout_to_the_last_digit(count):
    # The page's layout starts from its own copy of networkx's spring layout (a third of its time): the same numbers,
    # so the same network is drawn as it was. Each step follows the last one's last digits: any other sum differs.
    graph = network_layout._weighted(_large_group(count) if count > 3 else nx.path_graph(["a", "b", "c"]))
    expected = nx.spring_layout(graph, seed=network_layout.SEED, iterations=network_layout.SPRING_ITERATIONS)
    start = network_layout._spring_start(graph, network_layout.SEED)
    assert list(start) == list(expected)
    assert all(start[node].tolist() == expected[node].tolist() for node in graph)


def test_the_stress_steps_are_smacofs_guttman_transform():
    # The steps are written in place for speed: they must still be SMACOF's (the plain form below, as it was).
    import numpy as np

    graph = network_layout._weighted(_large_group(60))
    nodes = sorted(graph.nodes, key=str)
    start = network_layout._spring_start(graph, network_layout.SEED)
    positions = np.array([start[n] for n in nodes]) * network_layout.EDGE_PX
    positions[1] = positions[0]  # two actors on one spot: neither pulls the other
    index = {node: i for i, node in enumerate(nodes)}
    wanted = network_layout._distances(len(nodes), [(index[a], index[b], float(length)) for a, b, length in
                                                    graph.edges(data="length")]) * network_layout.EDGE_PX  # fmt: skip
    weights = np.where(wanted > 0, 1.0 / np.where(wanted > 0, wanted, 1.0) ** 2, 0.0)
    laplacian = np.diag(weights.sum(axis=1)) - weights
    expected = positions.copy()
    for _ in range(network_layout.ITERATIONS):
        gaps = np.sqrt(((expected[:, None, :] - expected[None, :, :]) ** 2).sum(axis=-1))
        ratio = np.where(gaps > 1e-9, wanted / np.where(gaps > 1e-9, gaps, 1.0), 0.0)
        pull = -weights * ratio
        np.fill_diagonal(pull, 0.0)
        np.fill_diagonal(pull, -pull.sum(axis=1))
        expected = np.linalg.pinv(laplacian) @ (pull @ expected)
    placed = network_layout._stress(graph, nodes, positions)
    assert np.allclose([placed[n] for n in nodes], expected, atol=1e-6)


def test_the_layouts_graph_has_each_pair_once_at_its_shortest_in_id_order():
    graph = nx.MultiGraph()
    graph.add_nodes_from([("c", {"community": 1}), ("a", {"community": 1}), ("b", {"community": 2}), ("d", {})])
    graph.add_edges_from([("c", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("d", "d"), ("b", "a"), ("d", "a")])
    simple = network_layout._weighted(graph)
    assert list(simple.nodes) == ["a", "b", "c", "d"]
    assert [(*sorted((a, b)), length) for a, b, length in simple.edges(data="length")] == [
        ("a", "b", 1.0), ("a", "c", network_layout.COMMUNITY_STEP), ("a", "d", 1.0), ("b", "c", 1.0),
    ]  # fmt: skip
