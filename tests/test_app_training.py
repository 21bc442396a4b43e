"""Training that teaches the typology: each practice step shows its mechanisms level by level with actors, a
one-line reason and the locator; the matrix keeps the practice in view; the step is in the URL; presenter mode;
self-check feedback beside each question with its reason and source passage."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import open_graph
from test_app import app_environment, iframe_html, module_app_graph, open_app, plain, texts
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from loaders import read_bundle
from registry.app_support import i18n, training, views
from registry.loading import load_paths, seed_registry_path
from registry.queries.library import run_named_query
from registry.schema.vocabulary import LEVEL_IDS

INTERCOSECHA = "arg-intercosecha"
REAL_CASES = Path(__file__).parent / "fixtures" / "real_cases"
CADASTRO = "bra-cadastro-unico"
SHARED_REGISTER = "bra-cadastro-unico-shared-register"  # works at meso and micro


@pytest.fixture(scope="module")
def training_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    yield from module_app_graph(request, backend, "training")


def _case(bundle, practice_id):
    return next(f.case for f in bundle.practices if f.case.practice.id == practice_id)


def test_a_practice_step_teaches_its_mechanisms_level_by_level(training_graph, seed_cases):
    at = open_app("training", step=INTERCOSECHA)
    case = _case(seed_cases, INTERCOSECHA)
    assert plain(at.header[0].value) == case.practice.title.en
    shown = texts(at)
    names = {a.id: a.acronym or a.name for a in seed_cases.all_actors()}
    for level in LEVEL_IDS:
        assert f"#### {i18n.level_short(level, 'en')}" in [m.value for m in at.markdown]
    for mechanism in case.mechanisms:
        assert mechanism.label in shown
        assert any(c.locator in shown for c in mechanism.cited), mechanism.id  # where the source says so
        for taking_part in mechanism.actors:
            assert names[taking_part.actor] in shown or taking_part.actor in shown
    reasons = [plain(m.value) for m in at.markdown if any(
        plain(m.value).startswith(i18n.t(f"why_{level}", "en")) for level in LEVEL_IDS)]  # fmt: skip
    assert len(reasons) >= 1


def test_the_step_is_in_the_url_and_the_matrix_keeps_the_practice_in_view(training_graph, seed_cases):
    at = open_app("training", step="meso")
    assert at.query_params["step"] in (["meso"], "meso")
    at.button(key="tour_next").click().run()
    assert at.query_params["step"] in (["micro"], "micro")
    # The last step of the tour: its practice is among the few matrix rows shown.
    for _ in range(len(seed_cases.practices) + 3):
        if at.button(key="tour_next").disabled:
            break
        at.button(key="tour_next").click().run()
    last = at.query_params["step"][0] if isinstance(at.query_params["step"], list) else at.query_params["step"]
    title = _case(seed_cases, last).practice.title.en
    window = next(getattr(e.value, "data", e.value) for e in at.dataframe if "id" in getattr(e.value, "data", e.value))
    assert last in list(window["id"]) and len(window) <= 7
    assert title in list(window[i18n.t("col_practice", "en")])


def test_a_level_step_draws_a_page_of_the_matrix_not_the_whole(training_graph, seed_cases, monkeypatch):
    # Pages of 10 rows, so the seed's 30 practices fill three: a level step styled every row of a registry before
    # (10,000 at N = 10^4: most of the page's time and memory).
    from registry.app_support import paging

    monkeypatch.setattr(paging.page_count, "__defaults__", (10,))
    monkeypatch.setattr(paging.page_of, "__defaults__", (10,))
    at = open_app("training", step="meso")
    shown = [getattr(e.value, "data", e.value) for e in at.dataframe]
    matrix = next(f for f in shown if "id" in f)
    assert len(matrix) == 10
    at.number_input(key="tour_matrix_page").set_value(3).run()
    assert not at.exception, [e.value for e in at.exception]
    last = next(getattr(e.value, "data", e.value) for e in at.dataframe if "id" in getattr(e.value, "data", e.value))
    assert len(last) == len(seed_cases.practices) - 20
    assert set(last["id"]).isdisjoint(matrix["id"])


def test_a_level_step_draws_the_actors_of_that_level_measured_like_actor_centrality(training_graph):
    """The level step measures the ties it reads (not actor_centrality's second run of the same Cypher): the actors
    it draws and their sizes are actor_centrality's for that level, and a second run draws the kept page."""
    at = open_app("training", step="meso")
    assert not at.exception, [e.value for e in at.exception]
    (html,) = iframe_html(at)
    measures = run_named_query(training_graph, "actor_centrality", {"level": "meso"}).frame
    everyone = run_named_query(training_graph, "actor_centrality").frame
    assert 0 < len(measures) < len(everyone)  # a level has fewer actors than the registry
    for actor in measures["actor_id"]:
        assert f'"id": {json.dumps(actor)}' in html, actor
    for actor in set(everyone["actor_id"]) - set(measures["actor_id"]):
        assert f'"id": {json.dumps(actor)}' not in html, actor  # an actor of other levels only is not drawn
    at.run()
    assert iframe_html(at) == [html]


def test_next_goes_forward_even_when_the_url_is_a_step_behind(training_graph):
    """A click that leaves the browser before the last run's new URL has reached it carries the step before:
    the tour still goes forward (pressing → twice quickly on a slow server must not go back)."""
    at = open_app("training", step="meso")
    at.button(key="tour_next").click().run()
    assert at.query_params["step"] in (["micro"], "micro")
    at.query_params["step"] = "meso"  # the URL the browser still shows
    at.button(key="tour_next").click().run()
    shown = at.query_params["step"]
    assert (shown[0] if isinstance(shown, list) else shown) not in LEVEL_IDS  # the first practice, after micro
    # A link naming a step (not a click) still opens it.
    at.query_params["step"] = "meso"
    at.run()
    assert at.query_params["step"] in (["meso"], "meso")


def test_presenter_mode_hides_the_menu_and_takes_the_arrow_keys(training_graph):
    at = open_app("training", present="1")
    assert at.toggle(key="tour_present").value is True
    styles = " ".join(str(e.proto.body) for e in at.get("html"))
    assert "stSidebar" in styles and "display: none" in styles
    assert at.button(key="tour_next").proto.shortcut.lower() == "right"
    assert at.button(key="tour_previous").proto.shortcut.lower() == "left"
    at.toggle(key="tour_present").set_value(False).run()
    assert not at.get("html") and "present" not in at.query_params


def test_self_check_feedback_sits_beside_each_question_with_reason_and_passage(training_graph, seed_cases):
    at = open_app("training")
    # The exercise asks only about mechanisms at one level (a question has one right answer).
    levels = {m.id: m.levels[0] for f in seed_cases.practices for m in f.case.mechanisms if len(m.levels) == 1}
    cited = {m.id: [c.locator for c in m.cited] for f in seed_cases.practices for m in f.case.mechanisms}
    radios = [r for r in at.radio if r.key and r.key.startswith("exercise_")]
    for radio in radios:
        radio.set_value(levels[radio.key.split("_", 2)[2]])
    at.button[-1].click().run()  # the form's submit button
    reasons = [m for m in at.markdown if plain(m.value).startswith(i18n.t("exercise_reason", "en", reason=""))]
    assert len(reasons) == training.EXERCISE_SIZE
    passages = [plain(c.value) for c in at.caption if plain(c.value).startswith("Source passage")]
    assert len(passages) == training.EXERCISE_SIZE
    for radio in radios:
        mechanism = radio.key.split("_", 2)[2]
        assert any(any(loc in p for loc in cited[mechanism]) for p in passages), mechanism
    assert at.subheader[-1].value == i18n.t("exercise_score", "en", right=len(radios), total=len(radios))


def test_the_matrix_window_keeps_its_size_at_both_ends():
    table = pd.DataFrame({"id": [f"p{i}" for i in range(20)]})
    assert training.matrix_window(table, "p0", 3)[1:] == (1, 7)
    window, first, last = training.matrix_window(table, "p19", 3)
    assert (first, last) == (14, 20) and "p19" in list(window["id"])
    window, first, last = training.matrix_window(table, "p10", 3)
    assert list(window["id"]) == [f"p{i}" for i in range(7, 14)]


def test_a_reason_is_the_sentence_naming_the_level_or_the_levels_meaning():
    named = training.level_reason("meso", "They plan together. This is operational coordination.", "en")
    assert named == "This is operational coordination."
    plain_one = training.level_reason("macro", "The ministry signs an agreement. More detail.", "en")
    assert plain_one == f"{i18n.t('why_macro', 'en')} — The ministry signs an agreement."
    row = "Table 'T', row 'Coordination stratégique'"
    sources = pd.DataFrame(
        {"cited_by": ["mechanism", "mechanism"], "cited_by_id": ["m", "m"], "locator": ["Section 'X', para 5", row]}
    )
    assert training.mechanism_locators(sources) == {"m": row}
    assert views.INFERRED_MARK == "○"


def test_a_reason_names_this_level_never_another():
    two_levels = "Offices record families. The ministry sets operational rules. Front-line staff meet families."
    assert training.level_reason("meso", two_levels, "en") == "The ministry sets operational rules."
    assert training.level_reason("micro", two_levels, "en") == "Front-line staff meet families."
    assert training.level_reason("macro", two_levels, "en") == f"{i18n.t('why_macro', 'en')} — Offices record families."
    assert training.level_reason("micro", "It works at two levels.", "en") == "It works at two levels."


@pytest.fixture
def real_cases_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """The seed registry and the real cases (Brazil's Cadastro Único has a mechanism at meso and micro)."""
    graph = open_graph(request, backend, f"training_real_{os.getpid()}" if backend == "falkordb" else "trainingreal")
    load_paths(graph, [seed_registry_path(), REAL_CASES], rebuild=True)
    with app_environment(graph):
        yield graph
    graph.wipe()
    graph.close()


def _lessons_by_level(at) -> dict[str, list[list[str]]]:
    """The practice step's level columns as read on screen: level -> each lesson's markdown lines (its label
    first, then its reason), in order."""
    headings = {f"#### {i18n.level_short(level, 'en')}": level for level in LEVEL_IDS}
    columns: dict[str, list[list[str]]] = {}
    level = None
    for text in [plain(str(m.value)) for m in _markdown_within(at.main)]:
        if text in headings:
            level = headings[text]
            columns[level] = []
        elif level is not None and text.startswith("**"):
            columns[level].append([text])
        elif level is not None and columns[level]:
            columns[level][-1].append(text)
    return columns


def _markdown_within(element) -> list:
    """Every markdown element under ``element`` in document order (captions have a type of their own)."""
    if getattr(element, "type", None) == "markdown":
        return [element]
    children = getattr(element, "children", None) or {}
    return [m for key in sorted(children) for m in _markdown_within(children[key])]


def test_a_mechanism_at_two_levels_is_taught_under_each_with_its_reason(real_cases_graph):
    bundle, _ = read_bundle([seed_registry_path(), REAL_CASES])
    mechanism = next(m for f in bundle.practices if f.case.practice.id == CADASTRO for m in f.case.mechanisms
                     if m.id == SHARED_REGISTER)  # fmt: skip
    assert mechanism.levels == ["meso", "micro"]
    at = open_app("training", step=CADASTRO)
    columns = _lessons_by_level(at)
    label = f"**{mechanism.label}**"
    for level in LEVEL_IDS:
        taught = [lesson for lesson in columns.get(level, []) if lesson[0].startswith(label)]
        if level not in mechanism.levels:
            assert taught == [], level
            continue
        assert len(taught) == 1, (level, columns)
        # Its reason sits under it at each level: here only an analyst's inference assigns the levels.
        assert taught[0][1].startswith(i18n.t("why_inferred", "en", rationale="")), taught[0]
    shown = texts(at)
    assert i18n.t("tour_also", "en", levels=i18n.level_short("micro", "en")) in shown  # under meso
    assert i18n.t("tour_also", "en", levels=i18n.level_short("meso", "en")) in shown  # under micro
    assert mechanism.cited[0].locator in shown
