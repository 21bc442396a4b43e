"""Time every page of the app at N = 10,000 practices in a real browser, and its memory (issue 16's page targets).

    python -m benchmarks.app_pages [--practices 10000] [--seed 7] [--cases FOLDER] [--page-timeout 180] [--rounds 3]

A synthetic registry (``coordreg generate``; ``--cases`` reuses a generated folder) is loaded by ``coordreg load``
(which ends by computing the snapshot) into a data folder of the run's own under /tmp. The store is then restarted,
so its memory is what the pages make it hold, and ``coordreg app --headless`` is launched on it (the launch and
the memory sampling of ``benchmarks.app_start``). Debian's Chromium, driven by Playwright, opens the app and
visits every page of the sidebar twice: first with the app's caches cold (the first visit after a load), then
warm. That is one round; ``--rounds`` launches the app that many times, the store restarted before each (a first
visit varies much from one launch to the next on a shared machine), and the report gives each visit's median over
the rounds with its range, the targets judged on the medians, and the highest memory peak. Each visit is timed
from the navigation (the address typed for the first page, a click in the sidebar for the others) to the page's
answer drawn: its heading and its main element (table, chart, network …) present, Streamlit's script no longer
running and nothing left stale on the page; for the Network page, the network's frame drawn as well.

A page that misses its target is then run under ``streamlit.testing.v1.AppTest`` with cProfile in a fresh
interpreter (cold caches, after the Overview as in the browser), and its top costs are reported. The first
page at N = 1,000 is timed by ``benchmarks.app_start`` (``--no-first-page`` skips it).

Results go to ``benchmarks/app_pages.json`` and to the section of BENCHMARKS.md between the ``app-pages``
markers, with a row in its Targets table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import sections

ROOT = Path(__file__).resolve().parent.parent
GRAPH = "embedded:registry"
FIRST_PAGE_PRACTICES = 1_000
TARGET_FIRST_PAGE_S = 2.5
TARGET_APP_MB = 500.0
TARGET_STORE_MB = 500.0
LOAD_TIMEOUT_S = 1_800


#: The typology matrix: a static table, or a data frame where the page pages it.
MATRIX = '[data-testid="stTable"], [data-testid="stDataFrame"]'


@dataclass(frozen=True)
class PageSpec:
    key: str  # the page's url path
    file: str  # in app_pages/
    nav_key: str  # its sidebar title (interface string)
    title_key: str  # its heading
    marker: str  # CSS selector of its main element
    marker_text: str  # what the marker is, in words
    target_s: float | None = None


PAGES = (
    PageSpec("overview", "overview.py", "nav_overview", "overview_title", MATRIX,
             "the typology matrix (a table or data frame)", 2.0),
    PageSpec("practices", "practices.py", "nav_practices", "practices_title", MATRIX,
             "the practices' matrix (a table or data frame)", 2.0),
    PageSpec("network", "network.py", "nav_network", "network_title", "iframe",
             "the network's frame, drawn (vis network made, first drawing done)", 3.0),
    PageSpec("overlaps", "overlaps.py", "nav_overlaps", "overlaps_title", '[data-testid="stDataFrame"]',
             "the ranked pairs (a data frame)", 2.0),
    PageSpec("cost-benefit", "cost_benefit.py", "nav_cost_benefit", "cost_benefit_title",
             '[data-testid="stDataFrame"]',
             "the chart and the practices' table", 2.0),
    PageSpec("training", "training.py", "nav_training", "training_title", '[data-testid="stTabs"]',
             "the tour's tabs"),
    PageSpec("console", "console.py", "nav_console", "console_title", '[data-testid="stTextArea"]',
             "the query editor"),
    PageSpec("data", "data.py", "nav_data", "data_title", '[data-testid="stFileUploader"]',
             "the upload box"),
)  # fmt: skip
TROUBLE = '[data-testid="stException"], [data-testid="stAlertContentError"]'
#: The page is drawn: its heading, its main element, Streamlit's script done, nothing left stale.
DRAWN = """({title, marker, chart, trouble}) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const heading = document.querySelector('h1');
    if (!heading || !heading.innerText.trim().startsWith(title)) return false;
    if (document.querySelector(trouble)) return true;  // the page ended on an error: drawn, and noted
    if (chart && !document.querySelector('[data-testid="stVegaLiteChart"]')) return false;
    return Boolean(document.querySelector(marker));
}"""
NETWORK_DRAWN = "() => Boolean(window.coordregNetwork) && document.body.getAttribute('data-stabilised') === 'true'"


@dataclass
class Visit:
    seconds: float | None = None  # None: not drawn within the time allowed
    note: str = ""


@dataclass
class PagesRun:
    practices: int
    seed: int
    started: str = ""
    commit: str = ""
    total_s: float = 0.0
    cpus: int = 0
    load_before: tuple[float, ...] = ()
    load_after: tuple[float, ...] = ()
    load_during: list[float] = field(default_factory=list)  # 1-min load average every 5 s during the visits
    generate_s: float | None = None
    load_s: float = 0.0
    store_after_load_mb: float = 0.0
    restart_s: float = 0.0
    health_s: float | None = None
    overview_from_launch_s: float | None = None
    visits: dict[str, dict[str, Visit]] = field(default_factory=dict)  # page -> first / second -> visit
    app_peak_mb: float = 0.0
    app_end_mb: float = 0.0
    store_peak_mb: float = 0.0
    store_end_mb: float = 0.0
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    first_page: dict[str, Any] = field(default_factory=dict)  # benchmarks.app_start at FIRST_PAGE_PRACTICES
    page_timeout_s: float = 0.0
    snapshot_s: float = 0.0  # computing the snapshot again on a reused registry
    app_errors: list[str] = field(default_factory=list)  # the exceptions in the app's log
    reused: str = ""  # the commit whose run loaded the registry, when a kept data folder was reused (--home)
    rounds: int = 1  # launches of the app; ``visits`` holds each visit's median over them
    round_visits: list[dict[str, dict[str, Visit]]] = field(default_factory=list)  # each launch's own visits
    round_peaks: list[dict[str, float]] = field(default_factory=list)  # each launch's memory peaks ("app", "store")


@dataclass
class Launch:
    """One launch of the app and its visits (one round)."""

    visits: dict[str, dict[str, Visit]] = field(default_factory=dict)
    health_s: float | None = None
    overview_from_launch_s: float | None = None
    peak_mb: dict[str, float] = field(default_factory=dict)
    end_mb: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[app_pages {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


class LoadSampler:
    """The machine's 1-minute load average every few seconds, in a thread (other work shares the cores)."""

    def __init__(self, into: list[float], every_s: float = 5.0):
        self.into, self.every_s = into, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.into.append(round(os.getloadavg()[0], 2))
            self._stop.wait(self.every_s)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def coordreg(home: Path, *arguments: str, out: Path) -> float:
    """Run ``coordreg ARGUMENTS`` on data folder HOME; its output to ``out``; the seconds it took."""
    env = {**os.environ, "COORDREG_HOME": str(home)}
    started = time.perf_counter()
    with out.open("ab") as output:
        done = subprocess.run(
            [sys.executable, "-m", "registry.cli", *arguments],
            env=env, stdout=output, stderr=subprocess.STDOUT, timeout=LOAD_TIMEOUT_S, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"coordreg {' '.join(arguments)} failed ({done.returncode}); see {out}")
    return time.perf_counter() - started


