"""Every whole-registry answer computed at once, at the end of a load, with progress; actor measures written back.

``refresh_snapshot(store)`` runs each built-in named query that takes no required parameter, with every
parameter at its default, and keeps its answer as the snapshot of the registry version it was computed for
(``snapshot.py``), so the first visitor after a load reads files instead of waiting for the store. The first
request after any other write still computes its answer itself (``snapshot.answer``).

Two costs are saved against asking each query in turn:

- the actor projection is asked once: ``actor_centrality`` is ``actor_network``'s Cypher (same text, same
  parameters) followed by the igraph measures, so its answer is computed from ``actor_network``'s ties;
- answers that are never kept (the exports: maps whose keys differ from row to row) are not computed at all.

Then each actor's centrality and community are written back on the actor (``a.betweenness``, ``a.degree``,
``a.weighted_degree``, ``a.community``, ``a.community_size``), for the console and for filtered queries, in one
parameterised statement.

Why the write-back does not make the snapshot stale. Every write bumps the registry version, this one too, so
the answers are computed at version N and the write-back makes N+1. The answers are kept under N+1, not N:
the write-back changes no answer that is kept (no kept query returns these properties; the exports, which do,
always run live), so the answers computed at N are N+1's answers. That holds only if nothing else was written
in between: the version is read before the answers are computed and after the write-back, and the answers are
kept only when it moved by exactly one within the same epoch (this statement alone). The write-back runs under
the registry's write lock, and only if the version is still the one the answers were computed for, so a load
that landed meanwhile never gets the measures of the registry before it. Otherwise nothing is written or kept
and each query computes its answer on its first request, as after any write. The definition of a version stays
simple (every write counts, none is special) and the check costs one small read.

The same statement writes how many practices carry each widely shared neighbour of practice_overlap (an actor,
agreement, function or population carried by more than ``CARRIED_ABOVE`` practices): ``x.carried_by``, counted
from the unfiltered answer's links, and ``x.carried_by_version``, the key of the version the statement makes.
practice_overlap filtered by one practice reads a count only when its version is the registry's current one, in
the same query; any later write (an edit, a load without refresh) bumps the version, so a count that may be
stale is never read and the query counts live, as it does for every neighbour without a count. A count is
never wrong, only unused: nothing has to clear it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.collector import collector_paused
from registry.errors import CoordregError
from registry.locks import registry_write_lock
from registry.queries import snapshot
from registry.stores.base import QueryResult, RegistryVersion, Statement
from registry.stores.limits import DEFAULT_QUERY_TIMEOUT_MS, MAX_QUERY_TIMEOUT_MS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from registry.stores.base import GraphStore

#: Answers that never read back from Arrow exactly as computed (maps whose keys differ from row to row): they
#: always run live, so computing them here would only cost time (tests/test_snapshot.py lists the same).
ALWAYS_LIVE = frozenset({"export_nodes", "export_relationships"})
#: Answers computed from another answer instead of asking the store again: name -> (the answer it starts from,
#: the Python step that makes it). actor_centrality's Cypher is actor_network's (tests/test_snapshot.py checks it).
DERIVED: dict[str, str] = {"actor_centrality": "actor_network"}

#: What an actor gets written back, from the actor_centrality answer's columns.
WRITTEN_BACK = ("betweenness", "degree", "weighted_degree", "community", "community_size")
# One statement: measures of an earlier version are cleared first (an actor that lost all its ties has none),
# then each tied actor gets its row. The MATCH … WITH count(*) gives one row even on a registry without actors.
WRITE_BACK_CYPHER = (
    "MATCH (a:Actor) WHERE a.betweenness IS NOT NULL OR a.community IS NOT NULL "
    "SET a.betweenness = null, a.degree = null, a.weighted_degree = null, a.community = null, "
    "a.community_size = null "
    "WITH count(a) AS cleared "
    "UNWIND $rows AS row "
    "MATCH (a:Actor {id: row.id}) "
    "SET a.betweenness = row.betweenness, a.degree = row.degree, a.weighted_degree = row.weighted_degree, "
    "a.community = row.community, a.community_size = row.community_size"
)

#: The answer whose links give each neighbour's count of practices (the unfiltered practice_overlap), the
#: neighbours' labels a count is written for, and how widely a neighbour must be carried to get one: a filtered
#: practice_overlap lists the carriers of a rarer one anyway, so only the wide ones save it time.
CARRIED_SOURCE = "practice_overlap"
CARRIED_KINDS = ("Actor", "Agreement", "Function", "Population")
CARRIED_ABOVE = 20
# One UNWIND per label (labels are these fixed words, never input), each MATCH on the label's id index.
CARRIED_CYPHER = (
    "UNWIND ${rows} AS row MATCH (x:{label} {{id: row.id}}) "
    "SET x.carried_by = row.n, x.carried_by_version = $carried_by_version"
)

Progress = Callable[[int, int, str], None]
SLIPPED_IN = "the registry was written while the answers were computed: each is computed on its first request"
#: Answers computed at once (threads; the stores' clients are thread-safe). Two: the machine it was measured on
#: has two cores, and the store's threads do most of the work.
WORKERS = 2
#: The answers that take longest at 10^4 practices (BENCHMARKS.md, "What the snapshot's time goes to"), asked
#: first so that the short ones fill the other worker's time at the end instead of one long answer running alone
#: (the order changes no answer; ~1 s of 13 s of answers with two workers, on the figures of 2026-11-30).
LONGEST_FIRST = ("actor_network", "function_duplication", "cost_benefit", "practice_overlap")


@dataclass
class Refreshed:
    """What ``refresh_snapshot`` did: the version its answers are kept for (None: none kept, see ``why``)."""

    version: RegistryVersion | None
    seconds: dict[str, float] = field(default_factory=dict)  # per answer, in the order computed
    kept: list[str] = field(default_factory=list)
    actors_written: int = 0
    why: str = ""
    failed: dict[str, str] = field(default_factory=dict)  # answers not computed (kept for none), and why

    @property
    def total_s(self) -> float:
        return sum(self.seconds.values())


def snapshot_queries(store: GraphStore) -> list[str]:
    """The built-in queries a snapshot holds on this store: those that run without any parameter, in the order
    they are computed (an answer another one is derived from comes first)."""
    from registry.queries.library import list_queries

    names = [
        name
        for name, query in list_queries(include_user=False).items()
        if store.dialect in query.header.backends
        and not any(p.required for p in query.header.parameters)
        and name not in ALWAYS_LIVE
    ]
    sources = [name for name in DERIVED.values() if name in names]
    return sources + [name for name in names if name not in sources]


def refresh_snapshot(
    store: GraphStore,
    *,
    home: Path | None = None,
    on_progress: Progress | None = None,
    timeout_ms: int = MAX_QUERY_TIMEOUT_MS,
) -> Refreshed:
    """Compute every snapshot answer for the store's current version, write the actor measures back and keep the
    answers: see ``_refresh``."""
    # Python's cycle collector paused throughout (registry/collector.py): the answers' reads and steps make millions
    # of small lists, dicts and strings, none in a cycle, and the process's CPU, not the store's, bounds the
    # snapshot (two threads share one interpreter lock): each collection walking them again is time lost. Paused
    # only in parts of some steps before, so reads and the other steps set it off again and again.
    # Its queries sent one at a time (the embedded server crashed on reads at once: GraphStore.reads_in_turn).
    with collector_paused(), store.reads_in_turn():
        return _refresh(store, home=home, on_progress=on_progress, timeout_ms=timeout_ms)


def _refresh(
    store: GraphStore,
    *,
    home: Path | None,
    on_progress: Progress | None,
    timeout_ms: int,
) -> Refreshed:
    """Compute every snapshot answer for the store's current version, write the actor measures back and keep the
    answers (see the module's note on versions). Each query may run ``timeout_ms`` (a load's follow-up, not a
    visitor's wait); one that fails is left out (``failed``) and computes its answer on its first request.
    ``on_progress(done, total, name)`` is called after each answer is computed (``done`` answers so far of
    ``total``, ``name`` the last one); ``WORKERS`` are computed at once."""
    from registry.analysis.network import centrality_table
    from registry.queries.library import run_named_query

    before = store.registry_version()
    names = snapshot_queries(store)
    done = Refreshed(None)
    if before.key is None:
        done.why = "the registry has no version yet (nothing was written through coordreg)"
        return done
    # Each answer kept as the Arrow table of its file, built as soon as it is computed (``snapshot.kept_table``),
    # in the worker: while the store computes the next answer, not at the end with the store idle. The files are
    # written only once the version is known to be theirs (below), so a refresh stopped before that leaves none.
    tables: dict[str, pa.Table] = {}
    answered: set[str] = set()  # computed whole (kept unless Arrow cannot hold them exactly)
    measures: dict[str, pd.DataFrame] = {}  # the actor_centrality answer, for the write-back
    carried: dict[tuple[str, str], int] = {}

    def computed(name: str) -> list[tuple[str, float]]:
        """Compute the answer ``name``, then those derived from it, and build each one's table: the seconds of
        each (its table's included)."""
        started = time.perf_counter()
        try:
            if name == CARRIED_SOURCE:
                result, counts = _with_carried_counts(store, name, home, timeout_ms)
                carried.update(counts)
            else:
                result = run_named_query(store, name, home=home, timeout_ms=timeout_ms, snapshot=False)
        except CoordregError as exc:  # e.g. over the time limit: that query computes its answer on request
            done.failed[name] = str(exc)
            return [(name, time.perf_counter() - started)]
        seconds = time.perf_counter() - started
        if seconds * 1000 > timeout_ms:
            # The limit holds for the whole answer: a store checks its own limit only between steps (Neo4j), and
            # the frame is built here, so a query the store let finish can still be over it.
            done.failed[name] = f"It took {seconds:.3f} s, longer than its {timeout_ms / 1000:g} s limit."
            return [(name, seconds)]
        if result.truncated:  # never cut, uncapped; a cut answer is never kept
            return [(name, seconds)]
        frame = result.frame
        tabled(name, frame)
        made = [(name, time.perf_counter() - started)]
        # An answer derived from this one (actor_centrality from actor_network's ties) is computed here too.
        for derived, source in DERIVED.items():
            if source == name and derived in names:
                started = time.perf_counter()
                measures[derived] = centrality_table(frame)
                tabled(derived, measures[derived])
                made.append((derived, time.perf_counter() - started))
        return made

    def tabled(name: str, frame: pd.DataFrame) -> None:
        answered.add(name)
        table = snapshot.kept_table(frame)
        if table is not None:
            tables[name] = table

    def finished(name: str, seconds: float) -> None:
        done.seconds[name] = seconds
        if on_progress is not None:
            on_progress(len(done.seconds), len(names), name)

    # Each answer is the store's own work: WORKERS of them at once keep both the store's threads and this process
    # busy (the store computes one while this process builds the frame and the table of another).
    asked = sorted(
        (name for name in names if name not in DERIVED),
        key=lambda name: LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST),
    )
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="coordreg-snapshot") as pool:
        for future in as_completed([pool.submit(computed, name) for name in asked]):
            for name, seconds in future.result():
                finished(name, seconds)
    started = time.perf_counter()
    # Under the registry's write lock (loads, imports and edits hold it): a load that landed while the answers
    # were computed is seen here, and its actors never get measures of the registry before it.
    with registry_write_lock(store.lock_path("write")):
        if store.registry_version() != before:
            done.why = SLIPPED_IN
            return done
        centrality = measures.get("actor_centrality")
        if CARRIED_SOURCE not in answered:  # its counts are written only with the answer they come from
            carried.clear()
        written = centrality is not None or bool(carried)
        if written:
            done.actors_written = write_back(store, centrality, carried, before, timeout_ms=timeout_ms)
        after = store.registry_version()
    done.seconds["write back"] = time.perf_counter() - started
    expected = RegistryVersion(before.number + (1 if written else 0), before.epoch)
    if after != expected:
        done.why = SLIPPED_IN
        return done
    started = time.perf_counter()
    for name in names:  # in the order of the queries, whatever order they finished in
        if name in tables and snapshot.keep(store, name, tables[name], after, home=home):
            done.kept.append(name)
    done.seconds["keep"] = time.perf_counter() - started
    done.version = after
    return done


