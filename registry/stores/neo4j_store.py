"""GraphStore on Neo4j through the official ``neo4j`` driver (6.x).

Not py2neo: it has been end-of-life since 2023 and its author and Neo4j both
point to the official driver. Reads use ``execute_read`` (routed to readers
in a cluster), writes ``execute_write``; every query carries a timeout.
Read access mode is a routing hint, not a security control, so the console
additionally asks ``EXPLAIN`` for the query type and refuses anything but
``r`` (see ``registry.console`` for the clause allowlist in front of it).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from registry.errors import BadParameter, QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.schema.fulltext import INDEX_NAME, NEO4J_ANALYZER, SEARCHED_TEXTS, searched_properties
from registry.schema.graph import UNIQUE_KEYS
from registry.stores.base import (
    DEFAULT_QUERY_TIMEOUT_MS,
    MAX_QUERY_TIMEOUT_MS,
    VERSION_BUMP_CYPHER,
    VERSION_LABEL,
    GraphStore,
    QueryResult,
    Statement,
    capped_rows,
)
from registry.stores.falkordb_params import params_header

# A stopped server must give a clear message in seconds, not after the driver's
# defaults (30 s to connect, then 30 s of retries on every query).
CONNECT_TIMEOUT_S = 10.0
RETRY_TIME_S = 10.0

# The wipe deletes this many relationships, then nodes, per transaction: one transaction over 10^4
# practices (about 6 x 10^5 entities) exceeds the server's transaction memory, and so does a batch of
# nodes deleted with their relationships when it holds a hub (a level or a function with 10^5 ties).
WIPE_BATCH_NODES = 5_000
WIPE_BATCH_RELATIONSHIPS_CYPHER = "MATCH ()-[r]->() WITH r LIMIT $batch DELETE r RETURN count(*) AS deleted"
# The version node stays: each batch bumps it, so a wipe stopped half-way already shows a new version.
WIPE_BATCH_CYPHER = (
    f"MATCH (n) WHERE NOT n:{VERSION_LABEL} WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted"
)


def constraint_statement(label: str, key: str) -> str:
    """A uniqueness constraint; IF NOT EXISTS makes it idempotent, and it brings its own index.
    ``label`` and ``key`` come from the schema's fixed list, never from input."""
    return (
        f"CREATE CONSTRAINT coordreg_{label.lower()}_{key}_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
    )


def schema_statements() -> list[str]:
    """One uniqueness constraint per label."""
    return [constraint_statement(label, key) for label, key in UNIQUE_KEYS]


# A plain index on the same label and property blocks the constraint's own index
# (Neo.ClientError.Schema.IndexAlreadyExists / EquivalentSchemaRuleAlreadyExists).
PLAIN_INDEX_CYPHER = (
    "SHOW INDEXES YIELD name, labelsOrTypes, properties, owningConstraint, entityType "
    "WHERE entityType = 'NODE' AND labelsOrTypes = [$label] AND properties = [$key] AND owningConstraint IS NULL "
    "RETURN name"
)


# The driver logs routing failures to stderr itself; coordreg reports them once, as a StoreUnavailable.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False


# Cells that need no conversion: most of an answer's cells. Checked first by exact type, so that they cost neither
# the imports below nor the driver classes' isinstance checks (a third of a 34k-row read's time at 10,000 practices).
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Driver objects as plain dicts, lists and strings (for DataFrames and JSON)."""
    if type(value) in _SCALAR_TYPES:
        return value
    from neo4j.graph import Node, Path, Relationship
    from neo4j.spatial import Point

    if isinstance(value, Node):
        return {"_kind": "node", "_id": value.element_id, "_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {
            "_kind": "relationship",
            "_id": value.element_id,
            "_type": value.type,
            "_src": value.start_node.element_id if value.start_node else None,
            "_dst": value.end_node.element_id if value.end_node else None,
            **dict(value),
        }
    if isinstance(value, Path):
        return {
            "_kind": "path",
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    return value


class _OverMemory(Exception):
    """A query past the server's memory cap: the same query would fail again, so it is not retried."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


