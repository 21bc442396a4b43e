"""The named-query library: ``cypher/*.cypher`` plus the user's saved queries.

A query ``NAME`` lives in ``cypher/NAME.cypher`` (portable openCypher). Where
FalkorDB and Neo4j must differ, ``NAME.falkordb.cypher`` or
``NAME.neo4j.cypher`` sits beside it and wins on that backend.
Users' own queries live in ``$COORDREG_HOME/queries`` and are always run
through the read-only console path. They are data a person wrote, so one
that cannot be read is listed as broken, with its error, and never stops the
built-in queries or the other saved ones from being listed and run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.errors import BadParameter, QueryFailed, UnknownQuery
from registry.queries.headers import HEADER_END, QueryHeader, parameters_used, parse_header
from registry.schema.text import fold
from registry.stores.embedded_server import default_home
from registry.stores.limits import DEFAULT_QUERY_TIMEOUT_MS

if TYPE_CHECKING:  # the store's base module imports pandas; `coordreg queries` and `describe` never need it
    from registry.stores.base import GraphStore, QueryResult

BACKENDS = ("falkordb", "neo4j")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    header: QueryHeader
    texts: dict[str, str]  # backend -> cypher text
    files: dict[str, str]  # backend -> file it came from
    builtin: bool = True
    #: Why a saved query cannot be read (its file is listed, but it cannot run); None when it is fine.
    error: str | None = None

    def text_for(self, dialect: str) -> str:
        return self.texts[dialect]

    def bind(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Check and type the parameters; fill defaults; fold where declared."""
        if self.error is not None:
            raise QueryFailed(f"the saved query '{self.name}' cannot be read: {self.error}")
        declared = {p.name: p for p in self.header.parameters}
        unknown = sorted(set(raw) - set(declared))
        if unknown:
            allowed = ", ".join(declared) or "none"
            raise BadParameter(f"query '{self.name}' has no parameter '{unknown[0]}' (it takes: {allowed})")
        bound: dict[str, Any] = {}
        for name, param in declared.items():
            value = param.coerce(raw[name]) if name in raw else param.default
            if value is None and param.required:
                raise BadParameter(f"query '{self.name}' needs --param {name}=… ({param.doc or param.type})")
            if isinstance(value, str) and len(value) > 2000:
                raise BadParameter(f"parameter '{name}' is longer than 2000 characters")
            _check_value(name, value)
            if name in self.header.fold and isinstance(value, str):
                value = fold(value)
            bound[name] = value
        return bound


def _check_value(name: str, value: Any) -> None:
    """Refuse values no registry text can contain and no store takes faithfully:
    NUL characters, lone surrogates (undecodable bytes on a command line),
    NaN or infinity, integers beyond 64 bits."""
    items = value if isinstance(value, list | tuple) else [value]
    for item in items:
        if isinstance(item, str):
            if "\x00" in item:
                raise BadParameter(f"parameter '{name}' contains a NUL character (U+0000)")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BadParameter(
                    f"parameter '{name}' is not valid text (it holds bytes that are not UTF-8)"
                ) from None
        elif isinstance(item, float) and not math.isfinite(item):
            raise BadParameter(f"parameter '{name}' must be a finite number")
        elif isinstance(item, int) and not isinstance(item, bool) and not -(2**63) <= item < 2**63:
            raise BadParameter(f"parameter '{name}' is beyond the 64-bit integer range")


def builtin_query_dir() -> Path:
    return Path(str(resources.files("cypher")))


def user_query_dir(home: Path | None = None) -> Path:
    return (home or default_home()) / "queries"


