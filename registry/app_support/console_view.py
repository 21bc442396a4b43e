"""What the Cypher console page needs besides the console itself.

- parameter inputs: typed from a named query's header, guessed for free text;
- a graph of the nodes, relationships and paths a query returned (the stores
  return them as dicts tagged ``_kind``: node, relationship or path);
- a display copy of a result frame whose cells are plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from registry.app_support.i18n import query_text
from registry.app_support.network_view import tooltip_html
from registry.output import flat_frame
from registry.queries.headers import QueryHeader, QueryParameter, parameters_used

_ID_KEYS = ("id", "name", "title", "label")
# A node in the drawn graph reads by what a person calls it; its id stays in its tooltip.
_CAPTION_KEYS = ("acronym", "name", "title", "label", "id")


@dataclass(frozen=True)
class ParamField:
    """One input of a parameter form."""

    name: str
    type: str  # string, integer, float, boolean, list
    required: bool
    default: Any
    doc: str


def form_fields(header: QueryHeader, name: str | None = None, lang: str = "en") -> list[ParamField]:
    """The inputs a named query's header asks for; given the query's name, each line about a parameter in
    ``lang`` (the catalogs' translation of the header's line, see ``i18n.query_text``)."""
    return [
        ParamField(
            p.name, p.type, p.required, p.default, query_text(name, f"param:{p.name}", p.doc, lang) if name else p.doc
        )
        for p in header.parameters
    ]


def free_fields(cypher: str, header: QueryHeader | None = None) -> list[ParamField]:
    """Inputs for the $parameters of editor text; typed where a header declares them."""
    declared = {p.name: p for p in header.parameters} if header else {}
    fields = []
    for name in sorted(parameters_used(_code_only(cypher))):
        if name in declared:
            p = declared[name]
            fields.append(ParamField(p.name, p.type, p.required, p.default, p.doc))
        else:
            fields.append(ParamField(name, "auto", True, None, ""))
    return fields


_STRING_OR_COMMENT = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|//[^\n]*|/\*.*?(?:\*/|\Z)""", re.DOTALL)


def _code_only(cypher: str) -> str:
    """The text without comments and string literals: a '$x' inside either is not a parameter."""
    return _STRING_OR_COMMENT.sub(lambda m: "''" if m.group(1) else " ", cypher)


def coerce_value(field: ParamField, raw: Any) -> Any:
    """A form value typed for the store. Empty optional text means "not given" (None).

    Raises BadParameter (a CoordregError) when the text does not fit the type.
    """
    if raw is None:  # an id list with nothing picked
        return None
    if isinstance(raw, str) and raw.strip() == "" and field.type not in {"string"}:
        return None
    if field.type == "auto":
        return _guess(str(raw))
    if field.type == "string" and isinstance(raw, str) and raw == "" and not field.required:
        return None
    return QueryParameter(field.name, field.type, field.required, field.default, field.doc).coerce(raw)


def _guess(text: str) -> Any:
    """Free-text parameters: numbers and true/false as such, anything else as text."""
    stripped = text.strip()
    if stripped.lower() in {"true", "false"}:
        return stripped.lower() == "true"
    for kind in (int, float):
        try:
            return kind(stripped)
        except ValueError:
            continue
    return text


def missing_values(fields: Iterable[ParamField], raw: dict[str, Any]) -> list[ParamField]:
    """The required inputs left empty, with no default to fall back on."""
    return [f for f in fields if f.required and f.default is None and _empty(raw.get(f.name))]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def bound_values(fields: Iterable[ParamField], raw: dict[str, Any]) -> dict[str, Any]:
    """Typed values for the fields that were given (None values are dropped)."""
    out = {}
    for field in fields:
        value = coerce_value(field, raw.get(field.name, ""))
        if value is not None:
            out[field.name] = value
    return out


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text a table can show: nodes as ``(:Label {id})``, lists joined."""
    if frame.empty:
        return frame
    shown = frame.apply(lambda column: column.map(_short))
    return flat_frame(shown)


def _short(value: Any) -> Any:
    if isinstance(value, dict) and value.get("_kind") == "node":
        labels = ":".join(value.get("_labels") or [])
        return f"(:{labels} {_name(value)})"
    if isinstance(value, dict) and value.get("_kind") == "relationship":
        return f"[:{value.get('_type')}]"
    if isinstance(value, dict) and value.get("_kind") == "path":
        return " ".join(_short(n) for n in value.get("nodes", []))
    if isinstance(value, list):
        return [_short(v) for v in value]
    return value


def _name(node: dict[str, Any]) -> str:
    for key in _ID_KEYS:
        if node.get(key) not in (None, ""):
            return str(node[key])
    return str(node.get("_id"))


def _walk(value: Any) -> Iterable[dict[str, Any]]:
    if isinstance(value, dict):
        kind = value.get("_kind")
        if kind in {"node", "relationship"}:
            yield value
        elif kind == "path":
            yield from value.get("nodes", [])
            yield from value.get("relationships", [])
        else:
            for inner in value.values():
                yield from _walk(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _walk(inner)


def result_graph(frame: pd.DataFrame) -> nx.MultiDiGraph:
    """The nodes and relationships anywhere in a result, as a graph (empty if there are none)."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    relationships: dict[Any, dict[str, Any]] = {}
    for column in frame.columns:
        for cell in frame[column]:
            for item in _walk(cell):
                if item["_kind"] == "node":
                    _add_node(graph, item)
                else:
                    relationships[item.get("_id")] = item
    for rel in relationships.values():
        for end in ("_src", "_dst"):
            if str(rel.get(end)) not in graph:
                graph.add_node(str(rel.get(end)), label=f"#{rel.get(end)}", group="?", tooltip=html.escape(
                    f"#{rel.get(end)}"))  # fmt: skip
        properties = {k: v for k, v in rel.items() if not k.startswith("_")}
        graph.add_edge(
            str(rel.get("_src")),
            str(rel.get("_dst")),
            key=str(rel.get("_id")),
            label=str(rel.get("_type")),
            tooltip=tooltip_html(str(rel.get("_type")), sorted(properties.items())),
        )
    return graph


def _add_node(graph: nx.MultiDiGraph, node: dict[str, Any]) -> None:
    key = str(node.get("_id"))
    if key in graph:
        return
    labels = list(node.get("_labels") or [])
    properties = {k: v for k, v in node.items() if not k.startswith("_") and k != "search_key"}
    name = _name(node)
    caption = next((str(node[k]) for k in _CAPTION_KEYS if node.get(k) not in (None, "")), name)
    graph.add_node(
        key,
        label=(caption if len(caption) <= 40 else caption[:39] + "…"),
        group=labels[0] if labels else "?",
        tooltip=tooltip_html(f"{':'.join(labels)} {name}", sorted(properties.items())),
    )


def has_graph(frame: pd.DataFrame) -> bool:
    return any(True for column in frame.columns for cell in frame[column] for _ in _walk(cell))
