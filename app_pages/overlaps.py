"""Overlaps & duplication: pairs of practices ranked by evidence of real contact, with the reasons; possible
double work within one country; actors that bridge levels and practices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    code_filter,
    fitted_table,
    frame,
    header,
    kept,
    lang,
    link_to,
    share_box,
    synced_choice,
    tr,
)
from registry.app_support import analysis_views, overlap_view, views
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
    st.caption(tr("overlap_caption"))
    practice = synced_choice(
        tr("overlap_with"), overlap_view.practices_in(titles_frame, collection), param="practice",
        key="overlaps_practice", format_func=option_formatter(L, names=titles), placeholder=tr("any_practice"),
    )  # fmt: skip
    overlap = frame("practice_overlap", collection=chosen, practice=practice)
    if overlap.empty:
        st.info(tr("nothing_found"))
    else:

        def overlap_table() -> pd.DataFrame:
            actors = frame("actor_list")
            return overlap_view.overlap_table(
                overlap, titles, L, views.actor_lookup(actors, L), views.actor_relabels(actors, L)
            )

        # Kept per registry version and view: a run of the page (any widget) built the tables of every tab again.
        table = kept("overlap_table", overlap_table, lang=L, collection=chosen, practice=practice)
        best = float(table[tr("col_score")].max()) or 1.0
        page = fitted_table(
            table, [tr("col_practice_a"), tr("col_practice_b")], [tr("col_score"), tr("col_why")],
            # The reasons get the room; the score's bar and number need little.
            key="overlaps_table", fixed={tr("col_score"): 100, tr("col_why"): 260},
            config={
                # A bar against the best pair shown, with the score written on it: how far behind each pair is.
                tr("col_score"): st.column_config.ProgressColumn(min_value=0.0, max_value=best, format="%.2f",
                                                                 help=tr("score_help")),
                tr("col_why"): st.column_config.TextColumn(help=tr("why_help")),
                tr("col_similarity"): st.column_config.NumberColumn(format="%.3f"),
            },
        )  # fmt: skip
        # From a pair to its drawing: both practices on the network, the actors they share ringed there.
        pairs = overlap_view.pair_choices(overlap, titles)
        pair = st.selectbox(tr("overlap_pair"), list(pairs), key="overlaps_pair", format_func=pairs.__getitem__)
        if pair:
            link_to("network", tr("go_network_pair"), practices=pair)
        st.markdown(f"**{tr('overlap_matrix')}**")
        # The pairs of the page drawn above (the table's order is overlap_view.ranked's): thousands of practices
        # would make a matrix nobody could read, nor the browser draw.
        shown_pairs = overlap_view.ranked(overlap).iloc[page.first - 1 : page.last]
        matrix = analysis_views.overlap_matrix(shown_pairs, titles, value="score")
        shades = analysis_views.shade_styles(matrix, best)
        st.dataframe(matrix.style.apply(lambda _: shades, axis=None).format("{:.2f}"), key="overlaps_matrix")
        st.caption(tr("overlap_matrix_caption"))
        if page.pages > 1:
            st.caption(tr("overlap_matrix_page", first=page.first, last=page.last))

with duplication_tab:
    st.caption(tr("duplication_caption"))
    country = code_filter(titles_frame, "countries", key="overlaps_country")
    st.markdown(f"**{tr('function_duplication')}**")
    functions = frame("function_duplication", collection=chosen, country=country or None)
    if functions.empty:
        st.info(tr("nothing_found"))
    else:
        fitted_table(kept("function_duplication_table",
                          lambda: analysis_views.function_duplication_table(functions, titles, L),
                          lang=L, collection=chosen, country=country or None),
                     [tr("col_function"), tr("col_population")],
                     [tr("col_carriers"), tr("col_practices")],
                     key="overlaps_functions")  # fmt: skip
    st.markdown(f"**{tr('benefit_duplication')}**")
    benefits = frame("app_benefit_duplication", collection=chosen, country=country or None)
    if benefits.empty:
        st.info(tr("nothing_found"))
    else:
        fitted_table(kept("benefit_duplication_table",
                          lambda: analysis_views.benefit_duplication_table(benefits, titles, L),
                          lang=L, collection=chosen, country=country or None),
                     [tr("col_benefit"), tr("col_population")],
                     [tr("col_practices"), tr("col_countries")],
                     key="overlaps_benefits")  # fmt: skip

with bridging_tab:
    st.caption(tr("bridging_caption"))
    minimum = st.slider(tr("min_practices"), 1, 5, 1, key="overlaps_min_practices")
    bridging = frame("bridging_actors", collection=chosen, min_practices=minimum)
    if bridging.empty:
        st.info(tr("nothing_found"))
    else:
        table = kept(
            "bridging_table",
            lambda: analysis_views.bridging_table(bridging, titles, L),
            lang=L,
            collection=chosen,
            min_practices=minimum,
        )
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

share_box("overlaps", practice=practice)