@contextlib.contextmanager
def _not_retried_when_over_memory() -> Iterator[None]:
    """The driver retries transient errors for RETRY_TIME_S, and Neo4j calls running out of a query's
    memory transient; raising something else stops the retries."""
    from neo4j.exceptions import TransientError

    try:
        yield
    except TransientError as exc:
        if "OutOfMemory" in (exc.code or ""):
            raise _OverMemory(exc) from exc
        raise


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        import neo4j
        from neo4j.exceptions import DriverError

        self.uri = uri
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        user = user or os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=CONNECT_TIMEOUT_S,
                max_transaction_retry_time=RETRY_TIME_S,
            )
        except (DriverError, ValueError) as exc:  # a malformed URL or option
            raise StoreUnavailable(f"'{uri}' is not a Neo4j URL the driver accepts: {exc}") from exc
        # Every session of this store shares one bookmark manager, so a read always
        # sees the writes before it, even when a cluster routes it to another member.
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        try:
            self._driver.verify_connectivity()
            self._check_database()
        except Exception as exc:  # noqa: BLE001 - translated below; the driver must be closed either way
            self._driver.close()  # the driver's own docs: close it even when verification fails
            raise self._connect_error(exc, password) from exc

    def _connect_error(self, exc: Exception, password: str) -> Exception:
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError

        code = getattr(exc, "code", "") or ""
        if isinstance(exc, AuthError) or (isinstance(exc, ClientError) and code.startswith("Neo.ClientError.Security")):
            hint = " NEO4J_PASSWORD is not set." if not password else ""
            return StoreUnavailable(
                f"Neo4j at {self.uri} refused the user name or password: set NEO4J_USER and NEO4J_PASSWORD.{hint}"
            )
        if "DatabaseNotFound" in code:
            return StoreUnavailable(
                f"Neo4j at {self.uri} has no database '{self.database}': set NEO4J_DATABASE to one it holds."
            )
        if isinstance(exc, (DriverError, Neo4jError, OSError, ValueError)):
            return StoreUnavailable(
                f"Neo4j at {self.uri} does not answer ({' '.join(str(exc).split())[:200]}): start it, or set "
                "--graph / COORDREG_GRAPH to the server's bolt:// or neo4j:// address."
            )
        return exc

    def _check_database(self) -> None:
        """verify_connectivity only reaches the server; this reaches the database itself."""
        import neo4j

        with self._session(neo4j.READ_ACCESS) as session:
            session.run("RETURN 1").consume()

    def _session(self, access_mode: str) -> Any:
        return self._driver.session(
            database=self.database, default_access_mode=access_mode, bookmark_manager=self._bookmarks
        )

    def identity(self) -> str:
        return f"neo4j\n{self.uri}\n{self.database}"

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database '{self.database}'"

    def lock_path(self, purpose: str) -> Path:
        from registry.stores.embedded_server import default_home

        digest = hashlib.sha256(f"{self.uri}\n{self.database}".encode()).hexdigest()[:16]
        return default_home() / "locks" / f"neo4j-{digest}-{purpose}.lock"

    def _errors(self, exc: Exception, timeout_ms: int) -> Exception:
        """The driver's exception as one of coordreg's, so the CLI and app can say it in a line."""
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            return StoreUnavailable(f"Neo4j at {self.uri} stopped answering: {exc}")
        if isinstance(exc, AuthError):
            return StoreUnavailable(f"Neo4j at {self.uri} no longer accepts the user name or password: {exc}")
        code = getattr(exc, "code", "") or ""
        message = getattr(exc, "message", None) or str(exc)
        if "TransactionTimedOut" in code:
            return QueryTimeout(f"The query ran longer than its {timeout_ms / 1000:g} s limit and was stopped.")
        if code.endswith(".Terminated") or "TransactionTerminated" in code:
            return QueryFailed("The query was stopped on the Neo4j server (by an administrator or a shutdown).")
        if "MemoryPoolOutOfMemory" in code or "OutOfMemory" in code:
            return QueryFailed(
                "The query needed more memory than the Neo4j server allows one query "
                "(db.memory.transaction.max); narrow it with a filter or a LIMIT."
            )
        if "AccessMode" in code or "Forbidden" in code:
            return QueryRefused("This query would change the registry; the console only runs read queries.")
        if "DatabaseNotFound" in code:
            return StoreUnavailable(
                f"Neo4j at {self.uri} has no database '{self.database}': set NEO4J_DATABASE to one it holds."
            )
        if isinstance(exc, ClientError):
            return QueryFailed(f"Neo4j rejected the query: {message}")
        if isinstance(exc, Neo4jError):  # DatabaseError, TransientError after the driver's retries
            return QueryFailed(f"Neo4j could not run the query ({code or type(exc).__name__}): {message}")
        if isinstance(exc, DriverError):
            return StoreUnavailable(f"The Neo4j driver failed talking to {self.uri}: {exc}")
        return exc

    @staticmethod
    def _checked(parameters: dict[str, Any] | None, timeout_ms: int) -> dict[str, Any]:
        """Refuse what the embedded store refuses, in the same words: a time limit out of range, and
        values no store holds faithfully (integers beyond 64 bits, NUL characters, NaN …) —
        the driver would otherwise fail with a traceback of its own."""
        if not 1 <= timeout_ms <= MAX_QUERY_TIMEOUT_MS:
            raise BadParameter(
                f"A time limit of {timeout_ms / 1000:g} s is not possible: use 0.001 s to "
                f"{MAX_QUERY_TIMEOUT_MS / 1000:g} s."
            )
        params_header(parameters or {})  # the embedded store's own checks, shared
        return parameters or {}

    def read(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
        row_cap: int | None = None,
    ) -> QueryResult:
        import neo4j

        parameters = self._checked(parameters, timeout_ms)
        limit = None if row_cap is None else row_cap + 1  # one more than shown reveals truncation

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
            with _not_retried_when_over_memory():
                result = tx.run(cypher, parameters or {})
                keys = list(result.keys())
                rows = []
                for record in result:
                    rows.append([_plain(v) for v in record.values()])
                    if limit is not None and len(rows) >= limit:
                        break
                result.consume()  # discard the rest on the server instead of streaming it
            return keys, rows

        started = time.perf_counter()
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                columns, rows = session.execute_read(work)
        except _OverMemory as exc:
            raise self._errors(exc.cause, timeout_ms) from exc.cause
        except Exception as exc:  # noqa: BLE001 - translated into coordreg's errors
            raise self._errors(exc, timeout_ms) from exc
        rows, truncated = capped_rows(rows, row_cap)
        return QueryResult.from_rows(columns, rows, truncated, (time.perf_counter() - started) * 1000, row_cap)

    def check_read_only(self, cypher: str, parameters: dict[str, Any]) -> None:
        """Ask Neo4j's planner what the query would do, without running it.

        EXPLAIN runs in a write session: in a read session a write would be refused
        for its access mode (or routed to a reader), not classified by the planner.
        EXPLAIN itself never executes anything.
        """
        import neo4j

        parameters = self._checked(parameters, DEFAULT_QUERY_TIMEOUT_MS)
        explain = neo4j.Query("EXPLAIN " + cypher, timeout=DEFAULT_QUERY_TIMEOUT_MS / 1000)  # type: ignore[arg-type]
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                summary = session.run(explain, parameters).consume()
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, DEFAULT_QUERY_TIMEOUT_MS) from exc
        if summary.query_type != "r":
            raise QueryRefused("This query would change the registry; the console only runs read queries.")

    def _write_one(self, cypher: str, parameters: dict[str, Any], timeout_ms: int, *, bump: bool = True) -> list[Any]:
        """One transaction; with ``bump`` (every change of the registry) the version is bumped inside it, so the
        two commit or fail together. Schema changes pass ``bump=False``: Neo4j refuses them beside data writes."""
        import neo4j

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> list[Any]:
            result = tx.run(cypher, parameters)
            rows = [record.values() for record in result]
            # A schema statement sent through write() ("s": an index or constraint) changes no contents.
            if bump and result.consume().query_type != "s":
                tx.run(VERSION_BUMP_CYPHER).consume()
            return rows

        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return list(session.execute_write(work))
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, timeout_ms) from exc

    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        self._write_one(statement.cypher, statement.parameters, timeout_ms)

    def _schema_change(self, cypher: str, parameters: dict[str, Any] | None = None) -> None:
        """Indexes and constraints: each its own transaction (they cannot share one), no change of contents."""
        self._write_one(cypher, parameters or {}, 120_000, bump=False)

    def ensure_schema(self) -> None:
        for label, key in UNIQUE_KEYS:
            try:
                self._schema_change(constraint_statement(label, key))
            except QueryFailed:
                # A user's own plain index on the same property: replace it with the constraint's index.
                blocking = self.read(PLAIN_INDEX_CYPHER, {"label": label, "key": key}).frame
                if blocking.empty:
                    raise
                for name in blocking["name"]:
                    self._schema_change("DROP INDEX " + quoted_name(str(name)) + " IF EXISTS")
                self._schema_change(constraint_statement(label, key))
        self._ensure_fulltext()

    def _ensure_fulltext(self) -> None:
        """One Lucene full-text index over every searched label and text (registry/schema/fulltext.py), accents
        folded; rebuilt when its definition changed. Waits until it is online, so a search never reads half of it.
        Labels and properties come from the schema's fixed lists, never from input."""
        labels, properties = list(SEARCHED_TEXTS), list(searched_properties())
        found = self.read(
            "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options WHERE name = $name "
            "RETURN labelsOrTypes, properties, options.indexConfig.`fulltext.analyzer` AS analyzer",
            {"name": INDEX_NAME},
        ).frame
        current = found.to_dict("records")[0] if len(found) else None
        wanted = {"labelsOrTypes": sorted(labels), "properties": properties, "analyzer": NEO4J_ANALYZER}
        if current is not None and {**current, "labelsOrTypes": sorted(current["labelsOrTypes"])} != wanted:
            self._schema_change("DROP INDEX " + quoted_name(INDEX_NAME) + " IF EXISTS")
        self._schema_change(
            f"CREATE FULLTEXT INDEX {quoted_name(INDEX_NAME)} IF NOT EXISTS FOR (n:{'|'.join(labels)}) "
            f"ON EACH [{', '.join('n.' + p for p in properties)}] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{NEO4J_ANALYZER}', "
            "`fulltext.eventually_consistent`: false}}"
        )
        self._schema_change("CALL db.awaitIndex($name, 300)", {"name": INDEX_NAME})

    def wipe(self) -> None:
        """Delete in batches, each its own transaction, until nothing is left: relationships first, so
        no batch of nodes carries a hub's ties with it."""
        for cypher in (WIPE_BATCH_RELATIONSHIPS_CYPHER, WIPE_BATCH_CYPHER):
            while True:
                rows = self._write_one(cypher, {"batch": WIPE_BATCH_NODES}, 120_000)
                if not rows or not rows[0][0]:
                    break

    def close(self) -> None:
        self._driver.close()


def quoted_name(name: str) -> str:
    """A schema object's name as a Cypher identifier (backticks doubled inside)."""
    return "`" + name.replace("`", "``") + "`"
