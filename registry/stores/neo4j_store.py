"""GraphStore on Neo4j through the official ``neo4j`` driver (6.x).

Not py2neo: it has been end-of-life since 2023 and its author and Neo4j both
point to the official driver. Reads use ``execute_read`` (routed to readers
in a cluster), writes ``execute_write``; every query carries a timeout.
Read access mode is a routing hint, not a security control, so the console
additionally asks ``EXPLAIN`` for the query type and refuses anything but
``r`` (see ``registry.console`` for the clause allowlist in front of it).
"""

from __future__ import annotations

import os
import time
from typing import Any

from registry.errors import QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.schema.graph import UNIQUE_KEYS
from registry.stores.base import DEFAULT_QUERY_TIMEOUT_MS, GraphStore, QueryResult, Statement, frame_from_rows


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

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
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        auth = (user or os.environ.get("NEO4J_USER", "neo4j"), password or os.environ.get("NEO4J_PASSWORD", ""))
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
            self._driver.verify_connectivity()
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {uri} refused the user name or password (NEO4J_USER / NEO4J_PASSWORD).") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreUnavailable(f"Neo4j at {uri} does not answer: {exc}") from exc

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database '{self.database}'"

    def _errors(self, exc: Exception, timeout_ms: int) -> Exception:
        from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired

        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            return StoreUnavailable(f"Neo4j at {self.uri} stopped answering: {exc}")
        code = getattr(exc, "code", "") or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            return QueryTimeout(f"The query ran longer than its {timeout_ms / 1000:g} s limit and was stopped.")
        if "AccessMode" in code or "Forbidden" in code:
            return QueryRefused("This query would change the registry; the console only runs read queries.")
        if isinstance(exc, ClientError):
            return QueryFailed(f"Neo4j rejected the query: {getattr(exc, 'message', exc)}")
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
        import neo4j

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                summary = session.run("EXPLAIN " + cypher, parameters).consume()  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, DEFAULT_QUERY_TIMEOUT_MS) from exc
        if summary.query_type != "r":
            raise QueryRefused(
                f"Neo4j classes this query as '{summary.query_type}', not read-only; the console refuses it."
            )

    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        import neo4j

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> None:
            tx.run(statement.cypher, statement.parameters).consume()

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except Exception as exc:  # noqa: BLE001
            raise self._errors(exc, timeout_ms) from exc

    def ensure_schema(self) -> None:
        for label, key in UNIQUE_KEYS:
            # IF NOT EXISTS makes this idempotent; a uniqueness constraint also creates the index.
            name = f"coordreg_{label.lower()}_{key}_unique"
            self.write(Statement(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"))

    def wipe(self) -> None:
        self.write(Statement("MATCH (n) DETACH DELETE n"))

    def close(self) -> None:
        self._driver.close()
