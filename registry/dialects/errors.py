"""What a store's error about a console query means for the query a person typed.

``explain_failure`` reads a store's error — FalkorDB's ``errMsg: …
errCtxOffset: 18``, Neo4j's ``(line 1, column 27 (offset: 26))`` — and
returns a ``QueryProblem``: what kind of problem, where in the text the person
typed (line and column; not in the text the console actually sent, which has
its comments squeezed out, an EXPLAIN in front on Neo4j, and which FalkorDB
counts in bytes), what the parser expected and found, which dialect
difference it is, and a rewrite where one can be computed safely. Nothing here
depends on Streamlit or on a language: the app words it
(registry/app_support/query_help.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from registry.console import without_comments
from registry.dialects.differences import DIALECT_DIFFERENCES, SYNTAX_ERROR, DialectDifference

#: How far after a construct's start a syntax error may sit and still be blamed on it (a subquery's body).
_BLAME_WINDOW = 48


# ---- reading a store's message ---------------------------------------------------------------

_FALKOR_PREFIX = re.compile(r"^The graph store rejected the query:\s*")
_NEO4J_PREFIX = re.compile(r"^Neo4j rejected the query:\s*")
_FALKORSYNTAX_ERROR = re.compile(
    r"errMsg:\s*(?P<message>.*?)\s+line:\s*(?P<line>\d+),\s*column:\s*(?P<column>\d+),\s*offset:\s*(?P<offset>\d+)"
    r"(?:\s+errCtx:.*?errCtxOffset:\s*\d+)?\s*$",
    re.DOTALL,
)
_NEO4J_POSITION = re.compile(r"\s*\(line (?P<line>\d+), column (?P<column>\d+) \(offset: (?P<offset>\d+)\)\)")
_INVALID_INPUT = re.compile(
    r"Invalid input(?: '(?P<found>(?:[^']|'')*)'| at end of input)?:\s*expected\s+(?P<expected>.*)", re.DOTALL
)
_UNKNOWN_FUNCTION = re.compile(r"Unknown function '(?P<name>[^']+)'")
_UNDEFINED = re.compile(r"(?:Variable `(?P<neo>[^`]+)`|'(?P<falkor>[^']+)') not defined")
_MISSING_NEO4J = re.compile(r"Expected parameter\(s\):\s*(?P<names>.+)")
_MISSING_FALKOR = re.compile(r"^Missing parameters?\b", re.IGNORECASE)


@dataclass(frozen=True)
class QueryProblem:
    """What went wrong with a console query, located in the text the person typed."""

    #: syntax, missing_parameters, unknown_function, undefined_variable, unsupported or other
    kind: str
    #: The store's own message, without coordreg's prefix and the store's position trailer.
    message: str
    #: 0-based character offset in the person's text, and the 1-based line and column it falls on.
    offset: int | None = None
    line: int | None = None
    column: int | None = None
    #: How many characters the problem spans from ``offset`` (for the marker under the text).
    length: int = 1
    #: What the parser met there ("RETRN", or "" at the end of the query), and what it expected instead.
    found: str | None = None
    expected: tuple[str, ...] = ()
    #: A keyword the found word is close to ("RETURN" for "RETRN").
    did_you_mean: str | None = None
    #: A function or variable the message names.
    name: str | None = None
    #: Parameters the query uses that were not given.
    missing: tuple[str, ...] = ()
    differences: tuple[DialectDifference, ...] = field(default_factory=tuple)
    #: The person's own query rewritten for the embedded store, where that can be done safely.
    rewrite: str | None = None

    @property
    def needs_neo4j(self) -> bool:
        """True when only Neo4j may run what was asked (or a part of it)."""
        return any(d.embedded is None or d.neo4j_for_the_rest for d in self.differences) and self.rewrite is None


def explain_failure(
    message: str, query: str, dialect: str, parameters: dict[str, object] | None = None
) -> QueryProblem:
    """A store's error about ``query`` (the text the person typed), read into a ``QueryProblem``."""
    parameters = parameters or {}
    text = _FALKOR_PREFIX.sub("", _NEO4J_PREFIX.sub("", message.strip()))
    code = code_only(query)
    offset: int | None = None
    if dialect == "neo4j":
        text, offset = _neo4j_position(text, query)
    else:
        found = _FALKORSYNTAX_ERROR.search(text)
        if found:
            text = found["message"].strip()
            offset = _falkordb_offset(int(found["offset"]), query)
    missing = _missing(text, code, parameters)
    if missing is not None:
        return _missing_problem(query, code, missing, text)
    syntax = _INVALID_INPUT.search(text)
    if syntax:
        return _syntax_problem(text, syntax, query, code, offset, dialect)
    unknown = _UNKNOWN_FUNCTION.search(text)
    if unknown:
        name = unknown["name"]
        at = offset if offset is not None else _first(re.compile(r"(?<![\w.])" + re.escape(name) + r"\s*\(", re.I),
                                                      code)  # fmt: skip
        differences = _matching(text, code, at, dialect)
        return _located(QueryProblem("unknown_function", text, name=name, differences=differences), query, at,
                        len(name))  # fmt: skip
    undefined = _UNDEFINED.search(text)
    if undefined:
        name = undefined["neo"] or undefined["falkor"]
        at = offset if offset is not None else _first(re.compile(r"(?<![\w.$])" + re.escape(name) + r"\b"), code)
        return _located(QueryProblem("undefined_variable", text, name=name), query, at, len(name))
    differences = _matching(text, code, offset, dialect)
    if differences:
        at = offset if offset is not None else _first(differences[0].marker, code)
        rewrite = regex_rewrite(query) if any(d.key == "regular-expression" for d in differences) else None
        return _located(QueryProblem("unsupported", text, differences=differences, rewrite=rewrite), query, at,
                        _marker_length(differences[0], code, at))  # fmt: skip
    return _located(QueryProblem("other", text), query, offset, 1)


