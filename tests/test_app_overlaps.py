"""The Overlaps page tells the truth: pairs ranked by score with the reasons, duplication within a country.

AppTest runs the real page on each store, seeded with the seed registry; the
expected pairs, scores and reasons are the named queries' own answers on the
same store, and names come from the seed case files.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from test_app import module_app_graph, open_app
from test_app import seed_cases as seed_cases  # noqa: F401 - a fixture

from registry.app_support import analysis_views, i18n, labels, overlap_view
from registry.queries.library import run_named_query

INTERCOSECHA = "arg-intercosecha"
PAYROLL = "arg-digital-payroll-single-window"


@pytest.fixture(scope="module")
def overlaps_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """The app's graph, on each store; the app seeds it on its first run."""
    yield from module_app_graph(request, backend, "overlaps")


def grid(at, *columns: str) -> pd.DataFrame:
    """The first data grid on the page with all these columns."""
    for element in at.dataframe:
        value = element.value
        frame = value.data if hasattr(value, "data") and not isinstance(value, pd.DataFrame) else value
        if all(c in frame.columns for c in columns):
            return frame
    raise AssertionError(f"no data grid with columns {columns}")


def col(key: str, lang: str = "en") -> str:
    return i18n.t(key, lang)


def open_tab(at, key: str, lang: str = "en"):
    """Open the tab labelled ``key`` (the page draws only the open tab), as a click on it does."""
    at.session_state["overlaps_tab"] = col(key, lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _titles(seed_cases) -> dict[str, str]:
    return {f.case.practice.id: f.case.practice.title.en for f in seed_cases.practices}


# ---- the pair table ---------------------------------------------------------------------------


def every_page(at, key: str, *columns: str) -> pd.DataFrame:
    """A paged table read page after page (``key``'s page number), joined in the order the pages show it."""
    pages = [grid(at, *columns)]
    pager = [n for n in at.number_input if n.key == f"{key}_page"]
    if pager:
        for number in range(2, int(pager[0].max) + 1):
            at.number_input(key=f"{key}_page").set_value(number).run()
            pages.append(grid(at, *columns))
    return pd.concat(pages, ignore_index=True)


def test_pairs_are_ranked_by_score_with_the_reasons_right_after_the_pair(overlaps_graph, seed_cases):
    at = open_app("overlaps")
    first_page = grid(at, col("col_score"), col("col_why"))
    table = every_page(at, "overlaps_table", col("col_score"), col("col_why"))
    # More pairs than a page holds: a page at a time, the first page the best pairs.
    assert len(first_page) == min(len(table), 100) and first_page.equals(table.head(len(first_page)))
    # The answer first: the pair, its score and why, then where they act and the Jaccard index.
    assert list(table.columns[:6]) == [col(k) for k in ("col_practice_a", "col_practice_b", "col_score", "col_why",
                                                        "col_jurisdiction", "col_similarity")]  # fmt: skip
    scores = table[col("col_score")].astype(float).tolist()
    assert scores == sorted(scores, reverse=True)
    # Every pair the analysis finds, with its score and reasons, titles in place of ids.
    pairs = run_named_query(overlaps_graph, "practice_overlap").frame
    titles = _titles(seed_cases)
    expected = {
        frozenset((titles[a], titles[b])): (float(score), " · ".join(why))
        for a, b, score, why in zip(
            pairs["practice_a"], pairs["practice_b"], pairs["score"], pairs["why"], strict=True
        )  # fmt: skip
    }
    shown = {
        frozenset((a, b)): (float(score), why)
        for a, b, score, why in zip(
            table[col("col_practice_a")],
            table[col("col_practice_b")],
            table[col("col_score")],
            table[col("col_why")],
            strict=True,
        )  # fmt: skip
    }
    assert shown == expected
    # The score decides, not the Jaccard index: the top pair shares an institution, and somewhere a pair with a
    # higher Jaccard index sits below one with a higher score.
    assert "(actor, " in table[col("col_why")].iloc[0]
    similarity = table[col("col_similarity")].astype(float).tolist()
    assert similarity != sorted(similarity, reverse=True)


def test_the_page_says_what_the_score_measures_in_both_languages(overlaps_graph):
    for lang, words in (("en", ("real contact", "rarity", "Jaccard")), ("fr", ("contact réel", "rareté", "Jaccard"))):
        at = open_app("overlaps", lang=lang)
        caption = " ".join(str(c.value) for c in at.caption)
        assert all(w in caption for w in words), (lang, caption)
        assert i18n.t("overlap_caption", lang) in caption


def test_reasons_name_their_kind_in_french(overlaps_graph):
    at = open_app("overlaps", lang="fr", practice=INTERCOSECHA)
    table = grid(at, col("col_why", "fr"))
    why = " ".join(table[col("col_why", "fr")])
    assert "(acteur, " in why and "(actor, " not in why
    # The functions by their French names (the vocabulary's), not the English ones.
    assert "Coordination des politiques (fonction, " in why and "policy coordination" not in why


def test_a_practice_link_shows_its_partners_the_shared_institution_first(overlaps_graph, seed_cases):
    """The issue's question: which practices overlap with Intercosecha? The payroll window, through MTEySS."""
    at = open_app("overlaps", practice=INTERCOSECHA)
    assert at.selectbox(key="overlaps_practice").value == INTERCOSECHA
    table = grid(at, col("col_score"), col("col_why"))
    titles = _titles(seed_cases)
    assert all(titles[INTERCOSECHA] in (a, b) for a, b in zip(table[col("col_practice_a")],
                                                              table[col("col_practice_b")], strict=True))  # fmt: skip
    first = table.iloc[0]
    assert titles[PAYROLL] in (first[col("col_practice_a")], first[col("col_practice_b")])
    mteyss = next(a for a in seed_cases.all_actors() if a.id == "arg-mteyss")
    assert first[col("col_why")].startswith(f"{mteyss.acronym} (actor, ")
    assert first[col("col_jurisdiction")] == i18n.t("jurisdiction_same_jurisdiction", "en")
    # The strongest pair is offered first for drawing, both titles in view; its link opens the network of both.
    pair = at.selectbox(key="overlaps_pair")
    assert pair.value in (f"{INTERCOSECHA},{PAYROLL}", f"{PAYROLL},{INTERCOSECHA}")
    assert len(pair.options) == len(table)
    shown = pair.options[0]
    assert titles[INTERCOSECHA] in shown and " ↔ " in shown and len(shown) <= 2 * overlap_view.PAIR_TITLE_CHARS + 3
    links = [link.proto.query_string for link in at.get("page_link") if "network" in link.proto.page]
    assert any(f"practices={pair.value.replace(',', '%2C')}" in q for q in links), links
    # Choosing "any practice" brings back every pair.
    at.selectbox(key="overlaps_practice").set_value(None).run()
    assert len(grid(at, col("col_score"))) > len(table)


# ---- duplication -------------------------------------------------------------------------------


def test_duplication_names_institutions_practices_and_countries(overlaps_graph, seed_cases):
    at = open_tab(open_app("overlaps"), "tab_duplication")
    table = grid(at, col("col_function"), col("col_carriers"))
    rows = run_named_query(overlaps_graph, "function_duplication").frame
    assert len(table) == len(rows) > 0
    actor_ids = {a.id for a in seed_cases.all_actors()}
    practice_ids = {f.case.practice.id for f in seed_cases.practices}
    titles = set(_titles(seed_cases).values())
    for carriers, practices, countries in zip(table[col("col_carriers")], table[col("col_practices")],
                                              table[col("col_countries")], strict=True):  # fmt: skip
        assert carriers and not actor_ids & set(carriers.split(", "))
        assert set(practices.split("; ")) <= titles and not practice_ids & set(practices.split("; "))
        assert countries
    assert list(table.columns[2:5]) == [col(k) for k in ("col_carriers", "col_practices", "col_countries")]


def test_the_country_filter_narrows_duplication_to_that_country(overlaps_graph):
    rows = run_named_query(overlaps_graph, "function_duplication").frame
    by_country: dict[str, int] = {}
    for countries in rows["countries"]:
        for country in countries:
            by_country[country] = by_country.get(country, 0) + 1
    # A country with duplication, but not all of it.
    country = max((c for c, n in by_country.items() if n < len(rows)), key=lambda c: by_country[c])
    at = open_tab(open_app("overlaps"), "tab_duplication")
    everything = grid(at, col("col_function"), col("col_carriers"))
    at.selectbox(key="overlaps_country").select(country).run()
    assert not at.exception
    narrowed = grid(at, col("col_function"), col("col_carriers"))
    assert 0 < len(narrowed) < len(everything)
    name = labels.country_name(country, "en")
    assert all(name in countries.split(", ") for countries in narrowed[col("col_countries")])
    # The same country asked of the query directly gives the same rows.
    assert len(narrowed) == len(run_named_query(overlaps_graph, "function_duplication", {"country": country}).frame)
    benefits = run_named_query(overlaps_graph, "app_benefit_duplication", {"country": country}).frame
    if benefits.empty:
        assert i18n.t("nothing_found", "en") in [i.value for i in at.info]
    else:
        assert len(grid(at, col("col_benefit"))) == len(benefits)


# ---- the logic on its own ----------------------------------------------------------------------


def _pairs(**columns) -> pd.DataFrame:
    base = {"practice_a": ["a", "b", "c"], "practice_b": ["x", "y", "z"], "title_a": ["A", "B", "C"],
            "title_b": ["X", "Y", "Z"], "score": [0.5, 3.2, 1.1], "similarity": [0.9, 0.1, 0.4],
            "why": [["care (function, 0.5)"], ["MTEySS (actor, 3.2)"], ["Pact (agreement, 1.1)"]],
            "jurisdiction": ["similar elsewhere", "same jurisdiction", "same jurisdiction"],
            "shared_actors": [[], ["m"], []], "shared_functions": [["care"], [], []],
            "shared_populations": [[], [], []]}  # fmt: skip
    return pd.DataFrame({**base, **columns})


def test_rows_are_ranked_by_score_whatever_order_they_come_in():
    pairs = _pairs()
    for seed in range(5):
        shuffled = pairs.sample(frac=1, random_state=random.Random(seed).randint(0, 1000))
        table = overlap_view.overlap_table(shuffled, {}, "en", {"m": "MTEySS"})
        assert list(table[col("col_practice_a")]) == ["B", "C", "A"]
        assert list(table[col("col_score")]) == [3.2, 1.1, 0.5]
        assert list(table[col("col_shared_actors")]) == ["MTEySS", "", ""]


def test_a_reason_keeps_its_name_as_written_and_translates_its_kind():
    tricky = "Caja (CSS) **bold** [x](javascript:alert(1))"
    assert overlap_view.reason_text(f"{tricky} (actor, 2.5)", "fr") == f"{tricky} (acteur, 2.5)"
    assert overlap_view.reason_text("odd text", "fr") == "odd text"
    assert overlap_view.why_text(["A (agreement, 2.1)", "b (population, 0.3)"], "fr") == (
        "A (accord, 2.1) · b (population, 0.3)"
    )
    assert overlap_view.why_text(None, "en") == ""


def test_the_score_matrix_is_symmetric(overlaps_graph):
    pairs = run_named_query(overlaps_graph, "practice_overlap").frame
    matrix = analysis_views.overlap_matrix(pairs, value="score")
    assert (matrix.values == matrix.values.T).all()
    first = pairs.iloc[0]
    assert matrix.loc[first["practice_a"], first["practice_b"]] == pytest.approx(float(first["score"]))


def test_the_score_matrix_leaves_pairs_with_nothing_shared_blank():
    matrix = analysis_views.overlap_matrix(_pairs(), {"a": "Alpha", "x": "Ex"}, value="score", empty=None)
    assert matrix.shape == (6, 6) and list(matrix.index) == list(matrix.columns)
    assert matrix.loc["Alpha", "Ex"] == matrix.loc["Ex", "Alpha"] == 0.5
    assert matrix.loc["b", "y"] == 3.2
    assert matrix.isna().to_numpy().sum() == 36 - 6  # only the three pairs, both ways
    assert (analysis_views.overlap_matrix(_pairs(), value="score").fillna(-1).to_numpy() >= 0).all()  # 0 by default
    ranked = overlap_view.ranked(_pairs())
    assert list(analysis_views.overlap_matrix(ranked, in_order=True).index) == ["b", "y", "c", "z", "a", "x"]
    assert list(analysis_views.overlap_matrix(ranked).index) == ["a", "b", "c", "x", "y", "z"]


def test_the_page_draws_only_the_open_tab_and_a_matrix_of_the_strongest_pairs(overlaps_graph):
    at = open_app("overlaps")
    assert not [d for d in at.dataframe if col("col_function") in getattr(d.value, "columns", [])]
    assert not [s for s in at.slider if s.key == "overlaps_min_practices"]
    pairs = run_named_query(overlaps_graph, "practice_overlap").frame
    # The matrix: the grid whose rows are its columns (practices by short title).
    matrix = next(d.value for d in at.dataframe if list(d.value.index) == list(d.value.columns))
    practices = set(overlap_view.ranked(pairs).head(analysis_views.MATRIX_PAIRS)[["practice_a", "practice_b"]]
                    .to_numpy().ravel())  # fmt: skip
    assert len(matrix) == len(practices) and list(matrix.index) == list(matrix.columns)
    strongest = overlap_view.ranked(pairs).iloc[0]
    assert matrix.iat[0, 1] == matrix.iat[1, 0] == pytest.approx(float(strongest["score"]))  # at the top left
    assert matrix.notna().to_numpy().sum() == 2 * min(len(pairs), analysis_views.MATRIX_PAIRS)
    # A tab opened in English and the language switched: the page opens its first tab, without an error.
    open_tab(at, "tab_bridging")
    assert [s for s in at.slider if s.key == "overlaps_min_practices"]
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception and len(grid(at, col("col_score", "fr"))) > 0


def test_the_practice_picker_offers_the_ranked_pairs_practices_and_a_linked_one():
    ranked = overlap_view.ranked(_pairs())
    assert overlap_view.practices_offered(ranked, ["a", "b", "q"]) == ["b", "y", "c", "z", "a", "x"]
    assert overlap_view.practices_offered(ranked, ["a", "q"], "q", None, "unknown")[-1] == "q"
    assert "unknown" not in overlap_view.practices_offered(ranked, ["a"], "unknown")
    assert overlap_view.practices_offered(ranked.iloc[0:0], ["q"], "q") == ["q"]


def test_duplication_rows_fall_back_on_the_query_titles_and_ids():
    rows = pd.DataFrame({"benefit": ["cash"], "population": ["workers"], "practices": [["p", "q"]],
                         "practice_titles": [["P title", "Q title"]], "countries": [["ARG"]],
                         "practice_count": [2]})  # fmt: skip
    table = analysis_views.benefit_duplication_table(rows, {"p": "Titre de p"}, "fr")
    assert table[col("col_practices", "fr")].iloc[0] == "Titre de p; Q title"
    assert table[col("col_countries", "fr")].iloc[0] == "Argentine"


def test_a_bridging_actor_of_many_practices_names_the_first_and_counts_the_rest():
    rows = pd.DataFrame({"actor_id": ["a", "b"], "acronym": ["A", None], "name": ["Alpha", "Beta"],
                         "bridges": ["levels", "levels"], "levels": [["macro", "micro"], ["meso"]],
                         "practices": [[f"p{n}" for n in range(25)], ["p1", "p2"]]})  # fmt: skip
    table = analysis_views.bridging_table(rows, {"p0": "Zero", "p1": "One"}, "en")
    many, few = table[col("col_practices")]
    shown = many.split("; ")
    assert shown[:2] == ["Zero", "One"] and len(shown) == analysis_views.TITLES_IN_A_CELL + 1
    assert shown[-1] == f"… (+{25 - analysis_views.TITLES_IN_A_CELL})"
    assert few == "One; p2"  # a short list whole, ids where no title is known


def test_the_bridging_tab_offers_the_actors_of_its_page(overlaps_graph):
    at = open_tab(open_app("overlaps"), "tab_bridging")
    table = grid(at, col("col_bridges"))
    offered = at.selectbox(key="overlaps_actor").options
    assert len(offered) == len(table) and set(offered) == set(table[col("col_actor")])
