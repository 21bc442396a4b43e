"""The one small interface every graph store implements.

Two implementations: ``EmbeddedStore`` (FalkorDB child process, the default)
and ``Neo4jStore`` (official driver). Everything above this layer — loading,
named queries, the console, the app — talks to a ``GraphStore`` only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from registry.stores.limits import DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_CAP, MAX_QUERY_TIMEOUT_MS  # noqa: F401


@dataclass
class Statement:
    """One Cypher statement with its parameters, for a write batch."""

    cypher: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass
class QueryResult:
    frame: pd.DataFrame
    truncated: bool = False
    elapsed_ms: float = 0.0
    row_cap: int | None = None


class GraphStore(ABC):
    """A graph database holding one registry."""

    #: "falkordb" or "neo4j": picks the per-backend variant of a named query.
    dialect: str = ""

    @abstractmethod
    def read(
        self,
        cypher: str,
        parameters: dict[str, Any] | None = None,
        *,
        timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run a read-only query; the store itself must refuse writes."""

    @abstractmethod
    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        """Run one write statement as one atomic transaction."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create indexes and uniqueness rules; safe to call repeatedly."""

    @abstractmethod
    def wipe(self) -> None:
        """Delete the whole registry graph."""

    def prepare(self, statement: Statement) -> Statement:
        """The statement as this store will send it, for work done ahead of ``write`` (default: as it is)."""
        return statement

    def check_read_only(self, cypher: str, parameters: dict[str, Any]) -> None:  # noqa: B027
        """A store-specific read-only check before a console query (Neo4j: EXPLAIN)."""

    @abstractmethod
    def lock_path(self, purpose: str) -> Path:
        """The file locked for ``purpose`` on this registry: "write" (one writer at a time, registry.locks)
        or "console" (one console query at a time, registry.console)."""

    @abstractmethod
    def describe(self) -> str:
        """Which store and where, in one line for `coordreg status`."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counts(self) -> dict[str, int]:
        """Node and relationship counts, the figures `coordreg status` shows."""
        nodes = self.read("MATCH (n) RETURN count(n) AS n").frame
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n").frame
        return {"nodes": int(nodes.iat[0, 0]), "relationships": int(rels.iat[0, 0])}  # type: ignore[arg-type]


def frame_from_rows(columns: list[str], rows: list[list[Any]], row_cap: int | None) -> tuple[pd.DataFrame, bool]:
    """Cap rows: callers ask the store for one row more than they show, so a
    full page plus one means the answer was truncated."""
    truncated = row_cap is not None and len(rows) > row_cap
    if truncated and row_cap is not None:
        rows = rows[:row_cap]
    return pd.DataFrame(rows, columns=columns), truncated
