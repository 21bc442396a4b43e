"""The Cypher console: run anyone's query, change nothing.

Read-only by construction, in layers (tests/test_hardening_console.py tries
each one alone, with a corpus of write, admin and escape attempts):
1. this guard refuses, before anything reaches the store, every clause that
   writes or escapes the graph (CREATE … LOAD CSV, CALL of a procedure outside
   a short allowlist, several statements, a query that does not open with a
   read clause, non-ASCII look-alikes of keywords);
2. the store checks the query's plan — FalkorDB ``GRAPH.EXPLAIN`` (no write
   operation, no LOAD CSV), Neo4j ``EXPLAIN`` (query type ``r``);
3. the store runs it through its read-only entry point — FalkorDB's
   ``GRAPH.RO_QUERY``, Neo4j's ``execute_read`` — so a write the first two
   missed is still refused;
4. a time limit, and a row cap the server itself applies (``LIMIT cap + 1``),
   with truncation reported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from registry.errors import QueryRefused
from registry.locks import console_slot
from registry.stores.base import DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_CAP, GraphStore, QueryResult

MAX_CONSOLE_QUERY_CHARS = 20_000

ALLOWED_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"})

# Namespaced functions (``ns.name(…)``) the console accepts: the built-in temporal,
# spatial and vector ones. Any other namespace — apoc.*, db.*, dbms.*, gds.*, a
# plugin's — is refused, because functions too can read files, fetch URLs or run
# Cypher (apoc.cypher.runFirstColumnSingle, apoc.load.* helpers).
ALLOWED_FUNCTION_NAMESPACES = frozenset(
    {"date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector", "vec"}
)

# Parsing is outside every time limit, and FalkorDB's parser takes time that grows
# about fourfold with each level of nesting (24 levels: 32 s). These bounds keep
# parsing instant; real queries stay far below them.
MAX_NESTING_DEPTH = 12
MAX_QUERY_TOKENS = 4_000
# A list built by range() is allocated whole before the time limit is checked: range(1, 1e8) ran 24 s
# past a 10 s limit. Five million numbers take well under a second.
MAX_RANGE_ELEMENTS = 5_000_000

# The clauses a read query may open with. Anything else — a server command
# (FLUSHALL, GRAPH.DELETE), an administration statement (ALTER, GRANT, STOP
# DATABASE), EXPLAIN/PROFILE — is refused before it reaches the store.
READ_STARTERS = frozenset({"match", "optional", "with", "unwind", "return", "call"})

WRITE_KEYWORDS = frozenset(
    {
        "create", "merge", "set", "delete", "detach", "remove", "drop", "foreach", "load",
        "alter", "grant", "deny", "revoke", "rename", "terminate", "enable",
        "disable", "use", "periodic", "commit", "show", "dbms", "finish", "insert",
    }
)  # fmt: skip
# START and STOP (DATABASE) are administration statements too, but only ever
# open a statement, which READ_STARTERS already refuses; as words they are
# common variable names in path queries: (start)-[*]->(stop).

# A line comment ends at any line break some Cypher parser knows (Neo4j ends
# it at \r too): ending it early only exposes more text to the checks below.
_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n\r\x85\u2028\u2029]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`[^`]*(?:`|\Z))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>[ \t\r\n]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # comment, string, quoted, word, space, other
    value: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.lastgroup or "other", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def check_read_only(cypher: str, parameters: dict[str, Any] | None = None) -> None:
    """Raise QueryRefused, with a reason a person understands, or return."""
    if not cypher.strip():
        raise QueryRefused("The query is empty.")
    if len(cypher) > MAX_CONSOLE_QUERY_CHARS:
        raise QueryRefused(f"The query is longer than {MAX_CONSOLE_QUERY_CHARS} characters.")
    if "\x00" in cypher:
        raise QueryRefused("The query contains a NUL character.")
    significant = [t for t in _tokens(cypher) if t.kind not in {"comment", "space"}]
    for token in significant:
        if token.kind == "other" and (not token.value.isascii() or not token.value.isprintable()):
            shown = f"'{token.value}' " if token.value.isprintable() else ""
            raise QueryRefused(
                f"The query contains the character {shown}(U+{ord(token.value):04X}) outside a string; only plain "
                "printable ASCII is accepted there, so look-alike letters cannot hide a keyword."
            )
    if len(significant) > MAX_QUERY_TOKENS:
        raise QueryRefused(f"The query has more than {MAX_QUERY_TOKENS} words and symbols; split it into smaller ones.")
    _check_nesting(significant)
    _check_ranges(cypher, significant, parameters or {})
    subqueries = _subquery_spans(significant)
    for i, token in enumerate(significant):
        if token.value == ";" and i + 1 < len(significant):
            raise QueryRefused("Only one statement at a time: remove the ';' and what follows it.")
        if token.kind in {"word", "quoted"} and _is_function_call(significant, i):
            _check_function(significant, i)
        if token.kind != "word":
            continue
        if _is_data(significant, i):
            continue
        word = token.value.lower()
        if word == "call":
            _check_call(significant, i, inside_subquery=any(start < i < end for start, end in subqueries))
        elif word == "in" and _next_word(significant, i) == "transactions":
            raise QueryRefused(
                "CALL { … } IN TRANSACTIONS is refused in the console: it commits in batches, which only writes need."
            )
        elif word in WRITE_KEYWORDS:
            if word == "load":
                raise QueryRefused("LOAD CSV is refused in the console: it reads files or fetches URLs.")
            raise QueryRefused(
                f"'{token.value.upper()}' changes the registry or the server; the console only runs read queries."
            )
    first = significant[0]
    if first.kind != "word" or first.value.lower() not in READ_STARTERS:
        raise QueryRefused(
            f"A console query opens with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, not "
            f"'{first.value[:40]}': the console only runs read queries."
        )


def _is_data(tokens: list[_Token], index: int) -> bool:
    """True for a word that names data, not a clause: n.set, $create, {delete: 1}."""
    word = tokens[index]
    before = tokens[index - 1] if index else None
    if before is not None and before.end == word.start:
        if before.value == "$":
            return True  # a parameter
        if before.value == "." and index >= 2:
            owner = tokens[index - 2]
            # A property only when written n.set: with a space or a number before
            # the dot ("1. CREATE", "n.\nDELETE") a parser may read a clause.
            if owner.end == before.start and owner.kind in {"word", "quoted"}:
                return True
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return after is not None and after.value == ":" and _inside_map(tokens, index)


def _inside_map(tokens: list[_Token], index: int) -> bool:
    depth = 0
    for token in reversed(tokens[:index]):
        if token.value == "}":
            depth += 1
        elif token.value == "{":
            if depth == 0:
                return True
            depth -= 1
    return False


def _next_word(tokens: list[_Token], index: int) -> str:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following.value.lower() if following is not None and following.kind == "word" else ""


def _check_nesting(tokens: list[_Token]) -> None:
    depth = deepest = 0
    for token in tokens:
        if token.value in {"(", "[", "{"}:
            depth += 1
            deepest = max(deepest, depth)
        elif token.value in {")", "]", "}"}:
            depth -= 1
    if deepest > MAX_NESTING_DEPTH:
        raise QueryRefused(
            f"The query nests brackets {deepest} deep; the console accepts at most {MAX_NESTING_DEPTH}, "
            "because deeper nesting can keep the store busy before any time limit applies. Use WITH steps instead."
        )


def _check_ranges(cypher: str, tokens: list[_Token], parameters: dict[str, Any]) -> None:
    """Refuse ``range()`` calls whose bounds (numbers, parameters or arithmetic on them) span more
    than MAX_RANGE_ELEMENTS: the store builds the whole list before its time or memory limit acts."""
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.value.lower() != "range" or i + 1 >= len(tokens) or tokens[i + 1].value != "(":
            continue
        if i and tokens[i - 1].value in {".", "$"}:
            continue
        arguments, start, depth = [], tokens[i + 1].end, 0
        for j in range(i + 2, len(tokens)):
            value = tokens[j].value
            if value in {"(", "[", "{"}:
                depth += 1
            elif value in {")", "]", "}"} and depth:
                depth -= 1
            elif value in {",", ")"} and depth == 0:
                arguments.append(cypher[start : tokens[j].start])
                start = tokens[j].end
                if value == ")":
                    break
        numbers = [_number(text, parameters) for text in arguments]
        if len(numbers) < 2 or any(n is None for n in numbers):
            continue
        low, high = float(numbers[0] or 0), float(numbers[1] or 0)
        step = float(numbers[2]) if len(numbers) > 2 and numbers[2] else 1.0
        if abs((high - low) / step) + 1 > MAX_RANGE_ELEMENTS:
            raise QueryRefused(
                f"range() here would build a list of more than {MAX_RANGE_ELEMENTS:,} numbers, which the store "
                "builds whole before any limit applies; use a smaller range."
            )


def _number(text: str, parameters: dict[str, Any]) -> float | None:
    """A range bound written as a number, a parameter, or arithmetic on numbers; None for anything else."""
    text = text.strip()
    named = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", text)
    if named:
        value = parameters.get(named.group(1))
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if not re.fullmatch(r"[0-9eE.+\-*/^() ]{1,60}", text):
        return None
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        return None
    return _arithmetic(tree.body)


def _arithmetic(node: ast.expr) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _arithmetic(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp):
        left, right = _arithmetic(node.left), _arithmetic(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Pow):
                return float(left**right) if abs(right) <= 64 else float("inf")
            operations = {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}
            if isinstance(node.op, ast.Div):
                return left / right if right else None
            return operations.get(type(node.op))
        except (OverflowError, ValueError):
            return float("inf")
    return None


def _subquery_spans(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges of ``CALL { … }``, ``CALL (x) { … }``, ``EXISTS { … }`` and ``COUNT { … }`` bodies."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []  # (index of the opening bracket, opens a subquery)
    for i, token in enumerate(tokens):
        if token.value in {"(", "[", "{"}:
            opens = token.value == "{" and _follows_subquery_keyword(tokens, i)
            stack.append((i, opens))
        elif token.value in {")", "]", "}"} and stack:
            start, opens = stack.pop()
            if opens:
                spans.append((start, i))
    spans.extend((start, len(tokens)) for start, opens in stack if opens)  # unclosed: to the end
    return spans


def _follows_subquery_keyword(tokens: list[_Token], index: int) -> bool:
    before = tokens[index - 1] if index else None
    if before is None:
        return False
    if before.kind == "word" and before.value.lower() in {"call", "exists", "count", "collect"}:
        return True
    if before.value == ")":  # CALL (x, y) { … }: find the matching "("
        depth = 0
        for j in range(index - 1, -1, -1):
            if tokens[j].value == ")":
                depth += 1
            elif tokens[j].value == "(":
                depth -= 1
                if depth == 0:
                    return j > 0 and tokens[j - 1].kind == "word" and tokens[j - 1].value.lower() == "call"
    return False


def _dotted_name(tokens: list[_Token], index: int) -> tuple[list[str], int]:
    """The name ``a.b.c`` starting at ``index``, as its parts, and the index after it."""
    parts = [tokens[index].value.strip("`")]
    j = index + 1
    while j + 1 < len(tokens) and tokens[j].value == "." and tokens[j + 1].kind in {"word", "quoted"}:
        parts.append(tokens[j + 1].value.strip("`"))
        j += 2
    return parts, j


def _is_function_call(tokens: list[_Token], index: int) -> bool:
    """True at the first word of a namespaced call such as ``apoc.text.join(…)`` (not after CALL)."""
    before = tokens[index - 1] if index else None
    if before is not None and (before.value in {".", "$"} or before.value.lower() == "call"):
        return False
    parts, after = _dotted_name(tokens, index)
    dotted = len(parts) > 1 or "." in parts[0]  # `apoc.version`() names the same function as apoc.version()
    return dotted and after < len(tokens) and tokens[after].value == "("


def _check_function(tokens: list[_Token], index: int) -> None:
    parts, _ = _dotted_name(tokens, index)
    if parts[0].split(".")[0].strip().lower() not in ALLOWED_FUNCTION_NAMESPACES:
        raise QueryRefused(
            f"The function {'.'.join(parts)}() is refused in the console: only built-in functions and the "
            f"{', '.join(sorted(ALLOWED_FUNCTION_NAMESPACES))} namespaces may be called, because plugin "
            "functions can read files, fetch URLs or run other queries."
        )


def _check_call(tokens: list[_Token], index: int, *, inside_subquery: bool = False) -> None:
    following = tokens[index + 1 :]
    if following and following[0].value in {"{", "("}:
        return  # CALL { … } or CALL (x) { … } subquery: its clauses are checked like any other
    if inside_subquery:
        # FalkorDB 4.16 crashes (segfault in buildCallSubqueryPlan) on a procedure called inside a subquery.
        raise QueryRefused(
            "A procedure called inside a subquery (CALL { CALL … }) is refused in the console; "
            "call it at the top of the query instead."
        )
    name_parts: list[str] = []
    for token in following:
        if token.kind in {"word", "quoted"} or token.value == ".":
            name_parts.append(token.value.strip("`"))
            continue
        break
    name = "".join(name_parts).lower()
    if name not in ALLOWED_PROCEDURES:
        shown = "".join(name_parts) or "?"
        raise QueryRefused(
            f"CALL {shown} is refused in the console; only {', '.join(sorted(ALLOWED_PROCEDURES))} may be called."
        )


_CLAUSES = frozenset({"match", "optional", "with", "unwind", "return", "call", "yield", "limit"})


def with_row_limit(cypher: str, row_cap: int | None, parameters: dict[str, Any] | None = None) -> str:
    """Append ``LIMIT row_cap + 1`` to a query whose last clause is a RETURN without one, and lower
    a larger ``LIMIT`` the query ends with to the same.

    The store stops producing rows there, so a runaway query that would
    return millions of rows (which the client would spend minutes reading,
    past any time limit) ends at once; the extra row still tells the caller
    the answer was cut. A user's own ``LIMIT 10000000`` must not switch that
    off. In a UNION ALL every part gets the limit (the first rows of the whole
    are the same). A plain UNION is left as it is: limiting its parts before
    duplicates are removed could drop rows silently.
    """
    if row_cap is None:
        return cypher
    significant = [t for t in _tokens(cypher) if t.kind not in {"comment", "space"}]
    if significant and significant[-1].value == ";":
        significant = significant[:-1]
    parts: list[list[tuple[int, _Token]]] = [[]]
    depth = 0
    for i, token in enumerate(significant):
        if token.value in {"(", "[", "{"}:
            depth += 1
        elif token.value in {")", "]", "}"}:
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.value.lower() == "union" and not _is_data(significant, i):
            following = significant[i + 1] if i + 1 < len(significant) else None
            if following is None or following.value.lower() != "all":
                return cypher
            parts.append([])
            continue
        parts[-1].append((i, token))
    if depth != 0:
        return cypher
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the query text
    for part in parts:
        if not part:
            continue
        if _ends_in_unlimited_return(significant, part):
            edits.append((part[-1][1].end, part[-1][1].end, f" LIMIT {row_cap + 1}"))
        elif (lowered := _lowered_limit(cypher, significant, part, row_cap + 1, parameters or {})) is not None:
            edits.append(lowered)
    for start, end, text in sorted(edits, reverse=True):
        cypher = f"{cypher[:start]}{text}{cypher[end:]}"
    return cypher


def _lowered_limit(
    cypher: str, significant: list[_Token], part: list[tuple[int, _Token]], most: int, parameters: dict[str, Any]
) -> tuple[int, int, str] | None:
    """The edit lowering the part's closing ``LIMIT n`` (a number or a parameter) to ``most``, if n is larger."""
    limit_at: int | None = None
    for position, word in _top_level_words(significant, part):
        limit_at = position if word == "limit" else (None if word in _CLAUSES else limit_at)
    if limit_at is None or limit_at + 1 >= len(part):
        return None
    start, end = part[limit_at + 1][1].start, part[-1][1].end
    written = cypher[start:end].strip()
    if written.isdigit():
        value: Any = int(written)
    elif re.fullmatch(r"\$[A-Za-z_][A-Za-z0-9_]*", written):
        value = parameters.get(written[1:])
    else:
        raise QueryRefused(
            "The console needs the final LIMIT as a plain number or a parameter, so it can apply its row cap."
        )
    if isinstance(value, int) and not isinstance(value, bool) and value <= most:
        return None
    return start, end, str(most)


