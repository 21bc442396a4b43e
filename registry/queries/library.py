"""The named-query library: ``cypher/*.cypher`` plus the user's saved queries.

A query ``NAME`` lives in ``cypher/NAME.cypher`` (portable openCypher). Where
FalkorDB and Neo4j must differ, ``NAME.falkordb.cypher`` or
``NAME.neo4j.cypher`` sits beside it and wins on that backend.
Users' own queries live in ``$COORDREG_HOME/queries`` and are always run
through the read-only console path.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from registry.errors import BadParameter, UnknownQuery
from registry.queries.headers import QueryHeader, parse_header
from registry.schema.text import fold
from registry.stores.base import DEFAULT_QUERY_TIMEOUT_MS, GraphStore, QueryResult
from registry.stores.embedded_server import default_home

BACKENDS = ("falkordb", "neo4j")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    header: QueryHeader
    texts: dict[str, str]  # backend -> cypher text
    files: dict[str, str]  # backend -> file it came from
    builtin: bool = True

    def text_for(self, dialect: str) -> str:
        return self.texts[dialect]

    def bind(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Check and type the parameters; fill defaults; fold where declared."""
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
    if not folder.is_dir():
        return {}
    by_name: dict[str, dict[str, tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.cypher")):
        stem = path.name[: -len(".cypher")]
        name, _, backend = stem.partition(".")
        if backend and backend not in BACKENDS:
            continue
        by_name.setdefault(name, {})[backend or "portable"] = (path.read_text(encoding="utf-8"), str(path))
    queries = {}
    for name, variants in by_name.items():
        if "portable" not in variants:
            raise ValueError(f"{folder}: query '{name}' has a backend variant but no portable {name}.cypher")
        portable_text, portable_file = variants["portable"]
        header = parse_header(portable_text, portable_file)
        texts = {b: variants.get(b, variants["portable"])[0] for b in BACKENDS}
        files = {b: variants.get(b, variants["portable"])[1] for b in BACKENDS}
        queries[name] = NamedQuery(name, header, texts, files, builtin)
    return queries


def list_queries(home: Path | None = None, *, include_user: bool = True) -> dict[str, NamedQuery]:
    queries = _read_dir(builtin_query_dir(), builtin=True)
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
) -> QueryResult:
    """Run a named query and apply its Python step, if its header names one."""
    query = get_query(name, home)
    bound = query.bind(parameters or {})
    if not query.builtin:
        from registry.console import run_console_query

        return run_console_query(store, query.text_for(store.dialect), bound, timeout_ms=timeout_ms, row_cap=row_cap)
    if store.dialect not in query.header.backends:
        raise BadParameter(f"query '{name}' does not run on {store.dialect}")
    result = store.read(query.text_for(store.dialect), bound, timeout_ms=timeout_ms, row_cap=row_cap)
    if query.header.post:
        from registry.analysis.post import apply_post_step

        result.frame = apply_post_step(query.header.post, result.frame, bound, store=store, timeout_ms=timeout_ms)
    return result


def save_user_query(name: str, title: str, question: str, cypher: str, home: Path | None = None) -> Path:
    """Save a console query to the user's library, with a proper header."""
    if not _NAME.match(name):
        raise BadParameter("a saved query's name uses lowercase letters, digits and _ (e.g. my_actors)")
    if name in list_queries(home, include_user=False):
        raise BadParameter(f"'{name}' is the name of a built-in query; choose another")
    clean = [" ".join(title.split()), " ".join(question.split())]
    if not clean[0]:
        raise BadParameter("a saved query needs a title")
    folder = user_query_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    from registry.queries.headers import parameters_used

    header = [f"// title: {clean[0]}", f"// question: {clean[1] or clean[0]}"]
    header += [f"// param: {p} (string, required)" for p in sorted(parameters_used(cypher))]
    target = folder / f"{name}.cypher"
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n".join(header) + "\n" + cypher.strip() + "\n", encoding="utf-8")
    tmp.replace(target)  # atomic: a crash never leaves half a query file
    return target
