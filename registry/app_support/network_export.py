"""The network as shown, for use elsewhere: a slide PNG, GEXF for Gephi, GraphML.

The PNG is drawn here with matplotlib, not photographed from the browser's
canvas: a 1920×1080 slide with the title, the drawing (the same seeded
layout, family colours, kind shapes and level line styles as the page), a
legend and a line saying where the network comes from — what a trainer pastes
into a presentation. GEXF carries the same positions, colours and sizes
(Gephi's ``viz`` attributes), so the network opens looking as it did.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from registry.app_support import network_style
from registry.app_support.network_layout import seeded_layout
from registry.app_support.network_view import (
    FADED_COLOUR,
    LEVEL_STYLES,
    OTHER_EDGE_STYLE,
    PageText,
    graphml_text,
    render_html,
)

SLIDE_PX = (1920, 1080)
DPI = 100
#: On the slide, only this many of the most important actors are named (the others stay unlabelled dots).
NAMED_ON_SLIDE = 40

__all__ = ["SLIDE_PX", "NetworkFiles", "gexf_text", "graphml_text", "slide_png"]


@dataclass(frozen=True, eq=False)
class NetworkFiles:
    """The network as drawn, each file made only when asked for (a download button's click): the GEXF and GraphML
    of hundreds of actors and thousands of ties take a second each, which a page view should not wait for. Each
    method takes no argument, as Streamlit's deferred downloads call them."""

    graph: nx.Graph
    title: str
    legend: Sequence[tuple[str, str, str]]
    source: str
    page_text: PageText

    def slide_png(self) -> bytes:
        return slide_png(self.graph, self.title, self.legend, self.source)

    def page_html(self) -> str:
        """A standalone page: the drawing with its title and source line, every asset inlined."""
        return render_html(self.graph, self.page_text, legend=self.legend, heading=True, source=self.source)

    def gexf(self) -> str:
        return gexf_text(self.graph)

    def graphml(self) -> str:
        return graphml_text(self.graph)


def _edges(graph: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    if graph.is_multigraph():
        return [(s, t, a) for s, t, _, a in graph.edges(keys=True, data=True)]
    return list(graph.edges(data=True))


def _line_style(dashes: Any) -> Any:
    if not dashes:
        return "solid"
    return (0, tuple(dashes))


def slide_png(graph: nx.Graph, title: str, legend: Sequence[tuple[str, str, str]], source: str) -> bytes:
    """A 1920×1080 PNG of ``graph``: title, drawing, legend (``network_view.legend_items``) and source line."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D

    figure = plt.figure(figsize=(SLIDE_PX[0] / DPI, SLIDE_PX[1] / DPI), dpi=DPI)
    figure.text(0.02, 0.955, title, fontsize=26, fontweight="bold", va="center")
    figure.text(0.02, 0.025, source, fontsize=12, color="#555555", va="center")
    drawing = figure.add_axes((0.01, 0.07, 0.74, 0.84))
    drawing.set_axis_off()
    positions = seeded_layout(graph)
    weights = network_style.importance({n: float(a.get("size") or 0) for n, a in graph.nodes(data=True)})
    for source_node, target_node, attrs in _edges(graph):
        style = LEVEL_STYLES.get(str(attrs.get("level")), OTHER_EDGE_STYLE)
        (x1, y1), (x2, y2) = positions[source_node], positions[target_node]
        drawing.plot([x1, x2], [-y1, -y2], color=FADED_COLOUR if attrs.get("faded") else style["color"],
                     linestyle=_line_style(style["dashes"]), linewidth=0.6 + 0.5 * float(style["width"]),
                     alpha=0.75, zorder=1)  # fmt: skip
    named = sorted(graph.nodes, key=lambda n: -weights.get(n, 0.0))[:NAMED_ON_SLIDE]
    for node, attrs in graph.nodes(data=True):
        look = network_style.look(str(attrs.get("group") or "other"))
        x, y = positions[node]
        weight = weights.get(node, 0.0)
        shared = bool(attrs.get("shared"))
        drawing.scatter([x], [-y], s=120 + 900 * weight, marker=network_style.MARKERS[look.shape],
                        color=FADED_COLOUR if attrs.get("faded") else look.colour,
                        edgecolors=network_style.SHARED_BORDER if shared else "white",
                        linewidths=3.5 if shared else 1.0, zorder=3)  # fmt: skip
        if node in named and not attrs.get("faded"):
            label = network_style.short_label(str(attrs.get("label") or node))
            drawing.annotate(label, (x, -y), xytext=(0, -14 - 10 * weight), textcoords="offset points",
                             ha="center", va="top", fontsize=11 + 7 * weight,
                             fontweight="bold" if shared or weight > 0.5 else "normal", zorder=4,
                             bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                   "alpha": 0.7})  # fmt: skip
    drawing.margins(0.08)
    handles = []
    for kind, name, swatch in legend:
        if kind == "node":
            handles.append(Line2D([], [], linestyle="none", marker="s", markersize=14, color=swatch, label=name))
        elif kind == "shape":
            shape, _, colour = swatch.partition("|")
            handles.append(Line2D([], [], linestyle="none", marker=network_style.MARKERS.get(shape, "o"),
                                  markersize=10, color=colour, label=f"   {name}"))  # fmt: skip
        elif kind == "ring":
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=12, markerfacecolor="white",
                                  markeredgecolor=swatch, markeredgewidth=3, label=name))  # fmt: skip
        else:
            level = next((lv for lv, st in LEVEL_STYLES.items() if st["color"] in swatch), None)
            style = LEVEL_STYLES.get(level or "", OTHER_EDGE_STYLE)
            handles.append(Line2D([], [], color=style["color"], linestyle=_line_style(style["dashes"]),
                                  linewidth=2.5, label=name))  # fmt: skip
    if handles:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.76, 0.91), frameon=False, fontsize=12,
                      handlelength=2.4, labelspacing=0.55)  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    plt.close(figure)
    return buffer.getvalue()


def gexf_text(graph: nx.Graph) -> str:
    """GEXF of ``graph``, with Gephi's ``viz`` position, colour and size of every node as drawn."""
    positions = seeded_layout(graph)
    weights = network_style.importance({n: float(a.get("size") or 0) for n, a in graph.nodes(data=True)})
    plain: nx.Graph = nx.MultiGraph() if graph.is_multigraph() else nx.Graph()
    for node, attrs in graph.nodes(data=True):
        look = network_style.look(str(attrs.get("group") or "other"))
        red, green, blue = (int(look.colour[i : i + 2], 16) for i in (1, 3, 5))
        x, y = positions.get(node, (0.0, 0.0))
        viz = {"position": {"x": x, "y": -y, "z": 0.0}, "color": {"r": red, "g": green, "b": blue, "a": 1.0},
               "size": 10.0 + 30.0 * weights.get(node, 0.0)}  # fmt: skip
        plain.add_node(str(node), **_plain_attrs(attrs), viz=viz)
    for source_node, target_node, attrs in _edges(graph):
        plain.add_edge(str(source_node), str(target_node), **_plain_attrs(attrs))
    buffer = io.BytesIO()
    nx.write_gexf(plain, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def _plain_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes GEXF can hold: lists joined with "; ", the HTML tooltip left out."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in ("tooltip", "viz") or value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = "; ".join(map(str, value))
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out
