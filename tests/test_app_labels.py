"""Human labels everywhere: collections, countries, levels and parameters by name, in the interface language.

Codes (``issa-americas``, ``DOM``) and ids are what the registry stores; a
page shows names, and an id only as a secondary detail (the id picker, a
tooltip, a hidden column a row link needs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from test_app import module_app_graph, open_app, plain, table_with
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from registry.app_support import analysis_views, i18n, labels, views
from registry.app_support.id_picker import choices

PAGES = ("overview", "practices", "network", "overlaps", "cost_benefit")


@pytest.fixture(scope="module")
def labels_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    yield from module_app_graph(request, backend, "labels")


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("DOM", "en", "Dominican Republic"),
        ("DOM", "fr", "République dominicaine"),
        ("KOR", "en", "South Korea"),
        ("KOR", "fr", "Corée du Sud"),
        ("GBR", "fr", "Royaume-Uni"),
        ("XXZ", "fr", "XXZ"),  # no country: the code as it is
    ],
)
def test_countries_by_name_in_the_interface_language(code, lang, name):
    assert labels.country_name(code, lang) == name


def test_collections_parameters_and_levels_by_name():
    assert labels.collection_name("issa-americas", "fr").startswith("AISS")
    assert labels.collection_name("issa-americas", "en").startswith("ISSA")
    assert labels.collection_name("some-new-collection", "en") == "Some new collection"
    assert labels.parameter_label("actor_a", "fr") == "Premier acteur"
    assert labels.parameter_label("max_hops", "en") == "Steps at most"
    assert labels.parameter_label("brand_new", "en") == "Brand new"
    assert labels.level_name("meso", "fr") == "Méso"


def test_id_choices_read_by_name_with_the_id_after_it():
    countries = choices("country", "fr", frame=pd.DataFrame({"countries": [["DOM"], ["ARG", "BRA"]]}))
    assert countries == {"ARG": "Argentine · ARG", "BRA": "Brésil · BRA", "DOM": "République dominicaine · DOM"}
    assert choices("level", "en")["macro"] == "Macro · macro"


def test_the_similarity_matrix_reads_by_titles_distinct_even_when_cut():
    overlap = pd.DataFrame({"practice_a": ["a", "a"], "practice_b": ["b", "c"], "similarity": [0.5, 0.25]})
    titles = {"a": "Alpha", "b": "A very long title that runs on well past the cut", "c": "A very long title that "
              "runs on well past the end"}  # fmt: skip
    matrix = analysis_views.overlap_matrix(overlap, titles)
    assert list(matrix.index) == ["Alpha", "A very long title that runs on… · b", "A very long title that runs on… · c"]
    assert list(matrix.columns) == list(matrix.index) and matrix.loc["Alpha"].max() == 0.5


def shown_text(at) -> str:
    """Everything a visitor reads: markdown, captions, alerts, expander labels, table cells (not hidden columns)."""
    parts = [plain(str(e.value)) for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                              "warning") for e in getattr(at, kind)]  # fmt: skip
    parts += [plain(e.label) for e in at.expander]
    tables = [getattr(e.value, "data", e.value) for e in at.dataframe] + [e.value for e in at.table]
    for table in tables:
        shown = table.drop(columns=[c for c in table.columns if c == "id"]).map(
            lambda cell: plain(cell) if isinstance(cell, str) else cell
        )
        parts += [str(v) for v in shown.astype(str).to_numpy().ravel()]
        parts += [str(c) for c in shown.columns] + [str(i) for i in shown.index]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_no_code_is_shown_where_a_name_exists(labels_graph, seed_cases, page, lang):
    params = {"practice": "arg-intercosecha"} if page == "practices" else {}
    at = open_app(page, lang=lang, **params)
    text = shown_text(at)
    for code in ("issa-americas", "ilo-sse"):
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", text), (page, code)
    countries = {c for f in seed_cases.practices for c in f.case.practice.countries}
    found = {c for c in countries if re.search(rf"\b{c}\b", text)}
    assert not found, (page, found)
    for select in at.selectbox:
        if select.key and select.key.endswith(("_collection", "_country")):
            assert not any(option in countries or option in ("issa-americas", "ilo-sse") for option in select.options)


def test_filters_list_countries_by_their_french_names(labels_graph):
    at = open_app("overview", lang="fr")
    options = at.selectbox(key="overview_country").options
    assert "République dominicaine" in options and options[0] == i18n.t("all", "fr")
    assert options[1:] == sorted(options[1:], key=str.lower)
    at.selectbox(key="overview_country").select("DOM").run()
    matrix = table_with(at, i18n.t("col_practice", "fr"), i18n.t("col_countries", "fr"))
    assert set(matrix[i18n.t("col_countries", "fr")]) == {"République dominicaine"}


def test_the_overlap_table_names_the_shared_actors_and_gives_the_score_right_after_the_pair(labels_graph):
    at = open_app("overlaps")
    table = next(getattr(e.value, "data", e.value) for e in at.dataframe
                 if i18n.t("col_similarity", "en") in getattr(e.value, "data", e.value).columns)  # fmt: skip
    assert list(table.columns[:4]) == [i18n.t(k, "en") for k in ("col_practice_a", "col_practice_b", "col_score",
                                                                 "col_why")]  # fmt: skip
    shared = " ".join(table[i18n.t("col_shared_actors", "en")])
    assert "AFIP" in shared and "arg-afip" not in shared


def test_matrix_rows_carry_country_and_collection_names():
    matrix = pd.DataFrame({"practice_id": ["p"], "title": ["T"], "countries": [["DOM", "CRI"]],
                           "collection": ["ilo-sse"], "macro": [True], "meso": [False], "micro": [False],
                           "conflict": [False]})  # fmt: skip
    table = views.matrix_table(matrix, {"p": "T"}, "fr")
    assert table[i18n.t("col_countries", "fr")].iloc[0] == "République dominicaine, Costa Rica"
    assert table[i18n.t("col_collection", "fr")].iloc[0].startswith("OIT")
