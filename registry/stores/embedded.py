"""GraphStore on the embedded FalkorDB server.

Reads always go through ``GRAPH.RO_QUERY``, which the server itself refuses
to execute for anything that writes; this module never sends a raw server
command on behalf of a caller.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.errors import BadParameter, QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.schema.fulltext import SEARCHED_TEXTS
from registry.schema.graph import NODE_LABELS, UNIQUE_KEYS
from registry.stores.base import (
    DEFAULT_QUERY_TIMEOUT_MS,
    VERSION_BUMP_CYPHER,
    VERSION_LABEL,
    GraphStore,
    QueryResult,
    Statement,
    capped_rows,
)
from registry.stores.embedded_server import MODULE_SETTINGS, EmbeddedServer
from registry.stores.falkordb_params import params_header
from registry.stores.falkordb_results import NeedsClientParser, compact_answer, raise_reply_errors
from registry.stores.falkordb_wire import Wire, connection_lost, store_error

if TYPE_CHECKING:  # the client library (and redis-py under it) is imported when first used: reads need neither
    from falkordb import FalkorDB
    from falkordb.edge import Edge
    from falkordb.graph import Graph
    from falkordb.node import Node
    from falkordb.path import Path as GraphPath

DEFAULT_GRAPH_NAME = "coordreg"
QUERY_MEMORY_MB = int(MODULE_SETTINGS["QUERY_MEM_CAPACITY"]) // (1024 * 1024)

# Plan operations of a query that writes, or reads outside the graph. The
# console's guard refuses these before they get here; GRAPH.RO_QUERY refuses
# the writes again; LOAD CSV is read-only for FalkorDB, so only this check
# (and the guard) stop it from opening a file or fetching a URL.
_FORBIDDEN_PLAN_OPERATIONS = frozenset({"Create", "Update", "Delete", "Merge", "MergeCreate", "Load CSV"})


@functools.cache
def _entity_types() -> tuple[type[Node], type[Edge], type[GraphPath]]:
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as GraphPath

    return Node, Edge, GraphPath


def plain_value(value: Any) -> Any:
    """Turn driver objects into plain dicts and lists (for DataFrames and JSON)."""
    node, edge, path = _entity_types()
    if isinstance(value, node):
        return {"_kind": "node", "_id": value.id, "_labels": list(value.labels or []), **value.properties}
    if isinstance(value, edge):
        return {
            "_kind": "relationship",
            "_id": value.id,
            "_type": value.relation,
            "_src": value.src_node if isinstance(value.src_node, int) else getattr(value.src_node, "id", None),
            "_dst": value.dest_node if isinstance(value.dest_node, int) else getattr(value.dest_node, "id", None),
            **value.properties,
        }
    if isinstance(value, path):
        return {
            "_kind": "path",
            "nodes": [plain_value(n) for n in value.nodes()],
            "relationships": [plain_value(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    return value


def _translate(exc: Exception, timeout_ms: int, log_file: Path | None = None) -> Exception:
    message = str(exc)
    lowered = message.lower()
    if "timed out" in lowered:  # "Query timed out"; other messages merely mention TIMEOUT
        return QueryTimeout(f"The query ran longer than its {timeout_ms / 1000:g} s limit and was stopped.")
    if "mem consumption exceeded" in lowered or "exceeded capacity" in lowered:
        return QueryFailed(
            f"The query needed more than the {QUERY_MEMORY_MB:,} MB of memory one query may use; "
            "narrow it with a filter, a LIMIT or smaller lists."
        )
    if "maxmemory" in lowered or "oom command not allowed" in lowered:
        return StoreUnavailable(
            "The embedded graph store is full (its memory limit is reached): nothing more can be written. "
            "Remove a registry you no longer need, or use Neo4j for a registry this large."
        )
    if "read-only" in lowered or "read only" in lowered:
        return QueryRefused("This query would change the registry; the console only runs read queries.")
    if connection_lost(exc):
        # The server exits when it cannot write its append-only file (a full disk, a quota):
        # its log says why; what was acknowledged before is safe on disk.
        where = f"; its log is {log_file}" if log_file else ""
        return StoreUnavailable(
            f"The embedded graph store stopped answering ({message}){where}. The next command restarts it."
        )
    first_line = message.splitlines()[0] if message else "unknown error"
    return QueryFailed(f"The graph store rejected the query: {first_line}")


class _Prepared(Statement):
    """A statement already turned into the query text the server takes (parameters and version bump in it)."""


# Index and constraint commands change no contents, and take no clause before them.
_SCHEMA_COMMAND = re.compile(r"^\s*(CREATE|DROP)\s+(\w+\s+)?(INDEX|CONSTRAINT)\b", re.IGNORECASE)


def _versioned(statement: Statement) -> str:
    """The statement's query text, opened by the version bump: FalkorDB runs one query as one transaction, so
    the bump is in the write's own query (one row, then the statement runs once, as it would alone)."""
    header = params_header(statement.parameters)
    if _SCHEMA_COMMAND.match(statement.cypher):
        return header + statement.cypher
    return f"{header}{VERSION_BUMP_CYPHER} WITH count(*) AS coordreg_version_bumped\n{statement.cypher}"