def _syntax_problem(
    text: str, syntax: re.Match[str], query: str, code: str, offset: int | None, dialect: str
) -> QueryProblem:
    expected = tuple(_alternatives(syntax["expected"]))
    at = offset
    found: str | None = None
    length = 1
    if at is not None:
        at, found = _word_at(query, at)
        length = max(len(found), 1)
    did_you_mean = None
    if found:
        keywords = [e.strip("'") for e in expected if re.fullmatch(r"'?[A-Z][A-Z ]+'?", e)]
        close = difflib.get_close_matches(found.upper(), keywords, n=1, cutoff=0.6)
        did_you_mean = close[0] if close and close[0] != found.upper() else None
    differences = _matching(text, code, at, dialect)
    if differences and at is not None:
        # The parser stops somewhere inside the construct it does not know: mark the construct itself.
        construct = _blamed_spot(differences[0], code, at)
        if construct is not None:
            at, length = construct
    problem = QueryProblem("syntax", text, found=found, expected=expected, did_you_mean=did_you_mean,
                           differences=differences)  # fmt: skip
    return _located(problem, query, at, length)


def _blamed_spot(difference: DialectDifference, code: str, offset: int) -> tuple[int, int] | None:
    """(start, length) of the construct a syntax error at ``offset`` is blamed on."""
    spots = [m for m in difference.marker.finditer(code) if m.start() <= offset <= m.start() + _BLAME_WINDOW]
    if not spots:
        return None
    match = spots[-1]
    return match.start(), len(match.group().rstrip("({ \n"))


def _located(problem: QueryProblem, query: str, offset: int | None, length: int) -> QueryProblem:
    if offset is None:
        return problem
    offset = max(0, min(offset, len(query)))
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return QueryProblem(**{**problem.__dict__, "offset": offset, "line": line, "column": column,
                           "length": max(1, length)})  # fmt: skip


def _matching(text: str, code: str, offset: int | None, dialect: str) -> tuple[DialectDifference, ...]:
    """The dialect differences the message is about (only the embedded store lacks constructs)."""
    if dialect == "neo4j":
        return ()
    found = []
    for difference in DIALECT_DIFFERENCES:
        if not difference.error.search(text):
            continue
        spots = [m.start() for m in difference.marker.finditer(code)]
        # A syntax error is blamed on a construct only when it sits at the construct or in its body.
        blamed = offset is not None and any(start <= offset <= start + _BLAME_WINDOW for start in spots)
        if difference.error is SYNTAX_ERROR and not blamed:
            continue
        found.append(difference)
    return tuple(found)


