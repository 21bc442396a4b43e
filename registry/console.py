"""The Cypher console: run anyone's query, change nothing.

Read-only by construction, in layers:
1. this guard refuses, before anything reaches the store, every clause that
   writes or escapes the graph (CREATE … LOAD CSV, CALL of a procedure outside
   a short allowlist, several statements, non-ASCII look-alikes of keywords);
2. the store runs what passes with its read-only entry point — FalkorDB's
   ``GRAPH.RO_QUERY``, Neo4j's ``execute_read`` after an ``EXPLAIN`` whose
   query type must be ``r`` — so a write the guard missed is still refused;
3. a time limit and a row cap, with truncation reported.
"""

from __future__ import annotations

import re
from typing import Any

from registry.errors import QueryRefused
from registry.stores.base import DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_CAP, GraphStore, QueryResult

MAX_CONSOLE_QUERY_CHARS = 20_000

ALLOWED_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"})

WRITE_KEYWORDS = frozenset(
    {
        "create", "merge", "set", "delete", "detach", "remove", "drop", "foreach", "load",
        "alter", "grant", "deny", "revoke", "rename", "start", "stop", "terminate", "enable",
        "disable", "use", "periodic", "commit", "show", "dbms", "finish",
    }
)  # fmt: skip

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`[^`]*(?:`|\Z))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)]


def check_read_only(cypher: str) -> None:
    """Raise QueryRefused, with a reason a person understands, or return."""
    if not cypher.strip():
        raise QueryRefused("The query is empty.")
    if len(cypher) > MAX_CONSOLE_QUERY_CHARS:
        raise QueryRefused(f"The query is longer than {MAX_CONSOLE_QUERY_CHARS} characters.")
    if "\x00" in cypher:
        raise QueryRefused("The query contains a NUL character.")
    tokens = [t for t in _tokens(cypher) if t[0] not in {"comment", "space"}]
    for kind, value in tokens:
        if kind == "other" and not value.isascii():
            raise QueryRefused(
                f"The query contains the character '{value}' (U+{ord(value):04X}) outside a string; "
                "only plain ASCII is accepted there, so look-alike letters cannot hide a keyword."
            )
    significant = [(k, v) for k, v in tokens]
    for i, (kind, value) in enumerate(significant):
        previous = significant[i - 1][1] if i else ""
        if kind == "other" and value == ";" and any(k for k, _ in significant[i + 1 :]):
            raise QueryRefused("Only one statement at a time: remove the ';' and what follows it.")
        if kind != "word" or previous == ".":  # n.set is a property, not a clause
            continue
        if i + 1 < len(significant) and significant[i + 1][1] == ":" and _inside_map(significant, i):
            continue  # {set: 1} is a map key
        word = value.lower()
        if word == "call":
            _check_call(significant, i)
        elif word in WRITE_KEYWORDS:
            if word == "load":
                raise QueryRefused("LOAD CSV is refused in the console: it reads files or fetches URLs.")
            raise QueryRefused(
                f"'{value.upper()}' changes the registry or the server; the console only runs read queries."
            )


def _inside_map(tokens: list[tuple[str, str]], index: int) -> bool:
    depth = 0
    for _, value in reversed(tokens[:index]):
        if value == "}":
            depth += 1
        elif value == "{":
            if depth == 0:
                return True
            depth -= 1
    return False


def _check_call(tokens: list[tuple[str, str]], index: int) -> None:
    following = tokens[index + 1 :]
    if following and following[0][1] == "{":
        return  # CALL { … } subquery: its clauses are checked like any other
    name_parts: list[str] = []
    for kind, value in following:
        if kind in {"word", "quoted"} or value == ".":
            name_parts.append(value.strip("`"))
            continue
        break
    name = "".join(name_parts).lower()
    if name not in ALLOWED_PROCEDURES:
        shown = "".join(name_parts) or "?"
        raise QueryRefused(
            f"CALL {shown} is refused in the console; only {', '.join(sorted(ALLOWED_PROCEDURES))} may be called."
        )


def run_console_query(
    store: GraphStore,
    cypher: str,
    parameters: dict[str, Any] | None = None,
    *,
    timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
    row_cap: int | None = DEFAULT_ROW_CAP,
) -> QueryResult:
    check_read_only(cypher)
    store.check_read_only(cypher, parameters or {})
    return store.read(cypher, parameters or {}, timeout_ms=timeout_ms, row_cap=row_cap)
