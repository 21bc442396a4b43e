"""Median time of every built-in named query on the seed registry.

Run with ``python -m benchmarks.seed_queries [--runs 20]``. The seed registry
is loaded into a fresh embedded FalkorDB in a temporary data directory, which
is removed afterwards, so a user's own registry is never touched. Each query
runs once to warm up, then ``--runs`` times; the median wall time includes the
Python step (``// post:``) where a query has one. The target is < 100 ms each.

Not a test: timings depend on the machine and its load, so a slow run must
never fail a build — this prints them for a person to read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

# Required parameters of the built-in queries, with seed-registry values.
EXAMPLES: dict[str, Any] = {
    "practice": "arg-intercosecha",
    "a": "arg-intercosecha",
    "b": "arg-digital-payroll-single-window",
    "actor": "arg-mteyss",
    "actor_a": "arg-mteyss",
    "actor_b": "arg-anses",
    "text": "meso",
}
TARGET_MS = 100.0


def _parameters(query: Any) -> dict[str, Any]:
    missing = [p.name for p in query.header.parameters if p.required and p.name not in EXAMPLES]
    if missing:
        raise SystemExit(f"{query.name}: add an example value for {', '.join(missing)} to EXAMPLES")
    return {p.name: EXAMPLES[p.name] for p in query.header.parameters if p.required}


def run(runs: int) -> int:
    home = Path(tempfile.mkdtemp(prefix="coordreg-bench-"))
    os.environ["COORDREG_HOME"] = str(home)
    from registry.loading import load_paths
    from registry.queries.library import list_queries, run_named_query
    from registry.stores.embedded import EmbeddedStore
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(home)
    server.ensure_running()
    slow = 0
    try:
        store = EmbeddedStore(home, "benchmark")
        report = load_paths(store, rebuild=True)
        print(f"seed registry: {report.practices_written} practices, {store.counts()}")
        print(f"{'query':<28} {'median ms':>10} {'min ms':>8} {'rows':>6}")
        for name, query in list_queries(include_user=False).items():
            parameters = _parameters(query)
            rows = len(run_named_query(store, name, parameters).frame)  # warm-up
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                run_named_query(store, name, parameters)
                times.append((time.perf_counter() - start) * 1000)
            median = statistics.median(times)
            slow += median >= TARGET_MS
            flag = "" if median < TARGET_MS else f"  over {TARGET_MS:.0f} ms"
            print(f"{name:<28} {median:>10.1f} {min(times):>8.1f} {rows:>6}{flag}")
        store.close()
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)
    print(f"{slow} quer{'y' if slow == 1 else 'ies'} at or over {TARGET_MS:.0f} ms (median of {runs} runs)")
    return slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query (default 20)")
    run(parser.parse_args().runs)


if __name__ == "__main__":
    main()
