"""Answers first, in a real browser at 1280×800: the column that answers each page's question is in view.

For every table whose answer used to sit off to the right — the typology
matrix's levels, the comparison's "In both", the overlap table's score and
why, the duplication table's carriers and practices, cost–benefit's costs,
benefits and figures — chromium at 1280×800 shows the answer columns without
a sideways scroll, in English and in French; and no page scrolls sideways.
Screenshots go to test-artifacts/screenshots/answers-*.png.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_browser import SHOTS, Visit, app_url, browser  # noqa: F401 - fixtures

from registry.app_support import views
from registry.app_support.i18n import level_short, t

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 800
INTERCOSECHA = "arg-intercosecha"
OTHER = "arg-digital-payroll-single-window"


@pytest.fixture
def small(browser, app_url):  # noqa: F811 - the fixtures imported above
    tab = Visit(browser, app_url)
    tab.context.close()
    tab.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    tab.context.on("request", lambda request: tab.requests.append(request.url))
    tab.page = tab.context.new_page()
    yield tab
    tab.close()


def to_top(element) -> None:
    """Scroll so the table's headers sit just below Streamlit's top bar, for the screenshot."""
    element.evaluate(
        "e => { e.scrollIntoView({block: 'start'});"
        " (e.closest('[data-testid=\"stMain\"]') || document.scrollingElement).scrollBy(0, -110); }"
    )


def grid_headers(visit: Visit, first_column: str) -> list[str]:
    """The headers a data grid draws in view (its accessible table lists only the columns on screen)."""
    grid = (
        visit.page.locator('[data-testid="stDataFrame"]')
        .filter(has=visit.page.locator(f'th:text-is("{first_column}")'))
        .first
    )
    to_top(grid)
    visit.page.wait_for_timeout(300)
    return grid.locator("th").all_inner_texts()


def assert_no_sideways_scroll(visit: Visit, where: str) -> None:
    width = visit.page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMainBlockContainer\"], body')]"
        ".map(e => e.scrollWidth))"
    )
    assert width <= WIDTH, f"{where}: the page is {width} px wide"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_answer_columns_are_in_view_at_1280_by_800(small, lang):
    # The typology matrix: the levels and the conflict mark right after the title, countries and collection too.
    small.open(f"/?lang={lang}")
    small.assert_no_error("overview")
    headers = grid_headers(small, t("col_practice", lang))
    answer = [*(level_short(level, lang) for level in ("macro", "meso", "micro")), t("col_conflict", lang)]
    # Each row's link to its practice first (an icon, no header), then the title and the answer.
    assert [h.strip() for h in headers[:6]] == ["", t("col_practice", lang), *answer], headers
    assert len(headers) > 6, headers  # a further column starts after them: they are whole
    assert_no_sideways_scroll(small, "overview")
    small.shot(f"answers-{lang}-overview")

    # The comparison: what both practices share, right after the aspect.
    small.open(f"/practices?lang={lang}&practice={INTERCOSECHA}&compare={OTHER}")
    small.assert_no_error("practices")
    headers = grid_headers(small, t("col_aspect", lang))
    assert headers[:2] == [t("col_aspect", lang), t("col_shared", lang)], headers
    assert len(headers) == 4, headers  # both practices' columns in view too
    assert_no_sideways_scroll(small, "practices")
    small.shot(f"answers-{lang}-compare")

    # Overlaps: the score and why right after the pair.
    small.open(f"/overlaps?lang={lang}")
    small.assert_no_error("overlaps")
    headers = grid_headers(small, t("col_practice_a", lang))
    answer = [t("col_score", lang), t("col_why", lang)]
    assert headers[2:4] == answer, headers
    assert len(headers) > 4, headers  # a further column starts after them: they are whole
    small.shot(f"answers-{lang}-overlaps")
    small.page.get_by_role("tab", name=t("tab_duplication", lang)).click()
    small.settle()
    headers = grid_headers(small, t("col_function", lang))
    # The countries follow (the country filter above the tables narrows them to one).
    assert headers[2:4] == [t("col_carriers", lang), t("col_practices", lang)], headers
    small.shot(f"answers-{lang}-duplication")
    assert_no_sideways_scroll(small, "overlaps")

    # Cost–benefit: costs, benefits and figures right after the practice.
    small.open(f"/cost-benefit?lang={lang}")
    small.assert_no_error("cost-benefit")
    headers = grid_headers(small, t("col_practice", lang))
    answer = [t("col_costs", lang), t("col_benefits", lang), t("col_figures", lang)]
    assert headers[1:4] == answer, headers
    assert len(headers) > 4, headers
    assert_no_sideways_scroll(small, "cost-benefit")
    small.shot(f"answers-{lang}-cost-benefit")
    assert small.outside_requests() == []


def first_row(visit: Visit, first_column: str) -> dict[str, str]:
    """The first row a data grid draws, by header (its accessible table holds the cells in view)."""
    headers = grid_headers(visit, first_column)
    grid = (
        visit.page.locator('[data-testid="stDataFrame"]')
        .filter(has=visit.page.locator(f'th:text-is("{first_column}")'))
        .first
    )
    cells = grid.locator("tbody tr").first.locator("td").all_inner_texts()
    return dict(zip(headers, cells, strict=False))


@pytest.mark.parametrize(("lang", "kind"), [("en", "actor"), ("fr", "acteur")])
def test_overlaps_show_a_score_and_why_on_the_seed_registry(small, lang, kind):
    """The issue's question in a browser: what overlaps with Intercosecha? The payroll window, through MTEySS,
    with its score and the reason, and the caption saying what the score measures."""
    small.open(f"/overlaps?lang={lang}&practice={INTERCOSECHA}")
    small.assert_no_error("overlaps")
    row = first_row(small, t("col_practice_a", lang))
    assert float(row[t("col_score", lang)]) > 1, row  # a shared institution adds more than one point
    assert row[t("col_why", lang)].startswith(f"MTEySS ({kind}, "), row
    caption = small.page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Jaccard").first
    assert caption.is_visible() and t("col_score", lang) in caption.inner_text()
    small.shot(f"answers-{lang}-overlaps-intercosecha")
    assert small.outside_requests() == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_matrix_title_opens_its_practice(small, lang):
    """The matrix's rows are links: clicking a practice's title opens that practice on the Practices page, in
    the same language, in a tab of its own (the matrix stays where the reader left it)."""
    from test_app import _practice_ids_by_title

    small.open(f"/?lang={lang}")
    small.assert_no_error("overview")
    practice_column = t("col_practice", lang)
    row = first_row(small, practice_column)
    title = row[practice_column]
    practice = _practice_ids_by_title(lang)[title]  # the title shown is a seed practice's, in this language
    grid = (
        small.page.locator('[data-testid="stDataFrame"]')
        .filter(has=small.page.locator(f'th:text-is("{practice_column}")'))
        .first
    )
    box = grid.bounding_box()
    assert box
    # The grid is drawn on a canvas, its header row 35 px high, each row's link first (an icon before the title):
    # go down the first row's link until the grid's pointer shows a link under it, then click there.
    x, pointer = box["x"] + views.LINK_COLUMN_PX / 2, None
    for y in range(int(box["y"]) + 38, int(box["y"]) + 160, 4):
        small.page.mouse.move(x, y)
        small.page.wait_for_timeout(60)
        if grid.evaluate("g => [...g.querySelectorAll('canvas')].some(e => getComputedStyle(e).cursor === 'pointer')"):
            pointer = y
            break
    assert pointer is not None, "no link under the first row's title"
    with small.context.expect_page(timeout=30_000) as opened:
        small.page.mouse.click(x, pointer)
    tab = opened.value
    tab.wait_for_load_state()
    Visit.settle(SimpleNamespace(page=tab))  # type: ignore[arg-type] - settle needs only the tab's page
    assert f"practice={practice}" in tab.url and f"lang={lang}" in tab.url, tab.url
    assert tab.locator("h1").first.inner_text().strip() == t("practices_title", lang)
    assert tab.locator("h2").filter(has_text=title).count() == 1
    tab.screenshot(path=str(SHOTS / f"answers-{lang}-matrix-link-opened.png"))
    tab.close()
    small.shot(f"answers-{lang}-matrix-links")
    assert small.outside_requests() == []


def test_a_paged_table_downloads_whole(small):
    """The overlap table of the seed holds more pairs than a page: the grid draws a hundred, and its download
    gives every pair, with the columns the table has."""
    import csv
    import io
    import re
    from pathlib import Path

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    small.open("/overlaps?lang=en")
    small.assert_no_error("overlaps")
    caption = small.page.get_by_text(re.compile(r"^Rows 1–100 of \d+$")).first
    total = int(caption.inner_text().rsplit(" ", 1)[1])
    assert total > 100
    button = small.page.locator('[data-testid="stDownloadButton"] button').filter(has_text=f"Download all {total} rows")
    # A click landing while the page reruns (its tabs rerun it) can hit a button about to be replaced: once more
    # after the page settles, then the download must come.
    for attempt in range(2):
        try:
            with small.page.expect_download(timeout=30_000) as download:
                button.first.click()
            break
        except PlaywrightTimeout:
            if attempt:
                raise
            small.settle()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == total + 1, len(rows)
    assert {t("col_practice_a", "en"), t("col_score", "en"), t("col_why", "en")} <= set(rows[0]), rows[0]
    assert small.outside_requests() == []
