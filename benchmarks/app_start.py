"""Time `coordreg app` from launch to its first page, and sample memory meanwhile.

Three moments are timed from the launch of the command: Streamlit's health
endpoint answering (the server is up), and — when Playwright and a Chromium
are installed — in a real browser opened at launch (it retries until the port
answers): the first view shown (the static page `coordreg app` serves while
Streamlit starts, its typology matrix present; app_pages/first_view.py), and
the live Overview drawn (Streamlit's page, its matrix table present). Without
the static first view (``first_view=False``: COORDREG_APP_FIRST_VIEW=0), the
first view shown is the live Overview.

Run alone, small (prints, writes nothing else):
``python -m benchmarks.app_start --home HOME [--rounds N] [--no-first-view]``
on a data folder already loaded (``coordreg load``); its store is stopped
before each launch only with ``--stop-store``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium as the benchmarks run it: headless, no sandbox (a container), no GPU, no background requests.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT_S = 90.0
OVERVIEW_MARKER = "Typology matrix"  # the Overview page's matrix heading (English interface)
#: The static first view's matrix, or the live page's table: whichever the browser shows first.
FIRST_VIEW_SHOWN = '#matrix, [data-testid="stDataFrame"]'
LIVE_TABLE = '[data-testid="stDataFrame"]'


@dataclass
class AppStart:
    health_s: float | None = None
    first_view_s: float | None = None  # a matrix shown: the static first view's, or the live page's
    rendered_s: float | None = None  # the live Overview drawn
    first_view: bool = True  # whether the static first view was on
    app_peak_mb: float = 0.0
    store_peak_mb: float = 0.0
    note: str = ""


@dataclass
class MemorySampler:
    """Peak resident memory of a process tree, sampled every 50 ms in a thread.

    ``growth(name)`` says how far the peak rose above the memory held when it was last called:
    a store rarely gives memory back, so the step that makes it grow is the one to blame.
    """

    pids: dict[str, Callable[[], int | None]]
    peak_mb: dict[str, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _latest: dict[str, float] = field(default_factory=dict)
    _window: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (at start, peak since)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                found = pid()
                if found:
                    rss = tree_rss_mb(found)
                    self._latest[name] = rss
                    self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), rss)
                    start, peak = self._window.get(name, (rss, rss))
                    self._window[name] = (start, max(peak, rss))
            time.sleep(0.05)

    def latest(self, name: str) -> float:
        """The last memory sampled (MiB), 0 before the first sample."""
        return self._latest.get(name, 0.0)

    def growth(self, name: str) -> float:
        """MiB the peak rose since the last call (0 when it did not), then start a new window."""
        start, peak = self._window.get(name, (0.0, 0.0))
        latest = self._latest.get(name, 0.0)
        self._window[name] = (latest, latest)
        return max(0.0, peak - start)

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def tree_rss_mb(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 2**20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - a local http URL we built
            return bool(response.status == 200)
    except OSError:
        return False


def playwright_available() -> str:
    """Empty when a browser check can run, else the reason it cannot."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    return ""


def measure_app_start(home: Path, graph: str, *, first_view: bool = True) -> AppStart:
    """Launch `coordreg --graph GRAPH app --headless`, time its first page, stop it.

    The browser is started, and shows a local page, before the clock (a user's browser is already open:
    ``warm_up``). With the store
    stopped beforehand, the first page includes starting it and replaying its append-only file:
    the app starts the store when a page first asks.
    """
    result = AppStart(first_view=first_view)
    if not (Path(__file__).resolve().parent.parent / "app_streamlit.py").exists():
        result.note = "the app (app_streamlit.py) does not exist yet"
        return result
    reason = playwright_available()
    if reason:
        result.note = f"rendering not timed: {reason}"
        _launch_and_time(home, graph, result, None, first_view)
        return result
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            warm_up(page)
            _launch_and_time(home, graph, result, page, first_view)
        finally:
            browser.close()
    return result


def warm_up(page: Any) -> None:
    """Bring ``page`` to a page of this machine (a throw-away server on another port), as a browser already open.

    Chromium keeps one renderer process per site (127.0.0.1, whatever the port): the first visit to a site
    starts one, which took 1-2 s on a busy machine, longer than the whole static first view lasts. A user's
    browser that has shown any local page has it already; both ways of starting the app are timed after it."""
    import http.server

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html><title>warm</title>")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer) as server:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        server.shutdown()


