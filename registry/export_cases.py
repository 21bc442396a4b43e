"""Read the whole graph back, and rebuild the case files it was loaded from.

Two named read queries (``cypher/export_nodes.cypher``,
``cypher/export_relationships.cypher``) fetch every node and relationship;
the case files are then rebuilt in Python from that snapshot and validated
by the same model a YAML file goes through. The graph writer records each
list item's ``position`` and the practice whose file declares a shared node
(``declared_in``), so the rebuilt cases match the loaded ones field for
field and in the same order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from registry.errors import CoordregError
from registry.queries.library import run_named_query
from registry.schema.custom_terms import VocabularyFile, custom_terms_in_force
from registry.schema.model import CaseFile
from registry.stores.base import GraphStore

EXPORT_TIMEOUT_MS = 300_000
EXPORT_ROW_CAP = 999_999  # below the embedded server's RESULTSET_SIZE, so a cut result is detected

NodeKey = tuple[str, str]  # (label, id)
# Nodes a file may declare for every case to share; the catalogue holds those no practice declares.
SHARED_SECTIONS = (
    ("Source", "sources"),
    ("Instrument", "instruments"),
    ("Actor", "actors"),
    ("Agreement", "agreements"),
)


@dataclass
class Relationship:
    source: NodeKey
    type: str
    target: NodeKey
    position: int
    properties: dict[str, Any]


@dataclass
class GraphSnapshot:
    nodes: dict[NodeKey, dict[str, Any]] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)


def _rows(store: GraphStore, name: str) -> list[dict[str, Any]]:
    result = run_named_query(store, name, {}, timeout_ms=EXPORT_TIMEOUT_MS, row_cap=EXPORT_ROW_CAP)
    if result.truncated:
        raise CoordregError(f"the registry is too large to export in one piece (more than {EXPORT_ROW_CAP} rows)")
    return [{str(k): v for k, v in r.items()} for r in result.frame.to_dict("records")]


def read_snapshot(store: GraphStore) -> GraphSnapshot:
    snapshot = GraphSnapshot()
    for row in _rows(store, "export_nodes"):
        snapshot.nodes[(str(row["label"]), str(row["id"]))] = dict(row["properties"] or {})
    for row in _rows(store, "export_relationships"):
        snapshot.relationships.append(
            Relationship(
                (str(row["source_label"]), str(row["source_id"])),
                str(row["type"]),
                (str(row["target_label"]), str(row["target_id"])),
                int(row["position"]),
                dict(row["properties"] or {}),
            )
        )
    return snapshot


@dataclass
class RegistryCases:
    """What a registry's case files hold: one shared catalogue and one file per practice."""

    catalogue: CaseFile | None
    practices: list[CaseFile]
    vocabulary: VocabularyFile = field(default_factory=VocabularyFile)

    @property
    def all(self) -> list[CaseFile]:
        return ([self.catalogue] if self.catalogue is not None else []) + self.practices


def _by_position(props: dict[str, Any], ident: str) -> tuple[int, str]:
    return int(props.get("position", 1_000_000)), ident