class EmbeddedStore(GraphStore):
    dialect = "falkordb"

    def __init__(self, home: Path | None = None, graph_name: str = DEFAULT_GRAPH_NAME):
        self.server = EmbeddedServer(home)
        self._socket_path = self.server.ensure_running()
        self.graph_name = graph_name
        # Reads go over the wire (falkordb_wire.py); the client library is made when a write or schema
        # command first needs it.
        self._wire = Wire(self._socket_path)
        self._client: FalkorDB | None = None
        self._graph_handle: Graph | None = None
        self._turn = threading.Lock()  # taken by each read while any reads_in_turn is open
        self._turns_open = 0
        self._touch()
        # RESULTSET_SIZE cuts every answer without saying so; TIMEOUT_MAX refuses longer limits.
        self._server_row_limit = self._server_setting("RESULTSET_SIZE")
        self._server_timeout_max = self._server_setting("TIMEOUT_MAX")

    def lock_path(self, purpose: str) -> Path:
        # Console queries share the server's workers whatever the graph: one slot per server.
        name = "console.lock" if purpose == "console" else f"{purpose}-{self.graph_name}.lock"
        return self.server.paths.run_dir / name

    @property
    def _db(self) -> FalkorDB:
        if self._client is None:
            from falkordb import FalkorDB

            self._client = FalkorDB(unix_socket_path=str(self._socket_path))
        return self._client

    @property
    def _graph(self) -> Graph:
        if self._graph_handle is None:
            self._graph_handle = self._db.select_graph(self.graph_name)
        return self._graph_handle

    def _forget_client(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.connection.close()
        self._client, self._graph_handle = None, None

    def _reconnect(self) -> None:
        self._wire.close()
        self._forget_client()
        with contextlib.suppress(Exception):
            self._socket_path = self.server.ensure_running()
            self._wire = Wire(self._socket_path)

    def _server_setting(self, name: str) -> int:
        """A FalkorDB module setting of the running server, or -1 if it cannot be read."""
        try:
            reply = self._wire.call("GRAPH.CONFIG", "GET", name)
            return int(reply[1])
        except (IndexError, TypeError, ValueError):
            return -1
        except Exception as exc:
            if store_error(exc):
                return -1
            raise

    def _checked_timeout(self, timeout_ms: int) -> int:
        limit = self._server_timeout_max
        if timeout_ms < 1 or (limit > 0 and timeout_ms > limit):
            most = f"{limit / 1000:g} s" if limit > 0 else "the server's maximum"
            raise BadParameter(f"A time limit of {timeout_ms / 1000:g} s is not possible: use 0.001 s to {most}.")
        return int(timeout_ms)

    def _touch(self) -> None:
        """Create the graph key if missing: reads on a missing graph are errors in FalkorDB."""
        try:
            raise_reply_errors(self._wire.call("GRAPH.QUERY", self.graph_name, "RETURN 1", "--compact"))
        except Exception as exc:
            if not store_error(exc):
                raise
            raise _translate(exc, DEFAULT_QUERY_TIMEOUT_MS, self.server.paths.log_file) from exc

    def identity(self) -> str:
        return f"falkordb\n{self.server.paths.home.resolve()}\n{self.graph_name}"

    def describe(self) -> str:
        return (
            f"embedded FalkorDB, graph '{self.graph_name}', data in {self.server.paths.home} "
            f"(unix socket {self.server.socket_path}, no TCP port)"
        )

    @contextlib.contextmanager
    def reads_in_turn(self) -> Iterator[None]:
        # FalkorDB 4.16 crashed (signal 11, twice at 10,000 practices) while a snapshot's two workers read at once
        # right after a load: one thread testing labels (AR_HAS_LABELS -> GxB_Matrix_isStoredElement) while the
        # other multiplied matrices (GrB_mxm). GraphBLAS finishes a matrix's pending work inside such calls, so two
        # readers can both change one matrix (upstream FalkorDB/FalkorDB#1240: crashes with several connections,
        # none with one). The refresh sends its queries in turn; its Python work still overlaps the store's.
        # Counted, not set and reset: two refreshes on one store object (the app's) keep it until both end.
        with self._turn:
            self._turns_open += 1
        try:
            yield
        finally:
            with self._turn:
                self._turns_open -= 1

    def read(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
        row_cap: int | None = None,
    ) -> QueryResult:
        started = time.perf_counter()
        query = params_header(parameters or {}) + cypher
        command = ("GRAPH.RO_QUERY", self.graph_name, query, "--compact", "timeout", self._checked_timeout(timeout_ms))
        try:
            # The server's work in turn; the reply is decoded after, beside the next query.
            with self._turn if self._turns_open else contextlib.nullcontext():
                response = self._wire.call(*command)
            raise_reply_errors(response)
            try:
                columns, rows = compact_answer(response)
            except NeedsClientParser:
                # Nodes, relationships and paths: the client library knows the schema's labels and keys.
                from falkordb.query_result import QueryResult as FalkorQueryResult

                result = FalkorQueryResult(self._graph, response)
                columns = [str(h[1]) for h in (result.header or [])]
                rows = [[plain_value(v) for v in row] for row in (result.result_set or [])]
        except Exception as exc:
            if not store_error(exc):
                raise
            if connection_lost(exc):
                # Restart and reconnect so the next call works (a long-lived app keeps this object),
                # but do not retry: the query itself may be what stopped the server.
                self._reconnect()
            raise _translate(exc, timeout_ms, self.server.paths.log_file) from exc
        # An answer as long as the server's own limit may have been cut there silently.
        cut_by_server = 0 <= self._server_row_limit <= len(rows)
        rows, truncated = capped_rows(rows, row_cap)
        elapsed_ms = (time.perf_counter() - started) * 1000
        return QueryResult.from_rows(columns, rows, truncated or cut_by_server, elapsed_ms, row_cap)

    def check_read_only(self, cypher: str, parameters: dict[str, Any]) -> None:
        """Ask the server for the query's plan (nothing runs) and refuse writes and LOAD CSV."""
        query = params_header(parameters) + cypher
        try:
            plan = self._wire.call("GRAPH.EXPLAIN", self.graph_name, query)
        except Exception as exc:
            if not store_error(exc):
                raise
            raise _translate(exc, DEFAULT_QUERY_TIMEOUT_MS, self.server.paths.log_file) from exc
        if not isinstance(plan, list) or not plan or not all(isinstance(line, str) for line in plan):
            # Schema commands answer with a sentence, not a plan: fail closed.
            raise QueryRefused("This is not a read query; the console only runs read queries.")
        operations = {line.strip().split(" | ")[0] for line in plan}
        forbidden = sorted(operations & _FORBIDDEN_PLAN_OPERATIONS)
        if forbidden:
            raise QueryRefused(
                f"The graph store plans this query with {', '.join(forbidden)}: the console only runs read "
                "queries, and never LOAD CSV."
            )

    def prepare(self, statement: Statement) -> Statement:
        # FalkorDB reads parameters as text in front of the query: writing that text for a 20,000-row
        # statement takes about as long as the server takes to apply it, so a load does it ahead.
        if isinstance(statement, _Prepared):
            return statement
        return _Prepared(_versioned(statement), {})

    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        query = statement.cypher if isinstance(statement, _Prepared) else _versioned(statement)
        try:
            self._graph.query(query, None, timeout=self._checked_timeout(timeout_ms))
        except redis.RedisError as exc:
            raise _translate(exc, timeout_ms, self.server.paths.log_file) from exc

    def ensure_schema(self) -> None:
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        try:
            self._ensure_schema()
        except redis.RedisError as exc:
            raise _translate(exc, DEFAULT_QUERY_TIMEOUT_MS, self.server.paths.log_file) from exc

    def _ensure_schema(self) -> None:
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        existing = self._existing_indexes()
        for label in NODE_LABELS:
            if (label, "id") not in existing:
                self._graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.id)")
        constrained = self._existing_constraints()
        for label, key in UNIQUE_KEYS:
            if (label, key) not in constrained:
                try:
                    self._graph.create_node_unique_constraint(label, key)
                except redis.ResponseError as exc:
                    if "already exists" not in str(exc).lower():
                        raise
        self._wait_for_constraints()
        self._ensure_fulltext()

    def _ensure_fulltext(self, timeout_s: float = 300.0) -> None:
        """One RediSearch full-text index per searched label (registry/schema/fulltext.py), words unstemmed (a
        search matches the start of words, in English and French alike). An index built over a loaded registry
        fills in the background: wait for it, so a search never reads half an index."""
        present = self._fulltext_fields()
        for label, fields in SEARCHED_TEXTS.items():
            missing = [field for field in fields if field not in present.get(label, set())]
            if not missing:
                continue
            # RediSearch's default stop words are the ones a search leaves out (registry/schema/fulltext.py).
            slots = ", ".join(f"$field{i}" for i in range(len(missing)))
            params = {f"field{i}": {"field": field, "nostem": True} for i, field in enumerate(missing)}
            self._graph.query(f"CALL db.idx.fulltext.createNodeIndex($label, {slots})", {"label": label, **params})
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self._fulltext_ready():
            time.sleep(0.05)

    def _fulltext_fields(self) -> dict[str, set[str]]:
        rows = self._graph.ro_query("CALL db.indexes() YIELD label, types RETURN label, types").result_set
        found: dict[str, set[str]] = {}
        for label, types in rows:
            fields = {str(field) for field, kinds in (types or {}).items() if "FULLTEXT" in kinds}
            if fields:
                found.setdefault(str(label), set()).update(fields)
        return found

    def _fulltext_ready(self) -> bool:
        rows = self._graph.ro_query("CALL db.indexes() YIELD label, types, status RETURN label, types, status")
        return all(
            str(status).upper() == "OPERATIONAL"
            for label, types, status in rows.result_set
            if any("FULLTEXT" in kinds for kinds in (types or {}).values())
        )

    def _existing_indexes(self) -> set[tuple[str, str]]:
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        found: set[tuple[str, str]] = set()
        try:
            rows = self._graph.ro_query("CALL db.indexes() YIELD label, properties RETURN label, properties").result_set
        except redis.ResponseError:
            return found
        for label, properties in rows:
            for prop in properties or []:
                found.add((str(label), str(prop)))
        return found

    def _existing_constraints(self) -> set[tuple[str, str]]:
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        found: set[tuple[str, str]] = set()
        try:
            rows = self._graph.ro_query(
                "CALL db.constraints() YIELD type, label, properties RETURN type, label, properties"
            ).result_set
        except redis.ResponseError:
            return found
        for kind, label, properties in rows:
            if str(kind).upper() == "UNIQUE" and properties:
                found.add((str(label), str(properties[0])))
        return found

    def _wait_for_constraints(self, timeout_s: float = 10.0) -> None:
        """Unique constraints build asynchronously; wait so the first load is checked."""
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                rows = self._graph.ro_query("CALL db.constraints() YIELD status RETURN status").result_set
            except redis.ResponseError:
                return
            if all(str(r[0]).upper() not in {"PENDING", "UNDER CONSTRUCTION"} for r in rows):
                return
            time.sleep(0.05)

    def wipe(self) -> None:
        # Dropping the graph drops its version node too: the version goes on from the old number, on a node
        # made after the drop (a crash in between leaves no node, and the next write starts a new epoch).
        before = self.registry_version().number
        import redis  # the client library's errors (it is loaded by now: self._graph loads it)

        try:
            self._graph.delete()
        except redis.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise _translate(exc, DEFAULT_QUERY_TIMEOUT_MS, self.server.paths.log_file) from exc
        except redis.RedisError as exc:
            raise _translate(exc, DEFAULT_QUERY_TIMEOUT_MS, self.server.paths.log_file) from exc
        self._graph_handle = None
        self._touch()
        # The write's own bump makes the node (number 1); the old count is added on top of it.
        self.write(Statement(f"MATCH (v:{VERSION_LABEL}) SET v.number = v.number + $before", {"before": before}))

    def close(self) -> None:
        # Closing must never mask the error that made the caller close.
        with contextlib.suppress(Exception):
            self._wire.close()
        self._forget_client()