def _open_when_listening(page: Any, url: str, deadline: float) -> None:
    """Open ``url`` as soon as its port accepts a connection (polled every 10 ms; a navigation Chromium makes to
    a port not yet listening fails slowly, up to a few hundred ms, which would be timed as the app's)."""
    address = urllib.parse.urlsplit(url)
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex((address.hostname or "127.0.0.1", address.port or 80)) == 0:
                break
        time.sleep(0.01)
    while True:
        try:
            page.goto(url, timeout=max(1.0, deadline - time.monotonic()) * 1000, wait_until="commit")
            return
        except Exception:  # noqa: BLE001 - Playwright's "connection refused" until the port listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _launch_and_time(home: Path, graph: str, result: AppStart, page: Any, first_view: bool = True) -> None:
    with running_app(home, graph, START_TIMEOUT_S, wait_for_health=page is None, first_view=first_view) as app:
        if page is not None:
            deadline = app.started + START_TIMEOUT_S
            _open_when_listening(page, app.url + "/", deadline)
            page.locator(FIRST_VIEW_SHOWN).first.wait_for(timeout=max(1.0, deadline - time.monotonic()) * 1000)
            result.first_view_s = time.monotonic() - app.started
            # The live page: its table, under the matrix's heading (the static view has the heading, no table).
            page.locator(LIVE_TABLE).first.wait_for(timeout=max(1.0, deadline - time.monotonic()) * 1000)
            page.get_by_text(OVERVIEW_MARKER, exact=True).wait_for(timeout=max(1.0, deadline - time.monotonic()) * 1000)
            result.rendered_s = time.monotonic() - app.started
            app.health_done.wait(timeout=max(0.0, deadline - time.monotonic()))
        result.health_s = app.health_s
        if result.health_s is None:
            result.note = "the app did not answer its health check"
        result.app_peak_mb = app.sampler.peak_mb.get("app", 0.0)
        result.store_peak_mb = app.sampler.peak_mb.get("store", 0.0)


@dataclass
class RunningApp:
    """A `coordreg app` this process launched: its address, when it was launched, its memory sampler."""

    url: str
    started: float  # time.monotonic() at launch
    sampler: MemorySampler
    health_s: float | None = None  # from launch to the health endpoint answering; None if it never did
    health_done: threading.Event = field(default_factory=threading.Event)  # set once health_s is known


@contextlib.contextmanager
def running_app(
    home: Path,
    graph: str,
    health_timeout_s: float = START_TIMEOUT_S,
    log: Path | None = None,
    *,
    wait_for_health: bool = True,
    first_view: bool = True,
) -> Iterator[RunningApp]:
    """Launch `coordreg --graph GRAPH app --headless` on data folder HOME and wait for its health check.

    The app's process tree ("app") and the embedded store's server ("store") are sampled for memory from
    the launch until the block ends; then the app is stopped (the store is left as it is). ``log`` keeps
    Streamlit's output (default: discarded). ``wait_for_health=False`` yields at once, the health check
    polled in a thread (``health_done`` set when it answers or times out); ``first_view=False`` turns the static
    first view off.
    """
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(home)
    port = _free_port()
    # No file watcher: in a working tree others edit, a changed module would be reloaded mid-run, and the
    # app would then time (or fail on) its reload instead of its pages.
    env = {**os.environ, "COORDREG_HOME": str(home), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
           "COORDREG_APP_FIRST_VIEW": "1" if first_view else "0"}  # fmt: skip
    command = [sys.executable, "-m", "registry.cli", "--graph", graph, "app", "--headless", "--port", str(port)]
    output = log.open("wb") if log is not None else None
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if output else subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        watched = {"app": lambda: process.pid, "store": lambda: server.pid() if server.is_running() else None}
        with MemorySampler(watched) as sampler:
            app = RunningApp(f"http://127.0.0.1:{port}", started, sampler)

            def poll_health() -> None:
                deadline = started + health_timeout_s
                while time.monotonic() < deadline and process.poll() is None:
                    if _answers(f"{app.url}/_stcore/health"):
                        app.health_s = time.monotonic() - started
                        break
                    time.sleep(0.05)
                app.health_done.set()

            if wait_for_health:
                poll_health()
            else:
                threading.Thread(target=poll_health, daemon=True).start()
            yield app
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the session we started: streamlit and its children
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if output is not None:
            output.close()


def main(argv: list[str] | None = None) -> None:
    """Time a few launches on a loaded data folder and print each (nothing is written but ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="A data folder already loaded (COORDREG_HOME).")
    parser.add_argument("--graph", default="embedded")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-first-view", action="store_true", help="Launch without the static first view.")
    parser.add_argument("--stop-store", action="store_true", help="Stop the store before each launch.")
    parser.add_argument("--json", type=Path, help="Also write the results there.")
    args = parser.parse_args(argv)
    from registry.stores.embedded_server import EmbeddedServer

    results = []
    for _ in range(args.rounds):
        if args.stop_store:
            EmbeddedServer(args.home).stop()
        result = measure_app_start(args.home, args.graph, first_view=not args.no_first_view)
        print(json.dumps(asdict(result)), flush=True)
        results.append(asdict(result))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
