"""Markdown and HTML in case data stay text on every page of the explorer.

Titles, summaries, actor names and roles, mechanism labels and descriptions, agreement titles,
locators and rationales of the mini registry are replaced with an image link, an HTML image, a
``javascript:`` link, a bare URL, a ``www.`` address, an e-mail address and a script element. Then:

- under AppTest, no Markdown source the app sends (bodies, labels, help, ``st.table`` cells) keeps
  anything a Markdown reader would turn into a link, an image or HTML;
- in Debian's chromium, on every page (the practice's tabs, the focused network, the console's
  answer, every step of the training tour and its exercise), no request leaves this machine, no
  dialog opens, no ``<a>`` or ``<img>`` points where case data says, and the text is still shown.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, Visit, _coordreg, _free_port

from registry.app_support import i18n, views
from registry.app_support.safe_text import JOINER

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app_streamlit.py"
MINI = Path(__file__).parent / "fixtures" / "mini"
PRACTICE = "tst-alpha"
PAYLOAD = (
    "![x](https://example.org/x.png) <img src=https://example.org/y.png> [click](javascript:alert(1)) "
    "https://example.org/bare www.example.org/w mail@example.org <script>alert(9)</script>"
)
# (file, text in tests/fixtures/mini, replacement): every kind of case text a page shows.
REPLACEMENTS = (
    ("alpha.yaml", 'en: "Alpha practice"', f'en: "Alpha {PAYLOAD}"'),
    ("alpha.yaml", 'en: "An invented practice with two levels."', f'en: "Summary {PAYLOAD}"'),
    ("alpha.yaml", "name: Agency of Samples", f'name: "Agency {PAYLOAD}"'),
    ("alpha.yaml", "acronym: AOS", 'acronym: "<img src=https://example.org/a.png>"'),
    ("alpha.yaml", "title: Alpha agreement", f'title: "Agreement {PAYLOAD}"'),
    ("alpha.yaml", "label: Alpha agreement", f'label: "Mechanism {PAYLOAD}"'),
    ("alpha.yaml", 'en: "The ministry and the agency sign an agreement."', f'en: "Description {PAYLOAD}"'),
    ("alpha.yaml", "actors: [{actor: tst-ministry, role: signatory}",
     'actors: [{actor: tst-ministry, role: "[role](https://example.org/r)"}'),
    ("alpha.yaml", 'en: "Sets who pays what."', f'en: "Purpose {PAYLOAD}"'),
    ("alpha.yaml", 'en: "Fewer double payments."', f'en: "Evidence {PAYLOAD}"'),
    ("alpha.yaml", 'locator: "Table 2"', 'locator: "Table 2 https://example.org/loc ![l](https://example.org/l.png)"'),
    ("catalogue.yaml", "name: Ministry of Testing", f'name: "Ministry {PAYLOAD}"'),
    ("catalogue.yaml", "publisher: coordreg tests", "publisher: coordreg tests\n    url: https://example.org/source"),
    ("beta.yaml", "name: Union of Examples", 'name: "Union www.example.org/u"'),
    ("beta.yaml", '"Only front-line work is described."', f'"Rationale {PAYLOAD}"'),
)  # fmt: skip
OUTSIDE = re.compile(r"example\.org|javascript:", re.IGNORECASE)
# What Markdown (GitHub-flavoured, as Streamlit reads it) acts on, once escaped characters are set aside.
ACTIVE_MARKDOWN = re.compile(r"https?://|www\.|<|\]\(|!\[|@\w|javascript:", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_graph(coordreg_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini registry with hostile text everywhere, in a graph of this module's own."""
    from registry.loading import load_paths
    from registry.stores.embedded import EmbeddedStore

    cases = tmp_path_factory.mktemp("hostile") / "cases"
    shutil.copytree(MINI, cases)
    for name, old, new in REPLACEMENTS:
        path = cases / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    name = f"escaping_{os.getpid()}"
    graph = EmbeddedStore(coordreg_home, name)
    load_paths(graph, [cases], rebuild=True)
    yield name
    graph.wipe()
    graph.close()


