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


# The registry's version lives in the graph itself, on one node of its own, so both stores keep it the same way
# and a write and its bump share one transaction: a crash can never leave a new graph with an old version.
VERSION_LABEL = "RegistryVersion"
# `epoch` is drawn when the node is made: a registry wiped (FalkorDB drops the whole graph) or lost and rebuilt
# counts from 1 again under a new epoch, so a number seen before never names different contents.
VERSION_BUMP_CYPHER = (
    f"MERGE (coordreg_version:{VERSION_LABEL} {{id: 'registry'}}) "
    "ON CREATE SET coordreg_version.epoch = randomUUID() "
    "SET coordreg_version.number = coalesce(coordreg_version.number, 0) + 1"
)
VERSION_READ_CYPHER = (
    f"MATCH (v:{VERSION_LABEL}) RETURN v.number AS number, v.epoch AS epoch ORDER BY number DESC LIMIT 1"
)


@dataclass(frozen=True)
class RegistryVersion:
    """Which state of the registry a store holds: ``number`` grows with every write transaction."""

    number: int
    #: None while nothing has been written through coordreg since the graph was made (or before versions existed).
    epoch: str | None = None

    @property
    def key(self) -> str | None:
        """A name for this state that no other state of this store ever had; None when it is not known."""
        return None if self.epoch is None else f"{self.epoch}-{self.number}"


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
        """Run one write statement as one atomic transaction, which also bumps the registry's version."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create indexes and uniqueness rules; safe to call repeatedly."""

    @abstractmethod
    def wipe(self) -> None:
        """Delete the whole registry graph; its version goes on counting (bumped, never reset)."""

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
    def identity(self) -> str:
        """Which registry this is, the same from one run to the next (snapshots of its answers are kept by it)."""

    @abstractmethod
    def describe(self) -> str:
        """Which store and where, in one line for `coordreg status`."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def registry_version(self) -> RegistryVersion:
        """The registry's version: every write transaction (load, import, edit, wipe) bumps it."""
        frame = self.read(VERSION_READ_CYPHER).frame
        if frame.empty:
            return RegistryVersion(0)
        row = frame.to_dict("records")[0]
        epoch = row["epoch"]
        return RegistryVersion(int(row["number"] or 0), epoch if isinstance(epoch, str) else None)

    def counts(self) -> dict[str, int]:
        """Node and relationship counts, the figures `coordreg status` shows (the version node is no content)."""
        nodes = self.read(f"MATCH (n) WHERE NOT n:{VERSION_LABEL} RETURN count(n) AS n").frame
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n").frame
        return {"nodes": int(nodes.iat[0, 0]), "relationships": int(rels.iat[0, 0])}  # type: ignore[arg-type]


def frame_from_rows(columns: list[str], rows: list[list[Any]], row_cap: int | None) -> tuple[pd.DataFrame, bool]:
    """Cap rows: callers ask the store for one row more than they show, so a
    full page plus one means the answer was truncated."""
    truncated = row_cap is not None and len(rows) > row_cap
    if truncated and row_cap is not None:
        rows = rows[:row_cap]
    return pd.DataFrame(rows, columns=columns), truncated
