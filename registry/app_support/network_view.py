"""Draw a networkx graph as a self-contained, offline vis-network page (built with pyvis).

pyvis' own template pulls vis-network, Bootstrap and tom-select from CDNs
even with ``cdn_resources="in_line"``; a trainer in a room without internet
would get a blank frame. So pyvis only models the nodes, edges and options
here, and the page around them is ours: vis-network's script and stylesheet
are read from ``registry/static`` and inlined, and the page makes no request.

Text from case files reaches the page twice, and is made safe both times:
tooltips are HTML built from ``html.escape``-d parts, and the whole data
blob is JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, so no
name can close the script element that carries it.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
from pyvis.network import Network

from registry.app_support import network_style
from registry.app_support.network_layout import seeded_layout

LEVEL_STYLES: dict[str, dict[str, Any]] = {
    "macro": {"color": "#b2182b", "dashes": False, "width": 3},
    "meso": {"color": "#2166ac", "dashes": [10, 6], "width": 2},
    "micro": {"color": "#1b7837", "dashes": [2, 5], "width": 2},
}
OTHER_EDGE_STYLE: dict[str, Any] = {"color": "#888888", "dashes": False, "width": 1}
FADED_COLOUR, FADED_FONT = "#e3e3e3", "#b0b0b0"

# Node labels, for graphs a console query returns.
LABEL_COLOURS: dict[str, str] = {
    "Practice": "#e41a1c",
    "Actor": "#377eb8",
    "Agreement": "#4daf4a",
    "Mechanism": "#984ea3",
    "Level": "#ff7f00",
    "LevelClaim": "#a65628",
    "Evidence": "#f781bf",
    "Source": "#999999",
    "Function": "#66c2a5",
    "Population": "#fc8d62",
    "Benefit": "#8da0cb",
    "Instrument": "#e5c494",
}
FALLBACK_COLOURS = ("#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a")


def colour_for(group: str, palette: dict[str, str] | None = None) -> str:
    """A stable colour for any group name: an actor kind's family colour, or a node label's from ``palette``."""
    if palette is None:
        return network_style.look(group).colour
    chosen = palette.get(group)
    if chosen:
        return chosen
    return FALLBACK_COLOURS[sum(map(ord, group)) % len(FALLBACK_COLOURS)]


@lru_cache(maxsize=4)
def static_asset(relative: str) -> str:
    """The text of a file shipped in ``registry/static`` (vis-network's script and style)."""
    return (resources.files("registry") / "static" / relative).read_text(encoding="utf-8")


#: A rule of vis-network's stylesheet that draws a picture inlined in it (a ``data:`` URL): the icons of its navigation
#: buttons, its editing toolbar and its colour picker, none of which a drawing here shows (neither
#: ``navigationButtons`` nor ``manipulation`` is turned on). Only a rule right after another one is matched, so the
#: licence comment that opens the file stays.
_PICTURE_RULE = re.compile(r"(?<=\})[^{}]*\{[^{}]*url\(\s*[\"']?data:[^{}]*\}")


@lru_cache(maxsize=1)
def page_css() -> str:
    """vis-network's stylesheet as a page inlines it: without the rules of the pictures it never shows, 210 KB of the
    220 KB (a tenth of the Network page's frame at 10,000 practices, sent and parsed on every drawing)."""
    return _PICTURE_RULE.sub("", static_asset("vis-network/vis-network.min.css"))


#: The longest a tooltip's line gets; longer ones are cut, ending in "…".
TOOLTIP_LINE = 400


def joined(items: Iterable[Any], limit: int = TOOLTIP_LINE) -> str:
    """``", ".join`` of ``items`` as text, read only as far as a line cut at ``limit`` shows: the same line once cut
    (a tie of two large actors lists thousands of practices, of which a tooltip shows the first few)."""
    parts: list[str] = []
    length = -2
    for item in items:
        text = str(item)
        parts.append(text)
        length += len(text) + 2
        if length > limit:
            break
    return ", ".join(parts)


def tooltip_html(title: str, rows: Iterable[tuple[str, Any]]) -> str:
    """A tooltip as an HTML fragment; every piece of text is escaped. A row whose value is empty is left out; a
    list's items are joined with commas, and a line over ``TOOLTIP_LINE`` characters is cut."""
    return "<br>".join([f"<b>{html.escape(str(title))}</b>", *tooltip_lines(rows)])


def tooltip_lines(rows: Iterable[tuple[str, Any]]) -> list[str]:
    """The lines of ``tooltip_html`` under its title, for tooltips that share some (a tie's at each level)."""
    lines = []
    for name, value in rows:
        if value is None:
            continue
        shown = joined(value) if isinstance(value, (list, tuple, set, Iterator)) else str(value)
        if not shown:
            continue
        if len(shown) > TOOLTIP_LINE:
            shown = shown[: TOOLTIP_LINE - 1] + "…"
        lines.append(f"<i>{html.escape(str(name))}</i>: {html.escape(shown)}")
    return lines


@dataclass(frozen=True)
class PageText:
    """The few words of the page itself, in the interface language."""

    title: str = "Network"
    png: str = "Download PNG"
    fit: str = "Fit to view"
    empty: str = "Nothing to draw: no node matches."
    legend_nodes: str = "Colour"
    legend_edges: str = "Line"
    lang: str = "en"


#: Beyond this many edges drawn, they are hidden while the view is dragged or zoomed.
MANY_EDGES = 1000


def build_pyvis(graph: nx.Graph, *, palette: dict[str, str] | None = None) -> Network:
    """Model ``graph`` as a pyvis network.

    Node attributes read: ``label``, ``group``, ``tooltip`` (escaped HTML),
    ``size``; edge attributes: ``level``, ``tooltip``, ``width``, ``label``, ``undrawn`` (laid out, not drawn).
    """
    # pyvis drops a second edge between two nodes of an undirected network; the level of a tie
    # is drawn as one edge per level, so edges are always added as directed and arrows set here.
    net = Network(directed=True, cdn_resources="in_line")
    arrows = {"to": {"enabled": graph.is_directed(), "scaleFactor": 0.6}}
    # Always a seeded layout computed here, physics off: the same network looks the same on every load.
    positions = seeded_layout(graph)
    weights = network_style.importance({node: float(attrs.get("size") or 0) for node, attrs in graph.nodes(data=True)})
    for node, attrs in graph.nodes(data=True):
        group = str(attrs.get("group") or "other")
        x, y = positions.get(node, (0.0, 0.0))
        extra: dict[str, Any] = {"x": x, "y": y}
        # The node's importance sizes its mark and its label; vis hides the labels drawn too small to read.
        extra["value"] = 1.0 + 9.0 * weights.get(node, 0.0)
        if palette is None:
            extra["shape"] = network_style.look(group).shape
        if attrs.get("faded"):  # context around a highlighted part: drawn, but quietly
            extra["font"] = {"color": FADED_FONT}
        if attrs.get("shared"):  # an actor the chosen practices share: ringed, its name in bold
            extra["borderWidth"] = 5
            extra["font"] = {"bold": True}
        if attrs.get("focus"):
            extra["borderWidth"] = 4
            extra["font"] = {"bold": True}
        colour = FADED_COLOUR if attrs.get("faded") else colour_for(group, palette)
        label = str(attrs.get("label") or node)
        net.add_node(
            str(node),
            label=network_style.short_label(label),
            title=attrs.get("tooltip") or html.escape(label),
            color={"background": colour, "border": network_style.SHARED_BORDER} if attrs.get("shared") else colour,
            **extra,
        )
    seen_pairs: dict[tuple[str, str], int] = {}
    for source, target, attrs in _edges(graph, drawn_only=True):
        pair = (str(source), str(target))
        index = seen_pairs.get(pair, 0)
        seen_pairs[pair] = index + 1
        style = LEVEL_STYLES.get(str(attrs.get("level")), OTHER_EDGE_STYLE)
        options: dict[str, Any] = {
            "color": FADED_COLOUR if attrs.get("faded") else style["color"],
            "dashes": style["dashes"],
            "width": float(attrs.get("width") or style["width"]),
        }
        if index:  # parallel edges (one per level) bend apart instead of overlapping; the others are straight
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 * index}
        if attrs.get("tooltip"):
            options["title"] = attrs["tooltip"]
        if attrs.get("label"):
            options["label"] = str(attrs["label"])
        net.add_edge(str(source), str(target), **options)
    # Arrows are the same for every edge: set once for all (thousands of ties drawn, each parsed by vis). pyvis
    # gives each edge of its directed network arrows "to" of its own, which would override these: taken off.
    for edge in net.edges:
        edge.pop("arrows", None)
    options = _options()
    options["edges"]["arrows"] = arrows
    # Thousands of lines redrawn at each step of a drag or a zoom made the view lag: hidden while it moves.
    many = len(net.edges) > MANY_EDGES
    options["interaction"].update({"hideEdgesOnDrag": many, "hideEdgesOnZoom": many})
    net.set_options(json.dumps(options))
    return net


