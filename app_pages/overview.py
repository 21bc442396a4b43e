"""Overview: what the registry holds, and the typology matrix (Table 2) with its conflicting claims."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    code_filter,
    frame,
    header,
    kept,
    lang,
    link,
    link_to,
    matrix_view,
    share_box,
    synced_choice,
    tr,
)
from registry.app_support import views
from registry.app_support.i18n import level_short, option_formatter

header("overview_title", "overview_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
# What the page builds from whole-registry answers is kept per registry version (and language, filters): at
# 10,000 practices the titles, the countries counted and the matrix's text took a quarter of a second a run.
shown = kept("overview_metrics", lambda: views.count_metrics(frame("registry_counts"), titles_frame, L), lang=L)
for column, (label, value) in zip(st.columns(len(shown)), shown, strict=True):
    column.metric(label, value)

titles = kept("title_lookup", lambda: views.title_lookup(titles_frame, L), lang=L)
ALL = ""
filters = st.columns(3)
collection = code_filter(titles_frame, "collection", key="overview_collection", container=filters[0])
country = code_filter(titles_frame, "countries", key="overview_country", container=filters[1])
levels = filters[2].multiselect(
    tr("filter_levels_all"),
    list(views.LEVELS),
    format_func=option_formatter(L, kind="level"),
    placeholder=tr("choose_levels"),
    key="overview_levels",
)

matrix = frame("typology_matrix", collection=collection or None, country=country or None)
matrix = views.with_all_levels(matrix, levels)

st.subheader(tr("matrix_title"))
st.caption(tr("matrix_caption"))
# A thousand practices: a page of them at a time (the filters narrow them); each title opens its practice.
table = kept("overview_matrix", lambda: views.matrix_table(matrix, titles, L), lang=L, collection=collection,
             country=country, levels=sorted(levels))  # fmt: skip
page = matrix_view(table, key="overview_matrix")
counts_by_level = views.level_counts(matrix)
st.caption(
    tr("matrix_totals", practices=len(matrix))
    + " · "
    + " · ".join(f"{level_short(k, L)}: {v}" for k, v in counts_by_level.items())
)

# The practices of the page drawn (and one a link names), not all of them: 10,000 titles weigh on every run.
offered = views.offered(page.rows["id"], matrix["practice_id"], link().get("practice"),
                        st.session_state.get("overview_practice"))  # fmt: skip
practice = synced_choice(
    tr("open_practice"), offered, param="practice", key="overview_practice",
    format_func=option_formatter(L, names=titles), placeholder=tr("choose_practice"),
)  # fmt: skip
if practice:
    cols = st.columns(2)
    with cols[0]:
        link_to("practices", tr("go_practice"), practice=practice)
    with cols[1]:
        link_to("network", tr("go_network"), practice=practice)

conflicts = frame("level_conflicts", collection=collection or None)
shown_ids = set(matrix["practice_id"].tolist())  # Series.isin over 10,000 Arrow strings took 0.2 s
conflicts = conflicts[conflicts["practice_id"].map(shown_ids.__contains__).astype(bool)]
st.subheader(tr("conflicts_title"))
if conflicts.empty:
    st.info(tr("conflicts_none"))
else:
    st.caption(tr("conflicts_caption"))
    conflicting = list(conflicts["practice_id"])
    listed = conflicting[: views.CONFLICTS_LISTED]
    for pid in listed:
        with st.expander(f"{views.CONFLICT_MARK} {views.md(titles.get(pid, pid))}"):
            st.dataframe(views.claims_table(conflicts, pid, L), hide_index=True)
            link_to("practices", tr("go_practice"), practice=pid)
    if len(conflicting) > len(listed):
        st.caption(tr("conflicts_first", shown=len(listed), total=len(conflicting)))
        other = st.selectbox(
            tr("conflicts_other"), conflicting[len(listed) :], index=None, placeholder=tr("choose_practice"),
            format_func=option_formatter(L, names=titles), key="overview_conflict_other",
        )  # fmt: skip
        if other:
            st.dataframe(views.claims_table(conflicts, other, L), hide_index=True)
            link_to("practices", tr("go_practice"), practice=other)

share_box("overview", practice=practice)
