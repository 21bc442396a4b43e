"""The guides' screenshots, taken from the running app so they show what it does today.

Debian's chromium, driven by Playwright, walks the steps the guides in docs/guides/ describe on
`coordreg app` over the seed registry, checks each step shows what the guide says, and saves one PNG
per step into docs/img/ (tests/test_docs.py checks every PNG there is used by a page and every image a
page shows exists). Run it after changing a page the guides show:

    python -m pytest tests/test_docs_screenshots.py

Needs /usr/bin/chromium (`apt-get install chromium`); Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.app_support.i18n import t

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "img"
EXAMPLE_CASE = ROOT / "docs" / "examples" / "example-enrolment-desk.yaml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PRESENTED = "arg-intercosecha"  # the tour's practice step shown in presenter mode
CONFLICTING = "arg-shared-responsibility-agreements"  # a seed practice whose sources assign different levels


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(coordreg_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`coordreg app` on a free port, on a graph of its own holding the seed registry."""
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    from registry.loading import load_paths
    from registry.stores.embedded import EmbeddedStore

    name = f"docs_{os.getpid()}"
    graph = EmbeddedStore(coordreg_home, name)
    load_paths(graph, rebuild=True)
    port = _free_port()
    env = dict(os.environ, COORDREG_HOME=str(coordreg_home), COORDREG_GRAPH=f"embedded:{name}")
    # No "source file changed, rerun?" banner in a picture when someone edits the app meanwhile.
    env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    log = tmp_path_factory.mktemp("docs-app") / "streamlit.log"
    coordreg = Path(sys.executable).parent / "coordreg"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(coordreg) if coordreg.is_file() else "coordreg", "app", "--port", str(port), "--headless"],
            cwd=tmp_path_factory.mktemp("cwd"), env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
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


class Tab:
    """One browser tab on the app, sized like a projector or a laptop screen."""

    def __init__(self, browser, base: str, height: int = 800, width: int = 1280) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        self.page = self.context.new_page()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.settle()

    def settle(self) -> None:
        """Wait until Streamlit has finished its run and nothing on the page is stale, twice in a row."""
        done = """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return Boolean(app) && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-stale="true"]');
        }"""
        self.page.wait_for_timeout(300)
        for _ in range(2):
            self.page.wait_for_function(done, timeout=90_000)
            self.page.wait_for_timeout(500)

    def network_drawn(self) -> None:
        """Wait for the vis network (in its own frame) to finish laying itself out."""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                try:
                    if frame.evaluate("() => Boolean(window.coordregNetwork)"):
                        frame.wait_for_selector("body[data-stabilised=true]", timeout=60_000)
                        return
                except Exception:  # noqa: BLE001 - a frame still loading cannot be evaluated yet
                    continue
            self.page.wait_for_timeout(250)
        raise AssertionError(f"no network drawn on {self.page.url}")

    def no_error(self) -> None:
        assert self.page.locator('[data-testid="stException"]').count() == 0, self.page.url
        assert "Traceback" not in self.page.content()

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def click_button(self, label: str) -> None:
        self.page.locator('[data-testid="stButton"] button, [data-testid="stFormSubmitButton"] button').filter(
            has_text=label
        ).first.click()
        self.settle()

    def scroll_to(self, locator, block: str = "start") -> None:
        """Scroll the app's own scrolling area so that ``locator`` is at the top (or centre) of the picture."""
        locator.first.evaluate(f"element => element.scrollIntoView({{block: '{block}'}})")
        self.page.wait_for_timeout(500)

    def shot(self, name: str) -> None:
        IMAGES.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(IMAGES / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, app_url) -> Iterator[Tab]:
    opened = Tab(browser, app_url)
    yield opened
    opened.close()