def prepare_registry(run: PagesRun, work: Path, home: Path, cases: Path | None) -> None:
    """Generate (unless given) and load the registry, then restart its store."""
    from benchmarks.app_start import tree_rss_mb
    from registry.stores.embedded_server import EmbeddedServer

    out = work / "coordreg.log"
    if cases is None:
        cases = work / "cases"
        run.generate_s = coordreg(home, "generate", "--practices", str(run.practices), "--seed", str(run.seed),
                                  "--out", str(cases), out=out)  # fmt: skip
        log(f"generated {run.practices:,} practices in {run.generate_s:.0f} s")
    run.load_s = coordreg(home, "--graph", GRAPH, "load", "--rebuild", str(cases), out=out)
    server = EmbeddedServer(home)
    pid = server.pid()
    run.store_after_load_mb = tree_rss_mb(pid) if pid else 0.0
    log(f"loaded (with the snapshot) in {run.load_s:.0f} s; store holds {run.store_after_load_mb:.0f} MiB")
    started = time.perf_counter()
    server.stop()
    server.ensure_running()
    run.restart_s = time.perf_counter() - started


def reuse_registry(run: PagesRun, home: Path) -> None:
    """A data folder an earlier run kept: the snapshot computed again by this code, as the end of a load does
    (answers are kept per version of the queries' definitions), then the store restarted."""
    from registry.queries.refresh import refresh_snapshot
    from registry.stores.embedded import EmbeddedStore
    from registry.stores.embedded_server import EmbeddedServer

    marker = home / "app_pages_loaded_by"
    if not marker.is_file():
        raise SystemExit(f"{home} is not a data folder a run of this benchmark kept (--keep)")
    run.reused = marker.read_text(encoding="utf-8").strip()
    started = time.perf_counter()
    with EmbeddedStore(home, GRAPH.split(":", 1)[1]) as store:
        done = refresh_snapshot(store, home=home)
    run.snapshot_s = time.perf_counter() - started
    if done.version is None:
        raise SystemExit(f"the snapshot was not kept: {done.why}")
    log(f"snapshot computed again in {run.snapshot_s:.0f} s")
    started = time.perf_counter()
    server = EmbeddedServer(home)
    server.stop()
    server.ensure_running()
    run.restart_s = time.perf_counter() - started


