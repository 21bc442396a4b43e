"""The one small interface every graph store implements.

Two implementations: ``EmbeddedStore`` (FalkorDB child process, the default)
and ``Neo4jStore`` (official driver). Everything above this layer — loading,
named queries, the console, the app — talks to a ``GraphStore`` only.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.stores.limits import DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_CAP, MAX_QUERY_TIMEOUT_MS  # noqa: F401

if TYPE_CHECKING:  # a frame is built only when asked for: `coordreg status` and `query` print rows without pandas
    import pandas as pd


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


class QueryResult:
    """A query's answer: its column names and plain rows, as the store gave them, and ``frame``, the same answer
    as a pandas DataFrame built the first time it is asked for (pandas takes longer to import than a CLI command
    may take: `coordreg status` and `coordreg query` print the rows and never import it).

    Made from a frame (``QueryResult(frame)``), from rows (``QueryResult.from_rows``), or from rows with a function
    that builds the frame (a snapshot read back keeps the frame pandas would build from its file)."""

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        truncated: bool = False,
        elapsed_ms: float = 0.0,
        row_cap: int | None = None,
        *,
        columns: list[str] | None = None,
        rows: list[list[Any]] | None = None,
        make_frame: Callable[[], pd.DataFrame] | None = None,
    ):
        if frame is None and rows is None:
            raise TypeError("a QueryResult needs a frame or rows")
        self._frame = frame
        self._columns = columns if frame is None else None
        self._rows = rows if frame is None else None
        self._make_frame = make_frame
        self.truncated = truncated
        self.elapsed_ms = elapsed_ms
        self.row_cap = row_cap

    @classmethod
    def from_rows(
        cls,
        columns: list[str],
        rows: list[list[Any]],
        truncated: bool = False,
        elapsed_ms: float = 0.0,
        row_cap: int | None = None,
    ) -> QueryResult:
        return cls(None, truncated, elapsed_ms, row_cap, columns=list(columns), rows=rows)

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            if self._make_frame is not None:
                self._frame = self._make_frame()
            else:
                import pandas as pd

                self._frame = pd.DataFrame(self._rows, columns=self._columns)
        return self._frame

    @frame.setter
    def frame(self, frame: pd.DataFrame) -> None:
        # A Python step replaced the answer: its rows are now the frame's.
        self._frame, self._columns, self._rows, self._make_frame = frame, None, None, None

    @property
    def columns(self) -> list[str]:
        if self._columns is None:
            return [str(name) for name in self.frame.columns]
        return self._columns

    @property
    def has_plain_rows(self) -> bool:
        """True when ``rows`` hold plain Python values, as the store or a kept file gave them; False when they
        come from a frame (a Python step's answer), whose cells may be NumPy scalars."""
        return self._rows is not None

    @property
    def rows(self) -> list[list[Any]]:
        """The rows as lists of values (from the frame when the answer was made from one)."""
        if self._rows is None:
            return [list(row) for row in self.frame.itertuples(index=False, name=None)]
        return self._rows

    def first(self, count: int) -> QueryResult:
        """The answer's first ``count`` rows, marked truncated (a frame, if any, is cut the same way)."""
        if self._frame is not None:
            return QueryResult(self._frame.iloc[:count].reset_index(drop=True), True, self.elapsed_ms, self.row_cap)
        make_frame = self._make_frame
        return QueryResult(
            None,
            True,
            self.elapsed_ms,
            self.row_cap,
            columns=self._columns,
            rows=(self._rows or [])[:count],
            make_frame=None if make_frame is None else lambda: make_frame().iloc[:count].reset_index(drop=True),
        )

    def __getstate__(self) -> dict[str, Any]:
        # The app's caches pickle answers: a function that builds the frame cannot be pickled, its frame can.
        state = dict(self.__dict__)
        if state.get("_make_frame") is not None:
            state["_frame"], state["_make_frame"] = self.frame, None
        return state

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self.frame)

    def __repr__(self) -> str:
        return f"QueryResult({len(self)} rows, columns={self.columns}, truncated={self.truncated})"


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

    @contextlib.contextmanager
    def reads_in_turn(self) -> Iterator[None]:
        """Within it, this object sends its reads one at a time, whatever the threads asking (default: as they
        come; a store whose server may crash on reads running at once overrides it)."""
        yield

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
        result = self.read(VERSION_READ_CYPHER)
        if not len(result):
            return RegistryVersion(0)
        row = dict(zip(result.columns, result.rows[0], strict=True))
        number, epoch = row["number"], row["epoch"]
        known = number is not None and number == number  # None, or NaN in a frame: no number yet
        return RegistryVersion(int(number) if known else 0, epoch if isinstance(epoch, str) else None)

    def counts(self) -> dict[str, int]:
        """Node and relationship counts, the figures `coordreg status` shows (the version node is no content)."""
        nodes = self.read(f"MATCH (n) WHERE NOT n:{VERSION_LABEL} RETURN count(n) AS n").rows
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n").rows
        return {"nodes": int(nodes[0][0]), "relationships": int(rels[0][0])}


def capped_rows(rows: list[list[Any]], row_cap: int | None) -> tuple[list[list[Any]], bool]:
    """Cap rows: callers ask the store for one row more than they show, so a
    full page plus one means the answer was truncated."""
    truncated = row_cap is not None and len(rows) > row_cap
    if truncated and row_cap is not None:
        rows = rows[:row_cap]
    return rows, truncated