def test_researchers_guide(tab):
    # The matrix, with the practices whose sources disagree marked and listed.
    tab.open("/?lang=en")
    assert tab.heading() == t("overview_title", "en")
    conflict = tab.page.locator('[data-testid="stExpander"] summary').filter(has_text="shared-responsibility").first
    conflict.click()
    tab.settle()
    tab.scroll_to(tab.page.get_by_text(t("conflicts_title", "en")))
    tab.no_error()
    tab.shot("researchers-conflicts")

    # One practice's claims, each with its status and the place in the source it comes from.
    tab.open(f"/practices?practice={CONFLICTING}&lang=en")
    tab.page.get_by_role("tab", name=t("tab_sources", "en")).click()
    tab.settle()
    assert tab.page.get_by_text(t("claims_title", "en")).count() >= 1
    tab.no_error()
    tab.shot("researchers-claims")

    # Overlaps between practices.
    tab.open("/overlaps?lang=en")
    assert tab.heading() == t("overlaps_title", "en")
    tab.no_error()
    tab.shot("researchers-overlaps")

    # A case file checked in the Data page against the loaded registry: the file alone refers to actors the
    # registry holds, so it is valid, and what it would add is previewed before anything is written.
    tab.open("/data?lang=en")
    assert tab.heading() == t("data_title", "en")
    tab.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(EXAMPLE_CASE))
    tab.settle()
    tab.click_button(t("validate", "en"))
    assert tab.page.get_by_text(t("preview_title", "en")).count() >= 1
    tab.no_error()
    tab.shot("researchers-validate")


def test_trainers_guide(browser, app_url):
    tab = Tab(browser, app_url, height=1000)  # a taller picture: the tour's matrix and network side by side
    try:
        _trainers_steps(tab)
    finally:
        tab.close()


def _trainers_steps(tab: Tab) -> None:
    tab.open("/training?lang=en")
    assert tab.heading() == t("training_title", "en")
    tab.network_drawn()
    tab.no_error()
    tab.shot("trainers-tour-level")

    # The same tour in French, moved on to its first practice (after the three levels).
    tab.open("/training?lang=fr")
    assert tab.heading() == t("training_title", "fr")
    for _ in range(3):
        tab.click_button(t("next", "fr"))
    tab.network_drawn()
    tab.no_error()
    tab.shot("trainers-tour-practice-fr")

    # Presenter mode on a 1024×768 projector, opened at a practice's step by its link: no menu, large type.
    projector = Tab(tab.page.context.browser, tab.base, height=768, width=1024)
    try:
        projector.open(f"/training?lang=en&present=1&step={PRESENTED}")
        assert projector.page.locator('[data-testid="stSidebar"]').is_hidden()
        assert projector.page.get_by_text(t("tour_lesson", "en")).count() >= 1
        projector.no_error()
        projector.shot("trainers-presenter")
    finally:
        projector.close()

    # The self-check: answer every question "meso", then check.
    tab.open("/training?lang=en")
    tab.page.get_by_role("tab", name=t("exercise_tab", "en")).click()
    tab.settle()
    radios = tab.page.locator('[data-testid="stForm"] [data-testid="stRadio"]')
    for index in range(radios.count()):
        radios.nth(index).get_by_text("Meso", exact=True).click()
    tab.click_button(t("exercise_check", "en"))
    assert tab.page.get_by_text(t("exercise_source", "en")).count() == 1
    tab.no_error()
    tab.scroll_to(tab.page.locator('[data-testid="stFormSubmitButton"]'))
    tab.shot("trainers-self-check")


def test_analysts_guide(tab):
    tab.open("/console?lang=en")
    assert tab.heading() == t("console_title", "en")
    editor = tab.page.locator('[data-testid="stTextArea"] textarea').first
    editor.fill(
        "MATCH (a:Actor)<-[:INVOLVES]-(m:Mechanism)\n"
        "RETURN coalesce(a.acronym, a.name) AS actor, collect(DISTINCT m.level) AS levels, count(m) AS mechanisms\n"
        "ORDER BY mechanisms DESC, actor LIMIT 8"
    )
    editor.press("Control+Enter")
    tab.settle()
    tab.click_button(t("run_editor", "en"))
    assert tab.page.locator('[data-testid="stDataFrame"]').count() >= 1
    tab.no_error()
    tab.scroll_to(tab.page.get_by_role("button", name=t("run_editor", "en")))
    tab.shot("analysts-console")

    editor = tab.page.locator('[data-testid="stTextArea"] textarea').first
    editor.fill("MATCH (n) DETACH DELETE n")
    editor.press("Control+Enter")
    tab.settle()
    tab.click_button(t("run_editor", "en"))
    assert tab.page.get_by_text("the console only runs read queries").count() >= 1
    tab.scroll_to(tab.page.get_by_text("the console only runs read queries"), block="center")
    tab.shot("analysts-console-refused")
