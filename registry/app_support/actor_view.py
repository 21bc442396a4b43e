"""The actor network as the app draws it, from ``actor_network`` and ``actor_centrality`` rows.

One node per actor (coloured by kind, sized by a centrality measure) and one
edge per pair *and level* the pair shares, so the line style says at which
level two actors coordinate. Ties known only through an agreement a practice
declares carry no level and are drawn grey.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from registry.app_support.i18n import kind_label, level_short, t
from registry.app_support.labels import collection_name, country_name
from registry.app_support.names import actor_name, actor_short, local_name
from registry.app_support.network_view import joined, tooltip_html, tooltip_lines
from registry.app_support.views import cut, records

SIZE_MEASURES = ("betweenness", "weighted_degree", "degree")
MIN_SIZE, MAX_SIZE = 10.0, 42.0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _strings(value: Any) -> list[str]:
    """A list cell as text items (``map`` runs at C speed: a cell may hold thousands of practice ids)."""
    return list(map(str, value)) if isinstance(value, (list, tuple)) else []


def _side(row: Mapping[str, Any], side: str) -> dict[str, Any]:
    """One end of a tie as an actor row for ``names``: its label is its acronym when it differs from its name."""
    name, label = _text(row[f"{side}_name"]), _text(row[f"{side}_label"])
    return {
        "name": name,
        "acronym": label if label != name else "",
        "other_languages": row.get(f"{side}_other_languages"),
    }


#: actor_network's connector columns: ids, then each one's name and its names in other languages, in the same order.
CONNECTORS = {
    "agreements": ("agreement_titles", "agreement_other_languages"),
    "mechanisms": ("mechanism_labels", "mechanism_other_languages"),
}


def _connector_names(row: Mapping[str, Any], column: str, lang: str) -> list[str]:
    """A tie's agreements or mechanisms (``column``) by their names in ``lang`` (French, else English marked
    ``(EN)``); by id where the query gives no names (an answer computed before the name columns existed)."""
    return list(_connector_names_lazily(row, column, lang))


def _connector_names_lazily(row: Mapping[str, Any], column: str, lang: str) -> Iterator[str]:
    """``_connector_names``, named one at a time as they are read (a tooltip reads the first few of thousands)."""
    ids = _list(row.get(column))
    names_column, others_column = CONNECTORS[column]
    names, others = _list(row.get(names_column)), _list(row.get(others_column))
    if not (len(ids) == len(names) == len(others)):
        return (str(i) for i in ids)
    return (local_name(n, o, lang) or str(i) for i, n, o in zip(ids, names, others, strict=True))


#: The graph attribute that keeps what each actor's and tie's tooltip is made from, until ``with_tooltips``
#: writes the tooltips of the part drawn (exports build graphs of their own and never carry it).
TOOLTIP_INPUTS = "tooltip_inputs"
#: A tie's (source, target, key) -> its ``actor_network`` row and the level it is drawn for.
_TieInputs = dict[tuple[Any, Any, Any], tuple[dict[str, Any], str | None]]


def display_graph(
    ties: pd.DataFrame,
    centrality: pd.DataFrame,
    lang: str,
    *,
    size_by: str = "betweenness",
    practice_titles: Mapping[str, str] | None = None,
    tooltips: bool = True,
    among: Collection[str] | None = None,
) -> nx.MultiGraph:
    """A multigraph ready for ``network_view.render_html``: every actor of ``ties``, and their ties — only those
    between two actors ``among`` when it is given (``largest_actors``: the part a page draws).

    ``tooltips=False`` leaves the tooltips out, for a page that draws only part of the graph: at 10,000 practices
    (3,000 actors, 58,000 ties drawn by level) writing them all took seconds, for the 250 actors drawn. It then
    calls ``with_tooltips`` on the part it draws."""
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by must be one of {', '.join(SIZE_MEASURES)}")
    graph: nx.MultiGraph = nx.MultiGraph()
    node_inputs: dict[Any, tuple[Any, ...]] = {}
    tie_inputs: _TieInputs = {}
    graph.graph[TOOLTIP_INPUTS] = (node_inputs, tie_inputs)
    measures = {str(r["actor_id"]): r for r in records(centrality)}
    top = max((float(r.get(size_by) or 0) for r in measures.values()), default=0.0)
    drawn = None if among is None else set(among)
    for row in records(ties if drawn is None else _rows_needed(ties, drawn)):
        for side in ("source", "target"):
            actor = str(row[side])
            if actor in graph:
                continue
            measure = measures.get(actor, {})
            value = float(measure.get(size_by) or 0)
            kind = _text(row[f"{side}_kind"]) or "other"
            shown = _side(row, side)
            name = actor_name(shown, lang)
            country = _text(row[f"{side}_country"])
            graph.add_node(
                actor,
                label=actor_short(shown, lang) or actor,
                name=name,
                group=kind,
                kind=kind,
                country=country,
                size=_size(value, top),
                degree=int(measure.get("degree") or 0),
                weighted_degree=int(measure.get("weighted_degree") or 0),
                betweenness=round(float(measure.get("betweenness") or 0), 4),
                community=int(measure.get("community") or 0),
            )
            node_inputs[actor] = (name or actor, kind, country, measure.get("degree"), measure.get("betweenness"))
        if drawn is not None and not (str(row["source"]) in drawn and str(row["target"]) in drawn):
            continue
        levels: list[str | None] = [str(v) for v in _list(row["levels"]) if v] or [None]
        # Made once a tie and shared by its drawings at each level (read, never changed): a tie of two large
        # actors lists thousands of practices, and copying its lists per level was seconds at 10,000 practices.
        practices, agreements, mechanisms = (_strings(row[c]) for c in ("practices", "agreements", "mechanisms"))
        source, target = str(row["source"]), str(row["target"])
        weight = int(row["weight"])
        for level in levels:
            key = graph.add_edge(
                source,
                target,
                level=level,
                weight=weight,
                practices=practices,
                agreements=agreements,
                mechanisms=mechanisms,
                width=1.0 + min(weight, 6),
            )
            tie_inputs[(source, target, key)] = (row, level)
    if tooltips:
        with_tooltips(graph, lang, practice_titles)
    return graph


def _tooltip_inputs(graph: nx.MultiGraph) -> tuple[dict[Any, tuple[Any, ...]], _TieInputs]:
    """What ``display_graph`` kept for the tooltips (nothing for a graph made otherwise)."""
    kept = graph.graph.get(TOOLTIP_INPUTS)
    return kept if kept else ({}, {})


def _rows_needed(ties: pd.DataFrame, drawn: set[str]) -> pd.DataFrame:
    """The rows of ``ties`` that ``display_graph`` reads when it draws the ties among ``drawn`` only, in their order:
    each actor's first row (which names it) and the ties drawn. Reading every row of a whole registry's 36,000 took
    as long as the rest of the page, and memory it never gave back."""
    sources, targets = ties["source"].astype(str).to_numpy(), ties["target"].astype(str).to_numpy()
    ends = pd.Series(np.column_stack([sources, targets]).ravel())  # row by row: its source, then its target
    naming = np.zeros(len(ties), dtype=bool)
    naming[np.flatnonzero(~ends.duplicated().to_numpy()) // 2] = True
    kept = pd.Series(sources).isin(drawn).to_numpy() & pd.Series(targets).isin(drawn).to_numpy()
    return ties[naming | kept]


def with_tooltips(
    graph: nx.MultiGraph, lang: str, practice_titles: Mapping[str, str] | None = None, *, drawn_only: bool = False
) -> nx.MultiGraph:
    """``graph`` (a ``display_graph``, or a part of one) with the tooltip of each of its actors and ties written,
    in ``lang``: HTML whose every piece of text is escaped. Returns the same graph. ``drawn_only``: not those of the
    ties marked ``undrawn`` (``strongest_ties``), which a first drawing leaves out: at 10,000 practices the 250
    actors drawn share 3,500 ties, of which 1,200 are drawn; a download writes the others' when it needs them."""
    node_inputs, tie_inputs = _tooltip_inputs(graph)
    titles = practice_titles or {}
    kind_head, country_head, degree_head, betweenness_head = (
        t(key, lang) for key in ("col_kind", "col_country", "col_degree", "col_betweenness")
    )
    countries: dict[str, str] = {}
    for actor, attrs in graph.nodes(data=True):
        given = node_inputs.get(actor)
        if given is None:
            continue
        name, kind, country, degree, betweenness = given
        if country not in countries:
            countries[country] = country_name(country, lang)
        attrs["tooltip"] = tooltip_html(
            name,
            [
                (kind_head, kind_label(kind, lang)),
                (country_head, countries[country]),
                (degree_head, degree),
                (betweenness_head, round(float(betweenness or 0), 3)),
                ("id", actor),
            ],
        )
    # A tie drawn at several levels has one tooltip a level, alike but for the level: the rest is written once a tie.
    heads = [t(key, lang) for key in ("col_level", "col_weight", "col_practices", "col_agreements", "col_mechanisms")]
    no_level = t("no_level", lang)
    written: dict[int, tuple[str, list[str]]] = {}
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        if drawn_only and attrs.get("undrawn"):
            continue
        found = tie_inputs.get((source, target, key)) or tie_inputs.get((target, source, key))
        if found is None:
            continue
        row, level = found
        tie = written.get(id(row))
        if tie is None:
            title = f"{actor_short(_side(row, 'source'), lang)} — {actor_short(_side(row, 'target'), lang)}"
            tie = written[id(row)] = (
                f"<b>{html.escape(title)}</b>",
                tooltip_lines([
                    (heads[1], int(row["weight"])),
                    (heads[2], joined(titles.get(p, p) for p in attrs.get("practices") or [])),
                    (heads[3], joined(_connector_names_lazily(row, "agreements", lang))),
                    (heads[4], joined(_connector_names_lazily(row, "mechanisms", lang))),
                ]),
            )  # fmt: skip
        heading, lines = tie
        level_line = tooltip_lines([(heads[0], level_short(level, lang) if level else no_level)])
        attrs["tooltip"] = "<br>".join([heading, *level_line, *lines])
    return graph


