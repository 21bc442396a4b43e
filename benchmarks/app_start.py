"""Time `coordreg app` from launch to its first page, and sample memory meanwhile.

Two moments are timed from the launch of the command: Streamlit's health
endpoint answering (the server is up), and — when Playwright and a Chromium
are installed — the Overview page showing its typology matrix in a real
browser (the first page a user sees, rendered).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium as the benchmarks run it: headless, no sandbox (a container), no GPU, no background requests.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT_S = 90.0
OVERVIEW_MARKER = "Typology matrix"  # the Overview page's matrix heading (English interface)


@dataclass
class AppStart:
    health_s: float | None = None
    rendered_s: float | None = None
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


def measure_app_start(home: Path, graph: str) -> AppStart:
    """Launch `coordreg --graph GRAPH app --headless`, time its first page, stop it.

    The browser is started before the clock (a user's browser is already open). With the store
    stopped beforehand, the first page includes starting it and replaying its append-only file:
    the app starts the store when a page first asks.
    """
    result = AppStart()
    if not (Path(__file__).resolve().parent.parent / "app_streamlit.py").exists():
        result.note = "the app (app_streamlit.py) does not exist yet"
        return result
    reason = playwright_available()
    if reason:
        result.note = f"rendering not timed: {reason}"
        _launch_and_time(home, graph, result, None)
        return result
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            _launch_and_time(home, graph, result, browser.new_page())
        finally:
            browser.close()
    return result


def _launch_and_time(home: Path, graph: str, result: AppStart, page: Any) -> None:
    with running_app(home, graph, START_TIMEOUT_S) as app:
        result.health_s = app.health_s
        if result.health_s is None:
            result.note = "the app did not answer its health check"
        elif page is not None:
            left_ms = max(1.0, app.started + START_TIMEOUT_S - time.monotonic()) * 1000
            page.goto(app.url + "/", timeout=left_ms)
            page.get_by_text(OVERVIEW_MARKER, exact=True).wait_for(timeout=left_ms)
            page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=left_ms)
            result.rendered_s = time.monotonic() - app.started
        result.app_peak_mb = app.sampler.peak_mb.get("app", 0.0)
        result.store_peak_mb = app.sampler.peak_mb.get("store", 0.0)


@dataclass
class RunningApp:
    """A `coordreg app` this process launched: its address, when it was launched, its memory sampler."""

    url: str
    started: float  # time.monotonic() at launch
    sampler: MemorySampler
    health_s: float | None = None  # from launch to the health endpoint answering; None if it never did


@contextlib.contextmanager
def running_app(
    home: Path, graph: str, health_timeout_s: float = START_TIMEOUT_S, log: Path | None = None
) -> Iterator[RunningApp]:
    """Launch `coordreg --graph GRAPH app --headless` on data folder HOME and wait for its health check.

    The app's process tree ("app") and the embedded store's server ("store") are sampled for memory from
    the launch until the block ends; then the app is stopped (the store is left as it is). ``log`` keeps
    Streamlit's output (default: discarded).
    """
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(home)
    port = _free_port()
    # No file watcher: in a working tree others edit, a changed module would be reloaded mid-run, and the
    # app would then time (or fail on) its reload instead of its pages.
    env = {**os.environ, "COORDREG_HOME": str(home), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}  # fmt: skip
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
            deadline = started + health_timeout_s
            while time.monotonic() < deadline and process.poll() is None:
                if _answers(f"{app.url}/_stcore/health"):
                    app.health_s = time.monotonic() - started
                    break
                time.sleep(0.05)
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
