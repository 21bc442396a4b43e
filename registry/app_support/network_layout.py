"""Where each node of a drawn network sits: computed once, seeded, so a network looks the same on every load.

Each group of actors tied to one another (a connected component: often one
practice's network) is laid out on its own by stress majorisation — the
distance on the page between two actors follows the number of ties between
them, which spaces a group evenly — and the groups are then set side by side
in rows, the largest first. The nodes are taken in id order and the start is
a seeded force layout, so the same network gives the same picture whatever
order the store returned its rows in. Ties inside a community (the
``community`` attribute actor_centrality computes) count as shorter, so
groups that work together sit together. The browser draws with physics off:
nothing drifts while a trainer talks over it.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

SEED = 7
#: Pixels between two tied actors.
EDGE_PX = 180.0
#: A tie inside a community counts as this fraction of a step.
COMMUNITY_STEP = 0.7
#: Room between two groups, and the shape of the picture the rows of groups make (width / height).
GAP_PX = 110.0
ASPECT = 1.6
#: Groups up to this many nodes get stress majorisation (n² memory); larger ones a force layout, which scales.
STRESS_LIMIT = 400
ITERATIONS = 120
#: Force-layout steps for a group above STRESS_LIMIT.
FORCE_ITERATIONS = 300


#: Where a graph keeps its layout once computed: a page draws the same graph, then writes it as HTML and GEXF.
_KEPT = "_coordreg_layout"


def seeded_layout(graph: nx.Graph, *, seed: int = SEED) -> dict[Any, tuple[float, float]]:
    """(x, y) in pixels for every node of ``graph``, the same for the same graph. Kept on the graph, so drawing
    it and exporting it lay it out once (a graph whose nodes or ties change is laid out again)."""
    shape = (seed, graph.number_of_nodes(), graph.number_of_edges())
    kept = graph.graph.get(_KEPT)
    if kept is not None and kept[0] == shape:
        return dict(kept[1])
    placed = _layout(graph, seed)
    graph.graph[_KEPT] = (shape, placed)
    return dict(placed)


def _layout(graph: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    simple = _weighted(graph)
    if simple.number_of_nodes() == 0:
        return {}
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0])))
    boxes = []
    for part in parts:
        # A network of one group (the actors a page draws, most often) is laid out as it is: a subgraph view of all
        # its nodes gives the same layout, checking each of its look-ups (0.2 s of networkx's spring layout).
        whole = len(part) == simple.number_of_nodes()
        positions = _part_layout(simple if whole else _induced(simple, part), seed)
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        boxes.append((positions, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    # Rows about as wide as the picture should be for the room the groups take.
    area = sum((w + GAP_PX) * (h + GAP_PX) for *_, w, h in boxes)
    row_width = max(boxes[0][3] + GAP_PX, math.sqrt(area * ASPECT))
    placed: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for positions, left, top, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP_PX, 0.0
        for node, (px, py) in positions.items():
            placed[node] = (round(x + px - left, 1), round(y + py - top, 1))
        x += width + GAP_PX
        row_height = max(row_height, height)
    return placed


def _induced(simple: nx.Graph, part: list[Any]) -> nx.Graph:
    """The part's own graph, its nodes in the order given (id order). Not a subgraph view: a view of a small part
    iterates its nodes in a set's order, which changes from one process to the next, and the spring layout's start
    follows that order (the same network was drawn differently at each launch of the app)."""
    members = set(part)
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(part)
    graph.add_edges_from((a, b, attrs) for a in part for b, attrs in simple.adj[a].items() if b in members)
    return graph


def _weighted(graph: nx.Graph) -> nx.Graph:
    """A simple graph of ``graph``'s nodes in id order, each tie as long as a step (shorter inside a community)."""
    simple: nx.Graph = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    communities = {node: attrs.get("community") for node, attrs in graph.nodes(data=True)}
    # Each pair once, at its shortest, added in the order of its ids: the ties of a multigraph (one per level, 6,900
    # for the 250 actors a page draws) are read once, not sorted and looked up one by one in the graph being made.
    shortest: dict[tuple[str, str], tuple[Any, Any, float]] = {}
    for a, b in graph.edges():
        if a == b:
            continue
        same = communities.get(a) is not None and communities.get(a) == communities.get(b)
        length = COMMUNITY_STEP if same else 1.0
        pair = (str(a), str(b)) if str(a) <= str(b) else (str(b), str(a))
        kept = shortest.get(pair)
        if kept is None or kept[2] > length:
            shortest[pair] = (a, b, length)
    simple.add_edges_from((a, b, {"length": length}) for a, b, length in (shortest[p] for p in sorted(shortest)))
    return simple


