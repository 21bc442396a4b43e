"""Turn validated case files into write statements.

One case file becomes one statement, so it is written in one atomic
transaction: the store applies all of it or none of it. Inside the statement
every kind of node and relationship is written with one ``UNWIND`` over a
list parameter — never one round trip per node or relationship.

A load then merges consecutive case statements into larger ones
(``merged_statements``): parsing and planning a statement costs about as much
as writing a small case's rows, so a statement per file capped throughput at
a fifth of the engine's (see BENCHMARKS.md). Each file still lands whole or
not at all — with the other files of its statement.

Re-loading is idempotent: a file's statement first removes what that file
wrote last time (its practice's mechanisms, claims and evidence, and the
outgoing relationships of every node it declares), then writes them again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from registry.schema.bundle import fold
from registry.schema.custom_terms import Rename
from registry.schema.dates import when_years
from registry.schema.graph import NODE_LABELS, RELATIONSHIPS
from registry.schema.levels import LEVELS
from registry.schema.model import CaseFile, Cited, Figure, Text
from registry.schema.vocabulary import VocabularyTerm
from registry.stores.base import Statement

Row = dict[str, Any]


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Graph properties cannot be null or maps; drop nulls, keep lists of scalars."""
    return {k: v for k, v in props.items() if v is not None and v != []}


def _text(prefix: str, text: Text | None) -> dict[str, Any]:
    if text is None:
        return {}
    return {f"{prefix}_en": text.en, f"{prefix}_fr": text.fr}


