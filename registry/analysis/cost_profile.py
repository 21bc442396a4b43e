"""cost_benefit's Python step: each practice's coordination complexity and recorded evidence, from id lists.

The query returns the practices that pass the filters. This step reads lists from the store, each id with the
ids it is linked to (a practice's mechanisms and declared agreements, the mechanisms at each level, using each
agreement and involving each actor, each agreement's parties), a few properties (mechanisms' order and label,
agreements' titles, actors' names, evidence), and names in other languages only where there are any. It then
orders, joins and counts them per practice. One chain of matches and collections per column in Cypher took
10-12 s at 10,000 practices, and 30 s inside the snapshot. See the header of cypher/cost_benefit.cypher.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from registry.analysis.portfolio import Deadline, Links, inverted, ordered_levels
from registry.analysis.post import store_step
from registry.collector import collector_paused
from registry.stores.base import GraphStore

COST_BENEFIT_COLUMNS = (
    "practice_id",
    "title",
    "collection",
    "actors",
    "agreements",
    "levels",
    "mechanisms",
    "cross_level_actors",
    "cost_evidence",
    "benefit_evidence",
    "cost_categories",
    "benefit_categories",
    "figures",
    "actor_names",
    "agreement_titles",
    "level_ids",
    "mechanism_labels",
    "cross_level_actor_names",
    "cost_evidence_ids",
    "benefit_evidence_ids",
    "mechanism_other_languages",
    "agreement_other_languages",
)
# Each list in two forms (see portfolio.Links): whole, or for the ids found so far (a filtered answer).
_MECHANISMS = (
    "MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism) RETURN p.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (p:Practice {id: i}) MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism) "
    "RETURN p.id AS key, {ids(m.id)} AS ids",
)
# Names in other languages are read only where there are any: most have none, and lists are slow to decode.
_MECHANISM_DETAILS = (
    "MATCH (m:Mechanism) RETURN m.id AS id, m.order AS order, m.label AS label, "
    "CASE WHEN size(coalesce(m.other_languages, [])) > 0 THEN m.other_languages END AS other_languages",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) RETURN m.id AS id, m.order AS order, m.label AS label, "
    "CASE WHEN size(coalesce(m.other_languages, [])) > 0 THEN m.other_languages END AS other_languages",
)
_LEVELS = (
    "MATCH (m:Mechanism) UNWIND m.levels AS level RETURN level AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) UNWIND m.levels AS level RETURN level AS key, {ids(m.id)} AS ids",
)
_DECLARED = (
    "MATCH (p:Practice)-[:HAS_AGREEMENT]->(g:Agreement) RETURN p.id AS key, {ids(g.id)} AS ids",
    "UNWIND $ids AS i MATCH (p:Practice {id: i}) MATCH (p)-[:HAS_AGREEMENT]->(g:Agreement) "
    "RETURN p.id AS key, {ids(g.id)} AS ids",
)
_USES = (
    "MATCH (m:Mechanism)-[:USES]->(g:Agreement) RETURN g.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) MATCH (m)-[:USES]->(g:Agreement) "
    "RETURN g.id AS key, {ids(m.id)} AS ids",
)
_AGREEMENT_DETAILS = (
    "MATCH (g:Agreement) RETURN g.id AS id, g.title AS title, "
    "CASE WHEN size(coalesce(g.other_languages, [])) > 0 THEN g.other_languages END AS other_languages",
    "UNWIND $ids AS i MATCH (g:Agreement {id: i}) RETURN g.id AS id, g.title AS title, "
    "CASE WHEN size(coalesce(g.other_languages, [])) > 0 THEN g.other_languages END AS other_languages",
)
_PARTIES = (
    "MATCH (g:Agreement)-[:PARTY]->(a:Actor) RETURN g.id AS key, {ids(a.id)} AS ids",
    "UNWIND $ids AS i MATCH (g:Agreement {id: i}) MATCH (g)-[:PARTY]->(a:Actor) RETURN g.id AS key, {ids(a.id)} AS ids",
)
_INVOLVES = (
    "MATCH (m:Mechanism)-[:INVOLVES]->(a:Actor) RETURN a.id AS key, {ids(m.id)} AS ids",
    "UNWIND $ids AS i MATCH (m:Mechanism {id: i}) MATCH (m)-[:INVOLVES]->(a:Actor) "
    "RETURN a.id AS key, {ids(m.id)} AS ids",
)
_ACTOR_NAMES = (
    "MATCH (a:Actor) RETURN a.id AS id, coalesce(a.acronym, a.name) AS name",
    "UNWIND $ids AS i MATCH (a:Actor {id: i}) RETURN a.id AS id, coalesce(a.acronym, a.name) AS name",
)
# Figures are read only for evidence that has some.
_EVIDENCE = (
    "MATCH (p:Practice)-[:HAS_EVIDENCE]->(e:Evidence) RETURN p.id AS practice, e.id AS id, e.kind AS kind, "
    "e.category AS category, CASE WHEN size(coalesce(e.figure_values, [])) > 0 "
    "THEN [e.figure_values, e.figure_units, e.figure_labels] END AS figures",
    "UNWIND $ids AS i MATCH (p:Practice {id: i}) MATCH (p)-[:HAS_EVIDENCE]->(e:Evidence) "
    "RETURN p.id AS practice, e.id AS id, "
    "e.kind AS kind, e.category AS category, CASE WHEN size(coalesce(e.figure_values, [])) > 0 "
    "THEN [e.figure_values, e.figure_units, e.figure_labels] END AS figures",
)


def _ascending(value: Any) -> tuple[bool, Any]:
    """A sort key that puts missing values last, as Cypher's ORDER BY does."""
    return (value is None, value if value is not None else 0)


