"""Paging a big table (registry/app_support/paging.py): the slice a page shows, its place and the page count,
without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from registry.app_support import paging


def numbered(rows: int) -> pd.DataFrame:
    # An index that is not 0..n-1 and a column order of its own: a page keeps both, as the query returned them.
    return pd.DataFrame({"id": [f"p{i}" for i in range(rows)], "n": range(rows)}, index=range(rows, 2 * rows))


def test_the_first_page_holds_the_first_hundred_rows_in_order():
    page = paging.page_of(numbered(250), 1)
    assert paging.PAGE_SIZE == 100
    assert list(page.rows["id"]) == [f"p{i}" for i in range(100)]
    assert (page.number, page.pages, page.total, page.first, page.last) == (1, 3, 250, 1, 100)


def test_the_last_page_holds_what_is_left():
    page = paging.page_of(numbered(250), 3)
    assert list(page.rows["n"]) == list(range(200, 250))
    assert list(page.rows.index) == list(range(450, 500))  # the table's own index, untouched
    assert (page.first, page.last) == (201, 250)


@pytest.mark.parametrize(("asked", "given"), [(0, 1), (-4, 1), (3, 3), (4, 3), (99, 3)])
def test_a_page_number_out_of_range_is_brought_back_within_the_table(asked, given):
    page = paging.page_of(numbered(250), asked)
    assert page.number == given
    assert page.rows["n"].iloc[0] == (given - 1) * 100


def test_pages_of_other_sizes_and_page_counts():
    assert [paging.page_count(n) for n in (0, 1, 100, 101, 200, 10_000)] == [1, 1, 1, 2, 2, 100]
    page = paging.page_of(numbered(7), 2, size=3)
    assert list(page.rows["n"]) == [3, 4, 5] and (page.pages, page.first, page.last) == (3, 4, 6)
    with pytest.raises(ValueError, match="at least one row"):
        paging.page_count(5, size=0)


def test_an_empty_table_is_one_empty_page():
    page = paging.page_of(numbered(0), 5)
    assert page.rows.empty and (page.number, page.pages, page.total, page.first, page.last) == (1, 1, 0, 0, 0)
    assert list(page.rows.columns) == ["id", "n"]


def test_clamp_page():
    assert paging.clamp_page(7, 3) == 3 and paging.clamp_page(0, 3) == 1 and paging.clamp_page(2, 0) == 1


# ---- the page widget, under AppTest (no store: a page's table is a frame already in memory) ----------------


def _paged_app(rows: int = 250) -> None:
    import pandas as pd
    import streamlit as st

    from app_pages.common import fitted_table

    count = int(st.session_state.get("rows", rows))
    table = pd.DataFrame({"Practice": [f"Practice {i}" for i in range(count)], "Score": range(count)})
    fitted_table(table, "Practice", ["Score"], key="paged")


def _shown(at) -> pd.DataFrame:
    return at.dataframe[0].value


def test_a_long_table_draws_one_page_with_its_place_and_a_whole_download():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_paged_app, default_timeout=60).run()
    assert not at.exception, at.exception
    assert list(_shown(at)["Score"]) == list(range(100))
    assert [c.value for c in at.caption] == ["Rows 1–100 of 250"]
    download = at.get("download_button")[0].proto
    assert download.label == "Download all 250 rows (CSV)"
    at.number_input(key="paged_page").set_value(3).run()
    assert list(_shown(at)["Score"]) == list(range(200, 250))
    assert [c.value for c in at.caption] == ["Rows 201–250 of 250"]
    # The table shrinks (a filter) to two pages: the reader is brought back to its last page, not past its end.
    at.session_state["rows"] = 150
    at.run()
    assert not at.exception, at.exception
    assert at.number_input(key="paged_page").value == 2
    assert list(_shown(at)["Score"]) == list(range(100, 150))
    # One page's worth: no page number, no caption; the table whole.
    at.session_state["rows"] = 40
    at.run()
    assert not at.number_input and not at.caption and len(_shown(at)) == 40


# ---- the Overview's matrix on a registry of more than a page, on each store --------------------------------


def test_the_overview_matrix_of_a_big_registry_comes_a_page_at_a_time(store, tmp_path):
    from test_app import app_environment, open_app, table_with

    from registry.app_support import views
    from registry.loading import load_paths
    from registry.queries.library import run_named_query
    from registry.synthetic import generate_registry

    generate_registry(130, 4, tmp_path / "registry")
    load_paths(store, [tmp_path / "registry"])
    order = list(run_named_query(store, "typology_matrix").frame["practice_id"])
    assert len(order) == 130
    with app_environment(store):
        at = open_app()
        first = table_with(at, "Conflict", views.LINK_COLUMN)
        # The first page: the query's first hundred practices, in its order, each row's link opening its own.
        assert list(first["id"]) == order[:100]
        assert list(first[views.LINK_COLUMN]) == [views.practice_link(p, "en") for p in order[:100]]
        assert "Rows 1–100 of 130" in [c.value for c in at.caption]
        # The practice picker offers the page's practices, not all 130.
        assert at.selectbox(key="overview_practice").options == [
            at.selectbox(key="overview_practice").format_func(p) for p in order[:100]
        ]
        at.selectbox(key="overview_practice").select(order[5]).run()
        at.number_input(key="overview_matrix_page").set_value(2).run()
        assert not at.exception, at.exception
        assert list(table_with(at, "Conflict", views.LINK_COLUMN)["id"]) == order[100:]
        # The next page's practices, and the one chosen before, still chosen.
        assert at.selectbox(key="overview_practice").value == order[5]
        assert len(at.selectbox(key="overview_practice").options) == 31
        assert "Rows 101–130 of 130" in [c.value for c in at.caption]
        # The totals still count every practice, not the page.
        assert any(c.value.startswith("130 practices match") for c in at.caption)