# ---- the escaping itself -----------------------------------------------------------------------------


def inert(source: str) -> str:
    """Markdown source with every backslash-escaped character taken out: what is left is what a reader acts on."""
    return re.sub(r"\\.", "", source, flags=re.DOTALL)


def test_md_leaves_nothing_a_markdown_reader_acts_on():
    escaped = views.md(PAYLOAD)
    assert not ACTIVE_MARKDOWN.search(inert(escaped)), inert(escaped)
    assert re.sub(r"\\(.)", r"\1", escaped).replace(JOINER, "") == PAYLOAD  # read as written
    for bare in ("HTTPS://EXAMPLE.ORG", "WWW.EXAMPLE.ORG", "http://x.org/a?b=1&c=2", "a@b.org"):
        assert not ACTIVE_MARKDOWN.search(inert(views.md(bare))), bare


# ---- every page under AppTest ----------------------------------------------------------------------------


@pytest.fixture
def hostile_app(monkeypatch, hostile_graph, coordreg_home):
    monkeypatch.setenv("COORDREG_HOME", str(coordreg_home))
    monkeypatch.setenv("COORDREG_GRAPH", f"embedded:{hostile_graph}")
    monkeypatch.setenv("COORDREG_APP_HOST", "127.0.0.1")


def markdown_sources(at: AppTest) -> list[str]:
    """Every text the browser reads as Markdown: element bodies, labels, help, captions, and st.table cells."""
    found: list[str] = []

    def fields(message) -> None:
        for descriptor, value in message.ListFields():
            if descriptor.name in {"body", "label", "help", "caption"} and isinstance(value, str):
                found.append(value)
            elif hasattr(value, "ListFields"):
                fields(value)
            elif not isinstance(value, (str, bytes)) and hasattr(value, "__iter__"):
                for item in value:
                    if hasattr(item, "ListFields"):
                        fields(item)

    stack = [at._tree]
    while stack:
        node = stack.pop()
        if getattr(node, "proto", None) is not None:
            fields(node.proto)
        stack.extend(getattr(node, "children", {}).values())
    for table in at.table:
        found += [str(v) for v in table.value.index] + [str(v) for v in table.value.to_numpy().ravel()]
    return found


PAGE_VISITS = (
    ("overview", {"practice": PRACTICE}),
    ("practices", {"practice": PRACTICE}),
    ("network", {"practice": PRACTICE, "actor": "tst-agency"}),
    ("overlaps", {}),
    ("cost_benefit", {}),
    ("console", {"query": "practice_detail", "practice": PRACTICE}),
    ("training", {}),
    ("data", {}),
)


