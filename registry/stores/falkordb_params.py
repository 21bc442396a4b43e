"""Write query parameters the way FalkorDB reads them: a ``CYPHER name=value …`` header.

FalkorDB takes parameters as text in front of the query. The client library
can write that header, but a load sends hundreds of thousands of values and
its generic writer, plus a separate pass checking that every value can be
sent at all, cost more client time than the server spends writing them. This
module does both in one pass, producing the same text as the client's writer
(strings in double quotes with backslash and quote escaped, maps with
back-quoted keys, ``null``), and refuses what cannot be sent faithfully:

- a NUL character would cut the query short;
- NaN and infinity have no spelling in the header;
- integers beyond 64 bits would be silently clamped;
- a lone surrogate cannot be encoded at all.

Each would be a confusing store error or a wrong answer; the message names
the parameter instead.
"""

from __future__ import annotations

import math
from typing import Any

from registry.errors import BadParameter

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class _Unsendable(Exception):
    """A value the header cannot carry; the message completes "parameter 'x' …"."""


def params_header(parameters: dict[str, Any]) -> str:
    """The ``CYPHER …`` text to put in front of a query ('' when there are no parameters)."""
    if not parameters:
        return ""
    parts = ["CYPHER"]
    for name, value in parameters.items():
        if not isinstance(name, str) or not name or "`" in name:
            raise BadParameter(f"'{name}' cannot be a parameter name")
        try:
            parts.append(f"`{name}`={_encode(value)}")
        except _Unsendable as exc:
            raise BadParameter(f"parameter '{name}' {exc}") from None
    return " ".join(parts) + " "


def _encode(value: Any) -> str:
    # Exact text first: a load sends hundreds of thousands of strings. Subclasses (an IntEnum, a str
    # subclass) are sent as their base value; bool is checked before int, which it subclasses.
    if type(value) is str:
        return _text(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _integer(int(value))
    if isinstance(value, float):
        return _number(float(value))
    if isinstance(value, str):
        return _text(str(value))
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(_encode, value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"`{_key(k)}`:{_encode(v)}" for k, v in value.items()) + "}"
    raise _Unsendable(f"has a value of type {type(value).__name__}, which the graph store cannot take")


def _text(value: str) -> str:
    if "\x00" in value:
        raise _Unsendable("contains a NUL character (U+0000), which the graph store cannot take")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Unsendable("contains a character that is not valid Unicode text (a lone surrogate)") from None
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if '"' in value:
        value = value.replace('"', '\\"')
    return f'"{value}"'


def _integer(value: int) -> str:
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise _Unsendable("is beyond the 64-bit integer range")
    return str(value)


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise _Unsendable("is not a finite number")
    return str(value)


def _key(key: Any) -> str:
    if not isinstance(key, str) or not key or "`" in key:
        raise _Unsendable(f"has a map key the graph store cannot take ({key!r})")
    return key
