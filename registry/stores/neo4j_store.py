"""GraphStore on Neo4j through the official ``neo4j`` driver (6.x).

Not py2neo: it has been end-of-life since 2023 and its author and Neo4j both
point to the official driver. Reads use ``execute_read`` (routed to readers
in a cluster), writes ``execute_write``; every query carries a timeout.
Read access mode is a routing hint, not a security control, so the console
additionally asks ``EXPLAIN`` for the query type and refuses anything but
``r`` (see ``registry.console`` for the clause allowlist in front of it).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from registry.errors import QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.schema.graph import UNIQUE_KEYS
from registry.stores.base import DEFAULT_QUERY_TIMEOUT_MS, GraphStore, QueryResult, Statement, frame_from_rows

# A stopped server must give a clear message in seconds, not after the driver's
# defaults (30 s to connect, then 30 s of retries on every query).
CONNECT_TIMEOUT_S = 10.0
RETRY_TIME_S = 10.0

WIPE_CYPHER = "MATCH (n) DETACH DELETE n"


def schema_statements() -> list[str]:
    """One uniqueness constraint per label; IF NOT EXISTS makes them idempotent,
    and each constraint brings its own index."""
    return [
        f"CREATE CONSTRAINT coordreg_{label.lower()}_{key}_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in UNIQUE_KEYS
    ]


# The driver logs routing failures to stderr itself; coordreg reports them once, as a StoreUnavailable.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False


def _plain(value: Any) -> Any:
    """Driver objects as plain dicts, lists and strings (for DataFrames and JSON)."""
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


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        import neo4j
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError

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
        try:
            self._driver.verify_connectivity()
        except Exception as exc:  # noqa: BLE001 - translated below; the driver must be closed either way
            self._driver.close()  # the driver's own docs: close it even when verification fails
            security = isinstance(exc, ClientError) and (exc.code or "").startswith("Neo.ClientError.Security")
            if isinstance(exc, AuthError) or security:  # wrong password, or locked after too many tries
                hint = " NEO4J_PASSWORD is not set." if not password else ""
                raise StoreUnavailable(
                    f"Neo4j at {uri} refused the user name or password (NEO4J_USER / NEO4J_PASSWORD).{hint}"
                ) from exc
            if isinstance(exc, (DriverError, Neo4jError, OSError, ValueError)):
                raise StoreUnavailable(f"Neo4j at {uri} does not answer: {' '.join(str(exc).split())}") from exc
            raise

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database '{self.database}'"

    def _errors(self, exc: Exception, timeout_ms: int) -> Exception:
        """The driver's exception as one of coordreg's, so the CLI and app can say it in a line."""
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            return StoreUnavailable(f"Neo4j at {self.uri} stopped answering: {exc}")
        if isinstance(exc, AuthError):
            return StoreUnavailable(f"Neo4j at {self.uri} no longer accepts the user name or password: {exc}")
        code = getattr(exc, "code", "") or ""
        message = getattr(exc, "message", None) or str(exc)
        if "TransactionTimedOut" in code or "Terminated" in code:
            return QueryTimeout(f"The query ran longer than its {timeout_ms / 1000:g} s limit and was stopped.")
        if "AccessMode" in code or "Forbidden" in code:
            return QueryRefused("This query would change the registry; the console only runs read queries.")
        if "DatabaseNotFound" in code:
            return StoreUnavailable(f"Neo4j at {self.uri} has no database '{self.database}' (NEO4J_DATABASE).")
        if isinstance(exc, ClientError):
            return QueryFailed(f"Neo4j rejected the query: {message}")
        if isinstance(exc, Neo4jError):  # DatabaseError, TransientError after the driver's retries
            return QueryFailed(f"Neo4j could not run the query ({code or type(exc).__name__}): {message}")
        if isinstance(exc, DriverError):
            return StoreUnavailable(f"The Neo4j driver failed talking to {self.uri}: {exc}")
        return exc

    def read(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
        row_cap: int | None = None,
    ) -> QueryResult:
        import neo4j

        limit = None if row_cap is None else row_cap + 1  # one more than shown reveals truncation

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
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
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                columns, rows = session.execute_read(work)
        except Exception as exc:  # noqa: BLE001 - translated into coordreg's errors
            raise self._errors(exc, timeout_ms) from exc
        frame, truncated = frame_from_rows(columns, rows, row_cap)
        return QueryResult(frame, truncated, (time.perf_counter() - started) * 1000, row_cap)

    def check_read_only(self, cypher: str, parameters: dict[str, Any]) -> None:
        """Ask Neo4j's planner what the query would do, without running it."""
        import neo4j

        explain = neo4j.Query("EXPLAIN " + cypher, timeout=DEFAULT_QUERY_TIMEOUT_MS / 1000)  # type: ignore[arg-type]
        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                summary = session.run(explain, parameters).consume()
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, DEFAULT_QUERY_TIMEOUT_MS) from exc
        if summary.query_type != "r":
            raise QueryRefused(
                f"Neo4j classes this query as '{summary.query_type}', not read-only ('r'); the console refuses it."
            )

    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        import neo4j

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> None:
            tx.run(statement.cypher, statement.parameters).consume()

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS) as session:
                session.execute_write(work)
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, timeout_ms) from exc

    def ensure_schema(self) -> None:
        for cypher in schema_statements():
            self.write(Statement(cypher))  # schema changes cannot share a transaction with each other

    def wipe(self) -> None:
        self.write(Statement(WIPE_CYPHER))

    def close(self) -> None:
        self._driver.close()
