"""Issue 17's journeys in a real browser at 1280×800, in English and in French: each answer in view.

- The researcher: which actors do two practices share? From the Overlaps page's pairs to the network of both,
  the shared actors ringed there, and the network exported (a slide PNG, GEXF, GraphML) — files that open.
- The analyst: their own query on the console, a named query with an id picked from the list (not typed), a
  syntax error said in words with the spot marked, and a query saved with a title and a question, found in the
  list afterwards (then deleted, so the store's home is left as it was).
- The trainer's journey (presenter mode to the last step, a self-check with its reason) is
  tests/test_browser_training.py.

At every step: the answer ends inside the window's width (no sideways scroll), no error or exception on the
page, no request beyond this machine, and a screenshot of the window in
test-artifacts/journeys/{lang}-{persona}-{n}-{what}.png for a person to look at. One app for the module.
"""

from __future__ import annotations

import io
import os
import struct
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from test_app import graph_data
from test_browser import ROOT, Visit, app_url, browser  # noqa: F401 - fixtures
from test_browser_answers import first_row, grid_headers, to_top

from registry.app_support import network_style
from registry.app_support.i18n import t
from registry.app_support.labels import parameter_label
from registry.app_support.names import actor_name, actor_short
from registry.app_support.query_help import expected_phrase

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 800
JOURNEYS = ROOT / "test-artifacts" / "journeys"
INTERCOSECHA = "arg-intercosecha"
PAYROLL = "arg-digital-payroll-single-window"
RINGED = """() => window.coordregNetwork.body.data.nodes.get()
    .filter(n => n.color && n.color.border === %r && n.borderWidth === 5).map(n => n.id)"""


@pytest.fixture
def small(browser, app_url):  # noqa: F811 - the fixtures imported above
    tab = Visit(browser, app_url, viewport=(WIDTH, HEIGHT))
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def seed():
    from loaders import read_bundle
    from registry.loading import seed_registry_path

    bundle, _ = read_bundle([seed_registry_path()])
    return bundle


def title_of(seed, practice_id: str, lang: str) -> str:
    title = next(f.case.practice.title for f in seed.practices if f.case.practice.id == practice_id)
    return title.en if lang == "en" else (title.fr or title.original)


def step(visit: Visit, lang: str, persona: str, n: int, what: str, *answers, error_shown: str = "", top=None) -> None:
    """One step's checks: each answer in view, the page clean and offline; then its screenshot (the window),
    scrolled to ``top`` when given (a tall table: its headers at the top of the picture). ``error_shown`` is the
    one error the step expects on the page (a query that fails, said in words)."""
    where = f"{lang} {persona} {n} {what}"
    if error_shown:
        exceptions = visit.page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()}"
        errors = visit.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        assert errors and all(error_shown in e for e in errors), f"{where}: {errors}"
    else:
        visit.assert_no_error(where)
    width = visit.page.evaluate("() => document.body.scrollWidth")
    assert width <= WIDTH, f"{where}: the page is {width} px wide"
    for answer in answers:
        visit.assert_in_view(answer, where)
    assert visit.outside_requests() == [], where
    if top is not None:
        to_top(top)
        visit.page.wait_for_timeout(300)
    visit.shot(f"{lang}-{persona}-{n}-{what}", JOURNEYS, full_page=False)


def button(visit: Visit, label: str, kind: str = "stButton"):
    return visit.page.locator(f'[data-testid="{kind}"] button').filter(has_text=label).first


def selectbox(visit: Visit, label: str):
    return visit.page.locator(
        f'[data-testid="stSelectbox"]:has([data-testid="stWidgetLabel"] :text-is("{label}"))'
    ).first


def shown_in(box) -> str:
    """What a selectbox shows as chosen (a searchable one holds it in its input)."""
    return box.locator("input").input_value() or box.inner_text()


def alert(visit: Visit, text: str):
    return visit.page.locator('[data-testid="stAlertContainer"]').filter(has_text=text).first


