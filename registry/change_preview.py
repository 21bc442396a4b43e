"""What a load would change, per entity and field by field, before anything is written.

The registry's current state is read back with the same rebuilding code the YAML export uses
(``registry.export_cases``): only the nodes the files touch, by id, with ``$parameters``; a
``--rebuild`` reads the whole graph, since it removes what the files do not hold. Both sides are
passed through the case model, so an old value and a new one are compared in the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from registry.export_cases import EXPORT_TIMEOUT_MS, GraphSnapshot, Relationship, _CaseBuilder, read_snapshot
from registry.held_registry import read_terms
from registry.schema.bundle import CaseBundle
from registry.schema.custom_terms import custom_terms_in_force
from registry.schema.model import (
    Actor,
    Agreement,
    CaseFile,
    Evidence,
    Instrument,
    LevelClaim,
    Mechanism,
    Practice,
    Source,
)
from registry.schema.vocabulary import VocabularyTerm
from registry.stores.base import GraphStore

# kind (as a researcher reads it) → (graph label, case file section, model)
KINDS: dict[str, tuple[str, str, type[BaseModel]]] = {
    "practice": ("Practice", "practice", Practice),
    "source": ("Source", "sources", Source),
    "instrument": ("Instrument", "instruments", Instrument),
    "actor": ("Actor", "actors", Actor),
    "agreement": ("Agreement", "agreements", Agreement),
    "mechanism": ("Mechanism", "mechanisms", Mechanism),
    "claim": ("LevelClaim", "level_claims", LevelClaim),
    "evidence": ("Evidence", "evidence", Evidence),
}
TERM_KIND = "vocabulary term"  # a registry's own term (vocabulary.yaml), named "vocabulary:term"
_OWNED = {"mechanism": "HAS_MECHANISM", "claim": "HAS_CLAIM", "evidence": "HAS_EVIDENCE"}
_SHARED = ("source", "instrument", "actor", "agreement")
ACTIONS = ("added", "changed", "removed")

# Labels below are the fixed ones above, never input; ids go in as $ids.
_NODES = "MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id, properties(n) AS properties"
_OWNED_NODES = (
    "MATCH (p:Practice)-[:HAS_MECHANISM|HAS_CLAIM|HAS_EVIDENCE]->(n) WHERE p.id IN $ids "
    "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS properties"
)
_RELATIONSHIPS = (
    "MATCH (a:{label})-[r]->(b) WHERE a.id IN $ids "
    "RETURN a.id AS source_id, type(r) AS type, labels(b)[0] AS target_label, b.id AS target_id, "
    "coalesce(r.position, 0) AS position, properties(r) AS properties"
)


@dataclass
class EntityChange:
    kind: str
    ident: str
    action: str  # "added", "changed" or "removed"
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, old, new) of a change
    file: str = ""  # the file that brings the change (empty for a removal)


@dataclass
class ChangePreview:
    changes: list[EntityChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        """added / changed / removed, over all entities and over practices alone."""
        found = {action: 0 for action in ACTIONS} | {f"practices_{action}": 0 for action in ACTIONS}
        for change in self.changes:
            found[change.action] += 1
            if change.kind == "practice":
                found[f"practices_{change.action}"] += 1
        return found

    def as_records(self) -> list[dict[str, Any]]:
        return [
            {"kind": c.kind, "id": c.ident, "action": c.action, "file": c.file,
             "fields": [{"field": f, "old": old, "new": new} for f, old, new in c.fields]}
            for c in self.changes
        ]  # fmt: skip

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> ChangePreview:
        return cls([
            EntityChange(str(r.get("kind")), str(r.get("id")), str(r.get("action")),
                         [(str(f.get("field")), f.get("old"), f.get("new")) for f in r.get("fields") or []],
                         str(r.get("file") or ""))
            for r in records if isinstance(r, dict)
        ])  # fmt: skip

    def lines(self) -> Iterator[str]:
        """One line per entity, then one per changed field (plain text, for a log or a pipe)."""
        for c in self.changes:
            yield f"{c.action}: {c.kind} '{c.ident}'" + (f" (from {c.file})" if c.file else "")
            for name, old, new in c.fields:
                yield f"    {name}: {shown(old)} → {shown(new)}"


def shown(value: Any, limit: int = 120) -> str:
    """A value in one short line: lists joined, nothing as '—'."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        text = ", ".join(shown(v, limit) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {shown(v, limit)}" for k, v in value.items() if v not in (None, [], ""))
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _incoming(bundle: CaseBundle) -> dict[tuple[str, str], tuple[BaseModel, str]]:
    """Every entity the files declare: (kind, id) → (model, file)."""
    found: dict[tuple[str, str], tuple[BaseModel, str]] = {}
    for located in bundle.files:
        case = located.case
        if case.practice is not None:
            found[("practice", case.practice.id)] = (case.practice, located.origin)
        for kind, (_, section, _) in KINDS.items():
            if kind != "practice":
                for item in getattr(case, section):
                    found[(kind, item.id)] = (item, located.origin)
    return found


