"""What the Network page draws, built once per registry version and view and shared by every session.

At 10,000 practices the page's graph, tooltips, layout and vis page took 2-4 s of CPU on every run of the page
(a second visit, a click on a download, a turn of the actors' table's page). Both steps below are kept per registry
version (a write is a new version: nothing stale is drawn) and per view (practices, filters, measure, focus,
language).

A kept graph is shared: the page reads it, never changes it (``neighbourhood``, ``most_important`` and
``mark_shared`` copy what they change; the tooltips and the layout they add are the same for every reader).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from app_pages.common import frame, registry_version
from registry.app_support import actor_view, network_export, network_view
from registry.app_support.i18n import network_legend_names, network_page_text

#: (collection, country, level, actor_kind) as the page's filters give them ("" = no filter).
FILTER_NAMES = ("collection", "country", "level", "actor_kind")
#: Views kept: each holds its graph of up to thousands of actors, and its page of several MiB at 10,000 practices.
KEPT_VIEWS = 4


@dataclass(frozen=True)
class ActorGraph:
    """The actors of a view (every actor, for the focus list and the table) and the ties the page draws."""

    graph: nx.MultiGraph
    shared: frozenset[str]
    names: dict[str, str]


@dataclass(frozen=True)
class Drawing:
    """The part of the graph drawn, and its vis page (``drawn_ties`` of the ``ties`` among the actors shown drawn in
    it: the strongest, unless every tie was asked for; ``shown`` holds them all, for the downloads)."""

    whole: nx.MultiGraph
    shown: nx.MultiGraph
    ties: int
    legend: list[tuple[str, str, str]]
    html: str
    drawn_ties: int


def centrality_table(ties: pd.DataFrame) -> pd.DataFrame:
    """The measures of ``ties`` (registry.analysis.network's): imported when a filter or a practice asks for them,
    as igraph brings matplotlib with it (1-3 s cold), which the whole registry's view (the snapshot's) never needs."""
    from registry.analysis.network import centrality_table as measured

    return measured(ties)


def _build_graph(chosen: tuple[str, ...], filter_values: tuple[str, ...], size_by: str, focused: bool,
                 lang: str) -> ActorGraph:  # fmt: skip
    filters = {name: value or None for name, value in zip(FILTER_NAMES, filter_values, strict=True)}
    shared: set[str] = set()

    def registry_centrality(ties_of_registry: Any) -> pd.DataFrame:
        # The snapshot's actor_centrality when nothing filters the registry (kept per version: no igraph work on a
        # page view); else measured on its ties (actor_centrality's own projection would run the same Cypher again).
        if not any(filters.values()):
            return frame("actor_centrality")
        return centrality_table(ties_of_registry())

    if len(chosen) <= 1:
        one = chosen[0] if chosen else None
        ties = frame("actor_network", practice=one, **filters)
        centrality = centrality_table(ties) if one else registry_centrality(lambda: ties)
    else:
        # Each practice's own ties, joined; sizes from the registry as filtered, so two practices compare fairly.
        per_practice = {p: frame("actor_network", practice=p, **filters) for p in chosen}
        ties = actor_view.merge_ties(list(per_practice.values()))
        centrality = registry_centrality(lambda: frame("actor_network", **filters))
        shared = actor_view.shared_actors(per_practice)
    # Thousands of actors are not all drawn: their tooltips are written for those drawn only (``drawing``), and,
    # unless an actor is in focus (its neighbourhood needs every tie), the ties are made among the actors drawn only.
    drawn = None if focused else actor_view.largest_actors(ties, centrality, size_by, keep=shared)
    graph = actor_view.display_graph(ties, centrality, lang, size_by=size_by, tooltips=False, among=drawn)
    if shared:
        graph = actor_view.mark_shared(graph, shared)
    names = {node: str(attrs.get("name") or attrs.get("label") or node) for node, attrs in graph.nodes(data=True)}
    return ActorGraph(graph, frozenset(shared), names)


@st.cache_resource(show_spinner=False, max_entries=KEPT_VIEWS)
def _kept_graph(version: str, chosen: tuple[str, ...], filter_values: tuple[str, ...], size_by: str, focused: bool,
                lang: str, limit: int) -> ActorGraph:  # fmt: skip
    # ``limit``, the most actors drawn, is part of the key: what is drawn depends on it.
    return _build_graph(chosen, filter_values, size_by, focused, lang)


def actor_graph(chosen: list[str], filter_values: tuple[str, ...], size_by: str, focused: bool,
                lang: str) -> ActorGraph:  # fmt: skip
    """The view's actors and ties: kept for the registry's version (built afresh when the store cannot say it)."""
    version = registry_version()
    if version is None:
        return _build_graph(tuple(chosen), filter_values, size_by, focused, lang)
    return _kept_graph(version, tuple(chosen), filter_values, size_by, focused, lang, actor_view.DRAW_LIMIT)


def _build_drawing(actors: ActorGraph, actor: str, hops: int, title: str, lang: str, titles: dict[str, str],
                   every_tie: bool) -> Drawing:  # fmt: skip
    whole = actor_view.neighbourhood(actors.graph, actor, hops) if actor else actors.graph
    # A registry of thousands of actors is drawn by its most important ones (the table lists every actor).
    shown = actor_view.most_important(whole, keep=set(actors.shared) | ({actor} if actor else set()))
    # Their strongest ties first (thousands took the browser seconds), every one on request, laid out alike.
    ties = actor_view.tie_count(shown)
    drawn, drawn_ties = (shown, ties) if every_tie else actor_view.strongest_ties(shown)
    # The tooltips of what is drawn only (the page download writes the others': ``Files``).
    drawn = actor_view.with_tooltips(drawn, lang, practice_titles=titles, drawn_only=True)
    legend = network_view.legend_items(shown, network_legend_names(lang))  # the downloads', which hold every tie
    html = network_view.render_html(drawn, network_page_text(lang, title),
                                    legend=network_view.legend_items(drawn, network_legend_names(lang)))  # fmt: skip
    return Drawing(whole, shown, ties, legend, html, drawn_ties)


@dataclass(frozen=True, eq=False)
class Files(network_export.NetworkFiles):
    """The downloads of a drawing: its standalone page holds every tie with its tooltip, which the drawing writes
    only for the ties it draws (a third of the 3,500 shared by the 250 actors drawn at 10,000 practices)."""

    lang: str = "en"
    practice_titles: Mapping[str, str] = field(default_factory=dict)

    def page_html(self) -> str:
        actor_view.with_tooltips(self.graph, self.lang, self.practice_titles)
        return super().page_html()


@st.cache_resource(show_spinner=False, max_entries=KEPT_VIEWS)
def _kept_drawing(version: str, view: tuple[Any, ...], actor: str, hops: int, title: str, lang: str,
                  limits: tuple[int, int], every_tie: bool, _actors: ActorGraph,
                  _titles: dict[str, str]) -> Drawing:  # fmt: skip
    return _build_drawing(_actors, actor, hops, title, lang, _titles, every_tie)


def drawing(view: tuple[Any, ...], actors: ActorGraph, actor: str, hops: int, title: str, lang: str,
            titles: dict[str, str], every_tie: bool = False) -> Drawing:  # fmt: skip
    """The part of ``actors`` drawn (around ``actor`` when one is in focus) and its page, with its strongest ties
    only unless ``every_tie``; ``view`` is what ``actor_graph`` was given, which made ``actors``."""
    version = registry_version()
    if version is None:
        return _build_drawing(actors, actor, hops, title, lang, titles, every_tie)
    limits = (actor_view.DRAW_LIMIT, actor_view.TIE_LIMIT)
    return _kept_drawing(version, view, actor, hops, title, lang, limits, every_tie, actors, titles)