def shared_actors(app_home: Path, a: str, b: str) -> set[str]:
    """What the overlap analysis says two practices share (the network page finds it on its own)."""
    from registry.queries.library import run_named_query
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(app_home, f"browser_{os.getpid()}")
    try:
        pairs = run_named_query(graph, "practice_overlap", {"practice": a}).frame
    finally:
        graph.close()
    row = pairs[((pairs["practice_a"] == a) & (pairs["practice_b"] == b))
                | ((pairs["practice_a"] == b) & (pairs["practice_b"] == a))]  # fmt: skip
    assert len(row) == 1, pairs[["practice_a", "practice_b"]]
    return {str(x) for x in row.iloc[0]["shared_actors"]}


# ---- the researcher --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_researcher_two_practices_their_shared_actors_and_the_network_exported(small, lang, seed, coordreg_home):
    payroll = title_of(seed, PAYROLL, lang)
    shared = shared_actors(coordreg_home, INTERCOSECHA, PAYROLL)
    assert shared, "the seed's two Argentine practices share MTEySS"
    # Actors are named in the interface language (registry.app_support.names): the reasons by their short label.
    rows = {a.id: {"name": a.name, "acronym": a.acronym, "other_languages": [str(n) for n in a.other_languages]}
            for a in seed.all_actors()}  # fmt: skip
    names = {ident: actor_name(row, lang) for ident, row in rows.items()}
    short = {ident: actor_short(row, lang) for ident, row in rows.items()}

    # 1. What overlaps with Intercosecha: the payroll window first, and why — the shared actors, by name.
    small.open(f"/overlaps?lang={lang}&practice={INTERCOSECHA}")
    row = first_row(small, t("col_practice_a", lang))
    pair = {row[t("col_practice_a", lang)], row[t("col_practice_b", lang)]}
    assert payroll in pair, row
    why = row[t("col_why", lang)]
    assert all(short[a] in why for a in shared), (why, shared)
    headers = grid_headers(small, t("col_practice_a", lang))
    assert t("col_why", lang) in headers, headers  # drawn in view: the grid lists the columns on screen only
    grid = small.page.locator('[data-testid="stDataFrame"]').first
    step(small, lang, "researcher", 1, "overlaps-why", grid, top=grid)

    # 2. That pair picked, and a link to the network of both.
    small.choose(t("overlap_pair", lang), payroll[:14], payroll[:40])  # a long title is shortened in the list
    go = small.page.locator('[data-testid="stPageLink"] a').filter(has_text=t("go_network_pair", lang)).first
    step(small, lang, "researcher", 2, "pair-picked", go)
    small.link(t("go_network_pair", lang))

    # 3. The network of both practices, the shared actors listed and ringed in the drawing.
    assert small.heading() == t("network_title", lang)
    assert "practices=" in small.page.url and INTERCOSECHA in small.page.url and PAYROLL in small.page.url
    frame = small.network_frame()
    drawn = set(frame.evaluate("() => window.coordregNetwork.body.data.nodes.getIds()"))
    assert shared <= drawn
    assert set(frame.evaluate(RINGED % network_style.SHARED_BORDER)) == shared
    intro = t("shared_actors", lang, count=len(shared), actors="")
    listed = alert(small, intro.split(":")[0])
    assert all(names[a] in listed.inner_text() for a in shared), listed.inner_text()
    chosen = small.page.locator('[data-testid="stMultiSelect"]').first
    assert payroll[:20] in chosen.inner_text(), chosen.inner_text()
    step(small, lang, "researcher", 3, "shared-listed", chosen, listed)
    drawing = small.page.locator('[data-testid="stIFrame"], iframe').first
    step(small, lang, "researcher", 4, "network-drawn", drawing)

    # 4. Exported: a slide PNG, GEXF and GraphML, each a file that opens, the shared actors in it.
    downloads = small.page.locator('[data-testid="stDownloadButton"]')
    png_button = button(small, t("download_png_slide", lang), "stDownloadButton")
    step(small, lang, "researcher", 5, "exports", png_button, downloads.last)
    for label, name, read in (
        ("GEXF", "coordreg-network.gexf", nx.read_gexf),
        (t("download_graphml", lang), "coordreg-network.graphml", nx.read_graphml),
    ):
        exported = download_of(small, button(small, label, "stDownloadButton"), again=False)
        assert exported.suggested_filename == name
        graph = read(io.BytesIO(Path(exported.path()).read_bytes()))
        assert shared <= set(graph.nodes), (name, shared)
        assert set(graph.nodes) == drawn, name
        marked = {n for n, attrs in graph.nodes(data=True) if str(attrs.get("shared")).lower() == "true"}
        assert marked == shared, (name, marked)
    # The standalone page: the same drawing, every asset inlined.
    page = download_of(small, button(small, t("download_html", lang), "stDownloadButton"), again=False)
    assert page.suggested_filename == "coordreg-network.html"
    page_data = graph_data(Path(page.path()).read_text(encoding="utf-8"))
    assert {n["id"] for n in page_data["nodes"]} == drawn
    # The slide last: it is drawn on the click (matplotlib), the slowest of the three.
    png = download_of(small, png_button, again=False)
    assert png.suggested_filename == "coordreg-network.png"
    data = Path(png.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)
    small.assert_no_error("after the downloads")
    assert small.outside_requests() == []
    assert small.dialogs == []