def _read_dir(folder: Path, builtin: bool) -> dict[str, NamedQuery]:
    """The queries of one folder. A built-in query that cannot be read is a bug and raises;
    a saved one is returned as broken (``error`` set) so the others still work."""
    if not folder.is_dir():
        return {}
    by_name: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.cypher")):
        stem = path.name[: -len(".cypher")]
        name, _, backend = stem.partition(".")
        if backend and backend not in BACKENDS:
            continue
        by_name.setdefault(name, {})[backend or "portable"] = path
    queries = {}
    for name, variants in by_name.items():
        try:
            queries[name] = _read_query(folder, name, variants, builtin)
        except (ValueError, OSError) as exc:  # UnicodeDecodeError is a ValueError
            if builtin:
                raise
            queries[name] = _broken(name, variants, exc)
    return queries


def _read_query(folder: Path, name: str, variants: dict[str, Path], builtin: bool) -> NamedQuery:
    if not builtin and not _NAME.match(name):
        raise ValueError("its file name must use lowercase letters, digits and _ only (e.g. my_actors.cypher)")
    if "portable" not in variants:
        where = str(folder) if builtin else "the queries folder"
        raise ValueError(f"{where}: query '{name}' has a backend variant but no portable {name}.cypher")
    # A saved query's errors name its file only: the app shows them, and a visitor has no use for server paths.
    texts = {b: variants[b].read_text(encoding="utf-8") for b in variants}
    origin = str(variants["portable"]) if builtin else variants["portable"].name
    header = parse_header(texts["portable"], origin)
    return NamedQuery(
        name,
        header,
        {b: texts.get(b, texts["portable"]) for b in BACKENDS},
        {b: str(variants.get(b, variants["portable"])) for b in BACKENDS},
        builtin,
    )


def _broken(name: str, variants: dict[str, Path], exc: Exception) -> NamedQuery:
    error = str(exc) if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError) else _why(exc)
    files = {b: str(variants.get(b) or next(iter(variants.values()))) for b in BACKENDS}
    header = QueryHeader(title=f"broken: {error}", question=error)
    return NamedQuery(name, header, dict.fromkeys(BACKENDS, ""), files, builtin=False, error=error)


def _why(exc: Exception) -> str:
    if isinstance(exc, UnicodeError):
        return "its file is not UTF-8 text"
    return f"its file cannot be read ({getattr(exc, 'strerror', None) or type(exc).__name__})"


_BUILTIN: dict[tuple[tuple[str, int, int], ...], dict[str, NamedQuery]] = {}


def _builtin_queries() -> dict[str, NamedQuery]:
    """The built-in queries, read and parsed once per state of their folder: every named query call looks its
    query up, and parsing the 30-odd files each time cost more than reading a kept answer of a few rows."""
    folder = builtin_query_dir()
    state = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(folder.glob("*.cypher")))
    if state not in _BUILTIN:
        _BUILTIN.clear()
        _BUILTIN[state] = _read_dir(folder, builtin=True)
    return _BUILTIN[state]


def list_queries(home: Path | None = None, *, include_user: bool = True) -> dict[str, NamedQuery]:
    """Every named query by name: the built-in ones, then the saved ones (broken ones marked, never raised)."""
    queries = dict(_builtin_queries())
    if include_user:
        for name, query in _read_dir(user_query_dir(home), builtin=False).items():
            if name not in queries:  # a saved query never shadows a built-in one
                queries[name] = query
    return dict(sorted(queries.items()))


def get_query(name: str, home: Path | None = None) -> NamedQuery:
    queries = list_queries(home)
    if name not in queries:
        raise UnknownQuery(f"there is no named query '{name}'; `coordreg queries` lists them")
    return queries[name]


