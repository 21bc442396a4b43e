"""Overlaps & duplication: practices that share actors, functions and populations; possible double work."""

from __future__ import annotations

import streamlit as st

from app_pages.common import code_filter, fitted_table, frame, header, lang, link_to, share_box, tr
from registry.app_support import analysis_views, views
from registry.app_support.i18n import option_formatter

header("overlaps_title", "overlaps_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""
collection = code_filter(titles_frame, "collection", key="overlaps_collection")
chosen = collection or None

overlap_tab, duplication_tab, bridging_tab = st.tabs([tr("tab_overlap"), tr("tab_duplication"), tr("tab_bridging")])

with overlap_tab:
    overlap = frame("practice_overlap", collection=chosen)
    st.caption(tr("overlap_caption"))
    if overlap.empty:
        st.info(tr("nothing_found"))
    else:
        actor_names = views.actor_lookup(frame("actor_list"))
        fitted_table(
            analysis_views.overlap_table(overlap, titles, L, actor_names),
            [tr("col_practice_a"), tr("col_practice_b")], [tr("col_similarity"), tr("col_shared_actors")],
            key="overlaps_table", fixed={tr("col_similarity"): 110},
            config={tr("col_similarity"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0,
                                                                          format="%.2f")},
        )  # fmt: skip
        st.markdown(f"**{tr('overlap_matrix')}**")
        matrix = analysis_views.overlap_matrix(overlap, titles)
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
        fitted_table(analysis_views.function_duplication_table(functions, titles, L),
                     [tr("col_function"), tr("col_population")], [tr("col_carriers"), tr("col_practices")],
                     key="overlaps_functions")  # fmt: skip
    st.markdown(f"**{tr('benefit_duplication')}**")
    benefits = frame("app_benefit_duplication", collection=chosen)
    if benefits.empty:
        st.info(tr("nothing_found"))
    else:
        fitted_table(analysis_views.benefit_duplication_table(benefits, titles, L),
                     [tr("col_benefit"), tr("col_population")], [tr("col_practices"), tr("col_practice_count")],
                     key="overlaps_benefits")  # fmt: skip

with bridging_tab:
    st.caption(tr("bridging_caption"))
    minimum = st.slider(tr("min_practices"), 1, 5, 1, key="overlaps_min_practices")
    bridging = frame("bridging_actors", collection=chosen, min_practices=minimum)
    if bridging.empty:
        st.info(tr("nothing_found"))
    else:
        table = analysis_views.bridging_table(bridging, titles, L)
        fitted_table(table, tr("col_actor"), [tr("col_bridges"), tr("col_levels"), tr("col_practices")],
                     key="overlaps_bridging")  # fmt: skip
        actor = st.selectbox(
            tr("focus_actor"),
            list(table["id"]),
            key="overlaps_actor",
            format_func=option_formatter(L, names=dict(zip(table["id"], table[tr("col_actor")], strict=True))),
        )
        if actor:
            link_to("network", tr("go_network_actor"), actor=actor)

share_box("overlaps")
