"""The static first view `coordreg app` serves while Streamlit starts (app_pages/first_view.py), and its handover.

- Rendered from the kept snapshot, every case text escaped, in English and French; "starting" alone when nothing
  is kept; its one script allowed by hash.
- Served on the app's port with the standard library: the page on any path, 503 on Streamlit's paths (the health
  check among them), so tools waiting for health still wait for the real app.
- A real `coordreg app --headless` on a registry with a hostile title: first the first view, then on the same URL
  Streamlit itself (health 200, its front end), no connection refused in between; in Chromium the page reloads
  into the live app by itself.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app_pages import first_view as server
from registry.app_support import first_view, views
from registry.app_support.i18n import t

MINI = Path(__file__).parent / "fixtures" / "mini"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - a local URL we built
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", "replace")


def _hostile_cases(folder: Path) -> Path:
    """The mini registry, with practice alpha's English title made of markup."""
    shutil.copytree(MINI, folder)
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    assert 'en: "Alpha practice"' in text
    alpha.write_text(text.replace('en: "Alpha practice"', "en: '" + HOSTILE + "'"), encoding="utf-8")
    return folder


# ---- the page -------------------------------------------------------------------------------------------------


def _kept() -> first_view.KeptOverview:
    row = {"practice_id": "p1", "title": HOSTILE, "macro": True, "macro_status": "inferred", "meso": False,
           "micro": True, "micro_status": "stated", "conflict": True}  # fmt: skip
    return first_view.KeptOverview(
        counts={"Practice": 1, "Actor": 4},
        matrix=[row],
        titles={"p1": {"practice_id": "p1", "title": HOSTILE, "title_fr": "Pratique <i>un</i>", "countries": ["ARG"]}},
    )


def test_the_first_view_escapes_case_text_and_shows_figures_and_matrix():
    page = first_view.render(_kept(), "en")
    assert HOSTILE not in page and "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert page.count("<script>") == 1 and first_view.RELOAD_SCRIPT in page  # only our own script
    assert '<table id="matrix">' in page and t("matrix_title", "en") in page and t("first_view_starting", "en") in page
    row = re.search(r"<tbody><tr>(.*?)</tr>", page)
    assert row is not None
    assert re.findall(r"<td>(.*?)</td>", row.group(1))[1:] == ["○", "", "●", "⚠"]  # inferred, none, stated, conflict
    assert f'{t("metric_actors", "en")}</div><div class="value">4<' in page
    assert f'{t("metric_countries", "en")}</div><div class="value">1<' in page


def test_the_first_view_speaks_french_and_says_starting_when_nothing_is_kept():
    french = first_view.render(_kept(), "fr")
    assert '<html lang="fr">' in french and t("matrix_title", "fr") in french
    assert "Pratique &lt;i&gt;un&lt;/i&gt;" in french  # the French title, escaped
    plain = first_view.render(None, "de")  # an unknown language: English
    assert '<html lang="en">' in plain and t("first_view_starting", "en") in plain and "matrix" not in plain


