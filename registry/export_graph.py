"""The whole graph as GraphML, GEXF (what Gephi opens) or a Cypher script.

Nodes are keyed ``Label:id`` (ids are unique within a label only: the
function ``training`` and the benefit ``training`` are two nodes). GraphML
and GEXF attributes must be scalars, so list properties are joined with
``;``. The Cypher script is a dump of parameter-free ``CREATE`` statements,
one per line; labels and relationship types come from the schema allowlist
and every value is written as an escaped literal.

Every character that ends a line for some tool stays inside its literal as
an escape, so the dump replays the same whether it is split into lines (by
any definition of a line) or run whole. Only the escapes FalkorDB and Neo4j
read alike are used: backslash before n, r, t, b, f, the quote and the
backslash. FalkorDB has no backslash-u escape, and Neo4j keeps backslash-v
and backslash-a as written; so a value holding any other control character,
or U+2028 / U+2029, has no spelling both stores read back, and the dump
refuses it by name rather than write a raw line break.
"""

from __future__ import annotations

import math
import re
from typing import Any

import networkx as nx

from registry.errors import CoordregError
from registry.export_cases import GraphSnapshot, NodeKey
from registry.schema.graph import checked_label, checked_relationship_type

LIST_JOINER = ";"
# XML 1.0 cannot hold these characters at all, escaped or not.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PROPERTY_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DISPLAY_KEYS = ("acronym", "name", "title", "label", "name_en")


def node_name(key: NodeKey) -> str:
    return f"{key[0]}:{key[1]}"


def _scalar(value: Any, where: str) -> Any:
    if isinstance(value, list):
        value = LIST_JOINER.join(str(v) for v in value)
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        raise CoordregError(f"{where} holds a control character that GraphML and GEXF cannot store; fix the case file")
    return value


def _display(key: NodeKey, props: dict[str, Any]) -> str:
    for name in _DISPLAY_KEYS:
        if isinstance(props.get(name), str) and props[name]:
            return str(props[name])
    return key[1]


def to_networkx(snapshot: GraphSnapshot) -> nx.MultiDiGraph:
    """A directed multigraph (two actors may be linked twice, with two roles)."""
    graph = nx.MultiDiGraph()
    for key, props in snapshot.nodes.items():
        where = f"node {node_name(key)}"
        attrs = {k: _scalar(v, f"{where}, property '{k}'") for k, v in props.items() if k != "id"}
        # `label` is the name Gephi shows; `node_type` and `registry_id` say what the node is.
        attrs.update(node_type=key[0], registry_id=key[1], label=_scalar(_display(key, props), where))
        graph.add_node(node_name(key), **attrs)
    for rel in snapshot.relationships:
        where = f"relationship {node_name(rel.source)} -{rel.type}-> {node_name(rel.target)}"
        attrs = {k: _scalar(v, f"{where}, property '{k}'") for k, v in rel.properties.items()}
        attrs.update(rel_type=rel.type, label=rel.type)
        graph.add_edge(node_name(rel.source), node_name(rel.target), **attrs)
    return graph


def graphml_text(snapshot: GraphSnapshot) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(snapshot))) + "\n"


def gexf_text(snapshot: GraphSnapshot) -> str:
    return "\n".join(nx.generate_gexf(to_networkx(snapshot))) + "\n"


# --- Cypher ------------------------------------------------------------------------------------------------------

# The escapes both stores read back as the same character (checked by replaying dumps into both).
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Every other control character (C0, DEL, C1 with U+0085) and the Unicode line and paragraph separators.
_UNPORTABLE = re.compile(r"[\x00-\x07\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_UNPORTABLE_NAMES = {
    "\x0b": "a vertical tab",
    "\x85": "a next-line character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def _unportable(char: str, where: str) -> CoordregError:
    name = _UNPORTABLE_NAMES.get(char, "a control character")
    return CoordregError(
        f"{where} holds {name} (U+{ord(char):04X}), which a Cypher dump cannot carry: FalkorDB reads it only as "
        "the character itself, which breaks the dump's lines, and Neo4j only as an escape FalkorDB does not know. "
        "Remove it from the case file, or export as JSON or YAML, which carry it"
    )


def cypher_literal(value: Any, where: str = "a value") -> str:
    """A Cypher literal both FalkorDB and Neo4j read back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CoordregError(f"{where} is not a finite number and cannot be written as Cypher")
        return repr(value)
    if isinstance(value, str):
        unportable = _UNPORTABLE.search(value)
        if unportable:
            raise _unportable(unportable.group(), where)
        return "'" + "".join(_ESCAPES.get(c, c) for c in value) + "'"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v, where) for v in value) + "]"
    raise CoordregError(f"{where} has a value of type {type(value).__name__}, which a graph property cannot hold")


def _cypher_map(props: dict[str, Any], where: str) -> str:
    parts = []
    for key in sorted(props, key=lambda k: (k != "id", k)):
        if not _PROPERTY_KEY.match(key):
            raise CoordregError(f"{where} has a property named {key!r}, which the Cypher dump cannot write")
        parts.append(f"{key}: {cypher_literal(props[key], f'{where}, property {key!r}')}")
    return "{" + ", ".join(parts) + "}"


def cypher_script(snapshot: GraphSnapshot) -> str:
    lines = [
        "// coordreg registry dump: parameter-free Cypher, one statement per line.",
        "// Run it in an EMPTY graph (FalkorDB or Neo4j): it creates every node, then every relationship.",
        "// For speed on large registries create an index on :Label(id) for each label first.",
    ]
    for key, props in sorted(snapshot.nodes.items()):
        lines.append(f"CREATE (:{checked_label(key[0])} {_cypher_map(props, f'node {node_name(key)}')});")
    for rel in snapshot.relationships:
        where = f"relationship {node_name(rel.source)} -{rel.type}-> {node_name(rel.target)}"
        rel_props = f" {_cypher_map(rel.properties, where)}" if rel.properties else ""
        lines.append(
            f"MATCH (a:{checked_label(rel.source[0])} {{id: {cypher_literal(rel.source[1], where)}}}), "
            f"(b:{checked_label(rel.target[0])} {{id: {cypher_literal(rel.target[1], where)}}}) "
            f"CREATE (a)-[:{checked_relationship_type(rel.type)}{rel_props}]->(b);"
        )
    return "\n".join(lines) + "\n"
