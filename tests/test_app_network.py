"""A network a person can read: eight colours at most, shapes for kinds, a seeded layout, several practices with
their shared actors ringed, and exports of the network as filtered (slide PNG, standalone HTML, GEXF, GraphML)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image
from test_app import graph_data, iframe_html, module_app_graph, open_app, plain
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from registry.app_support import actor_view, deep_links, i18n, network_export, network_style, network_view, views
from registry.queries.library import run_named_query
from registry.schema.vocabulary import ACTOR_KINDS

A, B = "arg-intercosecha", "arg-digital-payroll-single-window"


@pytest.fixture(scope="module")
def network_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    yield from module_app_graph(request, backend, "network")


def _takers(bundle, practice_id: str) -> set[str]:
    case = next(f.case for f in bundle.practices if f.case.practice.id == practice_id)
    involved = {ma.actor for m in case.mechanisms for ma in m.actors}
    return involved | {p.actor for g in case.agreements for p in g.parties}


def test_every_kind_has_one_of_eight_colours_and_a_shape_of_its_own_within_its_family():
    looks = {kind: network_style.look(kind) for kind in ACTOR_KINDS}
    assert len({look.colour for look in looks.values()}) <= 8
    for family in network_style.FAMILIES:
        shapes = [look.shape for look in looks.values() if look.family == family]
        assert len(shapes) == len(set(shapes)), family  # kinds of one family are told apart by shape
    assert set(network_style.MARKERS) >= {look.shape for look in looks.values()}


def test_several_practices_are_drawn_together_with_the_actors_they_share_ringed(network_graph, seed_cases):
    at = open_app("network", practices=f"{A},{B}")
    assert at.multiselect(key="network_practices").value == [A, B]
    shared = _takers(seed_cases, A) & _takers(seed_cases, B)
    assert shared, "the seed registry's two Argentine practices share actors"
    names = {a.id: a.name for a in seed_cases.all_actors()}
    message = plain(at.success[0].value)
    assert all(names[actor] in message for actor in shared)
    (html,) = iframe_html(at)
    data = graph_data(html)
    ringed = {n["id"] for n in data["nodes"] if n.get("borderWidth") == 5}
    assert ringed == shared
    assert {n["id"] for n in data["nodes"]} <= _takers(seed_cases, A) | _takers(seed_cases, B)
    assert len({str(n["color"]) if isinstance(n["color"], str) else n["color"]["background"]
                for n in data["nodes"]}) <= 8  # fmt: skip
    assert i18n.t("net_shared", "en") in html  # the legend explains the ring
    assert at.query_params["practices"] == [f"{A},{B}"] or at.query_params["practices"] == f"{A},{B}"


def test_merged_ties_keep_one_row_per_pair(seed_store):
    per = {p: run_named_query(seed_store, "actor_network", {"practice": p}).frame for p in (A, B)}
    merged = actor_view.merge_ties(list(per.values()))
    pairs = list(zip(merged["source"], merged["target"], strict=True))
    assert len(pairs) == len(set(pairs))
    both = set(zip(per[A]["source"], per[A]["target"], strict=True)) | set(
        zip(per[B]["source"], per[B]["target"], strict=True)
    )
    assert set(pairs) == both
    assert actor_view.shared_actors(per) == actor_view.actors_in(per[A]) & actor_view.actors_in(per[B])


def _drawn(seed_store):
    ties = run_named_query(seed_store, "actor_network", {"practice": A}).frame
    centrality = run_named_query(seed_store, "actor_centrality", {"practice": A}).frame
    return actor_view.display_graph(ties, centrality, "en")


def test_the_slide_png_is_1920_by_1080(seed_store):
    graph = _drawn(seed_store)
    legend = network_view.legend_items(graph, i18n.network_legend_names("en"))
    png = network_export.slide_png(graph, "Actor network — Intercosecha", legend, "Source: the seed registry")
    image = Image.open(io.BytesIO(png))
    assert image.size == network_export.SLIDE_PX and image.format == "PNG"
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}
    assert (255, 255, 255) in colours and len(colours) > 50  # drawn, not blank


def test_gexf_carries_the_drawing_and_graphml_reads_back(seed_store):
    graph = _drawn(seed_store)
    back = nx.read_gexf(io.BytesIO(network_export.gexf_text(graph).encode("utf-8")))
    assert set(back.nodes) == {str(n) for n in graph.nodes}
    assert back.number_of_edges() == graph.number_of_edges()
    first = next(iter(back.nodes(data=True)))[1]
    assert {"position", "color", "size"} <= set(first["viz"])
    again = nx.read_graphml(io.BytesIO(network_export.graphml_text(graph).encode("utf-8")))
    assert again.number_of_nodes() == graph.number_of_nodes()


def test_the_standalone_page_has_a_title_and_a_source_line(seed_store):
    graph = _drawn(seed_store)
    page = network_view.render_html(graph, network_view.PageText(title="Intercosecha <b>"), heading=True,
                                    source="Source: coordreg")  # fmt: skip
    assert '<h1 class="title">Intercosecha &lt;b&gt;</h1>' in page and '<p class="source">Source: coordreg</p>' in page


def test_a_link_may_name_several_practices_but_only_ids():
    assert deep_links.read_link({"practices": f"{A},{B}"}) == {"practices": f"{A},{B}"}
    assert deep_links.read_link({"practices": f"{A},<script>"}) == {}
    assert deep_links.read_link({"practices": ",".join([A] * (deep_links.MAX_PRACTICES + 1))}) == {}


def test_a_network_over_the_drawing_limit_draws_its_largest_actors_and_lists_them_all(network_graph, monkeypatch):
    whole = graph_data(iframe_html(open_app("network"))[0])["nodes"]
    limit = len(whole) // 3
    monkeypatch.setattr(actor_view, "DRAW_LIMIT", limit)  # the seed's network stands for a registry of thousands
    at = open_app("network")
    drawn = graph_data(iframe_html(at)[0])["nodes"]
    largest = sorted(whole, key=lambda n: (-float(n["value"]), str(n["id"])))[:limit]  # value: drawn size
    assert {n["id"] for n in drawn} == {n["id"] for n in largest}
    assert any(str(limit) in plain(m.value) and str(len(whole)) in plain(m.value) for m in at.info)
    (listed,) = [d.value for d in at.dataframe if "id" in d.value.columns]  # the actors' table, ids hidden
    assert set(listed["id"]) == {n["id"] for n in whole}  # it lists every actor, drawn or not
    # Tooltips are written for what is drawn (an actor's ends with its id; a tie's names its level).
    assert all(n["title"].endswith(f"<i>id</i>: {n['id']}") for n in drawn)
    edges = graph_data(iframe_html(at)[0])["edges"]
    assert edges and all("<br><i>Level</i>: " in e["title"] for e in edges)


def test_tooltips_written_for_the_drawn_actors_are_the_whole_graphs_and_escaped(seed_store):
    ties = run_named_query(seed_store, "actor_network").frame.copy()
    centrality = run_named_query(seed_store, "actor_centrality").frame
    hostile = str(ties["source"].iloc[0])
    ties["source_name"] = ties["source_name"].astype(object)
    ties.loc[ties["source"] == hostile, "source_name"] = "<script>alert('x')</script>"
    ties.loc[ties["source"] == hostile, "source_other_languages"] = None  # no French name: the English one shown
    titles = views.title_lookup(run_named_query(seed_store, "app_practice_titles").frame, "fr")
    whole = actor_view.display_graph(ties, centrality, "fr", practice_titles=titles)
    bare = actor_view.display_graph(ties, centrality, "fr", tooltips=False)
    assert not any("tooltip" in attrs for _, attrs in bare.nodes(data=True))
    assert not any("tooltip" in attrs for _, _, attrs in bare.edges(data=True))
    drawn = actor_view.with_tooltips(actor_view.most_important(bare, limit=5, keep={hostile}), "fr", titles)
    assert drawn.number_of_nodes() == 5 and drawn.number_of_edges() > 0
    for node, attrs in drawn.nodes(data=True):
        assert attrs["tooltip"] == whole.nodes[node]["tooltip"]
    for source, target, key, attrs in drawn.edges(keys=True, data=True):
        assert attrs["tooltip"] == whole.edges[source, target, key]["tooltip"]
    tip = drawn.nodes[hostile]["tooltip"]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in tip and "<script>" not in tip
    # The table is made from the whole graph: every actor, drawn or not.
    assert set(actor_view.actor_table(bare, "fr")["id"]) == set(whole.nodes)


def test_the_downloads_are_made_on_their_click_not_with_the_page(network_graph, monkeypatch):
    made: list[str] = []
    for name in ("gexf_text", "graphml_text", "slide_png", "render_html"):
        original = getattr(network_export, name)
        monkeypatch.setattr(network_export, name,
                            lambda *a, _o=original, _n=name, **k: made.append(_n) or _o(*a, **k))  # fmt: skip
    at = open_app("network", practice=A)
    at.selectbox(key="network_size").select("degree").run()  # another view
    assert made == [] and not at.exception  # the page drew twice and made no file
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert len(buttons) == 4
    assert all(proto.ignore_rerun for proto in buttons.values())  # a click keeps the file id the browser holds


def test_each_deferred_network_file_is_the_network_drawn(seed_store):
    graph = _drawn(seed_store)
    legend = network_view.legend_items(graph, i18n.network_legend_names("fr"))
    files = network_export.NetworkFiles(graph, "Réseau — Intercosecha <b>", legend, "Source : coordreg",
                                        i18n.network_page_text("fr", "Réseau — Intercosecha <b>"))  # fmt: skip
    nodes = {str(n) for n in graph.nodes}
    assert set(nx.read_gexf(io.BytesIO(files.gexf().encode("utf-8"))).nodes) == nodes
    assert set(nx.read_graphml(io.BytesIO(files.graphml().encode("utf-8"))).nodes) == nodes
    assert Image.open(io.BytesIO(files.slide_png())).size == network_export.SLIDE_PX
    page = files.page_html()
    assert '<html lang="fr">' in page and "Source : coordreg" in page
    assert "Intercosecha &lt;b&gt;</h1>" in page and "<b></h1>" not in page  # the title escaped


def test_the_unfiltered_network_is_sized_by_the_snapshots_centrality_which_is_its_ties_own(seed_store):
    # The page reads actor_centrality (kept per registry version) when nothing filters the network, and measures
    # the ties it fetched otherwise: both must size every actor alike.
    from registry.analysis.network import centrality_table

    kept = run_named_query(seed_store, "actor_centrality").frame
    measured = centrality_table(run_named_query(seed_store, "actor_network").frame)
    columns = ["actor_id", "degree", "weighted_degree", "betweenness", "community"]
    assert len(kept) > 5
    assert kept[columns].sort_values("actor_id").to_dict("records") == measured[columns].sort_values(
        "actor_id"
    ).to_dict("records")


@pytest.mark.parametrize("size_by", actor_view.SIZE_MEASURES)
def test_the_ties_built_among_the_largest_actors_draw_what_the_whole_graph_draws(seed_store, size_by):
    ties = run_named_query(seed_store, "actor_network").frame
    centrality = run_named_query(seed_store, "actor_centrality").frame
    whole = actor_view.display_graph(ties, centrality, "en", size_by=size_by)
    keep = {sorted(whole.nodes)[0]}  # an actor the page keeps whatever its size (shared by chosen practices)
    drawn = actor_view.largest_actors(ties, centrality, size_by, limit=6, keep=keep)
    assert drawn is not None and len(drawn) == 6 and keep <= drawn
    part = actor_view.display_graph(ties, centrality, "en", size_by=size_by, among=drawn)
    assert list(part.nodes(data=True)) == list(whole.nodes(data=True))  # every actor, as named, still listed
    assert part.number_of_edges() < whole.number_of_edges()
    expected = actor_view.most_important(whole, limit=6, keep=keep)
    shown = actor_view.most_important(part, limit=6, keep=keep)
    assert set(shown.nodes) == set(expected.nodes) == drawn
    assert sorted(map(repr, shown.edges(keys=True, data=True))) == sorted(
        map(repr, expected.edges(keys=True, data=True))
    )
    assert actor_view.largest_actors(ties, centrality, size_by, limit=len(whole)) is None  # all drawn: no cut


def test_a_tooltip_line_of_thousands_of_items_reads_only_what_its_cut_shows():
    items = [f"Practice <{n}>" for n in range(5000)]
    read: list[str] = []

    def counted() -> Iterator[str]:
        for item in items:
            read.append(item)
            yield item

    whole = ", ".join(items)
    line = network_view.tooltip_html("tie", [("practices", counted())])
    assert line == network_view.tooltip_html("tie", [("practices", items)])
    cut = whole[: network_view.TOOLTIP_LINE - 1] + "…"
    assert line == f"<b>tie</b><br><i>practices</i>: {cut.replace('<', '&lt;').replace('>', '&gt;')}"
    assert len(read) < 50  # the first few, not the 5,000
    short = ["a", "b"]
    assert network_view.joined(short) == "a, b"  # a line within the limit is whole, and not cut
    assert network_view.tooltip_html("t", [("empty", []), ("none", None), ("blank", ""), ("n", 0)]) == (
        "<b>t</b><br><i>n</i>: 0"
    )


def _pairs(edges: list[dict]) -> set[frozenset[str]]:
    return {frozenset((e["from"], e["to"])) for e in edges}


def test_a_network_of_many_ties_draws_its_strongest_first_and_every_one_on_request(network_graph, monkeypatch):
    everything = graph_data(iframe_html(open_app("network"))[0])
    total = len(_pairs(everything["edges"]))
    limit = total // 3
    monkeypatch.setattr(actor_view, "TIE_LIMIT", limit)  # the seed's ties stand for the thousands of 10,000 practices
    at = open_app("network")
    first = graph_data(iframe_html(at)[0])
    assert len(_pairs(first["edges"])) == limit and _pairs(first["edges"]) < _pairs(everything["edges"])
    # Each tie drawn is drawn at every level it has.
    assert len(first["edges"]) == sum(1 for e in everything["edges"] if frozenset((e["from"], e["to"])) in
                                      _pairs(first["edges"]))  # fmt: skip
    # The page says how many are drawn of how many, and offers them all.
    assert any(f"{limit} strongest" in plain(m.value) and str(total) in plain(m.value) for m in at.info)
    assert {n["id"] for n in first["nodes"]} == {n["id"] for n in everything["nodes"]}  # every actor still drawn
    at.toggle(key="network_every_tie").set_value(True).run()
    assert not at.exception
    every = graph_data(iframe_html(at)[0])
    assert _pairs(every["edges"]) == _pairs(everything["edges"])
    assert not any("strongest" in plain(m.value) for m in at.info)
    # Drawing them all moves no actor: the layout is the whole network's either way.
    assert {n["id"]: (n["x"], n["y"]) for n in every["nodes"]} == {n["id"]: (n["x"], n["y"]) for n in first["nodes"]}


def test_the_strongest_ties_are_those_of_the_most_practices_in_common_and_the_others_are_kept():
    graph = nx.MultiGraph()
    graph.add_edge("a", "b", level="macro", weight=5)
    graph.add_edge("a", "b", level="meso", weight=5)
    graph.add_edge("b", "c", level="micro", weight=1)
    graph.add_edge("c", "d", level="meso", weight=3)
    graph.add_edge("a", "d", level="macro", weight=3)
    marked, drawn = actor_view.strongest_ties(graph, limit=2)
    assert drawn == 2
    kept = {frozenset((s, t)) for s, t, a in marked.edges(data=True) if not a["undrawn"]}
    assert kept == {frozenset("ab"), frozenset("ad")}  # 5, then 3 (a-d before c-d by id)
    assert marked.number_of_edges() == graph.number_of_edges()  # the others kept, for the downloads
    assert not any("undrawn" in a for *_, a in graph.edges(data=True))  # the graph given (maybe shared) unchanged
    data = graph_data(network_view.render_html(marked))
    assert len(data["edges"]) == 3 and {e["from"] for e in data["edges"]} == {"a"}
    assert {n["id"] for n in data["nodes"]} == set("abcd")
    assert actor_view.strongest_ties(graph, limit=4) == (graph, 4)


def test_a_first_drawing_writes_the_tooltips_of_its_ties_drawn_and_its_page_download_all(seed_store):
    from app_pages import network_parts

    ties = run_named_query(seed_store, "actor_network").frame
    centrality = run_named_query(seed_store, "actor_centrality").frame
    titles = views.title_lookup(run_named_query(seed_store, "app_practice_titles").frame, "fr")
    whole = actor_view.display_graph(ties, centrality, "fr", practice_titles=titles)
    shown = actor_view.display_graph(ties, centrality, "fr", tooltips=False)
    marked, limit = actor_view.strongest_ties(shown, limit=actor_view.tie_count(shown) // 3)
    drawn = actor_view.with_tooltips(marked, "fr", titles, drawn_only=True)
    undrawn = [a for *_, a in drawn.edges(data=True) if a["undrawn"]]
    assert limit > 0 and undrawn and not any("tooltip" in a for a in undrawn)
    for source, target, key, attrs in drawn.edges(keys=True, data=True):
        if not attrs["undrawn"]:
            assert attrs["tooltip"] == whole.edges[source, target, key]["tooltip"]
    assert all(attrs["tooltip"] == whole.nodes[n]["tooltip"] for n, attrs in drawn.nodes(data=True))
    page_text = i18n.network_page_text("fr", "Réseau")
    files = network_parts.Files(shown, "Réseau", [], "Source : coordreg", page_text, lang="fr", practice_titles=titles)
    data = graph_data(files.page_html())
    assert len(data["edges"]) == whole.number_of_edges()  # every tie, each with its tooltip
    expected = graph_data(network_view.render_html(whole, page_text, heading=True, source="Source : coordreg"))
    assert [e["title"] for e in data["edges"]] == [e["title"] for e in expected["edges"]]
    assert [n["title"] for n in data["nodes"]] == [n["title"] for n in expected["nodes"]]


def test_the_drawings_stylesheet_leaves_out_only_the_pictures_of_buttons_it_never_shows():
    full = network_view.static_asset("vis-network/vis-network.min.css")
    css = network_view.page_css()
    assert len(css) < len(full) // 10 and "data:" not in css
    assert css.startswith(full[: full.index("*/") + 2])  # the licence comment kept
    kept = {rule + "}" for rule in css.split("}") if rule}
    removed = [rule + "}" for rule in full.split("}") if rule and rule + "}" not in kept]
    assert removed and all("data:" in rule for rule in removed)
    assert all(any(part in rule for part in ("vis-navigation", "vis-manipulation", "vis-close", "vis-edit"))
               for rule in removed)  # fmt: skip
    assert "div.vis-tooltip{" in css and ".vis-overlay{" in css
    page = network_view.render_html(nx.MultiGraph([("a", "b")]))
    assert "data:image" not in page and "div.vis-tooltip{" in page