def test_the_page_allows_its_own_script_only():
    digest = base64.b64encode(hashlib.sha256(first_view.RELOAD_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in first_view.CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in first_view.CONTENT_SECURITY_POLICY


def test_the_copies_of_views_constants_stay_equal():
    assert first_view.COUNTED_LABELS == views.COUNTED_LABELS
    assert (first_view.MARK, first_view.INFERRED_MARK, first_view.CONFLICT_MARK) == (
        views.MARK, views.INFERRED_MARK, views.CONFLICT_MARK)  # fmt: skip
    rows = [{"title": "A", "title_fr": "B"}, {"title": "A", "title_language": "fr", "title_original": "C"},
            {"practice_id": "x"}, {"title": None, "title_original": "D"}]  # fmt: skip
    for row in rows:
        for lang in ("en", "fr"):
            assert first_view.practice_title(row, lang) == views.practice_title(row, lang)


# ---- what the last snapshot kept, on both stores ----------------------------------------------------------------


def test_the_identity_without_opening_the_store_is_the_stores(store, coordreg_home, monkeypatch):
    from conftest import graph_env

    for name, value in graph_env(store).items():
        monkeypatch.setenv(name, value)
    home = Path(os.environ["COORDREG_HOME"])
    assert first_view.store_identity(os.environ.get("COORDREG_GRAPH", "embedded"), home) == store.identity()


def test_the_kept_overview_is_read_from_the_snapshot(store, coordreg_home, monkeypatch, tmp_path):
    from conftest import graph_env

    from registry.loading import load_paths
    from registry.queries.refresh import refresh_snapshot

    for name, value in graph_env(store).items():
        monkeypatch.setenv(name, value)
    home = Path(os.environ["COORDREG_HOME"])
    url = os.environ.get("COORDREG_GRAPH", "embedded")
    load_paths(store, [_hostile_cases(tmp_path / "cases")])
    assert first_view.read_kept(url, home) is None  # nothing kept for this version yet: a plain "starting" page
    refresh_snapshot(store, home=home)
    kept = first_view.read_kept(url, home)
    assert kept is not None and kept.counts["Practice"] == 2 and len(kept.matrix) == 2
    page = first_view.render(kept, "en")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "<script>alert" not in page


# ---- the static server ------------------------------------------------------------------------------------------


@pytest.fixture
def static_view(coordreg_home, monkeypatch) -> Iterator[server.FirstView]:
    monkeypatch.setenv("COORDREG_GRAPH", "embedded:first_view_nothing_kept")
    monkeypatch.delenv(server.ENV, raising=False)
    port = _free_port()
    view = server.start(["run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(port)])
    assert view is not None
    yield view
    view.stop_serving()
    view.socket.close()


def test_the_static_server_answers_the_page_and_503_on_streamlits_paths(static_view):
    url = f"http://127.0.0.1:{static_view.port}"
    status, page = _get(url + "/?lang=fr")
    assert status == 200 and '<html lang="fr">' in page and t("first_view_starting", "fr") in page
    assert _get(url + "/practices")[0] == 200  # a page's own path: the same first view
    for path in ("/_stcore/health", "/_stcore/host-config", "/static/js/main.js", "/media/x.png"):
        assert _get(url + path)[0] == 503, path
    request = urllib.request.Request(url + "/", data=b"x", method="POST")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 503
    with urllib.request.urlopen(url + "/", timeout=10) as answer:  # noqa: S310
        assert "script-src 'sha256-" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-store" and answer.headers["X-Frame-Options"] == "DENY"


def test_on_loopback_only_this_machines_names_get_the_figures(static_view):
    """A page elsewhere that rebinds its name to 127.0.0.1 (DNS rebinding) gets "starting", nothing of the registry."""
    static_view._server._kept = _kept()  # noqa: SLF001 - figures to leak, were the name not checked
    static_view._server._pages.clear()  # noqa: SLF001
    url = f"http://127.0.0.1:{static_view.port}/"
    for host, figures in ((f"localhost:{static_view.port}", True), ("127.0.0.1", True),
                          (f"evil.example:{static_view.port}", False)):  # fmt: skip
        request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            page = answer.read().decode("utf-8")
        assert ('<table id="matrix">' in page) is figures and "<script>alert" not in page, host
        assert t("first_view_starting", "en") in page
    assert server._loopback_names("0.0.0.0") is None and "::1" in (server._loopback_names("::1") or set())  # noqa: S104


def test_the_handed_socket_still_accepts_connections(static_view):
    """Between the static server stopping and Streamlit accepting, connections wait in the socket's queue; one the
    static server held, its request not yet sent (a browser's spare connection), is closed."""
    idle = socket.create_connection(("127.0.0.1", static_view.port), timeout=5)
    time.sleep(0.3)  # accepted by the static server, which waits for its request
    handed = static_view.hand_over()
    assert idle.recv(100) == b""  # closed by the static server, with no answer: the browser asks Streamlit again
    idle.close()
    with socket.create_connection(("127.0.0.1", static_view.port), timeout=5):
        pass  # accepted by the kernel, not refused
    assert handed.getsockname()[1] == static_view.port and not handed.getblocking()


def test_no_first_view_without_an_explicit_address_or_when_turned_off(monkeypatch):
    monkeypatch.delenv("STREAMLIT_SERVER_ADDRESS", raising=False)
    assert server.address_and_port(["run", "app.py", "--server.port", "8600"]) is None
    assert server.address_and_port(["run", "app.py", "--server.address", "unix://x", "--server.port", "8600"]) is None
    assert server.address_and_port(["run", "a", "--server.address=::1", "--server.port=8600"]) == ("::1", 8600)
    monkeypatch.setenv(server.ENV, "0")
    assert server.start(["run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(_free_port())]) is None


# ---- a real launch: first view, then Streamlit on the same socket -----------------------------------------------


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory) -> Iterator[Path]:
    """A data folder of its own, the hostile mini registry loaded with `coordreg load` (which keeps the snapshot)."""
    home = tmp_path_factory.mktemp("first-view-home")
    cases = _hostile_cases(tmp_path_factory.mktemp("first-view") / "cases")
    env = dict(os.environ, COORDREG_HOME=str(home))
    env.pop("COORDREG_GRAPH", None)
    done = subprocess.run([sys.executable, "-m", "registry.cli", "load", str(cases)], env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    yield home
    from registry.stores.embedded_server import EmbeddedServer

    EmbeddedServer(home).stop()


@contextlib.contextmanager
def _launch(hostile_home: Path, tmp_path: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = _free_port()
    env = dict(os.environ, COORDREG_HOME=str(hostile_home), STREAMLIT_SERVER_FILE_WATCHER_TYPE="none")
    env.pop("COORDREG_GRAPH", None)
    env.pop(server.ENV, None)
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "registry.cli", "app", "--headless", "--port", str(port), *options],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}", process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _accepting(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    port = int(url.rsplit(":", 1)[1])
    deadline = time.monotonic() + 60
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.01)


@pytest.fixture
def launched(hostile_home, tmp_path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    with _launch(hostile_home, tmp_path) as running:
        yield running


def test_the_launch_serves_the_first_view_then_hands_the_port_to_streamlit(launched):
    url, process, log = launched
    _accepting(url, process, log)
    status, page = _get(url + "/")
    assert status == 200 and '<table id="matrix">' in page, page[:500]  # the first view, from the kept snapshot
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "<script>alert" not in page
    health = []
    deadline = time.monotonic() + 60
    while not health or health[-1] != 200:
        health.append(_get(url + "/_stcore/health")[0])  # a refused connection would raise here
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.02)
    assert health[0] == 503 and set(health) == {503, 200}, health
    status, page = _get(url + "/")
    assert status == 200 and 'id="root"' in page and '<table id="matrix">' not in page  # Streamlit's front end
    assert "You can now view your Streamlit app" in log.read_text()


def test_no_first_view_launches_streamlit_alone(hostile_home, tmp_path):
    with _launch(hostile_home, tmp_path, "--no-first-view") as (url, process, log):
        _accepting(url, process, log)
        status, page = _get(url + "/")
        assert status == 200 and 'id="root"' in page and '<table id="matrix">' not in page


def test_the_page_reloads_into_the_live_app_in_a_browser(hostile_home, tmp_path):
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    from benchmarks.app_start import warm_up

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # A browser already showing a local page: its first visit to 127.0.0.1 would otherwise start a
            # renderer, which on a busy machine can outlast the first view (then the live app is all it sees).
            warm_up(page)
            with _launch(hostile_home, tmp_path) as (url, process, log):
                _open_and_follow(page, url, process, log)
        finally:
            browser.close()


def _open_and_follow(page: Any, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Open the app as soon as its port accepts: the first view, then, by itself, the live Overview."""
    _accepting(url, process, log)
    page.goto(url + "/?lang=fr", wait_until="commit")
    page.locator('html[lang="fr"] #matrix').wait_for(state="attached", timeout=30_000)  # the first view, French
    # No click, no navigation of ours: the page's script sees the health check answer and reloads.
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=90_000)
    assert page.locator("#matrix").count() == 0 and page.url == url + "/?lang=fr"
    page.get_by_text(t("matrix_title", "fr"), exact=True).wait_for(timeout=30_000)  # the live Overview, French


# ---- with a browser: opened on the first view, once ------------------------------------------------------------


def test_the_browser_opens_where_and_when_streamlit_would(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .streamlit/config.toml here
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("STREAMLIT_SERVER_HEADLESS", "STREAMLIT_BROWSER_SERVER_ADDRESS", "STREAMLIT_SERVER_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    given = ["run", "app.py", "--server.address", "127.0.0.1", "--browser.serverAddress", "127.0.0.1"]
    assert server.browser_url([*given, "--server.headless", "true"], 8600) is None
    assert server.browser_url([*given, "--server.headless", "false"], 8600) == "http://127.0.0.1:8600"
    monkeypatch.setenv("DISPLAY", ":0")
    assert server.browser_url(given, 8600) == "http://127.0.0.1:8600"
    wildcard = ["run", "app.py", "--server.address", "0.0.0.0"]  # noqa: S104
    assert server.browser_url(wildcard, 8600) == "http://localhost:8600"
    if sys.platform.startswith("linux"):
        monkeypatch.delenv("DISPLAY")
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        assert server.browser_url(given, 8600) is None  # Streamlit's default on Linux with no display: headless
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text('[server]\nbaseUrlPath = "coordreg"\n', encoding="utf-8")
    assert server.address_and_port(["run", "app.py", "--server.address", "127.0.0.1"]) is None  # health elsewhere


def test_streamlit_does_not_open_the_browser_a_second_time(monkeypatch):
    from streamlit import cli_util

    opened: list[str] = []
    monkeypatch.setattr(cli_util, "open_browser", opened.append)
    server.skip_streamlits_browser("http://127.0.0.1:8600")
    cli_util.open_browser("http://127.0.0.1:8600/")  # what Streamlit asks once it listens: already open
    cli_util.open_browser("http://localhost:8601")
    assert opened == ["http://localhost:8601"]


def test_the_first_page_target_is_judged_on_the_first_view_with_the_live_figure_beside():
    from benchmarks.app_pages import TARGET_FIRST_PAGE_S, PagesRun, judged

    run = PagesRun(300, 7, rounds=1)
    run.first_page = {"health_s": 1.0, "first_view_s": 1.2, "rendered_s": TARGET_FIRST_PAGE_S + 1.5, "note": ""}
    (row,) = [r for r in judged(run) if r[0].startswith("App first page")]
    assert row[1] is True
    assert row[2].startswith("1.20 s to the first view shown (its matrix), ") and "to the live Overview drawn" in row[2]
    run.first_page = {"health_s": 1.0, "rendered_s": TARGET_FIRST_PAGE_S + 1.5}  # a run saved before the first view
    (row,) = [r for r in judged(run) if r[0].startswith("App first page")]
    assert row[1] is False
