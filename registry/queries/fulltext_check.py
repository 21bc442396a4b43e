"""A named query that reads a store's full-text index runs its portable text where the store has none.

``ensure_schema`` builds the index when a registry is loaded; a registry loaded
by an older coordreg has none until the next ``coordreg load``, and FalkorDB's
index fills in the background for a while after it is created. Rather than
fail (Neo4j) or find nothing (FalkorDB), such a query then runs the portable
text beside its variant — for ``search``, the older search over names and titles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from registry.schema.fulltext import INDEX_NAME, SEARCHED_TEXTS
from registry.stores.base import GraphStore

if TYPE_CHECKING:
    from registry.queries.library import NamedQuery

_READS_INDEX = ("db.idx.fulltext.queryNodes", "db.index.fulltext.queryNodes")
_FALKORDB_INDEXES = "CALL db.indexes() YIELD label, types, status RETURN label, types, status"
_NEO4J_INDEX = "SHOW FULLTEXT INDEXES YIELD name, state WHERE name = $name RETURN state"


def runnable_text(store: GraphStore, query: NamedQuery, *, timeout_ms: int) -> str:
    """The query's text for this store, or its portable text when that variant needs an index the store lacks."""
    text = query.text_for(store.dialect)
    if not any(call in text for call in _READS_INDEX) or has_fulltext_index(store, timeout_ms=timeout_ms):
        return text
    return Path(query.files[store.dialect]).with_name(f"{query.name}.cypher").read_text(encoding="utf-8")


def has_fulltext_index(store: GraphStore, *, timeout_ms: int) -> bool:
    """Whether the store's full-text index covers every searched text and is ready to answer."""
    if store.dialect == "neo4j":
        states = store.read(_NEO4J_INDEX, {"name": INDEX_NAME}, timeout_ms=timeout_ms).rows
        return len(states) == 1 and str(states[0][0]).upper() == "ONLINE"
    if store.dialect != "falkordb":
        return False
    covered: dict[str, set[str]] = {}
    for label, types, status in store.read(_FALKORDB_INDEXES, timeout_ms=timeout_ms).rows:
        fields = {str(field) for field, kinds in (types or {}).items() if "FULLTEXT" in kinds}
        if fields and str(status).upper() != "OPERATIONAL":
            return False
        covered.setdefault(str(label), set()).update(fields)
    return all(set(fields) <= covered.get(label, set()) for label, fields in SEARCHED_TEXTS.items())
