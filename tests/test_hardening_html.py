"""Hardening, item 5: HTML and script in case data. Names, titles and labels
holding markup reach the network view's standalone page (the one the app shows
in a frame and offers as a download) as text: escaped in the file, and in a
real browser no dialog opens and no injected element appears.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hardening_support import MINI_REGISTRY

from registry.app_support import actor_view, network_view, views
from registry.app_support.i18n import network_legend_names, network_page_text
from registry.loading import load_paths
from registry.queries.library import run_named_query

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# (file, text in tests/fixtures/mini, replacement): each reaches the network page.
PAYLOADS = (
    ("alpha.yaml", "name: Agency of Samples", "name: \"<script>alert('name')</script>\""),
    ("alpha.yaml", "acronym: AOS", 'acronym: "<img src=x onerror=alert(1)>"'),
    ("alpha.yaml", 'en: "Alpha practice"', "en: \"</script><script>alert('title')</script>\""),
    ("catalogue.yaml", "name: Ministry of Testing", "name: \"<svg onload=alert('svg')>\""),
    ("catalogue.yaml", "acronym: MINTEST", 'acronym: "\'\\"><iframe src=javascript:alert(2)>"'),
    ("beta.yaml", "name: Union of Examples", 'name: "<b onmouseover=alert(3)>Union</b>"'),
)
# At most this many inputs are tried here: each payload in the page, then in chromium, on each store.
INPUTS_TRIED = 2 * 2 * len(PAYLOADS)
RAW_MARKUP = ("<script>alert", "<img src=x", "<svg onload", "<iframe src", "<b onmouseover")


@pytest.fixture
def hostile_store(store, tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, cases)
    for name, old, new in PAYLOADS:
        path = cases / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    load_paths(store, [cases])
    return store


def _network_page(store) -> tuple[str, object]:
    """What app_pages/network.py shows and offers for download, built the same way."""
    titles = views.title_lookup(run_named_query(store, "app_practice_titles").frame, "en")
    ties = run_named_query(store, "actor_network").frame
    centrality = run_named_query(store, "actor_centrality").frame
    graph = actor_view.display_graph(ties, centrality, "en", practice_titles=titles)
    page = network_view.render_html(
        graph,
        network_page_text("en", "<i>Actor network</i>"),
        legend=network_view.legend_items(graph, network_legend_names("en")),
    )
    return page, graph


def test_markup_in_case_data_is_escaped_in_the_standalone_page(hostile_store, reliability):
    reliability.add("inputs_tried", "HTML and script in case data", len(PAYLOADS))
    page, graph = _network_page(hostile_store)
    assert graph.number_of_nodes() == 3, "the ministry, the agency and the union are all drawn"
    for raw in RAW_MARKUP:
        assert raw not in page, f"raw {raw!r} in the page"
    escaped_forms = ("\\u003cimg src=x onerror=alert", "\\u0026lt;img src=x onerror=alert")
    unescaped = page
    for form in escaped_forms:
        unescaped = unescaped.replace(form, "")
    assert "onerror=alert" not in unescaped, "onerror= outside its escaped forms"
    # The text is still there, escaped: shown to the reader, not run.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # the agency's label (its acronym), as JSON
    assert "\\u0026lt;script\\u0026gt;alert(" in page  # its name in its tooltip: HTML-escaped, then JSON-escaped
    assert "<title>&lt;i&gt;Actor network&lt;/i&gt;</title>" in page
    in_vis_network = network_view.static_asset("vis-network/vis-network.min.js").count("<script")
    assert page.count("<script") == 3 + in_vis_network, "vis-network, the data block and the drawing code: no other"


def test_markup_in_case_data_stays_text_in_graphml(hostile_store):
    _, graph = _network_page(hostile_store)
    tree = ET.fromstring(network_view.graphml_text(graph))  # well-formed XML: nothing broke out
    texts = {element.text for element in tree.iter() if element.text}
    assert "<script>alert('name')</script>" in texts


@pytest.mark.browser
def test_no_dialog_and_no_injected_element_in_chromium(hostile_store, tmp_path, reliability):
    if not CHROMIUM.is_file():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    page_file = tmp_path / "coordreg-network.html"
    page_file.write_text(_network_page(hostile_store)[0], encoding="utf-8")
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-stabilised='true']", timeout=30_000)
            # Hover every actor so vis shows its tooltip (the escaped markup turned into elements).
            points = page.evaluate(
                """() => {
                  const net = window.coordregNetwork, box = document.getElementById('network').getBoundingClientRect();
                  return Object.values(net.getPositions()).map(p => {
                    const d = net.canvasToDOM(p); return [box.left + d.x, box.top + d.y];
                  });
                }"""
            )
            tooltips = []
            for x, y in points:
                page.mouse.move(x, y)
                page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
                tooltips.append(page.inner_text("div.vis-tooltip"))
                page.mouse.move(1, 1)
                page.wait_for_timeout(100)
            injected = page.evaluate(
                "() => document.querySelectorAll("
                "'img, svg, iframe, b[onmouseover], script:not([id]):not([src])').length"
            )
        finally:
            browser.close()
    reliability.add("inputs_tried", "HTML and script in case data, in chromium", len(PAYLOADS))
    assert dialogs == [], f"a script ran: {dialogs}"
    assert any("<script>alert('name')</script>" in tip for tip in tooltips), tooltips
    assert injected == 2, "only the page's own two inline scripts (vis-network and the drawing code)"
