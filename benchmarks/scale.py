"""Scale benchmark: coordreg from 10² to 10⁴ practices, in one run on one machine.

    python -m benchmarks.scale [--sizes 100,1000,10000] [--repeats 5] [--out BENCHMARKS.md]
    coordreg bench …            (the same)

For each size it generates a synthetic registry (``registry.synthetic``) and
measures, side by side: load throughput of coordreg's loader against a
one-query-per-row loader and the engine's own limit; the latency of every
built-in named query on the registry as ``coordreg load`` leaves it (its
end-of-load refresh run: the counts a filtered query reads are written), each
unfiltered one computed live, not read from the snapshot (the speed benchmark
times those reads); the same answers computed by pandas + networkx straight
from the case files (checked equal); then the app's cold start at N = 1 000
and peak memory. Everything runs in a private data directory with its own
store server, removed at the end. Results go to a Markdown report and a plot.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import os
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks import answers, baseline, write_paths
from benchmarks.app_start import AppStart, MemorySampler, measure_app_start
from benchmarks.guard import GuardedGraph, RunawayQuery, compact_log, wait_ready
from registry import graph_writer, loading
from registry.errors import CoordregError, QueryTimeout
from registry.queries.library import list_queries
from registry.stores.base import GraphStore, QueryResult, Statement
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer
from registry.synthetic import generate_registry

DEFAULT_SIZES = (100, 1_000, 10_000)
QUERY_TIMEOUT_MS = 60_000
SLOW_QUERY_S = 5.0  # a query slower than this once is not repeated (the run must stay feasible)
SKIP_AFTER_S = 30.0  # … and is not run at the next, larger size when it took longer than this
APP_SIZE = 1_000

# Named query -> baseline function and the check that both answers agree.
ANALYSES: dict[str, tuple[str, Callable[[baseline.Frames], Any], Callable[..., tuple[bool, str]]]] = {
    "typology": ("typology_matrix", baseline.typology, answers.same_typology),
    "practice overlap": ("practice_overlap", baseline.practice_overlap, answers.same_overlap),
    "function duplication": ("function_duplication", baseline.function_duplication, answers.same_duplication),
    "actor centrality": ("actor_centrality", baseline.actor_centrality, answers.same_centrality),
}


@dataclass
class QueryTiming:
    name: str
    params: dict[str, Any]
    variant: bool = False  # the run with `practice` set, where the query also runs unfiltered
    runs: list[float] = field(default_factory=list)  # seconds
    rows: int = 0
    note: str = ""
    store_growth_mb: float = 0.0  # how far the store's memory peak rose while this query ran

    @property
    def key(self) -> str:
        return f"{self.name} (practice=…)" if self.variant else self.name

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.runs) * 1000 if self.runs else None

    @property
    def p95_ms(self) -> float | None:
        return float(np.percentile(self.runs, 95)) * 1000 if self.runs else None


@dataclass
class Analysis:
    coordreg_s: float | None
    baseline_compute_s: float | None
    same: bool | None
    detail: str


@dataclass
class SizeResult:
    practices: int
    files: int = 0
    nodes: int = 0
    relationships: int = 0
    generate_s: float = 0.0
    load_s: float = 0.0
    validate_s: float = 0.0
    write_s: float = 0.0
    naive_entities: int = 0
    naive_s: float = 0.0
    naive_practices: int = 0
    engine_s: float = 0.0
    per_file_entities: int = 0  # the writer before merging statements: one statement per file
    per_file_write_s: float = 0.0
    libyaml_parse_s: float = 0.0  # parsing every file with libyaml, both safety checks kept
    restart_s: float | None = None  # store stopped and started right after coordreg's load
    restart_intact: bool | None = None
    refresh_s: float | None = None  # the end-of-load refresh (``refresh_snapshot``), run before the queries
    refresh_note: str = ""  # why its counts were not written, if they were not
    load_1min: float = 0.0
    baseline_read_s: float = 0.0
    baseline_frames_s: float = 0.0
    queries: dict[str, QueryTiming] = field(default_factory=dict)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    store_peak_mb: float = 0.0
    python_peak_mb: float = 0.0
    store_growth_mb: dict[str, float] = field(default_factory=dict)  # phase -> rise of the store's memory peak

    @property
    def entities(self) -> int:
        return self.nodes + self.relationships


@dataclass
class Run:
    sizes: list[SizeResult]
    repeats: int
    seed: int
    app: dict[str, AppStart] = field(default_factory=dict)
    app_note: str = ""
    command: str = ""
    started: str = ""
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    total_s: float = 0.0
    machine: dict[str, str] = field(default_factory=dict)
    merged_statement_rows: int = graph_writer.MERGED_STATEMENT_ROWS


class TimedStore(GraphStore):
    """A store that adds up the time spent in ``write`` (the loader's writing phase)."""

    def __init__(self, inner: GraphStore):
        self.inner = inner
        self.dialect = inner.dialect
        self.write_s = 0.0

    def read(self, cypher: str, parameters: dict[str, Any] | None = None, **kw: Any) -> QueryResult:
        return self.inner.read(cypher, parameters, **kw)

    def prepare(self, statement: Statement) -> Statement:
        return self.inner.prepare(statement)

    def write(self, statement: Statement, *, timeout_ms: int = 120_000) -> None:
        started = time.perf_counter()
        self.inner.write(statement, timeout_ms=timeout_ms)
        self.write_s += time.perf_counter() - started

    def ensure_schema(self) -> None:
        self.inner.ensure_schema()

    def wipe(self) -> None:
        self.inner.wipe()

    def identity(self) -> str:
        return self.inner.identity()

    def describe(self) -> str:
        return self.inner.describe()

    def lock_path(self, purpose: str) -> Path:
        return self.inner.lock_path(purpose)

    def close(self) -> None:
        self.inner.close()


@contextlib.contextmanager
def one_statement_per_file() -> Iterator[None]:
    """The loader as it was before statements were merged: each case file's statement written alone."""
    real = loading.merged_statements

    def unmerged(statements: Any) -> Iterator[tuple[Statement, int]]:
        return ((statement, 1) for statement in statements)

    loading.merged_statements = unmerged  # type: ignore[assignment]
    try:
        yield
    finally:
        loading.merged_statements = real  # type: ignore[assignment]


def libyaml_parse_seconds(folder: Path) -> float:
    """Parse every case file in this one process, as the loader's parser does (libyaml, no aliases, no
    duplicate keys), for comparison with the loader's parallel parsing."""
    from loaders.yaml_cases import read_yaml_data

    started = time.perf_counter()
    for path in sorted(folder.rglob("*.yaml")):
        _, problems = read_yaml_data(path)
        if problems:
            raise ValueError(f"{path}: {problems[0].message}")
    return time.perf_counter() - started


@contextlib.contextmanager
def timed_validation() -> Iterator[list[float]]:
    """Time ``registry.loading.validate_paths`` while ``load_paths`` calls it."""
    spent: list[float] = []
    real = loading.validate_paths

    def timed(paths: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(paths, *args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    loading.validate_paths = timed  # type: ignore[assignment]
    try:
        yield spent
    finally:
        loading.validate_paths = real  # type: ignore[assignment]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fresh_graph(home: Path, name: str) -> EmbeddedStore:
    store = EmbeddedStore(home, name)
    store.wipe()
    return store


def drop_graph(store: GraphStore) -> None:
    store.wipe()
    store.close()


def subset_folder(registry_dir: Path, practices: int, target: Path) -> Path:
    """The catalogue plus the first ``practices`` case files (they only refer to earlier ones)."""
    shutil.copytree(registry_dir / "catalogue", target / "catalogue")
    (target / "cases").mkdir(parents=True)
    for path in sorted((registry_dir / "cases").glob("*.yaml"))[:practices]:
        shutil.copy(path, target / "cases" / path.name)
    return target


def measure_restart(result: SizeResult, home: Path, graph: str, counts: dict[str, int]) -> None:
    """Stop the store and start it again: the append-only file is replayed, statement by statement."""
    server = EmbeddedServer(home)
    server.stop()
    started = time.perf_counter()
    wait_ready(server)
    result.restart_s = time.perf_counter() - started
    with EmbeddedStore(home, graph) as store:
        result.restart_intact = store.counts() == counts
    log(f"N={result.practices}: restart {result.restart_s:.1f} s, graph intact: {result.restart_intact}")


def measure_loads(
    result: SizeResult,
    home: Path,
    registry_dir: Path,
    work: Path,
    naive_max: int,
    restart_max: int,
    sampler: MemorySampler,
) -> EmbeddedStore:
    compact_log(EmbeddedServer(home))  # the restart below then replays this load only
    sampler.growth("store")
    store = fresh_graph(home, f"coordreg_{result.practices}")
    timed = TimedStore(store)
    with timed_validation() as validation:
        started = time.perf_counter()
        report = loading.load_paths(timed, [registry_dir], rebuild=True)
        result.load_s = time.perf_counter() - started
    result.validate_s, result.write_s, result.files = sum(validation), timed.write_s, report.files_written
    counts = store.counts()
    result.nodes, result.relationships = counts["nodes"], counts["relationships"]
    log(f"N={result.practices}: coordreg load {result.load_s:.1f} s ({result.entities} entities)")
    result.store_growth_mb["coordreg load"] = sampler.growth("store")
    if result.practices <= restart_max:
        store.close()
        measure_restart(result, home, f"coordreg_{result.practices}", counts)
        store = EmbeddedStore(home, f"coordreg_{result.practices}")

    sampler.growth("store")
    entities = write_paths.read_entities(store)
    assert entities.count == result.entities, "reading the graph back lost entities"
    result.store_growth_mb["reading every entity back"] = sampler.growth("store")
    engine = fresh_graph(home, f"engine_{result.practices}")
    result.engine_s = write_paths.engine_load(engine, entities)
    assert engine.counts() == counts, "the engine-limit load wrote other entities than coordreg"
    drop_graph(engine)
    result.store_growth_mb["engine-limit load (a second graph)"] = sampler.growth("store")
    log(f"N={result.practices}: engine limit {result.engine_s:.1f} s")

    # The naive loader and the one-statement-per-file writer run on the first `naive_max` practices.
    folder = registry_dir
    if result.practices > naive_max:
        folder = subset_folder(registry_dir, naive_max, work / f"subset_{result.practices}")
    per_file = TimedStore(fresh_graph(home, f"per_file_{result.practices}"))
    with one_statement_per_file():
        loading.load_paths(per_file, [folder])
    result.per_file_write_s = per_file.write_s
    subset_counts = per_file.inner.counts()
    result.per_file_entities = subset_counts["nodes"] + subset_counts["relationships"]
    if result.practices > naive_max:
        entities = write_paths.read_entities(per_file.inner)
    drop_graph(per_file.inner)
    log(f"N={result.practices}: one statement per file: {result.per_file_write_s:.1f} s writing")
    naive = fresh_graph(home, f"naive_{result.practices}")
    result.naive_s = write_paths.naive_load(naive, entities)
    result.naive_entities, result.naive_practices = entities.count, min(naive_max, result.practices)
    assert naive.counts() == subset_counts, "the naive load wrote other entities than coordreg"
    drop_graph(naive)
    log(f"N={result.practices}: naive {result.naive_s:.1f} s for {result.naive_entities} entities")
    return store


def refresh_after_load(result: SizeResult, store: GraphStore, home: Path, sampler: MemorySampler) -> None:
    """What ``coordreg load`` does after its load (unless ``--no-snapshot``): every whole-registry answer computed
    and kept, the actors' measures and the widely shared neighbours' counts written back. Filtered queries read
    those (``practice_overlap`` with ``practice`` counts live without them), so they are timed as users get them;
    the unfiltered queries are still timed live (``measure_queries``)."""
    from registry.queries.refresh import refresh_snapshot

    sampler.growth("store")
    started = time.perf_counter()
    done = refresh_snapshot(store, home=home, timeout_ms=QUERY_TIMEOUT_MS)
    result.refresh_s = time.perf_counter() - started
    result.store_growth_mb["end-of-load refresh"] = sampler.growth("store")
    if done.version is None:
        result.refresh_note = done.why or "nothing written"
    elif done.failed:
        result.refresh_note = "not computed: " + ", ".join(sorted(done.failed))
    log(f"N={result.practices}: end-of-load refresh {result.refresh_s:.1f} s {result.refresh_note}")


def choose_parameters(store: GraphStore) -> dict[str, Any]:
    """Parameter values taken from the generated data: the busiest practice and actor, and partners of theirs."""

    def first(cypher: str, **params: Any) -> Any:
        frame = store.read(cypher, params, timeout_ms=QUERY_TIMEOUT_MS).frame
        return frame.iat[0, 0] if len(frame) else None

    practice = first(
        "MATCH (p:Practice)-[:HAS_MECHANISM]->(m) RETURN p.id AS id, count(m) AS n ORDER BY n DESC, id LIMIT 1"
    )
    actor = first(
        "MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES]->(a:Actor) "
        "RETURN a.id AS id, count(DISTINCT p) AS n ORDER BY n DESC, id LIMIT 1"
    )
    other_practice = first(
        "MATCH (p:Practice {id: $practice})-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES]->(:Actor)<-[:INVOLVES]-"
        "(:Mechanism)<-[:HAS_MECHANISM]-(q:Practice) WHERE q.id <> p.id RETURN q.id AS id ORDER BY id LIMIT 1",
        practice=practice,
    )
    far_actor = first(
        "MATCH (a:Actor)<-[:INVOLVES]-(:Mechanism) WHERE a.country IS NOT NULL "
        "RETURN a.id AS id, count(*) AS n ORDER BY n, id DESC LIMIT 1"
    )
    function = first(
        "MATCH (m:Mechanism)-[:SERVES]->(f:Function) RETURN f.id AS id, count(m) AS n ORDER BY n DESC, id LIMIT 1"
    )
    return {
        "practice": practice, "a": practice, "b": other_practice or practice, "actor": actor, "actor_a": actor,
        "actor_b": far_actor, "text": "ministry", "function": function,
    }  # fmt: skip


def query_plan(chosen: dict[str, Any]) -> list[QueryTiming]:
    """Every built-in query with its required parameters; a second run with `practice` where it filters."""
    plan = []
    for name, query in list_queries(include_user=False).items():
        params = {p.name: chosen[p.name] for p in query.header.parameters if p.required and p.name in chosen}
        missing = [p.name for p in query.header.parameters if p.required and p.name not in chosen]
        plan.append(QueryTiming(name, params, note=f"no value for {', '.join(missing)}" if missing else ""))
        if any(p.name == "practice" and not p.required for p in query.header.parameters):
            plan.append(QueryTiming(name, {"practice": chosen["practice"]}, variant=True))
    return plan


def measure_queries(
    result: SizeResult, graph: GuardedGraph, repeats: int, previous: SizeResult | None, sampler: MemorySampler
) -> dict[str, pd.DataFrame]:
    """Median and p95 of each query over ``repeats`` runs after one warm-up; keeps the last answer. Unfiltered
    queries run live (``snapshot=False``): this section shows what the store and the Python step cost, and how
    that grows; the snapshot's reads are the speed benchmark's.

    A query that timed out, or took over SKIP_AFTER_S, at the previous size is not run again: it
    cannot meet its target at a size ten times larger, and would only make the run infeasible.
    """
    last: dict[str, pd.DataFrame] = {}
    for timing in query_plan(choose_parameters(graph.store)):
        key = timing.key
        result.queries[key] = timing
        before = previous.queries.get(key) if previous else None
        if before is not None and previous is not None and before.note and not before.runs:
            timing.note = f"not run: {before.note} at N = {previous.practices:,}"
        elif before is not None and previous is not None and before.runs and before.runs[0] > SKIP_AFTER_S:
            timing.note = f"not run: took {before.runs[0]:.0f} s at N = {previous.practices:,}"
        if timing.note:
            log(f"N={result.practices}: {key}: {timing.note}")
            continue
        frames: list[pd.DataFrame] = []

        def once(t: QueryTiming = timing, out: list[pd.DataFrame] = frames) -> float:
            elapsed, frame = graph.run(t.name, t.params, QUERY_TIMEOUT_MS, snapshot=False)
            out[:] = [frame]
            return elapsed

        sampler.growth("store")
        try:
            warm = once()
            if warm > SLOW_QUERY_S:
                timing.runs = [warm]
                timing.note = f"slower than {SLOW_QUERY_S:.0f} s: one run"
            else:
                timing.runs = [once() for _ in range(repeats)]
        except QueryTimeout:
            timing.runs, timing.note = [], f"timed out after {QUERY_TIMEOUT_MS / 1000:.0f} s"
            log(f"N={result.practices}: {key}: {timing.note}")
            continue
        except RunawayQuery as exc:
            timing.runs = []
            timing.note = (
                f"no answer: {exc}, past its {QUERY_TIMEOUT_MS / 1000:.0f} s limit (the store did not stop it; "
                "the benchmark restarted its store)"
            )
            log(f"N={result.practices}: {key}: {timing.note}")
            continue
        except CoordregError as exc:  # a query the store rejects is reported, not allowed to end the run
            timing.runs, timing.note = [], f"failed: {exc}"
            log(f"N={result.practices}: {key}: {timing.note}")
            continue
        timing.store_growth_mb = sampler.growth("store")
        timing.rows = len(frames[0])
        if not timing.variant:
            last[timing.name] = frames[0]
        log(f"N={result.practices}: {key}: median {timing.median_ms:.0f} ms, {timing.rows} rows {timing.note}")
    return last


def measure_analyses(result: SizeResult, registry_dir: Path, coordreg_answers: dict[str, pd.DataFrame]) -> None:
    result.libyaml_parse_s = libyaml_parse_seconds(registry_dir)
    started = time.perf_counter()
    cases = baseline.read_cases(registry_dir)
    result.baseline_read_s = time.perf_counter() - started
    started = time.perf_counter()
    frames = baseline.build_frames(cases)
    result.baseline_frames_s = time.perf_counter() - started
    for title, (query, compute, check) in ANALYSES.items():
        timing = result.queries.get(query)
        coordreg_s = timing.median_ms / 1000 if timing and timing.median_ms is not None else None
        started = time.perf_counter()
        theirs = compute(frames)
        compute_s = time.perf_counter() - started
        if theirs is None:
            result.analyses[title] = Analysis(
                coordreg_s, None, None,
                f"baseline not computed: its self-join would exceed {baseline.MAX_OVERLAP_PAIRS:,} rows "
                f"({baseline.overlap_pair_estimate(frames):,})",
            )  # fmt: skip
            continue
        ours = coordreg_answers.get(query)
        if ours is None:
            note = timing.note if timing else "query missing"
            result.analyses[title] = Analysis(coordreg_s, compute_s, None, f"coordreg gave no answer ({note})")
            continue
        same, detail = check(ours, theirs)
        result.analyses[title] = Analysis(coordreg_s, compute_s, same, detail)
        log(f"N={result.practices}: {title}: baseline {compute_s:.2f} s, same answers: {same} ({detail})")


def measure_size(
    practices: int, args: argparse.Namespace, home: Path, work: Path, previous: SizeResult | None
) -> SizeResult:
    result = SizeResult(practices)
    registry_dir = work / f"registry_{practices}"
    started = time.perf_counter()
    generate_registry(practices, args.seed, registry_dir)
    result.generate_s = time.perf_counter() - started
    log(f"N={practices}: generated in {result.generate_s:.1f} s")
    server = EmbeddedServer(home)
    with MemorySampler({"store": server.pid}) as sampler:
        store = measure_loads(result, home, registry_dir, work, args.naive_max, args.restart_max, sampler)
        refresh_after_load(result, store, home, sampler)
        store.close()
        compact_log(server)  # a runaway query's restart then loads a snapshot instead of replaying every load
        graph = GuardedGraph(home, f"coordreg_{practices}")
        sampler.growth("store")
        # What this benchmark holds (earlier answers, the generated cases' bookkeeping) is not what a user's
        # process holds: keep it out of the garbage collector's scans while queries are timed.
        gc.collect()
        gc.freeze()
        coordreg_answers = measure_queries(result, graph, args.repeats, previous, sampler)
        gc.unfreeze()
        result.store_growth_mb["named queries (all)"] = max(
            (t.store_growth_mb for t in result.queries.values()), default=0
        )
        measure_analyses(result, registry_dir, coordreg_answers)
        drop_graph(graph.store)
    result.store_peak_mb = sampler.peak_mb.get("store", 0.0)
    result.python_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.load_1min = os.getloadavg()[0]
    shutil.rmtree(registry_dir, ignore_errors=True)
    return result


def measure_app(run: Run, args: argparse.Namespace, work: Path) -> None:
    """Cold start of `coordreg app` on a registry of APP_SIZE practices, store running and store stopped."""
    home = work / "app_home"
    registry_dir = work / "app_registry"
    generate_registry(APP_SIZE, args.seed, registry_dir)
    server = EmbeddedServer(home)
    try:
        with EmbeddedStore(home, "registry") as store:
            loading.load_paths(store, [registry_dir], rebuild=True)
        run.app["store running"] = measure_app_start(home, "embedded:registry")
        server.stop()
        run.app["store stopped"] = measure_app_start(home, "embedded:registry")
    finally:
        server.stop()
    for mode, start in run.app.items():
        log(f"app ({mode}): health {start.health_s} s, rendered {start.rendered_s} s {start.note}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="Practices per registry.")
    parser.add_argument("--repeats", type=int, default=5, help="Timed runs of each named query (after a warm-up).")
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"), help="The Markdown report.")
    parser.add_argument("--plot", type=Path, default=Path("benchmarks/scale.png"), help="The plot (PNG).")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the synthetic registries.")
    parser.add_argument("--naive-max", type=int, default=1_000, help="Practices the naive loader writes at most.")
    parser.add_argument("--no-app", action="store_true", help="Skip the app cold-start measurement.")
    parser.add_argument(
        "--render-from", type=Path, default=None, help="Only write the report and plot from saved raw results (JSON)."
    )
    parser.add_argument(
        "--restart-max", type=int, default=10_000, help="Time a store restart after loading up to this many practices."
    )
    return parser.parse_args(argv)


def command_line(args: argparse.Namespace) -> str:
    parts = [f"--sizes {args.sizes}", f"--repeats {args.repeats}", f"--seed {args.seed}"]
    if args.naive_max != 1_000:
        parts.append(f"--naive-max {args.naive_max}")
    if args.restart_max != 10_000:
        parts.append(f"--restart-max {args.restart_max}")
    if args.no_app:
        parts.append("--no-app")
    return "python -m benchmarks.scale " + " ".join(parts)


def save_run(run: Run, path: Path) -> None:
    """The raw results, so the report can be rendered again without measuring again (--render-from)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(run), indent=1, default=str) + "\n", encoding="utf-8")


def load_run(path: Path) -> Run:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sizes = []
    for size in raw.pop("sizes"):
        queries = {k: QueryTiming(**v) for k, v in size.pop("queries").items()}
        analyses = {k: Analysis(**v) for k, v in size.pop("analyses").items()}
        sizes.append(SizeResult(**size, queries=queries, analyses=analyses))
    app = {k: AppStart(**v) for k, v in raw.pop("app").items()}
    for key in ("load_before", "load_after"):
        raw[key] = tuple(raw[key])
    return Run(sizes=sizes, app=app, **raw)


def render(run: Run, args: argparse.Namespace) -> None:
    from benchmarks.report import write_plot, write_report

    write_plot(run, args.plot)
    write_report(run, args.out, args.plot)
    log(f"wrote {args.out} and {args.plot}")


def run_benchmark(argv: list[str] | None = None) -> Run:
    args = parse_args(argv)
    results = args.plot.with_suffix(".json")
    if args.render_from:
        run = load_run(args.render_from)
        render(run, args)
        return run
    sizes = sorted({int(s) for s in str(args.sizes).split(",") if s.strip()})
    run = Run([], args.repeats, args.seed, command=command_line(args), started=time.strftime("%Y-%m-%d %H:%M %Z"))
    run.load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="coordreg-bench-"))
    home = work / "home"
    started = time.perf_counter()
    try:
        from benchmarks.report import describe_machine

        run.machine = describe_machine(EmbeddedServer(home).ensure_running())
        for practices in sizes:
            run.sizes.append(measure_size(practices, args, home, work, run.sizes[-1] if run.sizes else None))
            save_run(run, results)  # kept even if a later size fails
        EmbeddedServer(home).stop()
        if args.no_app:
            run.app_note = "skipped (--no-app)"
        else:
            measure_app(run, args, work)
    finally:
        EmbeddedServer(home).stop()
        shutil.rmtree(work, ignore_errors=True)
    run.total_s = time.perf_counter() - started
    run.load_after = os.getloadavg()
    save_run(run, results)
    render(run, args)
    log(f"measured in {run.total_s / 60:.1f} min; raw results in {results}")
    return run


def main(argv: list[str] | None = None) -> None:
    from benchmarks.report import print_summary

    # A plain `kill` must still run the clean-up (stop the private store, remove the temporary folder).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print_summary(run_benchmark(argv))


if __name__ == "__main__":
    main()
