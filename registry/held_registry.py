"""Read what the registry already holds, so new files are checked against it.

One query per label, built from fixed labels and field names (never from
user input). The answer is a plain ``HeldRegistry`` for the pure checks in
``registry.schema.bundle``.
"""

from __future__ import annotations

import math
from typing import Any

from registry.schema.bundle import COMPARED_FIELDS, NAME_FIELD, HeldRegistry
from registry.schema.vocabulary import VocabularyTerm
from registry.stores.base import GraphStore

_LABELS = {"source": "Source", "actor": "Actor", "agreement": "Agreement", "instrument": "Instrument"}
_LABELS["practice"] = "Practice"
# What practices own, with the practice: a file extending a practice may name its mechanisms, and no file may
# take an id another practice owns.
_LABELS |= {"mechanism": "Mechanism", "level claim": "LevelClaim", "evidence": "Evidence"}
_EXTRA_FIELDS = {kind: ("practice_id",) for kind in ("mechanism", "level claim", "evidence")}


def _plain(value: Any) -> Any:
    """A frame's missing value (NaN in a numeric column) is no value; a whole float year is an int."""
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    return value


def read_held(store: GraphStore) -> HeldRegistry:
    held = HeldRegistry()
    for kind, label in _LABELS.items():
        fields = dict.fromkeys([*COMPARED_FIELDS.get(kind, ()), NAME_FIELD[kind], *_EXTRA_FIELDS.get(kind, ()),
                                "declared_in"])  # fmt: skip
        returned = ", ".join(f"n.{name} AS {name}" for name in fields)
        frame = store.read(f"MATCH (n:{label}) RETURN n.id AS id, {returned}", timeout_ms=120_000).frame
        held.entities[kind] = {
            str(row["id"]): {name: _plain(row.get(name)) for name in fields} for row in frame.to_dict("records")
        }
    for slug_list, query in _SLUG_QUERIES.items():
        frame = store.read(query, timeout_ms=120_000).frame
        held.slugs[slug_list] = {str(v) for v in frame["slug"] if isinstance(v, str)} if len(frame) else set()
    held.terms = read_terms(store)
    return held


def read_terms(store: GraphStore) -> dict[str, dict[str, VocabularyTerm]]:
    """The registry's own vocabulary terms (Term nodes): vocabulary → term → its labels and definition."""
    frame = store.read(
        "MATCH (t:Term) RETURN t.vocabulary AS vocabulary, t.term AS term, t.name_en AS en, t.name_fr AS fr, "
        "t.definition AS definition, t.narrows AS narrows",
        timeout_ms=120_000,
    ).frame
    terms: dict[str, dict[str, VocabularyTerm]] = {}
    for row in frame.to_dict("records"):
        term = VocabularyTerm(
            str(row["term"]), str(row["en"]), str(row["fr"]), str(row["definition"]),
            row["narrows"] if isinstance(row["narrows"], str) else None, custom=True,
        )  # fmt: skip
        terms.setdefault(str(row["vocabulary"]), {})[term.term] = term
    return terms


# The slugs in use per list, to warn when a new file spells one of them differently.
_SLUG_QUERIES = {
    "population": "MATCH (n:Population) RETURN DISTINCT n.id AS slug",
    "benefit": "MATCH (n:Benefit) RETURN DISTINCT n.id AS slug",
    "evidence-category": "MATCH (n:Evidence) RETURN DISTINCT n.category AS slug",
    "collection": "MATCH (n:Practice) RETURN DISTINCT n.collection AS slug",
}
