"""The practice editor in a real browser: a researcher creates a practice from the Practices page, with a
mechanism at the meso level and a seed actor picked by name, saves it, sees it in the Overview's typology
matrix, and its case file is in the registry folder. One app launch (test_browser's module fixture).
Screenshots go to test-artifacts/screenshots/editor-*.png."""

from __future__ import annotations

import os
import re

import pytest
import yaml
from test_browser import Visit, app_url, browser  # noqa: F401 - fixtures

from registry.app_support.i18n import t
from registry.app_support.views import MARK

pytestmark = pytest.mark.browser

TITLE = "Editor browser test desk"
PRACTICE = "bra-editor-browser-test-desk"  # made from the first country and the title
SEED_ACTOR = "int-ilo"


def _widget(visit: Visit, testid: str, label: str):
    return visit.page.locator(f'[data-testid="{testid}"]:has([data-testid="stWidgetLabel"] :text-is("{label}"))').last


def type_in(visit: Visit, label: str, text: str, *, area: bool = False) -> None:
    """Type into the text input (or area) labelled ``label`` and leave it, so the app runs with the value."""
    box = _widget(visit, "stTextArea" if area else "stTextInput", label).locator("textarea, input").first
    box.fill(text)
    box.press("Tab")
    visit.settle()


def pick(visit: Visit, label: str, typed: str, option: str | re.Pattern[str]) -> None:
    """Pick an option of the multiselect labelled ``label`` by typing part of it (the search box)."""
    box = _widget(visit, "stMultiSelect", label)
    box.locator("input").click()
    visit.page.keyboard.type(typed)
    visit.page.locator('[role="option"]').filter(has_text=option).first.click()
    visit.page.keyboard.press("Escape")
    visit.settle()


def click(visit: Visit, label: str) -> None:
    visit.page.locator('[data-testid="stBaseButton-primary"], [data-testid="stBaseButton-secondary"]').filter(
        has_text=re.compile(f"{re.escape(label)}$")  # after the icon's name, if it has one
    ).first.click()
    visit.settle()


def test_a_practice_made_in_the_editor_is_in_the_matrix_and_the_registry_folder(browser, app_url, coordreg_home):  # noqa: F811
    visit = Visit(browser, app_url)
    try:
        visit.open("/practices?lang=en&practice=arg-intercosecha")
        edit = visit.page.locator('[data-testid="stPageLink"] a').filter(has_text=t("editor_edit", "en"))
        edit.first.wait_for(timeout=60_000)  # a busy machine may draw the page's last links after it settled once
        assert edit.count() == 1
        visit.shot("editor-0-practices-page")
        visit.link(t("editor_new", "en"))
        assert visit.heading() == t("editor_title_new", "en")
        type_in(visit, t("editor_title_en", "en"), TITLE)
        # Half done: the loader's messages show, and Save is off.
        assert visit.page.get_by_text(t("editor_fix_first", "en")).count() == 1
        assert visit.page.get_by_text(re.compile("^practice — countries")).count() == 1
        type_in(visit, t("editor_summary_en", "en"), "A one-stop desk, written in the app's editor.", area=True)
        pick(visit, t("editor_countries", "en"), "Brazil", "BRA")
        pick(visit, t("editor_regions", "en"), "Americas", re.compile("^Americas$"))
        visit.choose(t("editor_source_pick", "en"), "ISSA", "issa-americas-article")
        type_in(visit, t("editor_locator", "en"), "Section 3")
        pick(visit, t("editor_levels_pick", "en"), "Meso", "Meso")
        click(visit, t("editor_add_mechanism", "en"))
        type_in(visit, t("editor_mechanism_label", "en"), "The desk enrols workers, advised by the ILO")
        pick(visit, t("editor_mechanism_levels", "en"), "Meso", "Meso")
        pick(visit, t("editor_mechanism_functions", "en"), "regist", re.compile("^Registration$", re.I))
        type_in(visit, t("editor_description_en", "en"), "The ILO advises the desk on enrolment.", area=True)
        pick(visit, t("editor_mechanism_actors", "en"), "International Labour", SEED_ACTOR)
        role = visit.page.locator('[data-testid="stTextInput"]').filter(has_text="Role of").locator("input").first
        role.fill("advises the desk")
        role.press("Tab")
        visit.settle()
        visit.page.get_by_text(t("editor_ready", "en")).wait_for(timeout=30_000)
        visit.shot("editor-1-new-practice-ready")
        click(visit, t("editor_save", "en"))
        preview = visit.page.get_by_text(t("editor_preview", "en"))
        preview.wait_for(timeout=30_000)
        visit.page.get_by_text(t("editor_confirm", "en")).scroll_into_view_if_needed()
        assert visit.page.locator('[data-testid="stDataFrame"]').count() == 1  # the change preview's table
        visit.shot("editor-2-preview")
        click(visit, t("editor_confirm", "en"))
        saved = visit.page.get_by_text(re.compile(rf"Saved {PRACTICE}"))
        saved.wait_for(timeout=60_000)
        visit.assert_no_error("saved")
        saved.scroll_into_view_if_needed()
        visit.shot("editor-3-saved")
        # The Overview's typology matrix lists it (Brazil's practices), marked at the level its source gives.
        visit.open("/overview?lang=en")
        visit.choose(t("filter_country", "en"), "Brazil")
        # The matrix is a data grid drawn on a canvas; its rows are also in the grid's accessible table.
        row = visit.page.locator('[data-testid="stDataFrame"] table tr').filter(has_text=TITLE)
        assert row.count() == 1, visit.page.locator('[data-testid="stDataFrame"] table').first.inner_text()[:500]
        assert MARK in row.inner_text()
        visit.page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
        visit.shot("editor-4-matrix")
        assert visit.outside_requests() == []
    finally:
        visit.close()
    # Its case file is in the registry folder of the app's store, and names the seed actor by its id.
    from registry.registry_folder import registry_folder_for
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, f"browser_{os.getpid()}")
    try:
        case_file = registry_folder_for(graph).case_file_of(PRACTICE)
    finally:
        graph.close()
    assert case_file is not None and case_file.is_file()
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert case["practice"]["title"]["en"] == TITLE
    assert [a["actor"] for a in case["mechanisms"][0]["actors"]] == [SEED_ACTOR]
    assert case["mechanisms"][0]["levels"] == ["meso"]
    assert "actors" not in case  # the seed actor is referred to, not declared again