def visit_pages(run: PagesRun, home: Path, work: Path, timeout_s: float, rounds: int = 1) -> None:
    """Launch the app ``rounds`` times (the store restarted before each launch but the first, which follows a
    restart already), each time visiting every page twice in Chromium with memory sampled throughout; ``run``
    gets each visit's median over the launches, the highest memory peaks and every launch's own figures."""
    from registry.stores.embedded_server import EmbeddedServer

    launches: list[Launch] = []
    with LoadSampler(run.load_during):
        for number in range(1, rounds + 1):
            if number > 1:
                server = EmbeddedServer(home)
                server.stop()
                server.ensure_running()
            log(f"round {number} of {rounds}")
            launches.append(_launch_and_visit(home, work / f"streamlit-{number}.log", timeout_s))
    run.rounds = len(launches)
    run.round_visits = [launch.visits for launch in launches]
    run.round_peaks = [launch.peak_mb for launch in launches]
    run.visits = {
        spec.key: {
            round_: median_visit([launch.visits.get(spec.key, {}).get(round_, Visit()) for launch in launches])
            for round_ in ("first", "second")
        }
        for spec in PAGES
        if any(spec.key in launch.visits for launch in launches)
    }
    run.health_s = _median_seconds([launch.health_s for launch in launches])
    run.overview_from_launch_s = _median_seconds([launch.overview_from_launch_s for launch in launches])
    run.app_errors = list(dict.fromkeys(error for launch in launches for error in launch.errors))
    run.app_peak_mb = max(launch.peak_mb.get("app", 0.0) for launch in launches)
    run.store_peak_mb = max(launch.peak_mb.get("store", 0.0) for launch in launches)
    run.app_end_mb, run.store_end_mb = launches[-1].end_mb.get("app", 0.0), launches[-1].end_mb.get("store", 0.0)
    log(f"memory: app peak {run.app_peak_mb:.0f} MiB, store peak {run.store_peak_mb:.0f} MiB (highest of {rounds})")


def _launch_and_visit(home: Path, log_file: Path, timeout_s: float) -> Launch:
    """Launch the app (its caches cold), visit every page twice in Chromium, sample memory throughout."""
    from playwright.sync_api import sync_playwright

    from benchmarks.app_start import CHROMIUM, CHROMIUM_ARGS, running_app

    launch = Launch()
    with running_app(home, GRAPH, log=log_file) as app, sync_playwright() as playwright:
        launch.health_s = app.health_s
        if app.health_s is None:
            raise SystemExit(f"the app did not answer its health check; see {log_file}")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
            page = context.new_page()
            for round_ in ("first", "second"):
                for spec in PAGES:
                    started = time.monotonic()
                    if round_ == "first" and spec is PAGES[0]:
                        page.goto(app.url + "/", timeout=timeout_s * 1000)
                    else:
                        _click_in_sidebar(page, spec)
                    visit = _wait_drawn(page, spec, started, timeout_s)
                    if round_ == "first" and spec is PAGES[0] and visit.seconds is not None:
                        launch.overview_from_launch_s = time.monotonic() - app.started
                    launch.visits.setdefault(spec.key, {})[round_] = visit
                    log(f"{spec.key} ({round_} visit): {visit.seconds} s {visit.note}")
        finally:
            browser.close()
        launch.errors = app_errors(log_file)
        for part in ("app", "store"):
            launch.peak_mb[part] = app.sampler.peak_mb.get(part, 0.0)
            launch.end_mb[part] = app.sampler.latest(part)
    log(f"memory: app peak {launch.peak_mb['app']:.0f} MiB, store peak {launch.peak_mb['store']:.0f} MiB")
    return launch


def median_visit(visits: list[Visit]) -> Visit:
    """The median of one visit over the rounds: a visit not drawn counts as slower than any drawn (the median is
    not drawn when half the rounds or more were not); each round's note kept, with its number."""
    seconds = _median_seconds([visit.seconds for visit in visits], missing_slowest=True)
    notes = [f"round {number}: {visit.note}" for number, visit in enumerate(visits, 1) if visit.note]
    if len(visits) == 1:
        notes = [visits[0].note] if visits[0].note else []
    return Visit(seconds, "; ".join(notes))


def _median_seconds(values: list[float | None], *, missing_slowest: bool = False) -> float | None:
    """The median of the values given; a missing one either left out or, with ``missing_slowest``, taken as
    slower than any (the median is then missing when it falls on one)."""
    if not missing_slowest:
        present = [value for value in values if value is not None]
        return statistics.median(present) if present else None
    ranked = sorted(values, key=lambda value: (value is None, value or 0.0))
    middle = len(ranked) // 2
    taken = ranked[middle - 1 : middle + 1] if len(ranked) % 2 == 0 else [ranked[middle]]
    if not taken or any(value is None for value in taken):
        return None
    return statistics.mean(value for value in taken if value is not None)


