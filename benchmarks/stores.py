"""The embedded FalkorDB and Neo4j side by side, in one run on one machine.

    python -m benchmarks.stores [--sizes 100,1000,10000] [--repeats 3] [--seed 7]

For each size it generates one synthetic registry and, on each store: loads it
with coordreg's loader; loads the same entities with the store's engine limit
(plain ``UNWIND … CREATE`` batches, ``benchmarks.write_paths``); and times every
built-in named query (median of ``--repeats`` runs after a warm-up). Neo4j is
5.26 LTS from the launcher in ``tests/neo4j_server`` (run from a source
checkout, with its JIT at full strength), one server per graph. The results go
to ``benchmarks/stores.json`` and to the section of BENCHMARKS.md between the
``stores`` markers; nothing is hidden where one store is slower.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import sections, write_paths
from benchmarks.scale import choose_parameters, log, query_plan
from registry import loading
from registry.errors import CoordregError, QueryTimeout
from registry.queries.library import run_named_query
from registry.stores.base import GraphStore
from registry.synthetic import generate_registry

ROOT = Path(__file__).resolve().parents[1]
STORES = ("falkordb", "neo4j")
QUERY_TIMEOUT_MS = 60_000
SLOW_QUERY_S = 5.0  # run once only when slower than this
SKIP_AFTER_S = 20.0  # not run at the next size when slower than this
BEGIN, END = "<!-- stores -->", "<!-- /stores -->"


@dataclass
class StoreRun:
    load_s: float = 0.0
    engine_s: float = 0.0
    entities: int = 0
    queries: dict[str, float | None] = field(default_factory=dict)  # key -> median ms (None: not measured)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def share_of_engine(self) -> float:
        return self.engine_s / self.load_s if self.load_s else 0.0


@dataclass
class SizeRun:
    practices: int
    stores: dict[str, StoreRun] = field(default_factory=dict)


@dataclass
class Comparison:
    sizes: list[SizeRun]
    repeats: int
    seed: int
    neo4j_version: str = ""
    started: str = ""
    total_s: float = 0.0
    load_before: tuple[float, ...] = ()  # the machine's load averages (1, 5, 15 min) before and after the run
    load_after: tuple[float, ...] = ()


class Stores:
    """Opens graph ``name`` on either store; the Neo4j servers live in one launcher JVM."""

    def __init__(self, work: Path):
        sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
        import control

        control.build()
        self.home = work / "home"
        self.password = "bench-" + secrets.token_hex(8)
        self.launcher = control.Neo4jLauncher().start(work / "neo4j", self.password, quick_start=False, heap="2g")

    def open(self, store: str, name: str) -> GraphStore:
        if store == "falkordb":
            from registry.stores.embedded import EmbeddedStore

            graph: GraphStore = EmbeddedStore(self.home, name)
        else:
            from registry.stores.neo4j_store import Neo4jStore

            graph = Neo4jStore(self.launcher.server(name), password=self.password)
        graph.wipe()
        return graph

    def drop(self, store: str, name: str, graph: GraphStore) -> None:
        graph.wipe()
        graph.close()
        if store == "neo4j":
            self.launcher.stop_server(name)

    def close(self) -> None:
        from registry.stores.embedded_server import EmbeddedServer

        self.launcher.close()
        EmbeddedServer(self.home).stop()


def measure_store(
    stores: Stores, store: str, registry_dir: Path, repeats: int, previous: StoreRun | None
) -> tuple[StoreRun, str]:
    run = StoreRun()
    # A graph of its own per size: a Neo4j server keeps its indexes after a wipe, and the engine-limit
    # load creates plain ones that a second run would find already there.
    size = registry_dir.name.rsplit("_", 1)[-1]
    name = f"coordreg_{store}_{size}"
    graph = stores.open(store, name)
    started = time.perf_counter()
    loading.load_paths(graph, [registry_dir], rebuild=True)
    run.load_s = time.perf_counter() - started
    counts = graph.counts()
    run.entities = counts["nodes"] + counts["relationships"]
    entities = write_paths.read_entities(graph)
    engine = stores.open(store, f"engine_{store}_{size}")
    run.engine_s = write_paths.engine_load(engine, entities)
    assert engine.counts() == counts, "the engine-limit load wrote other entities than coordreg"
    stores.drop(store, f"engine_{store}_{size}", engine)
    log(f"{store}: load {run.load_s:.1f} s, engine limit {run.engine_s:.1f} s, {run.entities:,} entities")
    for timing in query_plan(choose_parameters(graph)):
        key = timing.key
        before = previous.queries.get(key, 0.0) if previous else 0.0
        if timing.note or before is None or (before or 0) / 1000 > SKIP_AFTER_S:
            run.queries[key], run.notes[key] = None, timing.note or "not run: too slow at the smaller size"
            continue
        try:
            warm = _timed(graph, timing.name, timing.params)
            runs = (
                [warm] if warm > SLOW_QUERY_S else [_timed(graph, timing.name, timing.params) for _ in range(repeats)]
            )
            run.queries[key] = statistics.median(runs) * 1000
        except QueryTimeout:
            run.queries[key], run.notes[key] = None, f"timed out after {QUERY_TIMEOUT_MS // 1000} s"
        except CoordregError as exc:
            run.queries[key], run.notes[key] = None, f"failed: {exc}"
    version = ""
    if store == "neo4j":
        version = str(graph.read("CALL dbms.components() YIELD versions RETURN versions[0] AS v").frame.iat[0, 0])
    stores.drop(store, name, graph)
    return run, version


def _timed(graph: GraphStore, name: str, params: dict[str, Any]) -> float:
    started = time.perf_counter()
    run_named_query(graph, name, params, timeout_ms=QUERY_TIMEOUT_MS)
    return time.perf_counter() - started


def run_comparison(sizes: list[int], repeats: int, seed: int) -> Comparison:
    comparison = Comparison([], repeats, seed, started=time.strftime("%Y-%m-%d %H:%M %Z"))
    comparison.load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="coordreg-stores-"))
    started = time.perf_counter()
    stores = Stores(work)
    try:
        for practices in sizes:
            registry_dir = work / f"registry_{practices}"
            generate_registry(practices, seed, registry_dir)
            size = SizeRun(practices)
            for store in STORES:
                previous = comparison.sizes[-1].stores.get(store) if comparison.sizes else None
                log(f"N={practices}: {store}")
                size.stores[store], version = measure_store(stores, store, registry_dir, repeats, previous)
                comparison.neo4j_version = version or comparison.neo4j_version
            comparison.sizes.append(size)
            shutil.rmtree(registry_dir, ignore_errors=True)
    finally:
        stores.close()
        shutil.rmtree(work, ignore_errors=True)
    comparison.total_s = time.perf_counter() - started
    comparison.load_after = os.getloadavg()
    return comparison


# ---- the report ----


def _loads(values: tuple[float, ...] | list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values) if values else "not recorded"


def _ms(value: float | None, note: str) -> str:
    if value is None:
        return f"— ({note})" if note else "—"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def render_section(comparison: Comparison) -> str:
    lines = [
        BEGIN,
        "## The embedded FalkorDB and Neo4j side by side",
        "",
        f"From one run of `python -m benchmarks.stores --sizes {','.join(str(s.practices) for s in comparison.sizes)} "
        f"--repeats {comparison.repeats} --seed {comparison.seed}` ({comparison.started}, "
        f"{comparison.total_s / 60:.1f} min), on the same machine as above. Neo4j {comparison.neo4j_version} "
        "community runs embedded in the test launcher's JVM (`tests/neo4j_server`, 2 GB heap, 32 MB page cache), "
        "reached over Bolt on 127.0.0.1; FalkorDB is the embedded store on its unix socket. Each store is measured "
        "against its own engine limit: the same entities written with plain `UNWIND … CREATE` batches. "
        f"Machine load average (1, 5, 15 min) before the run {_loads(comparison.load_before)}, after "
        f"{_loads(comparison.load_after)}: on a 2-core machine anything above 2 means the two stores shared the "
        "cores with other work, which slows both.",
        "",
        "### Loading",
        "",
        "| practices | store | entities | coordreg load (s) | engine limit (s) | coordreg at % of the engine limit |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for size in comparison.sizes:
        for store, run in size.stores.items():
            lines.append(
                f"| {size.practices:,} | {store} | {run.entities:,} | {run.load_s:.1f} | {run.engine_s:.1f} | "
                f"{run.share_of_engine:.0%} |"
            )
    lines += ["", "### Named queries: median (ms)", ""]
    header = "| query | " + " | ".join(f"{s.practices:,}: FalkorDB | {s.practices:,}: Neo4j" for s in comparison.sizes)
    lines += [header + " |", "|---|" + "---:|" * (2 * len(comparison.sizes))]
    keys = sorted({k for s in comparison.sizes for r in s.stores.values() for k in r.queries})
    for key in keys:
        cells = []
        for size in comparison.sizes:
            for store in STORES:
                run = size.stores[store]
                cells.append(_ms(run.queries.get(key), run.notes.get(key, "")))
        lines.append(f"| `{key}` | " + " | ".join(cells) + " |")
    lines += ["", END]
    return "\n".join(lines)


def write_report(comparison: Comparison, report: Path) -> None:
    section = render_section(comparison)
    sections.write_section(report, section, BEGIN, END)


def load_comparison(path: Path) -> Comparison:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sizes = [SizeRun(s["practices"], {k: StoreRun(**v) for k, v in s["stores"].items()}) for s in raw.pop("sizes")]
    return Comparison(sizes, **raw)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stores", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "stores.json")
    parser.add_argument("--render-from", type=Path, default=None, help="Only write the report from saved results.")
    args = parser.parse_args(argv)
    if args.render_from:
        comparison = load_comparison(args.render_from)
    else:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
        comparison = run_comparison(sizes, args.repeats, args.seed)
        args.json.write_text(json.dumps(dataclasses.asdict(comparison), indent=1) + "\n", encoding="utf-8")
    write_report(comparison, args.out)
    log(f"wrote {args.out} and {args.json}")


if __name__ == "__main__":
    main()