@pytest.mark.parametrize(("page", "params"), PAGE_VISITS, ids=[p for p, _ in PAGE_VISITS])
def test_no_markdown_source_keeps_active_case_text(hostile_app, page, params):
    at = AppTest.from_file(str(APP), default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    runs = [at]
    if page == "training":  # walk the tour through the levels to both practices
        for _ in range(4):
            at.button(key="tour_next").click().run()
            runs.append(at)
    shown = 0
    for run in runs:
        assert not run.exception, [e.value for e in run.exception]
        for source in markdown_sources(run):
            if "example" in source:
                shown += 1
                assert not ACTIVE_MARKDOWN.search(inert(source)), (page, source)
    if page in {"overview", "practices", "network", "training"}:
        assert shown, f"{page} showed no hostile text at all: the test would prove nothing"


# ---- every page in chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(hostile_graph, coordreg_home, tmp_path_factory) -> Iterator[str]:
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    port = _free_port()
    env = dict(os.environ, COORDREG_HOME=str(coordreg_home), COORDREG_GRAPH=f"embedded:{hostile_graph}")
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [_coordreg(), "app", "--port", str(port), "--headless"],
            cwd=tmp_path_factory.mktemp("cwd"),
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


# Every address an element of a page or of its frames would load or lead to.
ADDRESSES = """() => [...document.querySelectorAll('a, img, image, source, video, audio, iframe, link, object, embed')]
    .flatMap(e => ['href', 'src', 'srcset', 'xlink:href', 'data'].map(a => e.getAttribute(a)).filter(Boolean))"""


def assert_inert(visit: Visit, where: str) -> str:
    """No element of the page or its frames points where case data says; returns the page's text."""
    for frame in visit.page.frames:
        try:
            addresses = frame.evaluate(ADDRESSES)
        except Exception:  # noqa: BLE001 - a frame being replaced cannot be read; the next check reads it
            continue
        leaking = [a for a in addresses if OUTSIDE.search(a)]
        assert not leaking, f"{where}: {leaking}"
    visit.assert_no_error(where)
    return visit.page.inner_text("body").replace(JOINER, "")


def arrive(visit: Visit, condition: str, *args: object) -> None:
    """Wait until ``condition`` (a JavaScript predicate) holds, then until the run has settled.

    ``Visit.settle`` alone cannot tell a run that has not started yet from one that has finished: when the
    server is slow to start the run a click asked for (over a second on a loaded machine), it returns on the
    page before the click and the checks read a page about to be replaced. So each step first waits for a sign
    of the page it expects (the page's heading, the tour's next step), which only the new run can draw.
    """
    visit.page.wait_for_function(condition, arg=list(args), timeout=90_000)
    visit.settle()


HEADING_IS = "([text]) => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === text)"
STEP_IS = """([text]) => {
    const bar = document.querySelector('[data-testid="stProgress"]');
    return Boolean(bar) && bar.innerText.includes(text) && !document.querySelector('[data-stale="true"]');
}"""
FORM_SHOWN = """() => [...document.querySelectorAll('[data-testid="stForm"]')].some(f => f.offsetParent !== null)"""


def page_title(page: str) -> str:
    return i18n.t(f"{page}_title", "en")


@pytest.mark.browser
def test_hostile_case_text_stays_text_in_chromium(hostile_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        visit = Visit(browser, hostile_url)
        try:
            seen = ""
            for page, params in PAGE_VISITS:
                path = "/" if page == "overview" else "/" + page.replace("_", "-")
                query = "&".join(f"{k}={v}" for k, v in params.items())
                visit.open(f"{path}?{query}" if query else path)
                arrive(visit, HEADING_IS, page_title(page))
                if page == "overview":  # the conflicting claims, in their expander
                    visit.page.locator('[data-testid="stExpander"] summary').first.click()
                    visit.settle()
                if page == "network":
                    visit.network_frame()
                seen += assert_inert(visit, page)
                visit.shot(f"hostile-{page}")
                if page == "practices":
                    for tab in ("tab_actors", "tab_agreements", "tab_evidence", "tab_sources"):
                        visit.page.get_by_role("tab", name=i18n.t(tab, "en")).click()
                        visit.settle()
                        seen += assert_inert(visit, f"practices, {tab}")
                if page == "training":  # every step of the tour: three levels, then the two practices
                    steps = 3 + 2
                    next_button = visit.page.locator('[data-testid="stButton"] button').filter(
                        has_text=i18n.t("next", "en")
                    )
                    for step in range(2, steps + 1):
                        next_button.click()
                        arrive(visit, STEP_IS, i18n.t("step_of", "en", step=step, steps=steps))
                        seen += assert_inert(visit, f"training step {step} of {steps}")
                        visit.shot(f"hostile-training-{step}")
                    assert next_button.is_disabled(), "the tour did not end at its last step"
                    visit.page.get_by_role("tab", name=i18n.t("exercise_tab", "en")).click()
                    arrive(visit, FORM_SHOWN)
                    seen += assert_inert(visit, "training exercise")
            assert visit.outside_requests() == []
            assert visit.dialogs == []
        finally:
            visit.close()
            browser.close()
    # The hostile text is shown, as written: titles, summaries, labels, descriptions.
    expected = ("Alpha ![x](https://example.org/x.png)", "Summary ![x]", "Mechanism ![x]", "Description ![x]",
                "<img src=https://example.org/y.png>", "[click](javascript:alert(1))", "mail@example.org")  # fmt: skip
    for shown in expected:
        assert shown in seen, shown
    assert SHOTS.is_dir()