class _CaseBuilder:
    def __init__(self, snapshot: GraphSnapshot):
        self.nodes = snapshot.nodes
        self.out: dict[tuple[NodeKey, str], list[Relationship]] = defaultdict(list)
        for rel in snapshot.relationships:
            self.out[(rel.source, rel.type)].append(rel)
        for rels in self.out.values():
            rels.sort(key=lambda r: (r.position, r.target))

    def targets(self, key: NodeKey, rel_type: str) -> list[Relationship]:
        return self.out.get((key, rel_type), [])

    def ids(self, key: NodeKey, rel_type: str) -> list[str]:
        return [r.target[1] for r in self.targets(key, rel_type)]

    def cited(self, key: NodeKey) -> list[dict[str, Any]]:
        return [{"source": r.target[1], "locator": r.properties.get("locator")} for r in self.targets(key, "CITES")]

    @staticmethod
    def text(props: dict[str, Any], prefix: str) -> dict[str, Any] | None:
        if props.get(f"{prefix}_en") is None:
            return None
        return {"en": props[f"{prefix}_en"], "fr": props.get(f"{prefix}_fr")}

    def owned(self, key: NodeKey, rel_type: str) -> list[tuple[NodeKey, dict[str, Any]]]:
        found = [(r.target, self.nodes.get(r.target, {})) for r in self.targets(key, rel_type)]
        return sorted(found, key=lambda kp: _by_position(kp[1], kp[0][1]))

    def shared(self, label: str, ident: str, p: dict[str, Any]) -> dict[str, Any]:
        key = (label, ident)
        if label == "Source":
            fields = ("citation", "publisher", "year", "url", "accessed", "archived_url", "language", "seed_file")
            return {"id": ident, **{n: p.get(n) for n in fields}, "authors": list(p.get("authors") or [])}
        if label == "Instrument":
            return {"id": ident, "kind": p.get("kind"), "title": p.get("title"), "issuer": p.get("issuer"),
                    "year": p.get("year"), "cited": self.cited(key)}  # fmt: skip
        if label == "Actor":
            return self.actor(key, p)
        parties = [{"actor": r.target[1], "role": r.properties.get("role")} for r in self.targets(key, "PARTY")]
        return {"id": ident, "title": p.get("title"), "other_languages": list(p.get("other_languages") or []),
                "kind": p.get("kind"), "when": p.get("when"),
                "purpose": self.text(p, "purpose"), "parties": parties, "cited": self.cited(key)}  # fmt: skip

    def actor(self, key: NodeKey, p: dict[str, Any]) -> dict[str, Any]:
        countries = list(p.get("countries") or [])
        if p.get("country") and countries == [p["country"]]:
            countries = []  # the writer fills `countries` from `country` when a file gives none
        names = ("name", "acronym", "original_name", "country", "note")
        former = [
            {"name": name, "when": when or None}
            for name, when in zip(p.get("former_names") or [], p.get("former_names_when") or [], strict=False)
        ]
        roles = [
            {"organisation": r.target[1], "role": r.properties.get("role"), "when": r.properties.get("when")}
            for r in self.targets(key, "HOLDS_ROLE")
        ]
        part_of = self.ids(key, "PART_OF")
        return {
            "id": key[1], **{n: p.get(n) for n in names}, "other_languages": list(p.get("other_languages") or []),
            "former_names": former, "kinds": list(p.get("kinds") or [p.get("kind")]),
            "scopes": list(p.get("scopes") or [p.get("scope")]), "part_of": part_of[0] if part_of else None,
            "roles": roles, "countries": countries, "cited": self.cited(key),
        }  # fmt: skip

    def practice(self, ident: str, p: dict[str, Any]) -> dict[str, Any]:
        key = ("Practice", ident)
        documented = self.ids(key, "DOCUMENTED_BY")
        title = {"original": p.get("title_original"), "language": p.get("title_language"), "en": p.get("title"),
                 "other_languages": list(p.get("title_other_languages") or []), "fr": p.get("title_fr")}  # fmt: skip
        return {
            "id": ident, "collection": p.get("collection"), "title": title, "countries": p.get("countries") or [],
            "regions": list(p.get("regions") or [p.get("region")]), "documented_by": documented,
            "years": p.get("years") or [], "when": p.get("when"), "summary": self.text(p, "summary"),
            "populations": self.ids(key, "TARGETS"), "benefits": self.ids(key, "DELIVERS"),
            "instruments": self.ids(key, "RELATES_TO"), "sse_roles": p.get("sse_roles") or [],
            "display_order": p.get("display_order"), "cited": self.cited(key),
        }  # fmt: skip

    def mechanism(self, key: NodeKey, p: dict[str, Any]) -> dict[str, Any]:
        actors = [{"actor": r.target[1], "role": r.properties.get("role")} for r in self.targets(key, "INVOLVES")]
        return {
            "id": key[1], "levels": self.ids(key, "AT_LEVEL") or [p.get("level")], "label": p.get("label"),
            "other_languages": list(p.get("other_languages") or []),
            "description": self.text(p, "description"), "actors": actors, "agreements": self.ids(key, "USES"),
            "functions": self.ids(key, "SERVES"), "populations": self.ids(key, "REACHES"),
            "when": p.get("when"), "order": p.get("order", 0), "cited": self.cited(key),
        }  # fmt: skip

    def claim(self, key: NodeKey, p: dict[str, Any]) -> dict[str, Any]:
        levels = self.ids(key, "ASSIGNS") or list(p.get("levels") or [])
        return {"id": key[1], "levels": levels, "status": p.get("status"), "locator": p.get("locator"),
                "source": p.get("source_id"), "rationale": p.get("rationale")}  # fmt: skip

    def evidence(self, key: NodeKey, p: dict[str, Any]) -> dict[str, Any]:
        if p.get("figures"):
            figures = [json.loads(row) for row in p["figures"]]
        else:  # written before figures kept their full form
            figures = [
                {"value": v, "unit": u, "label": lb}
                for v, u, lb in zip(p.get("figure_values") or [], p.get("figure_units") or [],
                                    p.get("figure_labels") or [], strict=False)
            ]  # fmt: skip
        return {
            "id": key[1], "kind": p.get("kind"), "category": p.get("category"),
            "description": self.text(p, "description"), "figures": figures, "mechanism": p.get("mechanism_id"),
            "source": p.get("source_id"), "locator": p.get("locator"),
        }  # fmt: skip

    def vocabulary(self) -> VocabularyFile:
        terms = [
            {"vocabulary": p["vocabulary"], "term": p["term"], "en": p.get("name_en"), "fr": p.get("name_fr"),
             "definition": p.get("definition"), "narrows": p.get("narrows")}
            for (label, _), p in sorted(self.nodes.items()) if label == "Term"
        ]  # fmt: skip
        renames = [
            {"vocabulary": p["vocabulary"], "from": p["old"], "to": p["new"], "note": p.get("note")}
            for (label, _), p in sorted(self.nodes.items()) if label == "Rename"
        ]  # fmt: skip
        return VocabularyFile.model_validate({"terms": terms, "renames": renames})

    def build(self) -> RegistryCases:
        vocabulary = self.vocabulary()
        with custom_terms_in_force(vocabulary.as_terms()):
            return self._build(vocabulary)

    def _build(self, vocabulary: VocabularyFile) -> RegistryCases:
        practice_ids = sorted(ident for label, ident in self.nodes if label == "Practice")
        sections: dict[str | None, dict[str, list[tuple[tuple[int, str], dict[str, Any]]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for label, section in SHARED_SECTIONS:
            for (node_label, ident), props in self.nodes.items():
                if node_label != label:
                    continue
                owner = props.get("declared_in")
                if owner not in practice_ids:
                    owner = None
                # Catalogue entries come out in id order (a registry may have had several catalogue files).
                order = _by_position(props, ident) if owner else (0, ident)
                sections[owner][section].append((order, self.shared(label, ident, props)))
        practices = []
        for ident in practice_ids:
            key = ("Practice", ident)
            data: dict[str, Any] = {"practice": self.practice(ident, self.nodes[key])}
            for section, items in sections.get(ident, {}).items():
                data[section] = [item for _, item in sorted(items, key=lambda oi: oi[0])]
            data["mechanisms"] = [self.mechanism(k, p) for k, p in self.owned(key, "HAS_MECHANISM")]
            data["level_claims"] = [self.claim(k, p) for k, p in self.owned(key, "HAS_CLAIM")]
            data["evidence"] = [self.evidence(k, p) for k, p in self.owned(key, "HAS_EVIDENCE")]
            practices.append(_validated(data, f"practice '{ident}'"))
        catalogue = None
        if sections.get(None):
            data = {s: [item for _, item in sorted(items, key=lambda oi: oi[0])] for s, items in sections[None].items()}
            catalogue = _validated(data, "the catalogue")
        return RegistryCases(catalogue, practices, vocabulary)


def _validated(data: dict[str, Any], what: str) -> CaseFile:
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = " > ".join(str(k) for k in first["loc"])
        raise CoordregError(
            f"the graph does not hold a valid case file for {what} ({where}: {first['msg']}); "
            "reload the registry from its case files with `coordreg load --rebuild`"
        ) from exc


def cases_from_snapshot(snapshot: GraphSnapshot) -> RegistryCases:
    return _CaseBuilder(snapshot).build()


def read_cases(store: GraphStore) -> RegistryCases:
    return cases_from_snapshot(read_snapshot(store))