def _ends_in_unlimited_return(significant: list[_Token], part: list[tuple[int, _Token]]) -> bool:
    """True when the part's last top-level clause is RETURN and it has no LIMIT yet."""
    clauses = [word for _, word in _top_level_words(significant, part) if word in _CLAUSES]
    return bool(clauses) and clauses[-1] == "return"


def _top_level_words(significant: list[_Token], part: list[tuple[int, _Token]]) -> Iterator[tuple[int, str]]:
    """(position in ``part``, lower-cased word) of each keyword-like word outside brackets."""
    depth = 0
    for position, (i, token) in enumerate(part):
        if token.value in {"(", "[", "{"}:
            depth += 1
        elif token.value in {")", "]", "}"}:
            depth -= 1
        elif depth == 0 and token.kind == "word" and not _is_data(significant, i):
            yield position, token.value.lower()


def without_comments(cypher: str) -> str:
    """The query with its comments replaced by spaces.

    FalkorDB 4.16 can crash (segfault) on some queries with ``//`` comments
    inside a ``CALL { … }`` subquery; comments carry no meaning for the store,
    so the console never sends them.
    """
    return "".join(" " if t.kind == "comment" else t.value for t in _tokens(cypher))


def run_console_query(
    store: GraphStore,
    cypher: str,
    parameters: dict[str, Any] | None = None,
    *,
    timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
    row_cap: int | None = DEFAULT_ROW_CAP,
) -> QueryResult:
    check_read_only(cypher, parameters)
    limited = with_row_limit(without_comments(cypher), row_cap, parameters)
    with console_slot(store.lock_path("console")):
        store.check_read_only(limited, parameters or {})
        return store.read(limited, parameters or {}, timeout_ms=timeout_ms, row_cap=row_cap)