def write_back(
    store: GraphStore,
    centrality: pd.DataFrame | None,
    carried: dict[tuple[str, str], int] | None = None,
    before: RegistryVersion | None = None,
    *,
    timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS,
) -> int:
    """Write each actor's measures from an ``actor_centrality`` answer onto the actor, and the widely carried
    neighbours' counts (``carried``: (label, id) -> practices, from the overlap step) for the version this write
    makes from ``before``, in one statement (one transaction, one version bump); measures left by an earlier
    version are cleared. Returns the actors written."""
    parts: list[str] = []
    parameters: dict[str, Any] = {}
    rows = [] if centrality is None else centrality_rows(centrality)
    if centrality is not None:
        parts.append(WRITE_BACK_CYPHER)
        parameters["rows"] = rows
    counts = carried_rows(carried or {})
    if counts and before is not None and before.epoch is not None:
        # The statement bumps the version by one, in its own transaction: the counts are that version's.
        parameters["carried_by_version"] = RegistryVersion(before.number + 1, before.epoch).key
        for label, listed in counts.items():
            parameters[f"carried_{label.lower()}"] = listed
            parts.append(CARRIED_CYPHER.format(rows=f"carried_{label.lower()}", label=label))
    if not parts:
        return 0
    # Each part after the first starts from one row, however many the part before it matched.
    cypher = " WITH count(*) AS written ".join(parts)
    store.write(Statement(cypher, parameters), timeout_ms=timeout_ms)
    return len(rows)