def _plain(value: Any) -> Any:
    """A value of the query's frame as the store gave it: a missing one (NaN in a frame) is None."""
    return None if isinstance(value, float) and value != value else value


def _item(values: list[Any] | None, index: int) -> Any:
    """values[index], or None past its end (a list index in Cypher)."""
    return values[index] if values is not None and index < len(values) else None


def _categories(evidence: list[list[Any]]) -> list[Any]:
    """The categories in evidence order, each once (a missing category is never 'seen', as in Cypher's IN)."""
    seen: list[Any] = []
    for row in evidence:
        if row[3] is None or row[3] not in seen:
            seen.append(row[3])
    return seen


def _figures(evidence: list[list[Any]]) -> list[dict[str, Any]]:
    figures = []
    for _practice, evidence_id, kind, _category, lists in evidence:
        values, units, labels = lists if lists is not None else ([], None, None)
        for i in range(len(values or [])):
            figures.append(
                {
                    "evidence": evidence_id,
                    "kind": kind,
                    "value": values[i],
                    "unit": _item(units, i),
                    "label": _item(labels, i),
                }  # fmt: skip
            )
    return figures


_NONE: frozenset[str] = frozenset()


class _Registry:
    """What the lists say, as dictionaries keyed by id."""

    def __init__(self, links: Links, practices: set[str] | None) -> None:
        self.mechanisms_of = links.read(_MECHANISMS, practices)
        found = None if practices is None else {m for ms in self.mechanisms_of.values() for m in ms}
        self.mechanism = {row[0]: row[1:] for row in links.rows(_MECHANISM_DETAILS, found)}
        self.levels_of = inverted(links.read(_LEVELS, found))
        self.declared_of = links.read(_DECLARED, practices)
        self.users = links.read(_USES, found)
        self.uses_of = inverted(self.users)
        agreements = (
            None if practices is None else set(self.users) | {g for gs in self.declared_of.values() for g in gs}
        )
        self.agreement = {row[0]: row[1:] for row in links.rows(_AGREEMENT_DETAILS, agreements)}
        self.parties_of = links.read(_PARTIES, None if practices is None else set(self.users))
        self.involved_of = inverted(links.read(_INVOLVES, found))
        actors = None
        if practices is not None:
            actors = {a for actors_ in self.involved_of.values() for a in actors_}
            actors |= {a for parties in self.parties_of.values() for a in parties}
        self.name = dict(links.rows(_ACTOR_NAMES, actors))
        self.evidence_of: dict[str, list[list[Any]]] = {}
        for row in links.rows(_EVIDENCE, practices):
            self.evidence_of.setdefault(row[0], []).append(row)

    def actors(self, mechanisms: list[str]) -> tuple[list[Any], list[Any]]:
        """Names of the actors placed at a level by these mechanisms (in actor-id order), and of those placed at
        more than one. An actor is placed by a mechanism that involves it or uses an agreement it is party to."""
        levels_by_actor: dict[str, set[str]] = {}
        for m in mechanisms:
            levels = self.levels_of.get(m)
            if not levels:
                continue
            placed = set(self.involved_of.get(m, ()))
            for g in self.uses_of.get(m, ()):
                placed |= self.parties_of.get(g, _NONE)
            for actor in placed:
                levels_by_actor.setdefault(actor, set()).update(levels)
        named = [(actor, self.name.get(actor)) for actor in sorted(levels_by_actor)]
        return (
            [name for _actor, name in named if name is not None],
            [name for actor, name in named if name is not None and len(levels_by_actor[actor]) > 1],
        )


