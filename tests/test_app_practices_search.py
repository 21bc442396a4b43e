"""The Practices page's search box finds a practice by its id too, and a search naming one practice opens it.

AppTest runs the real page on each store, seeded with the seed registry; ids
and titles are read from the seed case files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from test_app import matrix_of, module_app_graph, open_app, plain
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from registry.app_support import practice_views

INTERCOSECHA = "arg-intercosecha"


@pytest.fixture(scope="module")
def search_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    yield from module_app_graph(request, backend, "search")


def _ids(seed_cases) -> list[str]:
    return [f.case.practice.id for f in seed_cases.practices]


def _title(seed_cases, practice_id: str) -> str:
    return next(f.case.practice.title.en for f in seed_cases.practices if f.case.practice.id == practice_id)


def _search(text: str):
    at = open_app("practices")
    at.text_input(key="practices_search").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("typed", [INTERCOSECHA, "ARG-Intercosecha", "  arg-intercosecha "])
def test_a_practice_id_finds_and_opens_that_practice(search_graph, seed_cases, typed):
    at = _search(typed)
    assert INTERCOSECHA in set(matrix_of(at)["id"])
    assert at.selectbox(key="practices_practice").value == INTERCOSECHA
    assert plain(at.header[0].value) == _title(seed_cases, INTERCOSECHA)
    assert at.query_params["practice"] == INTERCOSECHA  # the view can be shared


def test_part_of_an_id_finds_the_practices_whose_id_holds_it(search_graph, seed_cases):
    # "cosecha" is inside the id, not a word of any text: only the id finds it; the one practice found opens.
    at = _search("cosecha")
    assert set(matrix_of(at)["id"]) == {p for p in _ids(seed_cases) if "cosecha" in p} == {INTERCOSECHA}
    assert at.selectbox(key="practices_practice").value == INTERCOSECHA
    # Several practices found: all listed, none opened until one is chosen.
    at = _search("ilo-sse-bel")
    belgian = {p for p in _ids(seed_cases) if p.startswith("ilo-sse-bel")}
    assert len(belgian) > 1 and belgian <= set(matrix_of(at)["id"])
    assert at.selectbox(key="practices_practice").value is None
    chosen = sorted(belgian)[0]
    at.selectbox(key="practices_practice").select(chosen).run()
    assert plain(at.header[0].value) == _title(seed_cases, chosen)


def test_words_still_find_practices_by_their_texts(search_graph, seed_cases):
    at = _search("intercosecha programme")
    assert INTERCOSECHA in set(matrix_of(at)["id"])


def test_a_later_search_does_not_reopen_what_the_analyst_closed(search_graph):
    at = _search(INTERCOSECHA)
    at.selectbox(key="practices_practice").set_value(None).run()
    at.selectbox(key="compare_first").select(INTERCOSECHA).run()  # another widget: the same search stays
    assert at.selectbox(key="practices_practice").value is None


# ---- the logic on its own ----------------------------------------------------------------------

TITLES = pd.DataFrame({"practice_id": ["arg-intercosecha", "arg-inter", "ilo-sse-bel-smart", "ilo-sse-fra-coop"]})


def test_id_matches_put_the_exact_id_first_and_ignore_case():
    assert practice_views.id_matches(TITLES, "ARG-INTER") == ["arg-inter", "arg-intercosecha"]
    assert practice_views.id_matches(TITLES, "sse") == ["ilo-sse-bel-smart", "ilo-sse-fra-coop"]
    assert practice_views.id_matches(TITLES, "  ") == []
    # Too little to name an id (nearly every id holds an "a" or a "-"), or words: left to the full-text search.
    assert practice_views.id_matches(TITLES, "a") == practice_views.id_matches(TITLES, "--") == []
    assert practice_views.id_matches(TITLES, "arg inter") == []
    assert practice_views.id_matches(TITLES, "bel") == ["ilo-sse-bel-smart"]
    assert practice_views.id_matches(TITLES, "housing") == []


def test_found_practices_by_id_first_then_by_words_without_repeats():
    hits = pd.DataFrame({"kind": ["practice", "actor", "practice"], "id": ["ilo-sse-fra-coop", "x", "arg-inter"]})
    assert practice_views.found_practices("inter", TITLES, hits) == ["arg-intercosecha", "arg-inter",
                                                                     "ilo-sse-fra-coop"]  # fmt: skip


def test_the_practice_a_search_opens():
    assert practice_views.practice_to_open("Arg-Inter", TITLES, ["arg-inter", "arg-intercosecha"]) == "arg-inter"
    assert practice_views.practice_to_open("cosecha", TITLES, ["arg-intercosecha"]) == "arg-intercosecha"
    assert practice_views.practice_to_open("sse", TITLES, ["ilo-sse-bel-smart", "ilo-sse-fra-coop"]) is None