def carried_rows(carried: dict[tuple[str, str], int]) -> dict[str, list[dict[str, Any]]]:
    """The counts worth writing (a neighbour carried by more than CARRIED_ABOVE practices), by label."""
    by_label: dict[str, list[dict[str, Any]]] = {}
    for (label, ident), count in sorted(carried.items()):
        if label in CARRIED_KINDS and count > CARRIED_ABOVE:
            by_label.setdefault(label, []).append({"id": ident, "n": int(count)})
    return by_label


def _with_carried_counts(
    store: GraphStore, name: str, home: Path | None, timeout_ms: int
) -> tuple[QueryResult, dict[tuple[str, str], int]]:
    """practice_overlap's unfiltered answer, as ``run_named_query`` computes it live, and the counts of its links:
    the links are the query's rows before its Python step, which only this keeps."""
    from registry.analysis.overlap import overlap_answer
    from registry.queries.fulltext_check import runnable_text
    from registry.queries.library import get_query

    query = get_query(name, home)
    bound = query.bind({})
    result = store.read(runnable_text(store, query, timeout_ms=timeout_ms), bound, timeout_ms=timeout_ms)
    # The query's own Python step ("overlap"), which counts each neighbour's practices on its way to the pairs.
    result.frame, counts = overlap_answer(result.frame, bound)
    return result, ({} if result.truncated else counts)


def centrality_rows(centrality: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per actor, of plain Python values (``tolist``: the stores take no NumPy scalars)."""
    with collector_paused():  # a few thousand small dicts
        columns = {name: centrality[name].tolist() for name in ("actor_id", *WRITTEN_BACK)}
        return [
            {"id": str(ident), **{name: columns[name][i] for name in WRITTEN_BACK}}
            for i, ident in enumerate(columns["actor_id"])
        ]