def run_named_query(
    store: GraphStore,
    name: str,
    parameters: dict[str, Any] | None = None,
    *,
    home: Path | None = None,
    timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
    row_cap: int | None = None,
    snapshot: bool = True,
) -> QueryResult:
    """Run a named query and apply its Python step, if its header names one.

    A built-in query without filters is answered from this registry version's snapshot (computed on the first
    call after each write, see snapshot.py); ``snapshot=False`` always runs it live."""
    query = get_query(name, home)
    bound = query.bind(parameters or {})
    if not query.builtin:
        from registry.console import run_console_query

        return run_console_query(store, query.text_for(store.dialect), bound, timeout_ms=timeout_ms, row_cap=row_cap)
    if store.dialect not in query.header.backends:
        raise BadParameter(f"query '{name}' does not run on {store.dialect}")
    from registry.queries import snapshot as snapshots

    if snapshot and snapshots.unfiltered(query, bound):
        return snapshots.answer(
            store, name, lambda: _run_live(store, query, bound, timeout_ms, None), home=home, row_cap=row_cap
        )
    return _run_live(store, query, bound, timeout_ms, row_cap)


def _run_live(
    store: GraphStore, query: NamedQuery, bound: dict[str, Any], timeout_ms: int, row_cap: int | None
) -> QueryResult:
    # An unknown id is an error, not an empty answer; a typed name or acronym becomes its id (id_check.py).
    from registry.queries.id_check import checked_ids

    bound = checked_ids(store, query.header.parameters, bound, timeout_ms=timeout_ms)
    # A variant reading a full-text index the store lacks runs the portable text instead (fulltext_check.py).
    from registry.queries.fulltext_check import runnable_text

    text = runnable_text(store, query, timeout_ms=timeout_ms)
    if not query.header.post:
        return store.read(text, bound, timeout_ms=timeout_ms, row_cap=row_cap)
    from registry.analysis.post import apply_post_step

    # A Python step needs every row the store gives (connectors, links), not the first row_cap of them: the cap
    # applies to the step's answer, as it does to an answer read from the snapshot.
    result = store.read(text, bound, timeout_ms=timeout_ms)
    result.frame = apply_post_step(query.header.post, result.frame, bound, store=store, timeout_ms=timeout_ms)
    if row_cap is not None and len(result) > row_cap:
        result = result.first(row_cap)
    result.row_cap = row_cap
    return result


def save_user_query(name: str, title: str, question: str, cypher: str, home: Path | None = None) -> Path:
    """Save a console query to the user's library, with a proper header.

    The header is written by us and closed by ``HEADER_END``; the query text follows untouched, so its
    own comments (even ``// param: …`` or ``// title: …`` lines) are read as query text, never as header.
    """
    if not _NAME.match(name):
        raise BadParameter("a saved query's name uses lowercase letters, digits and _ (e.g. my_actors)")
    if name in list_queries(home, include_user=False):
        raise BadParameter(f"'{name}' is the name of a built-in query; choose another")
    clean = [" ".join(title.split()), " ".join(question.split())]
    if not clean[0]:
        raise BadParameter("a saved query needs a title")
    if not cypher.strip():
        raise BadParameter("there is no query text to save")
    folder = user_query_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    header = [f"// title: {clean[0]}", f"// question: {clean[1] or clean[0]}"]
    header += [f"// param: {p} (string, required)" for p in sorted(parameters_used(cypher))]
    header.append(HEADER_END)
    target = folder / f"{name}.cypher"
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n".join(header) + "\n" + cypher.strip() + "\n", encoding="utf-8")
    tmp.replace(target)  # atomic: a crash never leaves half a query file
    return target


def delete_user_query(name: str, home: Path | None = None) -> list[Path]:
    """Remove a saved query (its portable file and any backend variant); built-in queries cannot be deleted.

    Works on broken queries too: deleting is how a person gets rid of one from the app.
    """
    saved = _read_dir(user_query_dir(home), builtin=False)
    if name not in saved or name in list_queries(home, include_user=False):
        raise UnknownQuery(f"there is no saved query '{name}' to delete")
    folder = user_query_dir(home)
    removed = []
    for path in [folder / f"{name}.cypher", *(folder / f"{name}.{b}.cypher" for b in BACKENDS)]:
        if path.parent == folder and path.is_file():  # names come from the folder's own listing
            path.unlink()
            removed.append(path)
    return removed