def merge_ties(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The ties of several ``actor_network`` answers (one per practice) as one answer: a pair tied in two
    practices is one row, its levels, practices, agreements and mechanisms joined, its weights added."""
    given = [f for f in frames if not f.empty]
    if not given:
        return frames[0] if frames else pd.DataFrame()
    frames = given
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in records(pd.concat(frames, ignore_index=True)):
        pair = (str(row["source"]), str(row["target"]))
        if pair not in merged:
            merged[pair] = dict(row)
            continue
        kept = merged[pair]
        for column in ("agreements", "mechanisms"):
            _merge_connectors(kept, row, column)
        for column in ("levels", "practices"):
            kept[column] = list(dict.fromkeys([*_list(kept.get(column)), *_list(row.get(column))]))
        for column in ("weight", "shared_agreements", "shared_mechanisms"):
            if column in row:
                kept[column] = int(kept.get(column) or 0) + int(row.get(column) or 0)
    return pd.DataFrame(list(merged.values()), columns=frames[0].columns)


def _merge_connectors(kept: dict[str, Any], row: Mapping[str, Any], column: str) -> None:
    """``row``'s agreements or mechanisms (``column``) joined into ``kept``'s, their name columns kept in step."""
    names_column, others_column = CONNECTORS[column]
    named: dict[Any, tuple[Any, Any]] = {}
    for part in (kept, row):
        ids, names, others = (_list(part.get(c)) for c in (column, names_column, others_column))
        lined_up = len(ids) == len(names) == len(others)
        for n, ident in enumerate(ids):
            named.setdefault(ident, (names[n], others[n]) if lined_up else (None, None))
    kept[column] = list(named)
    if names_column in kept:
        kept[names_column] = [name for name, _ in named.values()]
        kept[others_column] = [other for _, other in named.values()]


def shared_actors(per_practice: dict[str, pd.DataFrame]) -> set[str]:
    """The actors tied in at least two of the practices (one ``actor_network`` answer each)."""
    counts: dict[str, int] = {}
    for ties in per_practice.values():
        for actor in actors_in(ties):
            counts[actor] = counts.get(actor, 0) + 1
    return {actor for actor, count in counts.items() if count >= 2}


def mark_shared(graph: nx.MultiGraph, shared: set[str]) -> nx.MultiGraph:
    """The graph with the actors in ``shared`` marked (ringed, and named in the legend)."""
    marked = graph.copy()
    for node, attrs in marked.nodes(data=True):
        attrs["shared"] = node in shared
    return marked


def tie_count(graph: nx.MultiGraph) -> int:
    """Pairs of actors tied (a pair tied at two levels is one tie drawn twice)."""
    return len({frozenset((source, target)) for source, target in graph.edges()})


def neighbourhood(graph: nx.MultiGraph, actor: str, hops: int = 1) -> nx.MultiGraph:
    """The actor, every actor within ``hops`` ties of it, and the ties among them."""
    if actor not in graph:
        return graph.__class__()
    reach = nx.single_source_shortest_path_length(graph, actor, cutoff=max(0, hops))
    sub = graph.subgraph(reach).copy()
    sub.nodes[actor]["focus"] = True
    sub.nodes[actor]["size"] = max(float(sub.nodes[actor].get("size") or MIN_SIZE), MAX_SIZE * 0.8)
    return sub


#: The most actors a network drawing shows: beyond a few hundred, labels pile up and the browser's layout of tens
#: of thousands of ties takes longer than a visitor waits (10,000 practices: about 3,000 actors, 36,000 ties).
DRAW_LIMIT = 250


def _size(value: float, top: float) -> float:
    """An actor's drawn size: its measure against the largest one's."""
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (value / top if top else 0.0)


def largest_actors(
    ties: pd.DataFrame, centrality: pd.DataFrame, size_by: str, limit: int | None = None, keep: set[str] | None = None
) -> set[str] | None:
    """The actors ``most_important`` keeps of ``display_graph(ties, centrality, size_by=size_by)``, worked out from
    the answers themselves (None when every actor is drawn): a page builds the ties of those actors only, not the
    whole registry's (86,000 drawn ties at 10,000 practices, seconds and hundreds of MiB, for 250 actors)."""
    limit = DRAW_LIMIT if limit is None else limit
    actors = actors_in(ties)
    if len(actors) <= limit:
        return None
    measures = {str(a): v for a, v in zip(centrality["actor_id"].tolist(), centrality[size_by].tolist(), strict=True)}
    top = max((float(v or 0) for v in measures.values()), default=0.0)
    sizes = {actor: _size(float(measures.get(actor) or 0), top) for actor in actors}
    kept = {actor for actor in keep or set() if actor in actors}
    for actor in sorted(actors, key=lambda a: (-sizes[a], a)):
        if len(kept) >= limit:
            break
        kept.add(actor)
    return kept


def most_important(graph: nx.MultiGraph, limit: int | None = None, keep: set[str] | None = None) -> nx.MultiGraph:
    """The ``limit`` actors drawn largest (the measure the page sizes by), the ``keep`` ones always, and the ties
    among them; the graph itself when it is within the limit. Ties broken by id, so the same graph keeps the same
    actors."""
    limit = DRAW_LIMIT if limit is None else limit
    if graph.number_of_nodes() <= limit:
        return graph
    kept = {node for node in keep or set() if node in graph}
    ranked = sorted(graph.nodes(data=True), key=lambda item: (-float(item[1].get("size") or 0.0), str(item[0])))
    for node, _ in ranked:
        if len(kept) >= limit:
            break
        kept.add(node)
    return _part(graph, kept)


#: The most ties (pairs of actors) a first drawing shows: the 250 actors drawn at 10,000 practices share 3,500 ties
#: drawn as 6,900 lines (one per level), which took the browser seconds to draw into a hairball.
TIE_LIMIT = 1200


def strongest_ties(graph: nx.MultiGraph, limit: int | None = None) -> tuple[nx.MultiGraph, int]:
    """``graph`` with its ``limit`` strongest ties drawn (the most practices in common, then the actors' ids), each at
    every level it has, and the number drawn; the other ties are kept but marked ``undrawn``: they are laid out with
    the rest (drawing them all moves no actor), listed in the downloads, and drawn on request. ``graph`` itself when
    it is within the limit; a copy otherwise (a kept graph is shared)."""
    limit = TIE_LIMIT if limit is None else limit
    strength: dict[tuple[str, str], int] = {}
    for source, target, attrs in graph.edges(data=True):
        pair = (min(str(source), str(target)), max(str(source), str(target)))
        strength[pair] = max(strength.get(pair, 0), int(attrs.get("weight") or 0))
    if len(strength) <= limit:
        return graph, len(strength)
    drawn = set(sorted(strength, key=lambda pair: (-strength[pair], pair))[:limit])
    marked = _part(graph, set(graph.nodes))
    for source, target, attrs in marked.edges(data=True):
        attrs["undrawn"] = (min(str(source), str(target)), max(str(source), str(target))) not in drawn
    return marked, limit


def _part(graph: nx.MultiGraph, kept: set[Any]) -> nx.MultiGraph:
    """``graph.subgraph(kept).copy()`` in ``graph``'s own order, read straight from its nodes and ties: networkx's
    copy of a subgraph view checks every look-up against the part (0.2-0.8 s for 250 actors and 7,000 ties)."""
    part = graph.__class__()
    part.graph.update(graph.graph)
    part.add_nodes_from((node, dict(attrs)) for node, attrs in graph.nodes(data=True) if node in kept)
    part.add_edges_from((source, target, key, dict(attrs)) for source, target, key, attrs in
                        graph.edges(keys=True, data=True) if source in kept and target in kept)  # fmt: skip
    return part


def highlight(graph: nx.MultiGraph, actors: set[str]) -> nx.MultiGraph:
    """The whole network with ``actors`` and the ties among them in colour, the rest faded."""
    shown = graph.copy()
    for node, attrs in shown.nodes(data=True):
        attrs["faded"] = node not in actors
    for source, target, attrs in shown.edges(data=True):
        attrs["faded"] = not (source in actors and target in actors)
    return shown


def actors_in(ties: pd.DataFrame) -> set[str]:
    """Every actor at either end of some tie (each end's distinct values first: 36,000 ties at 10,000 practices)."""
    return {str(v) for column in ("source", "target") if column in ties for v in pd.unique(ties[column])}


def network_title(base: str, practice_titles: list[str], actor: str | None = None) -> str:
    """ "Actor network — Intercosecha Programme + Digital labour …": what a downloaded picture shows."""
    parts = [" + ".join(cut(title, 48) for title in practice_titles)] if practice_titles else []
    if actor:
        parts.append(actor)
    return f"{base} — {' · '.join(parts)}" if parts else base


def source_line(version: str, filters: Mapping[str, str | None], lang: str, today: date | None = None) -> str:
    """Where a downloaded network comes from, and which filters made it, in one line under the picture."""
    described = []
    for key, value in filters.items():
        if not value:
            continue
        if key == "collection":
            shown = collection_name(value, lang)
        elif key == "country":
            shown = country_name(value, lang)
        elif key == "level":
            shown = level_short(value, lang)
        else:
            shown = kind_label(value, lang)
        described.append(f"{t(f'filter_{key}_short', lang)}: {shown}")
    line = t("source_line", lang, version=version, date=(today or date.today()).isoformat())
    return f"{line} · {'; '.join(described)}" if described else line


def actor_table(graph: nx.MultiGraph, lang: str, shared: set[str] | None = None) -> pd.DataFrame:
    """The drawn actors as a table (the same people, for those who prefer rows to pictures); the actors the
    chosen practices share come first."""
    shared = shared or set()
    # The headings, kinds and countries named once each, not once a row: 3,000 actors at 10,000 practices made
    # 18,000 look-ups of the catalogs on every run of the Network page.
    heads = [t(key, lang) for key in ("col_shared_by_all", "col_actor", "col_kind", "col_country", "col_degree",
                                      "col_betweenness")]  # fmt: skip
    kinds: dict[str, str] = {}
    countries: dict[str, str] = {}
    rows = []
    for node, attrs in graph.nodes(data=True):
        kind, country = str(attrs.get("kind")), str(attrs.get("country") or "")
        if kind not in kinds:
            kinds[kind] = kind_label(kind, lang)
        if country not in countries:
            countries[country] = country_name(country, lang)
        values = ("✓" if node in shared else "", attrs.get("name") or attrs.get("label"), kinds[kind],
                  countries[country], attrs.get("degree"), attrs.get("betweenness"))  # fmt: skip
        rows.append({**dict(zip(heads, values, strict=True)), "id": node})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    if not shared:
        frame = frame.drop(columns=[t("col_shared_by_all", lang)])
        return frame.sort_values([t("col_betweenness", lang), t("col_degree", lang)], ascending=False)
    order = [t("col_shared_by_all", lang), t("col_betweenness", lang), t("col_degree", lang)]
    return frame.sort_values(order, ascending=False)