def _edges(graph: nx.Graph, drawn_only: bool = False) -> Iterable[tuple[Any, Any, dict[str, Any]]]:
    """The edges of ``graph``; with ``drawn_only``, not those marked ``undrawn`` (left out of a first drawing, yet
    laid out with the others: drawing them all later moves no node)."""
    if graph.is_multigraph():
        edges: Iterable[tuple[Any, Any, dict[str, Any]]] = (
            (s, t, a) for s, t, _, a in graph.edges(keys=True, data=True)
        )
    else:
        edges = graph.edges(data=True)
    if drawn_only:
        return ((s, t, a) for s, t, a in edges if not a.get("undrawn"))
    return edges


def _options() -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        # Every node comes with its position: vis has nothing to lay out (its improved layout would only cost).
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True},
        "nodes": {
            "shape": "dot",
            "font": {"face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "scaling": {
                "min": 10,
                "max": 32,
                "label": {
                    "enabled": True,
                    "min": network_style.LABEL_MIN,
                    "max": network_style.LABEL_MAX,
                    "drawThreshold": network_style.LABEL_THRESHOLD,
                    "maxVisible": network_style.LABEL_MAX,
                },
            },
        },
        # Straight ties unless an edge says otherwise: vis' default, curves fitted to each tie, costs with thousands.
        "edges": {"font": {"size": 10, "align": "middle"}, "selectionWidth": 2, "smooth": False},
    }


