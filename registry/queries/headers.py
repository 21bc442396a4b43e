"""Parse the comment header every named query opens with.

    // title: Typology matrix
    // question: Which coordination levels does each practice involve?
    // param: practice (string, required) The practice id, e.g. arg-intercosecha
    // param: max_hops (integer, default 4) How many relationships a path may cross
    // columns: practice_id, title, countries, macro, meso, micro, conflict
    // backends: falkordb, neo4j
    // fold: text            (parameters compared accent- and case-insensitively)
    // post: centrality      (a Python step after the query, see registry.analysis)

The header is data: the CLI lists it, the app builds parameter forms from it,
and a test checks every ``$name`` in the query text is declared here.

A header ends at the first line that is not a comment, or at a line reading
``// end of header``. Saved queries always end theirs with that line, so
comments at the top of a user's query text (``// param: …``, ``// title: …``)
stay part of the query and can never extend or break its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from registry.errors import BadParameter

PARAM_TYPES = ("string", "integer", "float", "boolean", "list")
HEADER_END = "// end of header"
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?:,\s*(?P<req>required|default\s+(?P<default>[^,)]*)))?"
    r"(?:,\s*(?P<low>-?\d+)\.\.(?P<high>-?\d+))?\)\s*(?P<doc>.*)$"
)
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
#: Each type as an error message says it to a researcher ("must be a whole number", never "must be a integer").
_TYPE_WORDS = {"string": "a text", "integer": "a whole number", "float": "a number", "boolean": "true or false",
               "list": "a list"}  # fmt: skip


@dataclass(frozen=True)
class QueryParameter:
    name: str
    type: str
    required: bool
    default: Any
    doc: str
    # Bounds for integer and float parameters, declared as "(integer, default 4, 1..10)".
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, raw: Any) -> Any:
        """Turn a CLI or form value into the declared type, or explain why not."""
        if raw is None:
            return None
        value = self._check_native(raw) if not isinstance(raw, str) else self._from_text(raw)
        if self.type in {"integer", "float"}:
            if self.minimum is not None and value < self.minimum:
                raise BadParameter(f"parameter '{self.name}' must be at least {self.minimum}, not {value}")
            if self.maximum is not None and value > self.maximum:
                raise BadParameter(f"parameter '{self.name}' must be at most {self.maximum}, not {value}")
        return value

    def _from_text(self, raw: str) -> Any:
        text = raw.strip()
        try:
            if self.type == "string":
                return raw
            if self.type == "integer":
                return int(text)
            if self.type == "float":
                return float(text)
            if self.type == "boolean":
                if text.lower() in {"true", "yes", "1"}:
                    return True
                if text.lower() in {"false", "no", "0"}:
                    return False
                raise ValueError
            if self.type == "list":
                return [part.strip() for part in text.split(",") if part.strip()]
        except ValueError:
            pass
        raise BadParameter(f"parameter '{self.name}' must be {_TYPE_WORDS[self.type]}, not '{raw}'")

    def _check_native(self, value: Any) -> Any:
        expected: dict[str, tuple[type, ...]] = {
            "string": (str,),
            "integer": (int,),
            "float": (int, float),
            "boolean": (bool,),
            "list": (list, tuple),
        }
        if isinstance(value, bool) and self.type in {"integer", "float"}:
            raise BadParameter(f"parameter '{self.name}' must be {_TYPE_WORDS[self.type]}")
        if not isinstance(value, expected[self.type]):
            raise BadParameter(f"parameter '{self.name}' must be {_TYPE_WORDS[self.type]}")
        if self.type == "list":
            items = list(value)  # type: ignore[call-overload]
            if not all(isinstance(v, str) for v in items):
                raise BadParameter(f"parameter '{self.name}' must be a list of texts")
            return items
        return value


@dataclass(frozen=True)
class QueryHeader:
    title: str
    question: str
    parameters: tuple[QueryParameter, ...] = ()
    columns: tuple[str, ...] = ()
    backends: tuple[str, ...] = ("falkordb", "neo4j")
    fold: tuple[str, ...] = ()
    post: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _parse_default(text: str | None, type_: str) -> Any:
    if text is None:
        return None
    text = text.strip()
    if text in {"null", "none", ""}:
        return None
    param = QueryParameter("default", type_, False, None, "")
    return param.coerce(text)


def parse_header(text: str, origin: str) -> QueryHeader:
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == HEADER_END or not stripped.startswith("//"):
            break
        body = stripped[2:].strip()
        key, sep, value = body.partition(":")
        if sep and re.fullmatch(r"[a-z]+", key.strip()):
            fields.setdefault(key.strip(), []).append(value.strip())
        elif fields.get("note") is not None or body:
            fields.setdefault("note", []).append(body)
    if "title" not in fields or "question" not in fields:
        raise ValueError(f"{origin}: a named query must open with '// title:' and '// question:' lines")
    parameters = []
    for raw in fields.get("param", []):
        match = _PARAM_LINE.match(raw)
        if not match or match["type"] not in PARAM_TYPES:
            raise ValueError(
                f"{origin}: cannot read parameter line '{raw}' (expected: name (type, required|default X) doc)"
            )
        required = match["req"] == "required"
        parameters.append(
            QueryParameter(
                name=match["name"],
                type=match["type"],
                required=required,
                default=_parse_default(match["default"], match["type"]),
                doc=match["doc"].strip(),
                minimum=int(match["low"]) if match["low"] is not None else None,
                maximum=int(match["high"]) if match["high"] is not None else None,
            )
        )

    def split(key: str) -> tuple[str, ...]:
        return tuple(p.strip() for v in fields.get(key, []) for p in v.split(",") if p.strip())

    return QueryHeader(
        title=fields["title"][0],
        question=" ".join(fields["question"]),
        parameters=tuple(parameters),
        columns=split("columns"),
        backends=split("backends") or ("falkordb", "neo4j"),
        fold=split("fold"),
        post=fields["post"][0] if fields.get("post") else None,
        notes=tuple(fields.get("note", [])),
    )


def parameters_used(cypher: str) -> set[str]:
    """Every $name the query text uses (comments included: they are cheap to check)."""
    return set(_PARAM_USE.findall(cypher))
