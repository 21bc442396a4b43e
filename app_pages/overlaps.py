"""Overlaps & duplication: practices that share actors, functions and populations; possible double work."""

from __future__ import annotations

import streamlit as st

from app_pages.common import frame, header, lang, link_to, share_box, tr
from registry.app_support import analysis_views, views
from registry.app_support.i18n import option_formatter

header("overlaps_title", "overlaps_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""
collection = st.selectbox(
    tr("filter_collection"), [ALL, *views.values_in(titles_frame, "collection")],
    format_func=option_formatter(L), key="overlaps_collection",
)  # fmt: skip
chosen = collection or None

overlap_tab, duplication_tab, bridging_tab = st.tabs([tr("tab_overlap"), tr("tab_duplication"), tr("tab_bridging")])

with overlap_tab:
    overlap = frame("practice_overlap", collection=chosen)
    st.caption(tr("overlap_caption"))
    if overlap.empty:
        st.info(tr("nothing_found"))
    else:
        st.dataframe(
            analysis_views.overlap_table(overlap, titles, L),
            hide_index=True,
            key="overlaps_table",
            column_config={tr("col_similarity"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0,
                                                                                   format="%.3f")},
        )  # fmt: skip
        st.markdown(f"**{tr('overlap_matrix')}**")
        matrix = analysis_views.overlap_matrix(overlap)
        st.dataframe(matrix.style.background_gradient(cmap="Blues", vmin=0.0, vmax=1.0).format("{:.2f}"),
                     key="overlaps_matrix")  # fmt: skip
        st.caption(tr("overlap_matrix_caption"))

with duplication_tab:
    st.caption(tr("duplication_caption"))
    st.markdown(f"**{tr('function_duplication')}**")
    functions = frame("function_duplication", collection=chosen)
    if functions.empty:
        st.info(tr("nothing_found"))
    else:
        st.dataframe(analysis_views.function_duplication_table(functions, titles, L), hide_index=True,
                     key="overlaps_functions")  # fmt: skip
    st.markdown(f"**{tr('benefit_duplication')}**")
    benefits = frame("app_benefit_duplication", collection=chosen)
    if benefits.empty:
        st.info(tr("nothing_found"))
    else:
        st.dataframe(analysis_views.benefit_duplication_table(benefits, titles, L), hide_index=True,
                     key="overlaps_benefits")  # fmt: skip

with bridging_tab:
    st.caption(tr("bridging_caption"))
    minimum = st.slider(tr("min_practices"), 1, 5, 1, key="overlaps_min_practices")
    bridging = frame("bridging_actors", collection=chosen, min_practices=minimum)
    if bridging.empty:
        st.info(tr("nothing_found"))
    else:
        table = analysis_views.bridging_table(bridging, titles, L)
        st.dataframe(table, hide_index=True, column_config={"id": None}, key="overlaps_bridging")
        actor = st.selectbox(
            tr("focus_actor"),
            list(table["id"]),
            key="overlaps_actor",
            format_func=option_formatter(L, names=dict(zip(table["id"], table[tr("col_actor")], strict=True))),
        )
        if actor:
            link_to("network", tr("go_network_actor"), actor=actor)

share_box("overlaps")