def _marker_length(difference: DialectDifference, code: str, at: int | None) -> int:
    for match in difference.marker.finditer(code):
        if at is not None and match.start() <= at < match.end():
            return match.end() - at
    return 1


def _missing(text: str, code: str, parameters: dict[str, object]) -> tuple[str, ...] | None:
    neo4j = _MISSING_NEO4J.search(text)
    if neo4j:
        return tuple(n.strip().lstrip("$") for n in neo4j["names"].split(",") if n.strip())
    if _MISSING_FALKOR.search(text):
        return missing_parameters(code, parameters)
    return None


def missing_problem(query: str, parameters: dict[str, object]) -> QueryProblem | None:
    """The problem of a query some of whose ``$names`` have no value, before it is sent; None when all have one."""
    missing = missing_parameters(query, parameters)
    return _missing_problem(query, code_only(query), missing, "") if missing else None


def _missing_problem(query: str, code: str, missing: tuple[str, ...], message: str) -> QueryProblem:
    problem = QueryProblem("missing_parameters", message, missing=missing)
    if not missing:
        return problem
    first = _first(re.compile(r"\$" + re.escape(missing[0]) + r"\b"), code)
    return _located(problem, query, first, len(missing[0]) + 1)


def missing_parameters(query: str, parameters: dict[str, object]) -> tuple[str, ...]:
    """The ``$names`` the query's code uses that have no value, in the order they first appear."""
    used = dict.fromkeys(m.group(1) for m in re.finditer(r"\$([A-Za-z_][A-Za-z0-9_]*)", code_only(query)))
    return tuple(name for name in used if parameters.get(name) is None)


def _first(pattern: re.Pattern[str], code: str) -> int | None:
    match = pattern.search(code)
    return match.start() if match else None


def _alternatives(expected: str) -> list[str]:
    """ "a label, '{', a parameter or ')'" -> ["a label", "'{'", "a parameter", "')'"]."""
    expected = expected.strip().rstrip(".")
    head, _, last = expected.rpartition(" or ")
    parts = [p.strip() for p in head.split(", ")] + [last.strip()] if head else [expected]
    return [p for p in parts if p]


def _word_at(query: str, offset: int) -> tuple[int, str]:
    """The whole word around ``offset`` (parsers stop inside a misspelt keyword), or the character there."""
    if offset >= len(query):
        return len(query), ""
    if not (query[offset].isalnum() or query[offset] == "_"):
        return offset, query[offset]
    start = offset
    while start > 0 and (query[start - 1].isalnum() or query[start - 1] == "_"):
        start -= 1
    end = offset
    while end < len(query) and (query[end].isalnum() or query[end] == "_"):
        end += 1
    return start, query[start:end]


# ---- positions: from the text the store saw back to the text the person typed ---------------------

# The console's own tokens for comments and strings (registry/console.py), so the squeezed-out comments can be
# put back; tests/test_console_dialects.py checks the two agree on what the console sends.
_PIECE = re.compile(
    r"""(?P<comment>//[^\n\r\x85\u2028\u2029]*|/\*.*?(?:\*/|\Z))
      | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
      | (?P<quoted>`[^`]*(?:`|\Z))""",
    re.VERBOSE | re.DOTALL,
)


def code_only(query: str) -> str:
    """The query with strings' contents and comments blanked by spaces, every offset unchanged."""
    out = []
    last = 0
    for match in _PIECE.finditer(query):
        out.append(query[last : match.start()])
        piece = match.group()
        if match.lastgroup == "comment":
            out.append(re.sub(r"[^\n]", " ", piece))
        elif match.lastgroup == "string":
            out.append(piece[0] + re.sub(r"[^\n]", " ", piece[1:-1]) + piece[-1] if len(piece) > 1 else piece)
        else:
            out.append(piece)
        last = match.end()
    out.append(query[last:])
    return "".join(out)


def _sent_offsets(query: str) -> list[int]:
    """For each character the console sends (comments squeezed to one space), its offset in ``query``."""
    mapping: list[int] = []
    last = 0
    for match in _PIECE.finditer(query):
        mapping.extend(range(last, match.start()))
        if match.lastgroup == "comment":
            mapping.append(match.start())  # the one space a comment becomes
        else:
            mapping.extend(range(match.start(), match.end()))
        last = match.end()
    mapping.extend(range(last, len(query)))
    return mapping