def _shared_lines(items: list[dict[str, Any]]) -> list[str]:
    """The lines of the items' tooltips, each once; each item's ``title`` becomes the numbers of its lines, joined
    again in the browser. A tie drawn at three levels has three tooltips alike but for their level line, and ties
    share lines: at 10,000 practices the 7,000 tooltips drawn were half of a 6.7 MiB page."""
    lines: dict[str, int] = {}
    for item in items:
        title = item.get("title")
        if isinstance(title, str):
            item["title"] = [lines.setdefault(line, len(lines)) for line in title.split("<br>")]
    return list(lines)


#: What an edge's look is made of, sent once for all the edges that share it.
_EDGE_LOOK = ("color", "dashes", "width", "smooth")


def _shared_looks(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The looks of the edges, each once; each edge keeps the number of its look as ``look``, given back to it in
    the browser. Thousands of ties drawn in a few colours and widths each carried its own (a fifth of the page)."""
    looks: dict[str, int] = {}
    shown: list[dict[str, Any]] = []
    for edge in edges:
        look = {key: edge.pop(key) for key in _EDGE_LOOK if key in edge}
        number = looks.setdefault(json.dumps(look, sort_keys=True), len(looks))
        if number == len(shown):
            shown.append(look)
        edge["look"] = number
    return shown


def _safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever the strings contain."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# Legend marks drawn with CSS alone (a clipped square), no SVG: the page holds no element a case text could be
# mistaken for (tests/test_hardening_html.py counts them).
_CSS_SHAPES = {
    "dot": "border-radius: 50%",
    "square": "",
    "triangle": "clip-path: polygon(50% 0, 100% 100%, 0 100%)",
    "triangleDown": "clip-path: polygon(0 0, 100% 0, 50% 100%)",
    "diamond": "clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    "star": "clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%)",
    "hexagon": "clip-path: polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)",
}


def _legend(items: Sequence[tuple[str, str, str]]) -> str:
    cells = []
    for kind, name, swatch in items:
        if kind == "node":
            mark = f'<span class="dot" style="background:{html.escape(swatch)}"></span>'
        elif kind == "shape":
            shape, _, colour = swatch.partition("|")
            outline = _CSS_SHAPES.get(shape, _CSS_SHAPES["dot"])
            mark = f'<span class="shape" style="background:{html.escape(colour)}; {outline}"></span>'
        elif kind == "ring":
            mark = f'<span class="dot ring" style="border-color:{html.escape(swatch)}"></span>'
        else:
            mark = f'<span class="line" style="border-top:{html.escape(swatch)}"></span>'
        cells.append(f'<span class="item item-{html.escape(kind)}">{mark}{html.escape(name)}</span>')
    return "".join(cells)


def legend_items(
    graph: nx.Graph, names: dict[str, str] | None = None, palette: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """Legend entries for what ``graph`` draws: a colour per family (or per label, with ``palette``), a shape per
    kind, the ring of shared actors, a line style per level. ``names`` translates kinds, families
    (``family:NAME``), levels and ``shared``."""
    names = names or {}
    # When part of the graph is highlighted, the legend explains the highlighted part only.
    shown = [a for _, a in graph.nodes(data=True) if not a.get("faded")] or [a for _, a in graph.nodes(data=True)]
    groups = sorted({str(a.get("group") or "other") for a in shown})
    levels = sorted({str(a.get("level")) for *_, a in _edges(graph, True) if a.get("level") in LEVEL_STYLES},
                    key=list(LEVEL_STYLES).index)  # fmt: skip
    items: list[tuple[str, str, str]]
    if palette is not None:
        labelled = (("node", names.get(g, g), colour_for(g, palette)) for g in groups)
        items = sorted(labelled, key=lambda i: i[1].lower())
    else:
        items = []
        for family in network_style.families_present(groups):
            colour, kinds = network_style.FAMILIES[family]
            items.append(("node", names.get(f"family:{family}", family), colour))
            for kind in kinds:
                if kind in groups:
                    look = network_style.look(kind)
                    items.append(("shape", names.get(kind, kind), f"{look.shape}|{look.colour}"))
    if any(a.get("shared") for a in shown):
        items.append(("ring", names.get("shared", "shared"), network_style.SHARED_BORDER))
    for level in levels:
        style = LEVEL_STYLES[level]
        kind = "3px solid" if not style["dashes"] else ("2px dashed" if style["dashes"][0] > 4 else "2px dotted")
        items.append(("edge", names.get(level, level), f"{kind} {style['color']}"))
    return items


def render_html(
    graph: nx.Graph,
    text: PageText | None = None,
    *,
    height: int = 620,
    legend: Sequence[tuple[str, str, str]] | None = None,
    palette: dict[str, str] | None = None,
    revision: int | None = None,
    heading: bool = False,
    source: str = "",
) -> str:
    """A complete HTML page drawing ``graph``, with every asset inlined.

    ``revision`` (say, the number of the console's result) makes each page differ from the previous one even
    when two results draw the same graph, so the browser always draws the frame afresh. A page saved on its own
    (``heading``) opens with its title and ends with ``source``, the line saying where the network comes from.
    """
    text = text or PageText()
    net = build_pyvis(graph, palette=palette)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "lines": _shared_lines([*nodes, *edges]), "looks": _shared_looks(edges),
            "options": json.loads(options)}  # fmt: skip
    legend_html = _legend(legend if legend is not None else legend_items(graph, palette=palette))
    return _PAGE.format(
        lang=html.escape(text.lang),
        title=html.escape(text.title),
        vis_css=page_css(),
        vis_js=static_asset("vis-network/vis-network.min.js"),
        height=int(height),
        png=html.escape(text.png),
        fit=html.escape(text.fit),
        empty=html.escape(text.empty),
        legend=legend_html,
        data=_safe_json(data),
        revision=int(revision or 0),
        heading=f'<h1 class="title">{html.escape(text.title)}</h1>' if heading else "",
        source=f'<p class="source">{html.escape(source)}</p>' if source else "",
    )


def graphml_text(graph: nx.Graph) -> str:
    """GraphML of ``graph``; list attributes become '; '-joined text (GraphML has no lists)."""
    plain = graph.__class__()
    for node, attrs in graph.nodes(data=True):
        plain.add_node(str(node), **_graphml_attrs(attrs))
    for source, target, attrs in _edges(graph):
        plain.add_edge(str(source), str(target), **_graphml_attrs(attrs))
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def _graphml_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "tooltip" or value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = "; ".join(map(str, value))
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


# The page. Braces of CSS and JS are doubled for str.format.
_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{vis_css}</style>
<style>
  body {{ margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 13px; }}
  #network {{ width: 100%; height: {height}px; border: 1px solid #ddd; box-sizing: border-box; background: #fff; }}
  .bar {{ display: flex; gap: 6px; align-items: center; padding: 4px 0; flex-wrap: wrap; }}
  .bar button {{ font: inherit; padding: 3px 10px; border: 1px solid #bbb; border-radius: 4px; background: #f7f7f7;
                cursor: pointer; }}
  .legend {{ display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 6px 0; }}
  .legend .item {{ display: inline-flex; align-items: center; gap: 5px; flex: 0 0 auto; white-space: nowrap; }}
  .legend .dot {{ width: 11px; height: 11px; border-radius: 50%; display: inline-block; }}
  .legend .ring {{ width: 9px; height: 9px; border: 3px solid; background: #fff; }}
  .legend .shape {{ width: 12px; height: 12px; flex: 0 0 12px; display: inline-block; }}
  .legend .item-node {{ font-weight: 600; margin-left: 8px; }}
  .legend .line {{ width: 26px; height: 0; display: inline-block; }}
  .empty {{ padding: 2em; color: #666; }}
  h1.title {{ font-size: 20px; margin: 8px 0 4px; }}
  p.source {{ color: #555; font-size: 12px; margin: 4px 0; }}
  div.vis-tooltip {{ white-space: normal; max-width: 380px; font-family: inherit; font-size: 12px; }}
</style>
<script>{vis_js}</script>
</head>
<body data-revision="{revision}">
{heading}
<div class="bar">
  <button type="button" id="download-png">{png}</button>
  <button type="button" id="fit-view">{fit}</button>
  <span id="status"></span>
</div>
<div id="network"></div>
<div class="legend">{legend}</div>
{source}
<script type="application/json" id="graph-data">{data}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var lines = data.lines || [];
  // Tooltips were escaped on the server, and come as the numbers of their lines (each line is sent once);
  // turning them into elements lets vis show the line breaks instead of printing the markup.
  function tip(numbers) {{
    if (!numbers) {{ return undefined; }}
    var markup = numbers.map(function (n) {{ return lines[n]; }}).join("<br>");
    var box = document.createElement("div");
    box.innerHTML = markup;
    return box;
  }}
  var container = document.getElementById("network");
  if (!data.nodes.length) {{
    container.innerHTML = '<div class="empty">{empty}</div>';
    document.body.setAttribute("data-stabilised", "true");
    return;
  }}
  var nodes = new vis.DataSet(data.nodes.map(function (n) {{ n.title = tip(n.title); return n; }}));
  var looks = data.looks || [];
  var edges = new vis.DataSet(data.edges.map(function (e) {{
    e.title = tip(e.title);
    var look = looks[e.look];
    delete e.look;
    for (var key in look) {{ e[key] = look[key]; }}
    return e;
  }}));
  var network = new vis.Network(container, {{ nodes: nodes, edges: edges }}, data.options);
  window.coordregNetwork = network;
  function fitView() {{
    // The whole network in view, but never enlarged past its natural size: a network of five actors
    // would otherwise be blown up until its names crowd each other.
    network.fit();
    if (network.getScale() > 1) {{ network.moveTo({{ scale: 1 }}); }}
  }}
  function frozen() {{
    // Stabilised once, then still: a projected network must not keep drifting.
    network.setOptions({{ physics: {{ enabled: false }} }});
    fitView();
    document.body.setAttribute("data-stabilised", "true");
  }}
  function drawn() {{
    // Drawn still from the positions given: vis fitted the view already; only a small network is brought back to
    // its natural size (fitting again would draw the thousands of ties a second time).
    if (network.getScale() > 1) {{ network.moveTo({{ scale: 1 }}); }}
    document.body.setAttribute("data-stabilised", "true");
  }}
  // A frame drawn while hidden (a tab not yet open) has no size: fit the drawing once it is shown or resized.
  var shownWidth = container.clientWidth;
  if (window.ResizeObserver) {{
    new ResizeObserver(function () {{
      var width = container.clientWidth;
      if (width > 0 && width !== shownWidth) {{
        shownWidth = width;
        network.redraw();
        fitView();
      }}
    }}).observe(container);
  }}
  if (data.options.physics && data.options.physics.enabled) {{
    network.once("stabilizationIterationsDone", frozen);
  }} else {{
    network.once("afterDrawing", drawn);
  }}
  document.getElementById("fit-view").addEventListener("click", fitView);
  document.getElementById("download-png").addEventListener("click", function () {{
    var source = container.querySelector("canvas");
    var copy = document.createElement("canvas");
    copy.width = source.width;
    copy.height = source.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(source, 0, 0);
    var link = document.createElement("a");
    link.href = copy.toDataURL("image/png");
    link.download = "coordreg-network.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }});
}})();
</script>
</body>
</html>
"""
