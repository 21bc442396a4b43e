"""Issue 16's measures at one size, on the embedded store: snapshots per registry version, igraph, the Network page.

    python -m benchmarks.speed [--practices 10000] [--seed 7] [--repeats 3] [--cases FOLDER]

One synthetic registry (``--cases`` reuses a generated folder) is loaded into a graph of its own, in a data
folder of its own. Then:

- the snapshot: every built-in query that runs without filters is computed once and kept (its cost is set
  against the load it follows), then timed live (``snapshot=False``) and from the snapshot, side by side,
  each the median of ``--repeats`` runs after a warm-up; the two answers are compared, frame for frame;
- the actor measures: networkx (the definitions' reference, as coordreg computed them before) against igraph
  (``registry.analysis.network``) on the whole registry's ties, with the answers compared;
- the Network page's data: ``actor_network`` then ``actor_centrality`` (the projection run twice, as the page did)
  against ``actor_network`` and the measures computed from its ties (as it does now), both live.

The results go to ``benchmarks/speed.json`` and to the section of BENCHMARKS.md between the ``speed`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- speed -->", "<!-- /speed -->"
QUERY_TIMEOUT_MS = 120_000
TARGET_SNAPSHOT_MS = 100.0  # every unfiltered named query from the snapshot (issue 16)
TARGET_SNAPSHOT_SHARE = 0.40  # snapshot computation against the load it follows


@dataclass
class SpeedRun:
    practices: int
    seed: int
    repeats: int
    started: str = ""
    total_s: float = 0.0
    load_before: tuple[float, ...] = ()
    load_after: tuple[float, ...] = ()
    load_s: float = 0.0
    snapshot_s: float = 0.0
    queries: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> live_ms, snapshot_ms, kept, same
    measures: dict[str, Any] = field(default_factory=dict)
    page: dict[str, Any] = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[speed] {message}", flush=True)


def median_ms(action: Callable[[], Any], repeats: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_snapshots(run: SpeedRun, store: Any, home: Path) -> None:
    from registry.queries import snapshot
    from registry.queries.library import list_queries, run_named_query

    names = [
        name
        for name, query in list_queries(include_user=False).items()
        if store.dialect in query.header.backends and not any(p.required for p in query.header.parameters)
    ]
    folder = snapshot.store_folder(store, home) / str(store.registry_version().key)
    started = time.perf_counter()
    for name in names:  # what a load's follow-up (or the first request of each query) computes and keeps
        run_named_query(store, name, home=home, timeout_ms=QUERY_TIMEOUT_MS)
    run.snapshot_s = time.perf_counter() - started
    log(f"snapshot of {len(names)} queries computed in {run.snapshot_s:.1f} s (load {run.load_s:.1f} s)")
    for name in names:
        started = time.perf_counter()
        live = run_named_query(store, name, home=home, snapshot=False, timeout_ms=QUERY_TIMEOUT_MS).frame
        once_ms = (time.perf_counter() - started) * 1000
        kept = run_named_query(store, name, home=home, timeout_ms=QUERY_TIMEOUT_MS).frame
        if not (folder / f"{name}.arrow").is_file():  # always live (the exports): timed once, not repeated
            run.queries[name] = {"rows": len(live), "kept": False, "same": _same(live, kept), "live_ms": once_ms,
                                 "snapshot_ms": None}  # fmt: skip
            log(f"{name}: live {once_ms:.0f} ms, not kept")
            continue
        row = {
            "rows": len(live),
            "kept": True,
            "same": _same(live, kept),
            "live_ms": median_ms(partial(run_named_query, store, name, home=home, snapshot=False,
                                         timeout_ms=QUERY_TIMEOUT_MS), run.repeats),
            "snapshot_ms": median_ms(partial(run_named_query, store, name, home=home, timeout_ms=QUERY_TIMEOUT_MS),
                                     run.repeats),
        }  # fmt: skip
        run.queries[name] = row
        log(f"{name}: live {row['live_ms']:.0f} ms, snapshot {row['snapshot_ms']:.1f} ms, same {row['same']}")


def _same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(left, right)
    except AssertionError:
        return False
    return True


def measure_actor_measures(run: SpeedRun, store: Any) -> None:
    """networkx as coordreg used it (build, betweenness, Louvain) against igraph (build, betweenness, Leiden)."""
    import networkx as nx

    from registry.analysis import network
    from registry.queries.library import run_named_query

    ties = run_named_query(store, "actor_network", snapshot=False, timeout_ms=QUERY_TIMEOUT_MS).frame

    def with_networkx() -> tuple[nx.Graph, dict[str, float], list[set[str]]]:
        graph: nx.Graph = nx.Graph()
        rows = ties.sort_values(["source", "target"])
        graph.add_nodes_from(sorted(set(rows["source"]) | set(rows["target"])))
        graph.add_weighted_edges_from(zip(rows["source"], rows["target"], map(int, rows["weight"]), strict=True))
        if graph.number_of_nodes() <= network.EXACT_BETWEENNESS_MAX_ACTORS:
            between = nx.betweenness_centrality(graph, normalized=True)
        else:
            between = nx.betweenness_centrality(
                graph, k=network.BETWEENNESS_SAMPLES, normalized=True, seed=network.BETWEENNESS_SEED
            )
        return graph, between, nx.community.louvain_communities(graph, weight="weight", seed=network.COMMUNITY_SEED)

    def with_igraph() -> tuple[network.ActorGraph, list[float], list[int]]:
        actors = network.actor_graph(ties)
        return actors, network.betweenness(actors), network.community_membership(actors)

    graph, between, louvain = with_networkx()
    actors, ours, membership = with_igraph()
    groups: dict[int, set[str]] = {}
    for actor, group in zip(actors.ids, membership, strict=True):
        groups.setdefault(group, set()).add(actor)
    run.measures = {
        "actors": len(actors.ids),
        "ties": len(ties),
        "networkx_ms": median_ms(with_networkx, run.repeats),
        "igraph_ms": median_ms(with_igraph, run.repeats),
        "table_ms": median_ms(lambda: network.centrality_table(ties), run.repeats),
        "betweenness_max_difference": max(abs(v - between[a]) for a, v in zip(actors.ids, ours, strict=True)),
        "modularity_networkx": nx.community.modularity(graph, louvain, weight="weight"),
        "modularity_igraph": nx.community.modularity(graph, list(groups.values()), weight="weight"),
        "same_partition": {frozenset(g) for g in louvain} == {frozenset(g) for g in groups.values()},
    }
    log(f"measures: {run.measures}")


def measure_network_page(run: SpeedRun, store: Any) -> None:
    from registry.analysis.network import centrality_table
    from registry.queries.library import run_named_query

    def before() -> None:
        run_named_query(store, "actor_network", snapshot=False, timeout_ms=QUERY_TIMEOUT_MS)
        run_named_query(store, "actor_centrality", snapshot=False, timeout_ms=QUERY_TIMEOUT_MS)

    def now() -> None:
        ties = run_named_query(store, "actor_network", snapshot=False, timeout_ms=QUERY_TIMEOUT_MS).frame
        centrality_table(ties)

    def now_from_snapshot() -> None:
        centrality_table(run_named_query(store, "actor_network", timeout_ms=QUERY_TIMEOUT_MS).frame)

    run.page = {
        "twice_ms": median_ms(before, run.repeats),
        "once_ms": median_ms(now, run.repeats),
        "snapshot_ms": median_ms(now_from_snapshot, run.repeats),
    }
    log(f"network page data: {run.page}")


def render_section(run: SpeedRun) -> str:
    share = run.snapshot_s / run.load_s if run.load_s else 0.0
    slowest = max((q["snapshot_ms"] for q in run.queries.values() if q["kept"]), default=0.0)
    live_only = sorted(name for name, q in run.queries.items() if not q["kept"])
    all_same = all(q["same"] for q in run.queries.values())
    measures, page = run.measures, run.page
    lines = [
        BEGIN,
        f"## Snapshots, igraph and the Network page at N = {run.practices:,} (issue 16)",
        "",
        f"From one run of `python -m benchmarks.speed --practices {run.practices} --seed {run.seed} "
        f"--repeats {run.repeats}` ({run.started}, {run.total_s / 60:.1f} min), embedded FalkorDB only (Neo4j not "
        "measured here), same machine as above. Medians of the timed runs after one warm-up. Machine load average "
        f"(1, 5, 15 min) before {_loads(run.load_before)}, after {_loads(run.load_after)}: above 2, other work "
        "shared the two cores and slowed every figure.",
        "",
        "| target | result | evidence |",
        "|---|---|---|",
        f"| Every unfiltered named query ≤ {TARGET_SNAPSHOT_MS:.0f} ms from the snapshot | "
        f"**{'met' if slowest <= TARGET_SNAPSHOT_MS and not live_only else 'missed'}** | slowest kept answer "
        f"{slowest:.1f} ms; always live: {', '.join(f'`{n}`' for n in live_only) or 'none'} (table below) |",
        f"| Snapshot computation ≤ {TARGET_SNAPSHOT_SHARE:.0%} of the load it follows | "
        f"**{'met' if share <= TARGET_SNAPSHOT_SHARE else 'missed'}** | {run.snapshot_s:.1f} s after a load of "
        f"{run.load_s:.1f} s = {share:.0%} |",
        f"| Snapshot and live answers the same | **{'met' if all_same else 'missed'}** | every query below, "
        "compared frame for frame (values, column order, types) |",
        "",
        "### Named queries without filters: live and from the snapshot (ms)",
        "",
        "| query | rows | live | snapshot | kept as a file | same answer |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, row in sorted(run.queries.items(), key=lambda item: -item[1]["live_ms"]):
        kept = "yes" if row["kept"] else "no: maps of varying keys, always live"
        snapshot_ms = "live" if row["snapshot_ms"] is None else f"{row['snapshot_ms']:,.1f}"
        lines.append(
            f"| `{name}` | {row['rows']:,} | {row['live_ms']:,.0f} | {snapshot_ms} | {kept} | "
            f"{'yes' if row['same'] else '**no**'} |"
        )
    lines += [
        "",
        "A query whose answer is not kept reads the registry version first (one small query) and then runs live; "
        "it was timed once. The first call after each write computes and keeps an answer: its cost is the live "
        "time plus writing the Arrow file.",
        "",
        "### Actor measures: networkx and igraph",
        "",
        f"On the whole registry's projection ({measures['actors']:,} actors, {measures['ties']:,} ties): build the "
        "graph, betweenness (exact up to 1,000 actors, 100 seeded sources above) and communities.",
        "",
        "| | median (ms) |",
        "|---|---:|",
        f"| networkx (build, betweenness, Louvain seed 0) | {measures['networkx_ms']:,.0f} |",
        f"| igraph (build, betweenness, Leiden seed 0) | {measures['igraph_ms']:,.0f} |",
        f"| igraph, the whole `actor_centrality` table from the ties | {measures['table_ms']:,.0f} |",
        "",
        f"Same answers: betweenness differs from networkx's by at most {measures['betweenness_max_difference']:.1e} "
        f"(floating point); communities: modularity {measures['modularity_igraph']:.4f} (igraph's Leiden) against "
        f"{measures['modularity_networkx']:.4f} (networkx's Louvain), "
        f"{'the same partition' if measures['same_partition'] else _NOT_SAME_PARTITION}.",
        "",
        "### The Network page's data (whole registry, no filter)",
        "",
        "| | median (ms) |",
        "|---|---:|",
        f"| before: `actor_network`, then `actor_centrality` (the projection twice), live | {page['twice_ms']:,.0f} |",
        f"| now: `actor_network` once, measures from its ties, live | {page['once_ms']:,.0f} |",
        f"| now, `actor_network` from the snapshot | {page['snapshot_ms']:,.0f} |",
        END,
    ]
    return "\n".join(lines)


_NOT_SAME_PARTITION = "not the same partition (two searches for the best one)"


def _loads(values: tuple[float, ...]) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "not read"


def write_report(run: SpeedRun, report: Path) -> None:
    section = render_section(run)
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    report.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cases", type=Path, help="A folder `coordreg generate` wrote (skips generating).")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "speed.json")
    args = parser.parse_args(argv)

    from registry import loading
    from registry.stores.embedded import EmbeddedStore
    from registry.stores.embedded_server import EmbeddedServer
    from registry.synthetic import generate_registry

    run = SpeedRun(args.practices, args.seed, args.repeats)
    run.started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    run.load_before = os.getloadavg()
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coordreg-speed-") as work:
        home = Path(work) / "home"
        cases = args.cases
        if cases is None:
            cases = Path(work) / "cases"
            generate_registry(args.practices, args.seed, cases)
        store = EmbeddedStore(home, "speed")
        try:
            started = time.perf_counter()
            loading.load_paths(store, [cases], rebuild=True)
            run.load_s = time.perf_counter() - started
            log(f"loaded {args.practices:,} practices in {run.load_s:.1f} s")
            measure_snapshots(run, store, home)
            measure_actor_measures(run, store)
            measure_network_page(run, store)
        finally:
            store.close()
            EmbeddedServer(home).stop()
    run.total_s = time.perf_counter() - begun
    run.load_after = os.getloadavg()
    args.json.write_text(json.dumps(asdict(run), indent=2) + "\n", encoding="utf-8")
    write_report(run, args.out)
    log(f"wrote {args.json} and the speed section of {args.out}")


if __name__ == "__main__":
    main()