def profile_rows(practices: pd.DataFrame, registry: _Registry) -> list[list[Any]]:
    """One row per practice, ordered by collection, the practices' own listing (display order), then id."""
    columns = ("practice_id", "title", "collection", "display_order")
    listed = sorted(
        ([_plain(v) for v in row] for row in zip(*(practices[c].tolist() for c in columns), strict=True)),
        key=lambda p: (_ascending(p[2]), 999 if p[3] is None else p[3], p[0]),
    )
    rows = []
    for practice, title, collection, _order in listed:
        details = registry.mechanism
        own = sorted(registry.mechanisms_of.get(practice, ()), key=lambda m: (_ascending(details[m][0]), m))
        labelled = [m for m in own if details[m][1] is not None]
        agreements = sorted(
            registry.declared_of.get(practice, set()) | {g for m in own for g in registry.uses_of.get(m, ())}
        )
        actor_names, cross = registry.actors(own)
        items = sorted(registry.evidence_of.get(practice, []), key=lambda e: (_ascending(e[2]), _ascending(e[3]), e[1]))
        costs = [e for e in items if e[2] == "cost"]
        benefits = [e for e in items if e[2] == "benefit"]
        level_ids = ordered_levels([registry.levels_of.get(m) for m in own])
        rows.append(
            [
                practice,
                title,
                collection,
                len(actor_names),
                len(agreements),
                len(level_ids),
                len(labelled),
                len(cross),
                len(costs),
                len(benefits),
                _categories(costs),
                _categories(benefits),
                _figures(items),
                actor_names,
                [registry.agreement[g][0] for g in agreements],
                level_ids,
                [details[m][1] for m in labelled],
                cross,
                [e[1] for e in costs],
                [e[1] for e in benefits],
                [details[m][2] or [] for m in labelled],
                [registry.agreement[g][1] or [] for g in agreements],
            ]
        )
    return rows


@store_step("cost_profile")
def _cost_profile_step(
    store: GraphStore, frame: pd.DataFrame, parameters: dict[str, Any], timeout_ms: int
) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame([], columns=list(COST_BENEFIT_COLUMNS))
    filtered = any(parameters.get(name) is not None for name in ("collection", "country", "practice"))
    practices = {p for p in frame["practice_id"].tolist() if isinstance(p, str)} if filtered else None
    with collector_paused():
        registry = _Registry(Links(store, {}, Deadline(timeout_ms)), practices)
        return pd.DataFrame(profile_rows(frame, registry), columns=list(COST_BENEFIT_COLUMNS))