def download_of(visit: Visit, button_locator, *, again: bool = True):
    """The file a download button gives. The file is made on the click, by the server; a table's download reruns
    the page, and a click that lands while that rerun is under way may be dropped, so the run is let settle first,
    and the click made once more if no file came (``again``). The Network page's files rerun nothing: their first
    click must give the file (``again=False``)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    visit.settle()
    try:
        with visit.page.expect_download(timeout=45_000) as first:
            button_locator.click()
        return first.value
    except PlaywrightTimeout:
        if not again:
            raise
        visit.settle()
        with visit.page.expect_download(timeout=90_000) as second:
            button_locator.click()
        return second.value


# ---- the analyst -----------------------------------------------------------------------------------------------

OWN_QUERY = (
    "MATCH (p:Practice)\nUNWIND p.countries AS country\n"
    "RETURN country, count(p) AS practices\nORDER BY practices DESC, country"
)
BROKEN_QUERY = "MATCH (p:Practice\nRETURN p.id"


def run_editor(visit: Visit, lang: str, text: str) -> None:
    editor = visit.page.locator('[data-testid="stTextArea"] textarea').first
    editor.fill(text)
    editor.press("Control+Enter")  # the text area commits its text; the button runs it
    visit.settle()
    button(visit, t("run_editor", lang)).click()
    visit.settle()


def summary_of(visit: Visit, lang: str, rows: int, source: str):
    start = t("result_summary", lang, rows=rows, ms="0", source=source).split(" 0 ms")[0].replace("**", "")
    return visit.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=start).last


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_analyst_own_query_named_query_syntax_error_and_saved_query(small, lang, seed, coordreg_home):
    name = f"journey_countries_{lang}"
    query_file = coordreg_home / "queries" / f"{name}.cypher"
    title, question = {
        "en": ("Practices per country (en)", "How many practices does each country take part in?"),
        "fr": ("Pratiques par pays (fr)", "À combien de pratiques chaque pays prend-il part ?"),
    }[lang]
    try:
        analyst_journey(small, lang, seed, name, title, question, query_file)
    finally:
        query_file.unlink(missing_ok=True)  # a failed run leaves no saved query behind for other tests


def analyst_journey(small: Visit, lang: str, seed, name: str, title: str, question: str, query_file: Path) -> None:
    countries = Counter(c for f in seed.practices for c in f.case.practice.countries)
    (top_country, top_count), *_ = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))

    # 1. Their own query: practices per country, the largest first.
    small.open(f"/console?lang={lang}")
    run_editor(small, lang, OWN_QUERY)
    summary = summary_of(small, lang, len(countries), t("from_editor", lang))
    row = first_row(small, "country")
    assert row == {"country": top_country, "practices": str(top_count)}, row
    step(small, lang, "analyst", 1, "own-query", summary, small.page.locator('[data-testid="stDataFrame"]').last)

    # 2. Saved with a title and a question, each asked for on its own; listed at once, chosen, its question shown.
    small.page.locator('[data-testid="stExpander"] summary').filter(has_text=t("save_query", lang)).click()
    form = small.page.locator('[data-testid="stForm"]').first
    form.get_by_label(t("save_name", lang), exact=True).fill(name)
    form.get_by_label(t("save_title", lang), exact=True).fill(title)
    form.get_by_label(t("save_question", lang), exact=True).fill(question)
    button(small, t("save", lang), "stFormSubmitButton").click()
    small.settle()
    assert f"// title: {title}" in query_file.read_text(encoding="utf-8")
    saved = small.page.locator('[data-testid="stAlertContainer"]').filter(has_text=name).first
    listed = selectbox(small, t("choose_query", lang))
    assert shown_in(listed) == f"{title} · {name} ({t('saved', lang)})", shown_in(listed)
    asked = small.page.locator("p").filter(has_text=question).first
    step(small, lang, "analyst", 2, "saved-listed", listed, saved, asked, top=listed)

    # 3. A named query, its practice picked from the list by title (no id typed).
    small.choose(t("choose_query", lang), "practice_levels")
    picker = f"{parameter_label('practice', lang)} ({t('required', lang)})"
    intercosecha = title_of(seed, INTERCOSECHA, lang)
    small.choose(picker, intercosecha[:12], intercosecha)
    button(small, t("run_named", lang)).click()
    small.settle()
    case = next(f.case for f in seed.practices if f.case.practice.id == INTERCOSECHA)
    rows = sum(len(m.levels) for m in case.mechanisms)
    summary = summary_of(small, lang, rows, "practice_levels")
    assert small.page.get_by_text(t("answer_below", lang, rows=rows)).count() == 1
    first = first_row(small, "level")
    assert first.get("mechanism") in {str(m.label) for m in case.mechanisms}, first
    step(small, lang, "analyst", 3, "named-query", summary, small.page.locator('[data-testid="stDataFrame"]').last)

    # 4. A syntax error, said in words, the spot marked under the line; no parser dump.
    run_editor(small, lang, BROKEN_QUERY)
    headline = t("help_syntax", lang, where="").strip()
    said = alert(small, headline)
    assert said.count() == 1
    shown = small.page.locator("body").inner_text()
    assert "errMsg" not in shown and "errCtx" not in shown, shown
    assert expected_phrase("a label", lang) in shown  # what the parser expected, in the interface's language
    marked = small.page.locator('[data-testid="stCode"]').filter(has_text="^").first
    assert "| MATCH (p:Practice" in marked.inner_text() or "| RETURN p.id" in marked.inner_text()
    step(small, lang, "analyst", 4, "syntax-error", said, marked, error_shown=headline)

    # 5. The saved query, chosen from the list again, and deleted: the store's home is left as it was.
    small.choose(t("choose_query", lang), name, title)
    button(small, t("delete_query", lang)).click()
    small.settle()
    confirm = button(small, t("delete_confirm", lang, name=name).replace("\\", ""))
    # The editor's last outcome stays under its button until the next run: that syntax error, and nothing else.
    step(small, lang, "analyst", 5, "delete-asked", confirm, error_shown=headline)
    confirm.click()
    small.settle()
    assert not query_file.exists()
    gone = alert(small, t("deleted", lang, name=name).replace("\\", ""))
    step(small, lang, "analyst", 6, "deleted", gone, error_shown=headline)
    assert name not in " ".join(
        small.page.locator('[data-testid="stSelectbox"] input').evaluate_all("inputs => inputs.map(i => i.value)")
    )