def _part_layout(part: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    nodes = sorted(part.nodes, key=str)
    count = len(nodes)
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}
    if count == 2:
        # One above the other: two names side by side would run into each other.
        return {nodes[0]: (0.0, 0.0), nodes[1]: (0.0, EDGE_PX * 0.8)}
    if count > STRESS_LIMIT:
        spread = EDGE_PX * math.sqrt(count)
        return {node: (x * spread, y * spread) for node, (x, y) in _force_layout(part, nodes, seed).items()}
    start = _spring_start(part, seed)
    return _stress(part, nodes, np.array([start[n] for n in nodes], dtype=float) * EDGE_PX)


#: The seeded start's steps (networkx's spring layout's default).
SPRING_ITERATIONS = 50


def _spring_start(part: nx.Graph, seed: int, iterations: int = SPRING_ITERATIONS) -> dict[Any, np.ndarray]:
    """``nx.spring_layout(part, seed=seed, iterations=iterations)``, the same positions to the last digit:
    Fruchterman and Reingold's forces from networkx's seeded random start, cooled linearly, then centred and scaled
    within [-1, 1]. The differences are written in place and the distances taken from them, where networkx makes new
    n × n × 2 arrays and their norms a step: 0.3-0.8 s of the Network page's layout of 250 actors; a third here."""
    order = list(part)
    count = len(order)
    index = {node: i for i, node in enumerate(order)}
    adjacency = np.zeros((count, count))
    for a, b, weight in part.edges(data="weight", default=1.0):
        adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = weight
    pos = np.random.RandomState(seed).rand(count, 2)
    k = math.sqrt(1.0 / count)
    heat = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1])) * 0.1
    cooling = heat / (iterations + 1)
    delta, force = np.empty((count, count, 2)), np.empty((count, count))
    dx, dy = delta[:, :, 0], delta[:, :, 1]  # views: the differences are written once, where the sum reads them
    for _ in range(iterations):
        np.subtract(pos[:, 0, None], pos[None, :, 0], out=dx)
        np.subtract(pos[:, 1, None], pos[None, :, 1], out=dy)
        np.multiply(dx, dx, out=force)
        force += dy * dy
        np.sqrt(force, out=force)
        np.clip(force, 0.01, None, out=force)  # distance, at least 0.01
        # k²/d² pushes every pair apart, A·d/k pulls tied ones together
        force[...] = k * k / force**2 - adjacency * force / k
        # networkx's own sum, term for term: the layout follows each step's last digits (the same sums in another
        # order had moved actors by up to 80 px after the 50 steps)
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.clip(np.sqrt((displacement**2).sum(axis=1)), 0.01, None)
        step = displacement * (heat / length)[:, None]
        pos += step
        heat -= cooling
        if np.linalg.norm(step) / count < 1e-4:
            break
    pos -= pos.mean(axis=0)
    lim = np.abs(pos).max()
    if lim > 0:
        pos *= 1.0 / lim
    return dict(zip(order, pos, strict=True))


