"""The trainer in a real browser: the tour in presenter mode at 1024×768 (no menu, large type, ← and → keys),
to its last step, and a self-check question answered with its reason beside it. Screenshots go to
test-artifacts/screenshots/trainer-*.png."""

from __future__ import annotations

import os
import re

import pytest
from test_browser import Visit, app_url, browser  # noqa: F401 - fixtures

from registry.app_support.i18n import t

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1024, 768


@pytest.fixture
def projector(browser, app_url):  # noqa: F811 - the fixtures imported above
    tab = Visit(browser, app_url)
    tab.context.close()
    tab.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    tab.context.on("request", lambda request: tab.requests.append(request.url))
    tab.page = tab.context.new_page()
    yield tab
    tab.close()


def step_in_url(visit: Visit) -> str:
    found = re.search(r"[?&]step=([^&]+)", visit.page.url)
    assert found, visit.page.url
    return found.group(1)


def arrive_at_step(visit: Visit, step: str) -> None:
    """Wait until the URL names ``step``, then until the run has settled: ``Visit.settle`` alone returns on the
    page before a key press when the server is slow to start the run the press asked for (a loaded machine)."""
    visit.page.wait_for_function(
        "(step) => new URLSearchParams(location.search).get('step') === step", arg=step, timeout=90_000
    )
    visit.settle()


def tour_practices(coordreg_home) -> list[str]:
    """The practices in the tour's order (the registry's display order), read from the browser tests' graph."""
    from registry.queries.library import run_named_query
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, f"browser_{os.getpid()}")
    try:
        return [str(p) for p in run_named_query(graph, "app_practice_titles").frame["practice_id"]]
    finally:
        graph.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tour_in_presenter_mode_to_its_last_step(projector, lang, coordreg_home):
    practices = tour_practices(coordreg_home)
    steps = len(practices) + 3  # the three levels, then each practice
    projector.open(f"/training?lang={lang}&present=1&step=macro")
    projector.page.get_by_text(t("step_of", lang, step=1, steps=steps)).wait_for()
    projector.settle()
    projector.assert_no_error("presenter")
    assert not projector.page.locator('[data-testid="stSidebar"]').is_visible()
    assert projector.heading()  # the level's name, large
    projector.shot(f"trainer-{lang}-1-presenter-level")
    # The arrow keys step through the tour; the URL follows.
    projector.page.locator("h1").first.click()
    projector.page.keyboard.press("ArrowRight")
    arrive_at_step(projector, "meso")
    assert projector.page.get_by_text(t("step_of", lang, step=2, steps=steps)).count() == 1
    projector.page.keyboard.press("ArrowLeft")
    arrive_at_step(projector, "macro")
    # A shared link opens the step before the last; the key goes on to the last, and no further.
    projector.open(f"/training?lang={lang}&present=1&step={practices[-2]}")
    projector.page.get_by_text(t("step_of", lang, step=steps - 1, steps=steps)).wait_for()
    projector.settle()
    projector.page.locator("h1").first.click()
    projector.page.keyboard.press("ArrowRight")
    arrive_at_step(projector, practices[-1])
    projector.page.keyboard.press("ArrowRight")  # Next is disabled at the last step: nothing moves
    projector.settle()
    projector.assert_no_error("last step")
    assert step_in_url(projector) == practices[-1]
    # The practice, its mechanisms level by level, and its row of the matrix, in view at 1024 px.
    assert projector.page.get_by_text(t("tour_lesson", lang)).count() == 1
    width = projector.page.evaluate("() => document.body.scrollWidth")
    assert width <= WIDTH, width
    projector.page.get_by_text(t("tour_lesson", lang)).scroll_into_view_if_needed()
    projector.shot(f"trainer-{lang}-2-presenter-last-step")
    projector.page.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()
    projector.shot(f"trainer-{lang}-3-presenter-matrix")
    assert projector.outside_requests() == []


def test_a_self_check_answer_shows_its_reason_beside_it(projector):
    projector.open("/training?lang=en")
    projector.page.get_by_role("tab", name=t("exercise_tab", "en")).click()
    projector.page.locator('[data-testid="stForm"] [data-testid="stRadio"]').first.wait_for()
    projector.settle()
    groups = projector.page.locator('[data-testid="stForm"] [data-testid="stRadio"]')
    for index in range(groups.count()):
        groups.nth(index).get_by_text("Meso", exact=True).click()
    projector.page.locator('[data-testid="stFormSubmitButton"] button').click()
    projector.page.get_by_text(re.compile(r"^Why: ")).first.wait_for(timeout=90_000)  # drawn by the new run only
    projector.settle()
    assert projector.page.locator('[data-testid="stException"]').count() == 0  # (a wrong answer is an st.error)
    why = projector.page.get_by_text(re.compile(r"^Why: "))
    assert why.count() == groups.count()
    first_question = groups.first.bounding_box()
    first_reason = why.first.bounding_box()
    assert first_reason["x"] > first_question["x"] + first_question["width"] - 5  # beside it, not below the form
    assert abs(first_reason["y"] - first_question["y"]) < 260
    why.first.scroll_into_view_if_needed()
    projector.shot("trainer-en-4-self-check")
    assert projector.outside_requests() == []