def _label(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ")


# Nodes a case file may declare for every case to share (the rest belong to its practice).
SHARED_LABELS = ("Source", "Instrument", "Actor", "Agreement")


class _Batch:
    """Collects the rows of one statement, grouped by label and relationship.

    Exports rebuild case files from the graph, and a graph keeps no order: so
    every relationship and every node a practice's file declares records its
    ``position`` in the file's list, and a shared node records the practice
    whose file declares it (``declared_in``). Catalogue nodes have neither:
    a registry may have several catalogue files, and exports list them by id.
    """

    def __init__(self, owner: str | None = None) -> None:
        self.owner = owner
        self.nodes: dict[str, dict[str, Row]] = defaultdict(dict)
        self.rels: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        self.declared: dict[str, set[str]] = defaultdict(set)
        self._rel_counts: dict[tuple[str, str, str], int] = defaultdict(int)
        # Mechanisms, claims and evidence a file adds to a practice it extends: their link to the practice is
        # replaced on every load (the practice's own file, not this one, owns the practice).
        self.extension_owned: list[str] = []

    def node(self, label: str, ident: str, props: dict[str, Any], *, declared: bool = True) -> None:
        if declared and (self.owner is not None or label not in SHARED_LABELS):
            props = {**props, "position": len(self.declared[label])}
            if label in SHARED_LABELS:
                props["declared_in"] = self.owner
        self.nodes[label][ident] = {"id": ident, "props": _clean({"id": ident, **props})}
        if declared:
            self.declared[label].add(ident)

    def rel(self, src: str, src_label: str, rel_type: str, dst_label: str, dst: str, **props: Any) -> None:
        # Each list of a case file is the only source of one node's relationships of one type,
        # so counting them per (node, type) gives the item's place in that list.
        key = (src_label, src, rel_type)
        props["position"] = self._rel_counts[key]
        self._rel_counts[key] += 1
        self.rels[(src_label, rel_type, dst_label)].append({"src": src, "dst": dst, "props": _clean(props)})

    def cite(self, src_label: str, src: str, cited: list[Cited]) -> None:
        for c in cited:
            self.rel(src, src_label, "CITES", "Source", c.source, locator=c.locator)


def _vocabulary_node(batch: _Batch, label: str, slug: str) -> None:
    batch.node(label, slug, {"name": _label(slug)}, declared=False)


def _when(prefix: str, when: str | None) -> dict[str, Any]:
    """A date or period, and the years it covers, for queries that filter or sort by year."""
    start, end = when_years(when)
    return {prefix: when, f"{prefix}_start_year": start, f"{prefix}_end_year": end}


def _figure_row(figure: Figure) -> str:
    # Neither store keeps a map as a property, so each figure's full form is kept as JSON text.
    return json.dumps(figure.model_dump(exclude_none=True), ensure_ascii=False, sort_keys=True)


def _add_case(batch: _Batch, case: CaseFile) -> None:
    for s in case.sources:
        batch.node("Source", s.id, s.model_dump(mode="json", exclude={"id"}))
    for ins in case.instruments:
        batch.node("Instrument", ins.id, {
            "kind": ins.kind, "title": ins.title, "issuer": ins.issuer, "year": ins.year,
            "search_key": fold(f"{ins.id} {ins.title} {ins.issuer}"),
        })  # fmt: skip
        batch.cite("Instrument", ins.id, ins.cited)
    for a in case.actors:
        other_names = [n.text for n in a.other_languages] + [f.name for f in a.former_names]
        names = " ".join(filter(None, [a.name, a.acronym, a.original_name, *other_names, a.id]))
        batch.node("Actor", a.id, {
            "name": a.name, "acronym": a.acronym, "original_name": a.original_name,
            "other_languages": [str(n) for n in a.other_languages],
            "former_names": [f.name for f in a.former_names],
            "former_names_when": [f.when or "" for f in a.former_names],
            "kind": a.kinds[0], "kinds": a.kinds, "scope": a.scopes[0], "scopes": a.scopes, "part_of": a.part_of,
            "country": a.country, "countries": a.countries or ([a.country] if a.country else []),
            "note": a.note, "search_key": fold(names),
        })  # fmt: skip
        batch.cite("Actor", a.id, a.cited)
        if a.part_of is not None:
            batch.rel(a.id, "Actor", "PART_OF", "Actor", a.part_of)
        for held in a.roles:
            batch.rel(
                a.id, "Actor", "HOLDS_ROLE", "Actor", held.organisation, role=held.role, **_when("when", held.when)
            )
    for g in case.agreements:
        start, end = when_years(g.when)
        batch.node("Agreement", g.id, {
            "title": g.title, "other_languages": [str(n) for n in g.other_languages], "kind": g.kind,
            "year": start, **_when("when", g.when), **_text("purpose", g.purpose),
            "search_key": fold(" ".join([g.title, *(n.text for n in g.other_languages), g.id])),
        })  # fmt: skip
        for party in g.parties:
            batch.rel(g.id, "Agreement", "PARTY", "Actor", party.actor, role=party.role)
        batch.cite("Agreement", g.id, g.cited)
        if case.owner is not None:
            batch.rel(case.owner, "Practice", "HAS_AGREEMENT", "Agreement", g.id)
    p = case.practice
    if p is None:
        if case.extends is not None:
            # After the practice's own items, whatever their number: exports list them in this order.
            for rel_type in ("HAS_MECHANISM", "HAS_CLAIM", "HAS_EVIDENCE"):
                batch._rel_counts[("Practice", case.extends, rel_type)] = EXTENSION_POSITIONS
            _add_owned(batch, case, case.extends)
            batch.extension_owned += [m.id for m in case.mechanisms] + [c.id for c in case.level_claims]
            batch.extension_owned += [e.id for e in case.evidence]
        return
    other_titles = [n.text for n in p.title.other_languages]
    titles = " ".join(filter(None, [p.title.original, *other_titles, p.title.en, p.title.fr, p.id]))
    batch.node("Practice", p.id, {
        "collection": p.collection, "title": p.title.en, "title_original": p.title.original,
        "title_language": p.title.language, "title_other_languages": [str(n) for n in p.title.other_languages],
        "title_fr": p.title.fr, "countries": p.countries, "region": "; ".join(p.regions), "regions": p.regions,
        "years": p.years, **_when("when", p.when), **_text("summary", p.summary), "sse_roles": p.sse_roles,
        "display_order": p.display_order, "search_key": fold(titles),
    })  # fmt: skip
    batch.cite("Practice", p.id, p.cited)
    for documenter in p.documented_by:
        batch.rel(p.id, "Practice", "DOCUMENTED_BY", "Actor", documenter)
    for slug in p.populations:
        _vocabulary_node(batch, "Population", slug)
        batch.rel(p.id, "Practice", "TARGETS", "Population", slug)
    for slug in p.benefits:
        _vocabulary_node(batch, "Benefit", slug)
        batch.rel(p.id, "Practice", "DELIVERS", "Benefit", slug)
    for ins_id in p.instruments:
        batch.rel(p.id, "Practice", "RELATES_TO", "Instrument", ins_id)
    _add_owned(batch, case, p.id)


# Positions of what an extending file adds start here, after anything a practice's own file holds.
EXTENSION_POSITIONS = 10_000


def _add_owned(batch: _Batch, case: CaseFile, practice_id: str) -> None:
    """The mechanisms, level claims and evidence a file gives a practice (its own or one it extends)."""
    for m in case.mechanisms:
        batch.node("Mechanism", m.id, {
            # `level` is the first of `levels`, for readers that show one; queries match on AT_LEVEL or `levels`.
            "level": m.levels[0], "levels": m.levels, "label": m.label,
            "other_languages": [str(n) for n in m.other_languages], **_text("description", m.description),
            **_when("when", m.when), "order": m.order, "practice_id": practice_id,
        })  # fmt: skip
        batch.rel(practice_id, "Practice", "HAS_MECHANISM", "Mechanism", m.id)
        for level in m.levels:
            batch.rel(m.id, "Mechanism", "AT_LEVEL", "Level", level)
        for ma in m.actors:
            batch.rel(m.id, "Mechanism", "INVOLVES", "Actor", ma.actor, role=ma.role)
        for ag in m.agreements:
            batch.rel(m.id, "Mechanism", "USES", "Agreement", ag)
        for fn in m.functions:
            _vocabulary_node(batch, "Function", fn)
            batch.rel(m.id, "Mechanism", "SERVES", "Function", fn)
        for slug in m.populations:
            _vocabulary_node(batch, "Population", slug)
            batch.rel(m.id, "Mechanism", "REACHES", "Population", slug)
        batch.cite("Mechanism", m.id, m.cited)
    for claim in case.level_claims:
        batch.node("LevelClaim", claim.id, {
            "levels": sorted(claim.levels, key=["macro", "meso", "micro"].index),
            "levels_key": ",".join(sorted(claim.levels, key=["macro", "meso", "micro"].index)),
            "status": claim.status, "locator": claim.locator, "rationale": claim.rationale,
            "practice_id": practice_id, "source_id": claim.source,
        })  # fmt: skip
        batch.rel(practice_id, "Practice", "HAS_CLAIM", "LevelClaim", claim.id)
        for level in claim.levels:
            batch.rel(claim.id, "LevelClaim", "ASSIGNS", "Level", level)
        batch.rel(claim.id, "LevelClaim", "CITES", "Source", claim.source, locator=claim.locator)
    for ev in case.evidence:
        batch.node("Evidence", ev.id, {
            "kind": ev.kind, "category": ev.category, **_text("description", ev.description),
            # A range is shown by its lower bound where one number is needed; `figures` holds the whole figure.
            "figure_values": [f.value if f.value is not None else f.low for f in ev.figures],
            "figure_units": [f.currency or f.unit for f in ev.figures],
            "figure_labels": [f.label for f in ev.figures], "figures": [_figure_row(f) for f in ev.figures],
            "locator": ev.locator, "practice_id": practice_id, "mechanism_id": ev.mechanism, "source_id": ev.source,
        })  # fmt: skip
        batch.rel(practice_id, "Practice", "HAS_EVIDENCE", "Evidence", ev.id)
        if ev.mechanism:
            batch.rel(ev.id, "Evidence", "CONCERNS", "Mechanism", ev.mechanism)
        batch.rel(ev.id, "Evidence", "CITES", "Source", ev.source, locator=ev.locator)


def _rel_param(src_label: str, rel_type: str, dst_label: str) -> str:
    return f"rel_{src_label}_{rel_type}_{dst_label}"


def _statement_for(batch: _Batch, practice_ids: list[str]) -> Statement:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if batch.extension_owned:
        parts.append(
            "OPTIONAL MATCH (:Practice)-[link:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE]->(added) "
            "WHERE added.id IN $extension_owned DELETE link WITH count(*) AS done"
        )
        params["extension_owned"] = sorted(batch.extension_owned)
    if practice_ids:
        # What these practices own is rebuilt from their files, so edits never leave stale rows.
        parts.append(
            "OPTIONAL MATCH (owner:Practice)-[:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE]->(owned) "
            "WHERE owner.id IN $practice_ids DETACH DELETE owned WITH count(*) AS done"
        )
        params["practice_ids"] = practice_ids
    for label in NODE_LABELS:
        ids = sorted(batch.declared.get(label, ()))
        if ids:
            parts.append(
                f"OPTIONAL MATCH (n:{label})-[old]->() WHERE n.id IN $declared_{label} DELETE old WITH count(*) AS done"
            )
            params[f"declared_{label}"] = ids
    for label in NODE_LABELS:
        rows = list(batch.nodes.get(label, {}).values())
        if not rows:
            continue
        declared = batch.declared.get(label, set())
        full = [r for r in rows if r["id"] in declared]
        vocabulary = [r for r in rows if r["id"] not in declared]
        if full:
            parts.append(
                f"UNWIND $nodes_{label} AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props WITH count(*) AS done"
            )
            params[f"nodes_{label}"] = full
        if vocabulary:
            # Vocabulary nodes (functions, populations …) are shared: create, never overwrite.
            parts.append(
                f"UNWIND $vocab_{label} AS row MERGE (n:{label} {{id: row.id}}) "
                "ON CREATE SET n = row.props WITH count(*) AS done"
            )
            params[f"vocab_{label}"] = vocabulary
    for (src_label, rel_type, dst_label), rows in batch.rels.items():
        if (src_label, rel_type, dst_label) not in RELATIONSHIPS:
            raise ValueError(f"schema has no relationship {src_label}-{rel_type}->{dst_label}")
        name = _rel_param(src_label, rel_type, dst_label)
        parts.append(
            f"UNWIND ${name} AS row MERGE (a:{src_label} {{id: row.src}}) MERGE (b:{dst_label} {{id: row.dst}}) "
            f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props WITH count(*) AS done"
        )
        params[name] = rows
    parts.append("RETURN done")
    return Statement("\n".join(parts), params)


@dataclass
class CaseStatement(Statement):
    """A case's statement that still knows its rows, so it can be merged with others."""

    batch: _Batch = field(default_factory=_Batch, repr=False, compare=False)
    practice_ids: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(map(len, self.batch.nodes.values())) + sum(map(len, self.batch.rels.values()))


def statement_for_case(case: CaseFile) -> Statement:
    batch = _Batch(case.owner)
    _add_case(batch, case)
    practice_ids = [case.practice.id] if case.practice else []
    plain = _statement_for(batch, practice_ids)
    return CaseStatement(plain.cypher, plain.parameters, batch, practice_ids)


def _merge(statements: list[CaseStatement]) -> Statement:
    if len(statements) == 1:
        return statements[0]
    merged = _Batch()
    for statement in statements:
        # Ids are unique across files (checked before loading), so declared nodes never collide;
        # vocabulary nodes (a function, a population) repeat with identical rows.
        for label, rows in statement.batch.nodes.items():
            merged.nodes[label].update(rows)
        for key, rels in statement.batch.rels.items():
            merged.rels[key].extend(rels)
        for label, ids in statement.batch.declared.items():
            merged.declared[label] |= ids
        merged.extension_owned += statement.batch.extension_owned
    return _statement_for(merged, [pid for s in statements for pid in s.practice_ids])


# Why not larger: a statement is one transaction the store holds in memory and, before effects-based
# logging, a restart re-ran each statement's text under the server's 10 s default limit and dropped the
# slow ones. The embedded server now logs effects (EFFECTS_THRESHOLD 0, see embedded_server.py), so a
# restart re-runs nothing; 20,000 rows wrote about three times faster than 500 in the scale benchmark.
MERGED_STATEMENT_ROWS = 20_000


def merged_statements(
    statements: Iterable[Statement], max_rows: int = MERGED_STATEMENT_ROWS
) -> Iterator[tuple[Statement, int]]:
    """Merge consecutive case statements into statements of about ``max_rows`` rows, in order.

    Yields each statement to write with the number of input statements it
    holds. Writing the merged statement ends in the same graph as writing its
    parts one after the other: the ids a case declares are its own, so no
    part removes what another writes. Anything but a ``CaseStatement`` (an
    edited or foreign statement) is passed through alone, unchanged.
    """
    pending: list[CaseStatement] = []
    rows = 0
    for statement in statements:
        if not isinstance(statement, CaseStatement):
            if pending:
                yield _merge(pending), len(pending)
                pending, rows = [], 0
            yield statement, 1
            continue
        pending.append(statement)
        rows += statement.rows
        if rows >= max_rows:
            yield _merge(pending), len(pending)
            pending, rows = [], 0
    if pending:
        yield _merge(pending), len(pending)


def statement_for_levels() -> Statement:
    """The Level nodes every registry has (Table 1), written before any case."""
    batch = _Batch()
    for level in LEVELS:
        batch.node("Level", level.id, {
            "order": level.order, "name_en": level.name_en, "name_fr": level.name_fr,
            "definition_en": level.definition_en, "definition_fr": level.definition_fr,
            "source_id": level.source, "locator": level.locator,
            "search_key": fold(f"{level.id} {level.name_en} {level.name_fr}"),
        })  # fmt: skip
    return _statement_for(batch, [])


def statement_for_vocabulary(terms: dict[str, dict[str, VocabularyTerm]], renames: list[Rename]) -> Statement:
    """A registry's own vocabulary terms and renames, written with its cases so exports can give them back."""
    batch = _Batch()
    for vocabulary, by_term in sorted(terms.items()):
        for term in by_term.values():
            batch.node("Term", f"{vocabulary}:{term.term}", {
                "vocabulary": vocabulary, "term": term.term, "name_en": term.en, "name_fr": term.fr,
                "definition": term.definition, "narrows": term.narrows,
                "search_key": fold(f"{term.term} {term.en} {term.fr}"),
            })  # fmt: skip
    for rename in renames:
        batch.node("Rename", f"{rename.vocabulary}:{rename.old}", {
            "vocabulary": rename.vocabulary, "old": rename.old, "new": rename.new, "note": rename.note,
        })  # fmt: skip
    return _statement_for(batch, [])