def _scoped_snapshot(store: GraphStore, bundle: CaseBundle) -> GraphSnapshot:
    """The nodes the files declare or own, with their outgoing relationships."""
    wanted: dict[str, set[str]] = {}
    for kind, ident in _incoming(bundle):
        wanted.setdefault(KINDS[kind][0], set()).add(ident)
    owners = {f.case.owner for f in bundle.files if f.case.owner is not None}
    wanted.setdefault("Practice", set()).update(owners)
    snapshot = GraphSnapshot()

    def read(cypher: str, ids: set[str]) -> list[dict[str, Any]]:
        frame = store.read(cypher, {"ids": sorted(ids)}, timeout_ms=EXPORT_TIMEOUT_MS).frame
        return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]

    for label, ids in wanted.items():
        for row in read(_NODES.format(label=label), ids):
            snapshot.nodes[(label, str(row["id"]))] = dict(row["properties"] or {})
    if owners:
        for row in read(_OWNED_NODES, owners):
            snapshot.nodes[(str(row["label"]), str(row["id"]))] = dict(row["properties"] or {})
    by_label: dict[str, set[str]] = {}
    for label, ident in snapshot.nodes:
        by_label.setdefault(label, set()).add(ident)
    for label, ids in by_label.items():
        for row in read(_RELATIONSHIPS.format(label=label), ids):
            snapshot.relationships.append(
                Relationship((label, str(row["source_id"])), str(row["type"]),
                             (str(row["target_label"]), str(row["target_id"])), int(row["position"] or 0),
                             dict(row["properties"] or {}))
            )  # fmt: skip
    return snapshot


def _current(snapshot: GraphSnapshot) -> dict[tuple[str, str], dict[str, Any]]:
    """Every entity the snapshot holds, as its case-file fields: (kind, id) → fields."""
    builder = _CaseBuilder(snapshot)
    by_label = {label: kind for kind, (label, _, _) in KINDS.items()}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for (label, ident), props in snapshot.nodes.items():
        kind = by_label.get(label)
        if kind is None:
            continue
        key = (label, ident)
        if kind == "practice":
            data = builder.practice(ident, props)
        elif kind in _SHARED:
            data = builder.shared(label, ident, props)
        else:
            data = getattr(builder, kind)(key, props)
        found[(kind, ident)] = _normalised(kind, data)
    return found


def _normalised(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fields as the case model writes them (the graph's form and a file's compare equal)."""
    model = KINDS[kind][2]
    try:
        return model.model_validate(data).model_dump(mode="json", exclude_none=True)
    except ValidationError:
        return {k: v for k, v in data.items() if v not in (None, [])}


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Nested fields one level down as "title.en", so a change names the part that changed."""
    flat: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                flat[f"{name}.{sub}"] = inner
        else:
            flat[name] = value
    return flat


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    before, after = _flat(old), _flat(new)
    empty: tuple[Any, ...] = (None, [], "")
    return [
        (name, before.get(name), after.get(name))
        for name in dict.fromkeys([*after, *before])
        if before.get(name) != after.get(name) and not (before.get(name) in empty and after.get(name) in empty)
    ]


def preview_changes(store: GraphStore, bundle: CaseBundle, *, rebuild: bool = False) -> ChangePreview:
    """What loading ``bundle`` into ``store`` would add, change and remove (nothing is written)."""
    with custom_terms_in_force(bundle.terms):
        incoming = _incoming(bundle)
        snapshot = read_snapshot(store) if rebuild else _scoped_snapshot(store, bundle)
        current = _current(snapshot)
        preview = ChangePreview()
        for (kind, ident), (model, origin) in incoming.items():
            new = model.model_dump(mode="json", exclude_none=True)
            old = current.get((kind, ident))
            if old is None:
                preview.changes.append(EntityChange(kind, ident, "added", file=origin))
            elif fields := _field_changes(old, new):
                preview.changes.append(EntityChange(kind, ident, "changed", fields, origin))
        for key in sorted(current.keys() - incoming.keys()):
            if rebuild or _replaced_by_its_practice(key, snapshot, bundle):
                preview.changes.append(EntityChange(key[0], key[1], "removed"))
        preview.changes.extend(_term_changes(store, bundle, rebuild=rebuild))
    order = {kind: i for i, kind in enumerate(KINDS)}
    preview.changes.sort(key=lambda c: (ACTIONS.index(c.action), order.get(c.kind, 99), c.ident))
    return preview


def _term_fields(term: VocabularyTerm) -> dict[str, Any]:
    return {"en": term.en, "fr": term.fr, "definition": term.definition, "narrows": term.narrows}


def _term_changes(store: GraphStore, bundle: CaseBundle, *, rebuild: bool) -> Iterator[EntityChange]:
    """The registry's own vocabulary terms the files add or change (and, on a rebuild, drop)."""
    held = read_terms(store)
    origin = next((f.origin for f in bundle.files if f.origin.endswith("vocabulary.yaml")), "vocabulary.yaml")
    for vocabulary, terms in bundle.terms.items():
        for term in terms.values():
            old = held.get(vocabulary, {}).get(term.term)
            ident = f"{vocabulary}:{term.term}"
            if old is None:
                yield EntityChange(TERM_KIND, ident, "added", file=origin)
            elif fields := _field_changes(_term_fields(old), _term_fields(term)):
                yield EntityChange(TERM_KIND, ident, "changed", fields, origin)
    if rebuild:
        for vocabulary, terms in held.items():
            for name in sorted(terms.keys() - bundle.terms.get(vocabulary, {}).keys()):
                yield EntityChange(TERM_KIND, f"{vocabulary}:{name}", "removed")


def _replaced_by_its_practice(key: tuple[str, str], snapshot: GraphSnapshot, bundle: CaseBundle) -> bool:
    """A mechanism, claim or evidence of a practice whose own file is loaded again without it."""
    kind, ident = key
    if kind not in _OWNED:
        return False
    reloaded = {f.case.practice.id for f in bundle.files if f.case.practice is not None}
    return any(
        rel.type == _OWNED[kind] and rel.target == (KINDS[kind][0], ident) and rel.source[1] in reloaded
        for rel in snapshot.relationships
        if rel.source[0] == "Practice"
    )


def case_of(bundle: CaseBundle, practice_id: str) -> CaseFile | None:
    """The file of the bundle that declares ``practice_id`` (for a page that shows one practice's preview)."""
    return next((f.case for f in bundle.files if f.case.practice and f.case.practice.id == practice_id), None)