def spread(run: PagesRun, key: str, round_: str) -> str:
    """The fastest and slowest of one visit over the rounds ("—" for a single round or a run saved before them)."""
    if len(run.round_visits) < 2:
        return "—"
    seconds = [launch.get(key, {}).get(round_, Visit()).seconds for launch in run.round_visits]
    drawn = [value for value in seconds if value is not None]
    if not drawn:
        return "not drawn"
    missed = len(seconds) - len(drawn)
    return f"{min(drawn):.2f}–{max(drawn):.2f}" + (f", {missed} not drawn" if missed else "")


def app_errors(log_file: Path) -> list[str]:
    """The exceptions the app logged (the pages show visitors only that something went wrong), each once."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", log_file.read_text(encoding="utf-8", errors="replace"))
    found = re.findall(r"^([A-Za-z_.]*(?:Error|Exception)): (.{0,120})", text, flags=re.MULTILINE)
    return list(dict.fromkeys(f"{kind}: {message.strip()}" for kind, message in found))


def _click_in_sidebar(page: Any, spec: PageSpec) -> None:
    from registry.app_support.i18n import t

    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=t(spec.nav_key, "en"), exact=True).click()


def _wait_drawn(page: Any, spec: PageSpec, started: float, timeout_s: float) -> Visit:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from registry.app_support.i18n import t

    arg = {"title": t(spec.title_key, "en"), "marker": spec.marker, "chart": spec.key == "cost-benefit",
           "trouble": TROUBLE}  # fmt: skip
    left_ms = lambda: max(1.0, started + timeout_s - time.monotonic()) * 1000  # noqa: E731
    try:
        page.wait_for_function(DRAWN, arg=arg, timeout=left_ms(), polling=50)
    except (PlaywrightTimeout, TimeoutError):
        return Visit(None, _still_running(page, timeout_s))
    trouble = page.locator(TROUBLE)
    if trouble.count():
        seconds = time.monotonic() - started
        return Visit(seconds, "the page shows an error")
    if spec.key == "network":
        script_s = time.monotonic() - started
        try:
            _wait_network_frame(page, started + timeout_s)
        except TimeoutError:
            return Visit(
                None, f"its script ended after {script_s:.1f} s; the network not drawn within {timeout_s:.0f} s"
            )
    return Visit(time.monotonic() - started)


RUNNING = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state')"""


def _still_running(page: Any, timeout_s: float) -> str:
    """Why a page was not drawn in time; and wait (as long again) for its script to end, so that the run
    does not go on taking the cores from the next page's visit."""
    waited = time.monotonic()
    state = page.evaluate(RUNNING)
    heading = page.locator("h1").first.inner_text(timeout=5_000) if page.locator("h1").count() else ""
    while page.evaluate(RUNNING) == "running" and time.monotonic() - waited < timeout_s:
        time.sleep(0.5)
    after = page.evaluate(RUNNING)
    return (
        f"not drawn within {timeout_s:.0f} s (script {state}, heading {heading[:40]!r}); "
        + (f"its script ended {time.monotonic() - waited:.0f} s later" if after != "running"
           else f"its script still running {timeout_s:.0f} s later")
    )  # fmt: skip


def _wait_network_frame(page: Any, deadline: float) -> None:
    while time.monotonic() < deadline:
        for frame in page.frames:
            with contextlib.suppress(Exception):  # a frame still loading cannot be evaluated yet
                if frame.evaluate(NETWORK_DRAWN):
                    return
        time.sleep(0.05)
    raise TimeoutError


# ---- where a slow page spends its time ----------------------------------------------------------------------


def profile_pages(run: PagesRun, home: Path, work: Path, keys: list[str]) -> None:
    for key in keys:
        out = work / f"profile-{key}.json"
        log(f"profiling {key} under AppTest")
        command = [sys.executable, "-m", "benchmarks.app_pages", "--profile-page", key, "--home", str(home),
                   "--json", str(out)]  # fmt: skip
        try:
            subprocess.run(command, cwd=ROOT, timeout=900, check=True)
            run.profiles[key] = json.loads(out.read_text(encoding="utf-8"))
        except (subprocess.SubprocessError, OSError, ValueError) as exc:
            run.profiles[key] = {"error": str(exc)}
        log(f"{key}: {run.profiles[key].get('script_s')} s under AppTest")


