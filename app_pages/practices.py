"""Practices: find a practice, read it as the source lays it out, and compare two side by side."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    code_filter,
    fitted_table,
    frame,
    header,
    lang,
    link,
    link_to,
    matrix_view,
    share_box,
    synced_choice,
    tr,
)
from registry.app_support import practice_views, views
from registry.app_support.i18n import level_short, localized, option_formatter

header("practices_title", "practices_intro")
L = lang()  # the interface language of this run
EDITOR = "app_pages/practice_editor.py"
st.page_link(EDITOR, label=tr("editor_new"), icon=":material/add:", query_params={"lang": L})

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""

with st.container(border=True):
    text = st.text_input(tr("search_label"), key="practices_search", placeholder=tr("search_placeholder"))
    cols = st.columns(3)
    collection = code_filter(titles_frame, "collection", key="practices_collection", container=cols[0])
    country = code_filter(titles_frame, "countries", key="practices_country", container=cols[1])
    levels = cols[2].multiselect(
        tr("filter_levels_all"), list(views.LEVELS), format_func=option_formatter(L, kind="level"),
        placeholder=tr("choose_levels"), key="practices_levels",
    )  # fmt: skip

matrix = views.with_all_levels(frame("typology_matrix", collection=collection or None, country=country or None),
                               levels)  # fmt: skip
found: list[str] = []
if text.strip():
    hits = frame("search", text=text)
    found = practice_views.found_practices(text, titles_frame, hits)
    matrix = matrix[matrix["practice_id"].isin(found)]
    others = practice_views.other_hits(hits, L)
    if len(others):
        with st.expander(tr("other_matches", count=len(others))):
            st.dataframe(others, hide_index=True, column_config={"id": None}, key="practices_other_hits")

st.caption(tr("matrix_totals", practices=len(matrix)))
page = matrix_view(views.matrix_table(matrix, titles, L), key="practices_matrix")

# A new search that names one practice (its id, or the only practice found) opens it at once.
if text != st.session_state.get("_practices_searched", ""):
    st.session_state["_practices_searched"] = text
    named = practice_views.practice_to_open(text, titles_frame, found)
    if named in set(matrix["practice_id"]):
        st.session_state["practices_practice"] = named

# The practices of the page drawn (and the one a link or the search names): 10,000 titles weigh on every run.
offered = views.offered(page.rows["id"], matrix["practice_id"], link().get("practice"),
                        st.session_state.get("practices_practice"))  # fmt: skip
practice = synced_choice(
    tr("open_practice"), offered, param="practice", key="practices_practice",
    format_func=option_formatter(L, names=titles), placeholder=tr("choose_practice"),
)  # fmt: skip

if practice:
    detail_frame = frame("practice_detail", practice=practice)
    detail = (views.records(detail_frame) or [{}])[0]
    st.header(views.md(titles.get(practice, practice)))
    if detail.get("title_original") and detail["title_original"] != titles.get(practice):
        st.caption(tr("original_title", title=views.md(detail["title_original"])))
    for other in detail.get("title_other_languages") or []:
        st.caption(tr("original_title", title=views.md(str(other))))
    st.caption(views.md(practice_views.facts_line(detail, L)))
    st.markdown(views.md(localized(detail, "summary", L)))
    links = st.columns(4)
    with links[0]:
        link_to("network", tr("go_network"), practice=practice)
    with links[1]:
        link_to("console", tr("go_console_practice"), query="practice_levels", practice=practice)
    with links[2]:
        link_to("overview", tr("go_matrix"), practice=practice)
    with links[3]:
        st.page_link(EDITOR, label=tr("editor_edit"), icon=":material/edit:", query_params={"practice": practice,
                     "lang": L})  # fmt: skip

    levels_table = frame("practice_levels", practice=practice)
    exercise = frame("app_level_exercise")
    descriptions = {str(r["mechanism_id"]): r for r in views.records(exercise)}
    tabs = st.tabs([tr("tab_mechanisms"), tr("tab_actors"), tr("tab_agreements"), tr("tab_evidence"),
                    tr("tab_sources")])  # fmt: skip
    with tabs[0]:
        st.caption(tr("mechanisms_caption"))
        for level, table in practice_views.mechanisms_by_level(levels_table, descriptions, L).items():
            st.markdown(f"**{level_short(level, L)}**")
            st.table(views.markdown_table(table.set_index(table.columns[0])))  # st.table reads cells as Markdown
        functions = practice_views.functions_of(levels_table)
        if functions:
            st.markdown(tr("functions_line", functions=views.md(", ".join(functions))))
        populations = ", ".join(views.humanize(p) for p in detail.get("populations") or [])
        benefits = ", ".join(views.humanize(b) for b in detail.get("benefits") or [])
        st.markdown(tr("populations_line", populations=views.md(populations) or "—"))
        st.markdown(tr("benefits_line", benefits=views.md(benefits) or "—"))
    with tabs[1]:
        actors = frame("app_practice_actors", practice=practice)
        st.dataframe(practice_views.actors_table(actors, L), hide_index=True, column_config={"id": None},
                     key="practice_actors")  # fmt: skip
    agreements = frame("app_practice_agreements", practice=practice)
    with tabs[2]:
        if agreements.empty:
            st.info(tr("no_agreements"))
        else:
            st.dataframe(practice_views.agreements_table(agreements, L), hide_index=True,
                         key="practice_agreements")  # fmt: skip
    sources = frame("practice_sources", practice=practice)
    source_names = practice_views.source_names(sources, views.actor_relabels(frame("actor_list"), L))
    evidence = frame("practice_evidence", practice=practice)
    with tabs[3]:
        if evidence.empty:
            st.info(tr("no_evidence"))
        else:
            st.dataframe(practice_views.evidence_table(evidence, L, source_names), hide_index=True,
                         key="practice_evidence")  # fmt: skip
    with tabs[4]:
        st.markdown(f"**{tr('claims_title')}**")
        claims = frame("practice_claims", practice=practice)
        st.dataframe(practice_views.claims_table(claims, L, source_names), hide_index=True, key="practice_claims")
        st.markdown(f"**{tr('sources_title')}**")
        cited = practice_views.cited_names(practice, titles.get(practice, practice), levels_table, agreements,
                                           evidence, L)  # fmt: skip
        st.dataframe(practice_views.sources_table(sources, L, cited), hide_index=True, key="practice_sources",
                     column_config={"URL": st.column_config.LinkColumn("URL")})  # fmt: skip

st.divider()
st.subheader(tr("compare_title"))
all_ids = list(titles_frame["practice_id"])
pair = st.columns(2)
first = pair[0].selectbox(tr("compare_first"), all_ids, index=all_ids.index(practice) if practice in all_ids else 0,
                          format_func=option_formatter(L, names=titles), key="compare_first")  # fmt: skip
second = synced_choice(
    tr("compare_second"), [p for p in all_ids if p != first], param="compare", key="compare_second",
    format_func=option_formatter(L, names=titles), container=pair[1], placeholder=tr("choose_practice"),
)  # fmt: skip
if first and second:
    compared = frame("compare_practices", a=first, b=second)
    name_a, name_b = titles.get(first, first), titles.get(second, second)
    fitted_table(
        practice_views.comparison_table(compared, L, name_a, name_b), tr("col_aspect"), [tr("col_shared")],
        key="compare_table",
        # Long titles head the two practices' columns: cut there, whole in the column's tooltip.
        config={name: st.column_config.Column(views.cut(name, 30), help=views.md(name)) for name in (name_a, name_b)},
    )  # fmt: skip

share_box("practices", practice=practice, compare=second)
