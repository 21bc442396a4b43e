"""The explorer in a real browser: Debian's chromium driven by Playwright against `coordreg app`.

It checks what AppTest cannot: the network view is actually drawn by
vis-network inside its frame, the app makes no request beyond this machine
(every script and stylesheet is served locally), and a person can go from
the matrix to a practice, to its actors' network, to a Cypher query about
one actor and back, in English and in French, without an error. Every page
is photographed into test-artifacts/screenshots/ for a person to look at.

Needs /usr/bin/chromium (`apt-get install chromium`); Playwright's own
browser downloads are never used.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from registry.app_support.i18n import t
from registry.app_support.labels import PARAMETER_LABELS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = ("overview", "practices", "network", "overlaps", "cost-benefit", "console", "training", "data")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}
INTERCOSECHA = "arg-intercosecha"
MTEYSS = "arg-mteyss"


def _coordreg() -> str:
    """The `coordreg` command of this environment (the console script beside this Python)."""
    beside = Path(sys.executable).parent / "coordreg"
    return str(beside) if beside.is_file() else "coordreg"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(coordreg_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`coordreg app` on a free port, on a seed-loaded graph of its own."""
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    from registry.loading import load_paths
    from registry.stores.embedded import EmbeddedStore

    name = f"browser_{os.getpid()}"
    graph = EmbeddedStore(coordreg_home, name)
    load_paths(graph, rebuild=True)
    port = _free_port()
    env = dict(os.environ, COORDREG_HOME=str(coordreg_home), COORDREG_GRAPH=f"embedded:{name}")
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [_coordreg(), "app", "--port", str(port), "--headless"],
            cwd=tmp_path_factory.mktemp("cwd"),  # any folder: the app must not depend on where it starts
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:  # noqa: S310
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"coordreg app did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        graph.wipe()
        graph.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One browser tab with a log of every request it makes and every dialog it opens."""

    def __init__(self, browser, base: str, viewport: tuple[int, int] = (1400, 2200)):
        self.base = base
        self.viewport = viewport
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-GB")
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.settle()

    def settle(self) -> None:
        """Wait until Streamlit has finished the script run and the page has stopped changing.

        A rerun may start a moment after the click that causes it, so "done" must hold twice,
        half a second apart: the script is not running and no element is left over (stale)
        from the previous run.
        """
        done = """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return Boolean(app) && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-stale="true"]');
        }"""
        self.page.wait_for_timeout(300)
        for _ in range(2):
            self.page.wait_for_function(done, timeout=90_000)
            self.page.wait_for_timeout(500)
        self.page.wait_for_function(done, timeout=90_000)

    def assert_no_error(self, where: str) -> None:
        exceptions = self.page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()}"
        errors = [a.inner_text() for a in self.page.locator('[data-testid="stAlertContainer"]').all()
                  if "stAlertContentError" in (a.inner_html() or "") or a.get_attribute("kind") == "error"]  # fmt: skip
        assert not errors, f"{where}: {errors}"
        assert "Traceback" not in self.page.content(), where

    def outside_requests(self) -> list[str]:
        outside = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in LOCAL_SCHEMES:
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                outside.append(url)
        return outside

    def choose(self, label: str, typed: str, option: str | None = None) -> None:
        """Pick an option of the selectbox labelled ``label`` by typing part of it."""
        box = self.page.locator(
            f'[data-testid="stSelectbox"]:has([data-testid="stWidgetLabel"] :text-is("{label}"))'
        ).first
        box.locator("input").click()
        self.page.keyboard.type(typed)
        self.page.locator('[role="option"]').filter(has_text=option or typed).first.click()
        self.settle()

    def link(self, label: str) -> None:
        self.page.locator('[data-testid="stPageLink"] a').filter(has_text=label).first.click()
        self.settle()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def network_frame(self):
        """The frame holding the vis network, once it has stabilised."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                try:
                    found = frame.evaluate("() => Boolean(window.coordregNetwork)")
                except Exception:  # noqa: BLE001 - a frame still loading cannot be evaluated yet
                    continue
                if found:
                    frame.wait_for_selector("body[data-stabilised=true]", timeout=60_000)
                    return frame
            self.page.wait_for_timeout(250)
        frames = [f.url[:60] for f in self.page.frames]
        self.shot("failure-no-network-frame")
        raise AssertionError(f"no vis network frame on {self.page.url}; frames: {frames}")

    def shot(self, name: str, folder: Path = SHOTS, *, full_page: bool = True) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    def assert_in_view(self, element, where: str) -> None:
        """``element`` is drawn, and ends inside the window's width: seen without a sideways scroll."""
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, f"{where}: not drawn"
        assert box["x"] >= 0 and box["x"] + box["width"] <= self.viewport[0], f"{where}: {box} outside the window"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, app_url) -> Iterator[Visit]:
    tab = Visit(browser, app_url)
    yield tab
    tab.close()


