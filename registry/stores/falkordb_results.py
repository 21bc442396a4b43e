"""Read FalkorDB's compact answers into plain Python rows.

FalkorDB sends every cell as a ``[type, value]`` pair. The client library
turns each into an object and coordreg then turned those into plain values:
for a 10,000-row answer that took longer than the server took to compute it.
Named queries return scalars, lists and maps, which are decoded here in one
pass. Nodes, relationships, paths and the rarer types (a console query's
``RETURN n``) need the client library's schema lookups, so an answer holding
any of them is handed back to it (``NeedsClientParser``).
"""

from __future__ import annotations

from typing import Any

from registry.stores.falkordb_wire import reply_error

# FalkorDB's cell type codes (the client library's ResultSetScalarTypes).
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


class NeedsClientParser(Exception):
    """The answer holds a node, relationship, path or other type decoded by the client library."""


def raise_reply_errors(response: Any) -> None:
    """FalkorDB reports a failure inside its reply (first or last element); raise it."""
    if reply_error(response):
        raise response
    if isinstance(response, list) and response:
        for end in (response[0], response[-1]):
            if reply_error(end):
                raise end


def compact_answer(response: list[Any]) -> tuple[list[str], list[list[Any]]]:
    """Column names and plain rows of a compact reply; ``NeedsClientParser`` for entity values."""
    if len(response) < 3:  # statistics only: a query that returns nothing
        return [], []
    columns = [str(name) for _, name in response[0]]
    return columns, [[_value(cell) for cell in row] for row in response[1]]


def _value(cell: list[Any]) -> Any:
    kind, value = cell
    if kind == _STRING:
        return value if type(value) is str else value.decode()
    if kind == _INTEGER:
        return int(value)
    if kind == _NULL:
        return None
    if kind == _ARRAY:
        return [_value(item) for item in value]
    if kind == _DOUBLE:
        return float(value)
    if kind == _BOOLEAN:
        return value in ("true", b"true")
    if kind == _MAP:
        return {(value[i] if type(value[i]) is str else value[i].decode()): _value(value[i + 1])
                for i in range(0, len(value), 2)}  # fmt: skip
    raise NeedsClientParser(kind)