def _user_offset(sent_offset: int, query: str) -> int:
    mapping = _sent_offsets(query)
    if len(mapping) != len(without_comments(query)):  # the console changed how it sends: keep the raw offset
        return min(sent_offset, len(query))
    return mapping[sent_offset] if sent_offset < len(mapping) else len(query)


def _falkordb_offset(byte_offset: int, query: str) -> int:
    """FalkorDB counts bytes of the text it was sent; the person counts characters of what they typed."""
    sent = without_comments(query).encode("utf-8")
    characters = len(sent[:byte_offset].decode("utf-8", errors="ignore"))
    return _user_offset(characters, query)


def _neo4j_position(text: str, query: str) -> tuple[str, int | None]:
    """Neo4j's message without its position trailer and quoted line, and the offset in the person's text."""
    first, _, rest = text.partition("\n")
    position = _NEO4J_POSITION.search(first)
    if not position:
        return text, None
    cleaned = (first[: position.start()] + first[position.end() :]).strip()
    # Line and column, not the offset: the console plans a query with "EXPLAIN " in front (registry/console.py),
    # which shifts every offset but only the columns of the first line, where Neo4j's quoted line shows it.
    line, column = int(position["line"]), int(position["column"])
    sent = without_comments(query)
    if line == 1:
        prefix = len("EXPLAIN ") if rest.lstrip().startswith('"EXPLAIN ') else 0
        sent_offset = column - 1 - prefix
    else:
        starts = [0] + [i + 1 for i, c in enumerate(sent) if c == "\n"]
        sent_offset = starts[line - 1] + column - 1 if line - 1 < len(starts) else len(sent)
    return cleaned, _user_offset(max(sent_offset, 0), query)


# ---- what to show ---------------------------------------------------------------------------------


def marked_excerpt(query: str, problem: QueryProblem, context_lines: int = 1) -> str | None:
    """The lines around the problem, numbered, with ``^^^`` under it — plain text for a code block."""
    if problem.line is None or problem.column is None:
        return None
    lines = query.split("\n")
    first = max(problem.line - 1 - context_lines, 0)
    width = len(str(problem.line))
    shown = []
    for number in range(first, min(problem.line, len(lines))):
        shown.append(f"{number + 1:>{width}} | {lines[number].expandtabs(1)}")
    line_text = lines[problem.line - 1] if problem.line - 1 < len(lines) else ""
    length = max(1, min(problem.length, max(len(line_text) - problem.column + 1, 1)))
    shown.append(" " * (width + 3 + problem.column - 1) + "^" * length)
    return "\n".join(shown)


_SIMPLE_REGEX = re.compile(
    r"(?P<subject>[A-Za-z_][\w.]*(?:\([^()]*\))?)\s*=~\s*(?P<quote>['\"])(?P<pattern>(?:(?!(?P=quote)).)*)(?P=quote)"
)
_LITERAL = re.compile(r"[\w \-'’,/]+")


def regex_rewrite(query: str) -> str | None:
    """The query with each simple ``x =~ '…'`` written as CONTAINS / STARTS WITH / ENDS WITH / =; None if any
    pattern is more than a literal text with ``(?i)``, ``.*``, ``^`` or ``$`` around it."""
    changed = False
    failed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed, failed
        pattern = match["pattern"]
        folded = pattern.startswith("(?i)")
        body = pattern[4:] if folded else pattern
        # Cypher's =~ matches the whole text: only a leading or trailing .* leaves that end open.
        open_start = body.startswith(".*")
        body = body[2:] if open_start else body.removeprefix("^")
        open_end = body.endswith(".*") and not body.endswith("\\.*")
        body = body[:-2] if open_end else body.removesuffix("$")
        if not body or not _LITERAL.fullmatch(body):
            failed = True
            return match.group()
        subject = f"toLower({match['subject']})" if folded else match["subject"]
        literal = body.lower() if folded else body
        quote = match["quote"]
        written = f"{quote}{literal}{quote}"
        operator = {(True, True): "CONTAINS", (False, True): "STARTS WITH", (True, False): "ENDS WITH"}.get(
            (open_start, open_end), "="
        )
        changed = True
        return f"{subject} {operator} {written}"

    rewritten = _SIMPLE_REGEX.sub(replace, query)
    return rewritten if changed and not failed else None
