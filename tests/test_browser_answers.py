"""Answers first, in a real browser at 1280×800: the column that answers each page's question is in view.

For every table whose answer used to sit off to the right — the typology
matrix's levels, the comparison's "In both", the overlap table's score and
why, the duplication table's carriers and practices, cost–benefit's costs,
benefits and figures — chromium at 1280×800 shows the answer columns without
a sideways scroll, in English and in French; and no page scrolls sideways.
Screenshots go to test-artifacts/screenshots/answers-*.png.
"""

from __future__ import annotations

import pytest
from test_browser import Visit, app_url, browser  # noqa: F401 - fixtures

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


def static_table_headers_in_view(visit: Visit, first_column: str) -> dict[str, bool]:
    """For a static table (st.table): each header and whether it ends inside the window."""
    table = (
        visit.page.locator('[data-testid="stTableStyledTable"]')
        .filter(has=visit.page.locator(f'th:has-text("{first_column}")'))
        .first
    )
    to_top(table)
    visit.page.wait_for_timeout(300)
    shown = {}
    for header in table.locator("thead th").all():
        box = header.bounding_box()
        shown[header.inner_text().strip()] = bool(box) and box["x"] + box["width"] <= WIDTH
    return shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_answer_columns_are_in_view_at_1280_by_800(small, lang):
    # The typology matrix: the levels and the conflict mark right after the title, the whole table in view.
    small.open(f"/?lang={lang}")
    small.assert_no_error("overview")
    headers = static_table_headers_in_view(small, t("col_practice", lang))
    assert all(headers.values()), headers
    answer = [*(level_short(level, lang) for level in ("macro", "meso", "micro")), t("col_conflict", lang)]
    assert list(headers)[:5] == [t("col_practice", lang), *answer], headers
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