STEP_SHOWN = """(text) => {
    const bar = document.querySelector('[data-testid="stProgress"]');
    return Boolean(bar) && bar.innerText.includes(text) && !document.querySelector('[data-stale="true"]');
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_offline_and_is_photographed(visit, lang):
    for page in PAGES:
        path = "/" if page == "overview" else f"/{page}"
        visit.open(f"{path}?lang={lang}")
        visit.assert_no_error(page)
        title_key = {"cost-benefit": "cost_benefit_title"}.get(page, f"{page}_title")
        assert visit.heading() == t(title_key, lang)
        if page in {"network", "training"}:
            frame = visit.network_frame()
            assert frame.evaluate("() => window.coordregNetwork.body.data.nodes.length") > 0
        visit.shot(f"{lang}-{page}")
        if page == "training":
            # The tour's first practice (after the three levels), highlighted on matrix and network.
            for step in range(2, 5):
                visit.page.locator('[data-testid="stButton"] button').filter(has_text=t("next", lang)).click()
                # settle() alone may return before a slow rerun starts: wait for the step only the new run shows.
                visit.page.wait_for_function(STEP_SHOWN, arg=t("step_of", lang, step=step, steps=""), timeout=90_000)
                visit.settle()
            visit.network_frame()
            visit.assert_no_error("training tour")
            visit.shot(f"{lang}-training-practice")
            visit.page.get_by_role("tab", name=t("exercise_tab", lang)).click()
            visit.settle()
            visit.shot(f"{lang}-training-exercise")
    # Every sidebar label's URL opens its page: the Overview's too, though Streamlit serves it at "/".
    visit.open(f"/overview?lang={lang}")
    assert visit.heading() == t("overview_title", lang)
    assert visit.page.get_by_text("Page not found").count() == 0
    assert "/overview" not in visit.page.url and f"lang={lang}" in visit.page.url
    assert visit.outside_requests() == []
    assert visit.dialogs == []


def test_network_draws_every_actor_of_the_network(visit, coordreg_home):
    from registry.queries.library import run_named_query
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, f"browser_{os.getpid()}")
    ties = run_named_query(graph, "actor_network").frame
    graph.close()
    actors = set(ties["source"]) | set(ties["target"])
    visit.open("/network")
    frame = visit.network_frame()
    assert frame.locator("#network canvas").count() == 1
    assert frame.evaluate("() => window.coordregNetwork.body.data.nodes.length") == len(actors)
    drawn = frame.evaluate("() => window.coordregNetwork.body.data.nodes.getIds()")
    assert set(drawn) == actors
    # The PNG button turns the canvas into an image without any request.
    with visit.page.expect_download() as download:
        frame.locator("#download-png").click()
    assert download.value.suggested_filename == "coordreg-network.png"
    assert visit.outside_requests() == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_journey_matrix_practice_network_console_and_back(visit, lang):
    from loaders import read_bundle
    from registry.app_support.names import actor_name, local_name
    from registry.loading import seed_registry_path

    bundle, _ = read_bundle([seed_registry_path()])
    case = next(f.case for f in bundle.practices if f.case.practice.id == INTERCOSECHA)
    title = case.practice.title.en if lang == "en" else (case.practice.title.fr or case.practice.title.original)
    mteyss = next(a for a in bundle.all_actors() if a.id == MTEYSS)

    # 1. The matrix, then one practice from it.
    visit.open(f"/?lang={lang}")
    assert visit.heading() == t("overview_title", lang)
    visit.choose(t("open_practice", lang), title[:12], title)
    visit.shot(f"{lang}-journey-1-matrix")
    visit.link(t("go_practice", lang))
    assert visit.heading() == t("practices_title", lang)
    assert visit.page.locator("h2").filter(has_text=title).count() == 1
    for mechanism in case.mechanisms:  # by its French label in French (the seed article gives one)
        shown = local_name(mechanism.label, [str(n) for n in mechanism.other_languages], lang)
        assert visit.page.get_by_text(shown, exact=True).count() >= 1
    visit.assert_no_error("practice")
    visit.shot(f"{lang}-journey-2-practice")

    # 2. Its actors' network, focused on one actor.
    visit.link(t("go_network", lang))
    assert visit.heading() == t("network_title", lang)
    assert f"practices={INTERCOSECHA}" in visit.page.url  # the page takes several practices
    frame = visit.network_frame()
    drawn = set(frame.evaluate("() => window.coordregNetwork.body.data.nodes.getIds()"))
    assert MTEYSS in drawn
    # The network names actors in the interface language (names.actor_name: the French name, or English + EN).
    shown_name = actor_name({"name": mteyss.name, "other_languages": [str(n) for n in mteyss.other_languages]}, lang)
    visit.choose(t("focus_actor", lang), shown_name[:20], shown_name)
    frame = visit.network_frame()
    focused = set(frame.evaluate("() => window.coordregNetwork.body.data.nodes.getIds()"))
    assert MTEYSS in focused and focused <= drawn
    visit.assert_no_error("network")
    visit.shot(f"{lang}-journey-3-network")

    # 3. A Cypher query about that actor: the link runs its portfolio; then one typed by hand.
    visit.link(t("go_console_actor", lang))
    assert visit.heading() == t("console_title", lang)
    assert visit.page.locator('[data-testid="stDataFrame"]').count() >= 1
    editor = visit.page.locator('[data-testid="stTextArea"] textarea').first
    editor.fill(
        "MATCH (a:Actor {id: $actor})<-[:INVOLVES]-(m:Mechanism)\nRETURN m.label AS mechanism, m.level AS level"
    )
    editor.press("Control+Enter")
    visit.settle()
    # The editor's $actor picker (the last one: the named query's form comes first) is filled from the link,
    # and shows the actor by its name in the interface language, its id after it.
    label = PARAMETER_LABELS["actor"][lang == "fr"]  # the portfolio's own $actor is optional: no "(required)"
    actor_picker = visit.page.locator(
        f'[data-testid="stSelectbox"]:has([data-testid="stWidgetLabel"] :text-is("{label}"))'
    ).last
    shown = actor_picker.locator("input").input_value() or actor_picker.inner_text()
    assert shown_name in shown and MTEYSS in shown
    visit.page.locator('[data-testid="stButton"] button').filter(has_text=t("run_editor", lang)).click()
    visit.settle()
    involved = [m for f in bundle.practices for m in f.case.mechanisms if any(ma.actor == MTEYSS for ma in m.actors)]
    summary = t("result_summary", lang, rows=len(involved), ms="0", source=t("from_editor", lang))
    expected_start = summary.split(" 0 ms")[0].replace("**", "")
    assert visit.page.get_by_text(re.compile("^" + re.escape(expected_start))).count() == 1
    visit.assert_no_error("console")
    visit.shot(f"{lang}-journey-4-console")

    # 4. And back, with the browser's own button: the network, then the practice.
    visit.page.go_back()
    visit.settle()
    assert visit.heading() == t("network_title", lang)
    visit.shot(f"{lang}-journey-5-back")
    visit.network_frame()
    visit.page.go_back()
    visit.settle()
    visit.assert_no_error("back")
    assert visit.outside_requests() == []
    assert visit.dialogs == []


def test_share_box_gives_its_link_once_opened_and_spares_the_first_view_the_highlighter(visit):
    """The Overview's link to this view: its code block (with a copy button) is drawn once its box is opened, so the
    browser does not load Streamlit's syntax highlighter (1.5 MB of script) for a first visit; opening it reruns the
    box alone and shows the link to the practice chosen."""
    visit.open(f"/?practice={INTERCOSECHA}&lang=en")
    assert visit.heading() == t("overview_title", "en")
    assert visit.page.locator('[data-testid="stCode"]').count() == 0
    assert not [url for url in visit.requests if "SyntaxHighlighter" in url]
    visit.page.locator('[data-testid="stExpander"] summary').filter(has_text=t("share_link", "en")).click()
    visit.page.wait_for_selector('[data-testid="stCode"]', timeout=60_000)
    visit.settle()
    link = visit.page.locator('[data-testid="stCode"]').first.inner_text()
    assert link.startswith(visit.base + "/") and "page=overview" in link and f"practice={INTERCOSECHA}" in link, link
    visit.assert_no_error("share box")
    assert visit.outside_requests() == []