def _force_layout(part: nx.Graph, nodes: list[Any], seed: int) -> dict[Any, tuple[float, float]]:
    """A large group's force layout, centred and within [-1, 1]: igraph's Fruchterman-Reingold (C) from a seeded
    start. networkx's spring layout needs SciPy from 500 nodes on, which coordreg does not install (the Network
    page failed at 10,000 practices), and takes seconds where igraph takes a fraction of one."""
    import igraph as ig

    from registry.analysis.network import seeded_igraph

    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=sorted(tuple(sorted((index[a], index[b]))) for a, b in part.edges()))
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, (len(nodes), 2)).tolist()
    with seeded_igraph(seed):
        coords = np.array(graph.layout_fruchterman_reingold(seed=start, niter=FORCE_ITERATIONS).coords, dtype=float)
    coords -= coords.mean(axis=0)
    coords /= float(np.abs(coords).max()) or 1.0
    return {node: (float(coords[i, 0]), float(coords[i, 1])) for node, i in index.items()}


def _stress(part: nx.Graph, nodes: list[Any], positions: np.ndarray) -> dict[Any, tuple[float, float]]:
    """Stress majorisation (SMACOF): page distances approach network distances, the near ones most strictly."""
    index = {node: i for i, node in enumerate(nodes)}
    steps = _distances(len(nodes), [(index[a], index[b], float(length)) for a, b, length in
                                    part.edges(data="length", default=1.0)])  # fmt: skip
    wanted = steps * EDGE_PX
    weights = np.zeros_like(wanted)
    off_diagonal = wanted > 0
    weights[off_diagonal] = 1.0 / wanted[off_diagonal] ** 2
    laplacian = -weights
    np.fill_diagonal(laplacian, weights.sum(axis=1))
    # The Laplacian's pseudo-inverse, as the inverse of the Laplacian plus the all-1/n matrix, less that matrix (exact
    # for a connected group, which each part is): one LU solve. pinv's eigen-decomposition took 0.4-0.9 s for 250
    # actors with OpenBLAS's threads on two busy cores (10 ms alone), most of the Network page's layout.
    spread = 1.0 / len(nodes)
    inverse = np.linalg.inv(laplacian + spread) - spread
    # Each step on n × n arrays of one coordinate, written in place: the n × n × 2 differences, their einsum and the
    # masked division of each step took 2-5 ms (0.27-0.5 s for the 120 steps of 250 actors on a busy machine), this
    # one half to two thirds of that.
    # weight × wanted distance = 1 / wanted distance: a pair's pull is that over its gap on the page.
    near = np.zeros_like(wanted)
    near[off_diagonal] = -1.0 / wanted[off_diagonal]
    count = len(nodes)
    diagonal = np.arange(count)
    gaps, dy, pull = (np.empty((count, count)) for _ in range(3))
    for _ in range(ITERATIONS):
        np.subtract(positions[:, 0, None], positions[None, :, 0], out=gaps)
        np.subtract(positions[:, 1, None], positions[None, :, 1], out=dy)
        gaps *= gaps
        dy *= dy
        gaps += dy
        np.sqrt(gaps, out=gaps)
        gaps[diagonal, diagonal] = np.inf
        together = gaps <= 1e-9  # two actors on one spot pull each other no more (their direction is unknown)
        if together.any():
            gaps[together] = np.inf
        np.divide(near, gaps, out=pull)
        pull[diagonal, diagonal] = -pull.sum(axis=1)
        positions = inverse @ (pull @ positions)  # n² work a step, not n³
    return {node: (float(positions[i, 0]), float(positions[i, 1])) for node, i in index.items()}


def _distances(count: int, ties: list[tuple[int, int, float]]) -> np.ndarray:
    """Every pair's network distance, the lengths of the ties on the shortest way between them summed: Floyd and
    Warshall's n steps of n² work each, in numpy (25 ms for the 250 actors a page draws). networkx's Dijkstra from
    each actor took most of the Network page's 20 s; igraph's, which replaced it, brought igraph and matplotlib's
    import (1-3 s) into the page's first run. A part is connected: no distance is left infinite."""
    steps = np.full((count, count), np.inf)
    np.fill_diagonal(steps, 0.0)
    for a, b, length in ties:
        if length < steps[a, b]:
            steps[a, b] = steps[b, a] = length
    for via in range(count):
        np.minimum(steps, steps[:, via, None] + steps[None, via, :], out=steps)
    return steps