def profile_one_page(key: str, home: Path, out: Path) -> None:
    """Run page KEY under AppTest with cProfile (in this fresh interpreter: cold caches), after the Overview."""
    import cProfile
    import pstats

    os.environ.update(COORDREG_HOME=str(home), COORDREG_GRAPH=GRAPH, COORDREG_APP_HOST="127.0.0.1")
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    spec = next(s for s in PAGES if s.key == key)
    profiler = cProfile.Profile()
    profiling = threading.Event()
    original = script_runner.ScriptRunner._run_script

    def run_script(self: Any, rerun_data: Any) -> Any:
        # The script runs in AppTest's own thread, which a profiler enabled here would not see.
        if not profiling.is_set():
            return original(self, rerun_data)
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=900)
    at.query_params["lang"] = "en"
    if key != "overview":
        at.run()  # the Overview first, as in the browser
        at.switch_page(f"app_pages/{spec.file}")
    profiling.set()
    started = time.perf_counter()
    at.run()
    script_s = time.perf_counter() - started
    profiling.clear()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    result = {
        "script_s": script_s,
        "exceptions": [str(e.value)[:300] for e in at.exception],
        **top_costs(stats),
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def top_costs(stats: dict[Any, Any], count: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Three views of a cProfile: coordreg's functions by the time spent in them and in the library code they
    call directly (not in coordreg's functions they call: a chain of wrappers counts once, where the work is);
    the library calls coordreg's code makes, by time in them and what they call; every function by its own time."""

    def ours(filename: str) -> bool:
        return filename.startswith(str(ROOT)) and "/benchmarks/" not in filename

    def name(where: tuple[str, int, str]) -> str:
        filename, line, function = where
        short = os.path.relpath(filename, ROOT) if ours(filename) else _library_path(filename)
        return f"{short}:{line}({function})"

    def row(where: tuple[str, int, str], values: tuple[Any, ...], **extra: float) -> dict[str, Any]:
        _, calls, own, cumulative, _ = values
        return {"function": name(where), "calls": calls, "own_s": round(own, 3), "cumulative_s": round(cumulative, 3),
                **{k: round(v, 3) for k, v in extra.items()}}  # fmt: skip

    items = list(stats.items())
    # Time in each coordreg function itself, plus in the library functions it calls (through that call site).
    direct = {where: values[2] for where, values in items if ours(where[0]) and where[2] != "<module>"}
    for where, values in items:
        if ours(where[0]):
            continue
        for caller, (_, _, _, cumulative) in values[4].items():
            if caller in direct:
                direct[caller] += cumulative
    coordreg_ = sorted(direct, key=lambda where: -direct[where])
    called = [i for i in items if not ours(i[0][0]) and any(ours(c[0]) for c in i[1][4])]
    return {
        "coordreg": [row(w, stats[w], direct_s=direct[w]) for w in coordreg_[:count]],
        "library_calls": [row(*i) for i in sorted(called, key=lambda i: -i[1][3])[:count]],
        "own_time": [row(*i) for i in sorted(items, key=lambda i: -i[1][2])[:count]],
    }


def _library_path(filename: str) -> str:
    marker = "site-packages/"
    return filename.split(marker, 1)[1] if marker in filename else os.path.basename(filename)


# ---- the first page at N = 1,000 (benchmarks.app_start) -----------------------------------------------------


def measure_first_page(run: PagesRun, work: Path) -> None:
    from benchmarks.app_start import measure_app_start
    from registry.stores.embedded_server import EmbeddedServer

    home = work / "home-first-page"
    cases = work / "cases-first-page"
    out = work / "coordreg-first-page.log"
    try:
        coordreg(home, "generate", "--practices", str(FIRST_PAGE_PRACTICES), "--seed", str(run.seed),
                 "--out", str(cases), out=out)  # fmt: skip
        coordreg(home, "--graph", GRAPH, "load", "--rebuild", str(cases), out=out)
        start = measure_app_start(home, GRAPH)
    finally:
        EmbeddedServer(home).stop()
    run.first_page = asdict(start)
    log(f"first page at N = {FIRST_PAGE_PRACTICES:,}: {run.first_page}")


# ---- the report ---------------------------------------------------------------------------------------------

BEGIN, END = "<!-- app-pages -->", "<!-- /app-pages -->"
TARGETS_ROW = sections.OTHER_TARGETS_ROW


def heading(practices: int) -> str:
    """The section's heading, which names the registry's size as run (``--practices``)."""
    return f"App pages at N = {practices:,}"


def _mark(met: bool) -> str:
    return "**met**" if met else "**missed**"


def _s(value: float | None) -> str:
    return "not drawn" if value is None else f"{value:.2f}"


def _secs(value: float | None) -> str:
    return "not drawn" if value is None else f"{value:.2f} s"


def judged(run: PagesRun) -> list[tuple[str, bool, str]]:
    """(target, met, evidence) for each of issue 16's page targets this run measures."""
    rows = []
    for spec in PAGES:
        if spec.target_s is None or spec.key not in run.visits:
            continue
        first, second = run.visits[spec.key]["first"], run.visits[spec.key].get("second", Visit())
        met = first.seconds is not None and first.seconds <= spec.target_s and not first.note
        what = "first view drawn" if spec.key == "network" else "drawn"
        rows.append((
            f"{_title(spec)} page ≤ {spec.target_s:g} s ({what})", met,
            f"first visit {_secs(first.seconds)}, second {_secs(second.seconds)}{_noted(first)}",
        ))  # fmt: skip
    rows.append((f"Peak memory of the app ≤ {TARGET_APP_MB:.0f} MiB after every page", run.app_peak_mb <= TARGET_APP_MB,
                 f"{run.app_peak_mb:,.0f} MiB (after the last page: {run.app_end_mb:,.0f} MiB)"))  # fmt: skip
    rows.append((
        f"Peak memory of the store ≤ {TARGET_STORE_MB:.0f} MiB after every page", run.store_peak_mb <= TARGET_STORE_MB,
        f"{run.store_peak_mb:,.0f} MiB (restarted after the load"
        + (f"; {run.store_after_load_mb:,.0f} MiB right after it)" if not run.reused else ")"),
    ))  # fmt: skip
    if run.first_page:
        # Judged on the first view shown (the static page `coordreg app` serves while Streamlit starts, its matrix
        # present); runs saved before it had only the live Overview, which is then the first view.
        rendered = run.first_page.get("rendered_s")
        shown = run.first_page.get("first_view_s", rendered)
        rows.append((
            f"App first page ≤ {TARGET_FIRST_PAGE_S:g} s from launch at N = {FIRST_PAGE_PRACTICES:,}",
            shown is not None and shown <= TARGET_FIRST_PAGE_S,
            f"{_secs(shown)} to the first view shown (its matrix), {_secs(rendered)} to the live Overview drawn "
            f"(health check {_secs(run.first_page.get('health_s'))}), store running, `benchmarks.app_start`"
            + (f"; {run.first_page['note']}" if run.first_page.get("note") else ""),
        ))  # fmt: skip
    return rows


def _title(spec: PageSpec) -> str:
    from registry.app_support.i18n import t

    return t(spec.nav_key, "en")


def _noted(visit: Visit) -> str:
    return f" ({visit.note})" if visit.note else ""


def _loads(values: tuple[float, ...] | list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "not read"


def render_section(run: PagesRun) -> str:
    during = run.load_during
    lines = [
        BEGIN,
        f"## {heading(run.practices)}",
        "",
        f"From one run of `python -m benchmarks.app_pages --practices {run.practices} --seed {run.seed}"
        + (f" --rounds {run.rounds}" if run.round_visits else "")
        + f"` "
        f"({run.started}, {run.total_s / 60:.1f} min, commit `{run.commit}`), embedded store, headless Chromium "
        f"(Debian's, driven by Playwright). "
        + (
            f"`coordreg load` of the {run.practices:,} generated practices took {run.load_s:.0f} s with its snapshot"
            if not run.reused
            else f"The registry of {run.practices:,} generated practices, with its snapshot, was "
            f"loaded by an earlier run (commit `{run.reused}`) and its data folder reused (`--home`)"
        )
        + f"; the store was then restarted ({run.restart_s:.1f} s) and `coordreg app --headless` launched on it "
        f"(health check after {_s(run.health_s)} s"
        + (", the median of the launches" if len(run.round_visits) > 1 else "")
        + ").",
        "",
        f"**Machine load.** {run.cpus} cores, shared by the app, its store and the browser, and by any other work. "
        f"Load average (1, 5, 15 min) before {_loads(run.load_before)}, after {_loads(run.load_after)}; during the "
        "page visits the 1-minute average was "
        + (
            f"{min(during):.2f} to {max(during):.2f} (mean {statistics.mean(during):.2f}, {len(during)} readings)"
            if during
            else "not read"
        )
        + ". Above 2, the pages waited for the cores: every figure here is slower than on an idle machine.",
        "",
        "Each page is timed from the navigation (the address typed for the first visit of the Overview, which "
        "includes loading Streamlit's front end; a click in the sidebar for every other visit) until its answer "
        "is drawn: its heading and its main element present, Streamlit's script no longer running and no element "
        "left stale. First visit: the app's caches cold (the first visit after a load; the snapshot's answers "
        "still have to be read from their files); second visit: the same session again, caches warm. Memory: "
        "resident set of the app's process tree and of the store's server, sampled every 50 ms from the launch "
        "to the last page.",
        *(
            [
                "",
                f"**Rounds.** A first visit varies much from one launch of the app to the next on a shared machine, so "
                f"the app was launched {run.rounds} times, the store restarted before each launch and the app's caches "
                "cold each time, and every page visited twice at each launch. The table gives each visit's median "
                "over the launches and their range (fastest–slowest); the targets are judged on the medians (a visit "
                "not drawn counts as the slowest). Memory: the highest peak of the launches; after the last page: "
                "the last launch.",
            ]
            if len(run.round_visits) > 1
            else []
        ),
        "",
        "| target | result | evidence |",
        "|---|---|---|",
        *[f"| {text} | {_mark(met)} | {evidence} |" for text, met, evidence in judged(run)],
        "",
        "| page | drawn when | target (s) | first visit (s) | first: range (s) | second visit (s) "
        "| second: range (s) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for spec in PAGES:
        visits = run.visits.get(spec.key, {})
        first, second = visits.get("first", Visit()), visits.get("second", Visit())
        target = f"{spec.target_s:g}" if spec.target_s is not None else "—"
        flag = " ⚠" if spec.target_s is not None and (first.seconds is None or first.seconds > spec.target_s) else ""
        lines.append(f"| {_title(spec)} | {spec.marker_text} | {target} | {_s(first.seconds)}{flag}{_noted(first)} "
                     f"| {spread(run, spec.key, 'first')} | {_s(second.seconds)}{_noted(second)} "
                     f"| {spread(run, spec.key, 'second')} |")  # fmt: skip
    if run.overview_from_launch_s is not None:
        lines += ["", f"The Overview at N = {run.practices:,} was drawn {run.overview_from_launch_s:.2f} s after the "
                      "launch of `coordreg app` (the browser already open)."]  # fmt: skip
    lines += [
        "",
        "| memory (MiB) | peak | after the last page |",
        "|---|---:|---:|",
        f"| app (Streamlit and the pages) | {run.app_peak_mb:,.0f} | {run.app_end_mb:,.0f} |",
        f"| store (FalkorDB server) | {run.store_peak_mb:,.0f} | {run.store_end_mb:,.0f} |",
    ]
    if not run.reused:
        lines += [
            f"Right after `coordreg load` (before its restart) the store held {run.store_after_load_mb:,.0f} MiB."
        ]
    if run.app_errors:
        lines += ["", "Errors in the app's log (a visitor sees only that something went wrong): "
                  + "; ".join(f"`{e}`" for e in run.app_errors) + "."]  # fmt: skip
    lines += _profile_lines(run)
    lines.append(END)
    return "\n".join(lines)


SORT_LABELS = {"direct_s": "direct", "cumulative_s": "cumulative", "own_s": "own"}


def _profile_lines(run: PagesRun) -> list[str]:
    if not run.profiles:
        return []
    lines = [
        "",
        "### Where the slow pages spend their time",
        "",
        "Each page that missed its target was run again under `streamlit.testing.v1.AppTest` with cProfile, in a "
        "fresh interpreter (caches cold, after the Overview as in the browser), on the same store: the script's "
        "run on the server, without the browser's part (sending and drawing the elements). Direct = in a coordreg "
        "function and the library code it calls itself (waiting on the store shows in the function that reads its "
        "answers); cumulative = in the function and everything it calls; own = in the function alone.",
    ]
    for key, profile in run.profiles.items():
        spec = next(s for s in PAGES if s.key == key)
        lines += ["", f"**{_title(spec)}**: " + (
            f"profiling failed: {profile['error']}" if "error" in profile
            else f"script run {profile['script_s']:.2f} s under AppTest (with cProfile's overhead)"
            + (f", profiled in an earlier run (commit `{profile['commit']}`)" if profile.get("commit") else "")
            + (f"; exceptions: {profile['exceptions']}" if profile.get("exceptions") else "") + ".")]  # fmt: skip
        if "error" in profile:
            continue
        for part, label, sort in (("coordreg", "coordreg's functions: in them and the libraries they call", "direct_s"),
                                  ("library_calls", "library calls from coordreg", "cumulative_s"),
                                  ("own_time", "own time, any function", "own_s")):  # fmt: skip
            if profile[part] and sort not in profile[part][0]:  # a run from before the direct times
                sort = "cumulative_s"
            if profile[part]:
                lines += ["", f"| {label} | {SORT_LABELS[sort]} (s) | calls |",
                          "|---|---:|---:|"]  # fmt: skip
                lines += [f"| `{r['function']}` | {r[sort]:.2f} | {r['calls']:,} |" for r in profile[part][:6]]
    return lines


def write_report(run: PagesRun, report: Path) -> None:
    section = render_section(run)
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    text = sections.with_section(text, section, BEGIN, END)
    report.write_text(_with_targets_row(text, run), encoding="utf-8")


def _with_targets_row(text: str, run: PagesRun) -> str:
    """The report's Targets table (written by benchmarks.scale) with one row pointing to this section."""
    lines = text.split("\n")
    if "## Targets" not in lines:
        return text
    lines = [line for line in lines if not line.startswith(TARGETS_ROW)]
    start = lines.index("## Targets")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or not lines[end].startswith("|")) and end < start + 3:
        end += 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    rows = judged(run)
    missed = [text for text, met, _ in rows if not met]
    title = heading(run.practices)
    anchor = "#" + title.lower().replace(" ", "-").replace("=", "").replace(",", "")
    summary = f"{len(rows) - len(missed)} of {len(rows)} met" + (f"; missed: {'; '.join(missed)}" if missed else "")
    lines.insert(end, f"| {title} (issue 16): page times, memory | see [{title}]({anchor}) | {summary} |")
    return "\n".join(lines)


# ---- the run ------------------------------------------------------------------------------------------------


def _commit() -> str:
    if os.environ.get("COORDREG_BENCH_COMMIT"):  # a run from an exported tree (git archive), which has no .git
        return os.environ["COORDREG_BENCH_COMMIT"]
    try:
        found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "unknown"
    return found.stdout.strip() or "unknown"


def slow_pages(run: PagesRun) -> list[str]:
    """The pages with a target whose first visit missed it."""
    slow = []
    for spec in PAGES:
        first = run.visits.get(spec.key, {}).get("first")
        if spec.target_s is not None and first is not None and (first.seconds is None or first.seconds > spec.target_s):
            slow.append(spec.key)
    return slow


def save(run: PagesRun, args: argparse.Namespace) -> None:
    args.json.write_text(json.dumps(asdict(run), indent=1) + "\n", encoding="utf-8")
    write_report(run, args.out)


@contextlib.contextmanager
def work_folder(keep: bool) -> Iterator[Path]:
    work = Path(tempfile.mkdtemp(prefix="issue16-app-pages-", dir="/tmp"))
    try:
        yield work
    finally:
        if keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cases", type=Path, help="A folder `coordreg generate` wrote (skips generating).")
    parser.add_argument("--page-timeout", type=float, default=180.0, help="Seconds a page may take to be drawn.")
    parser.add_argument("--rounds", type=_positive, default=3, help="Launches of the app, each visiting every page "
                        "twice (its caches cold at each launch); the report gives the medians and ranges.")  # fmt: skip
    parser.add_argument("--no-first-page", action="store_true", help="Skip the first page at N = 1,000.")
    parser.add_argument("--no-profile", action="store_true", help="Do not profile the pages that miss a target.")
    parser.add_argument("--profiles-from", type=Path, help="Take the profiles of the pages an earlier run (its "
                        "JSON) profiled from it, instead of profiling them again.")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="Keep the run's folder under /tmp (logs, stores).")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "app_pages.json")
    parser.add_argument("--render-from", type=Path, help="Only write the report from saved results (JSON).")
    parser.add_argument("--profile-page", help=argparse.SUPPRESS)  # internal: one page under AppTest
    parser.add_argument("--home", type=Path, help="A data folder an earlier run kept (--keep): its registry is "
                        "reused, not generated and loaded again.")  # fmt: skip
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number of launches, 1 or more, not {text!r}")
    return value


def _visits(raw: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Visit]]:
    return {key: {round_: Visit(**visit) for round_, visit in rounds.items()} for key, rounds in raw.items()}


def load_run(path: Path) -> PagesRun:
    """A run saved as JSON (``save``); one saved before ``--rounds`` reads as a single round."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["visits"] = _visits(raw["visits"])
    raw["round_visits"] = [_visits(launch) for launch in raw.get("round_visits", [])]
    for key in ("load_before", "load_after"):
        raw[key] = tuple(raw[key])
    return PagesRun(**raw)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.profile_page:
        profile_one_page(args.profile_page, args.home, args.json)
        return
    if args.render_from:
        write_report(load_run(args.render_from), args.out)
        return
    from benchmarks.app_start import playwright_available
    from registry.stores.embedded_server import EmbeddedServer

    reason = playwright_available()
    if reason:
        raise SystemExit(f"the pages cannot be timed: {reason}")
    run = PagesRun(args.practices, args.seed, page_timeout_s=args.page_timeout, cpus=os.cpu_count() or 0)
    run.started, run.commit = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), _commit()
    run.load_before = os.getloadavg()
    begun = time.perf_counter()
    with work_folder(args.keep) as work:
        home = args.home or work / "home"
        try:
            if args.home:
                reuse_registry(run, home)
            else:
                prepare_registry(run, work, home, args.cases)
                (home / "app_pages_loaded_by").write_text(run.commit, encoding="utf-8")
            visit_pages(run, home, work, args.page_timeout, args.rounds)
            if not args.no_profile:
                earlier = load_run(args.profiles_from) if args.profiles_from else None
                for key in slow_pages(run):
                    if earlier is not None and key in earlier.profiles:
                        run.profiles[key] = {**earlier.profiles[key], "commit": earlier.commit}
                profile_pages(run, home, work, [key for key in slow_pages(run) if key not in run.profiles])
        finally:
            EmbeddedServer(home).stop()
        if not args.no_first_page:
            measure_first_page(run, work)
    run.total_s, run.load_after = time.perf_counter() - begun, os.getloadavg()
    save(run, args)
    log(f"wrote {args.json} and the {heading(args.practices)!r} section of {args.out}")


if __name__ == "__main__":
    main()
